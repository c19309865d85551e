// Adds up the results of every test stage of scripts/test-all.sh and prints one closing line
// `tests: N passed, N failed` (jest's own summary is per stage, the browser test prints its own count).
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2];
let passed = 0;
let failed = 0;
for (const stage of ['unit', 'unit-primary-node', 'e2e']) {
	const report = JSON.parse(fs.readFileSync(path.join(dir, `${stage}.json`), 'utf8'));
	console.log(`${stage}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
	passed += report.numPassedTests;
	failed += report.numFailedTests;
}
const browser = /^browser: (\d+) passed, (\d+) failed$/m.exec(fs.readFileSync(path.join(dir, 'browser.log'), 'utf8'));
if (!browser) throw new Error('the browser test printed no count line');
passed += Number(browser[1]);
failed += Number(browser[2]);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
