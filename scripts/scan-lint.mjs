#!/usr/bin/env node
// The two lint steps of n8n's verification scanner (`@n8n/scan-community-package`, pinned devDependency), run offline:
//   (a) the repository source: package.json + {nodes,credentials}/**/*.{js,ts,json}
//   (b) the tarball `npm pack` makes of the built package: **/*.js + package.json
// It calls the scanner's own code: `analyzePackage` and `SOURCE_FILE_PATTERNS` from its scanner/scanner.mjs (exported,
// imported by path because the package has no `exports` map), which builds the ESLint config with the scanner's
// `buildScanConfig()` and lints with inline config off, so `eslint-disable` comments do not count. Only the scanner's
// network steps (registry metadata, provenance, GitHub source download, `npm pack <name>@<version>`) are replaced:
// the source is this working tree, the tarball is packed locally. `analyzePackage` returns only pass/fail, so
// ESLint.prototype.lintFiles is wrapped to read the counts of that same run (no second lint).
// A canary (a node helper using setTimeout under an eslint-disable comment) must be flagged first, so the step cannot
// pass by linting nothing or by honouring inline disables.
// Usage: node scripts/scan-lint.mjs [--no-build]   (--no-build: dist/ is fresh, as in scripts/test-all.sh)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const build = !process.argv.includes('--no-build');
const started = Date.now();

const requireHere = createRequire(import.meta.url);
const scannerPath = requireHere.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
const scannerVersion = requireHere('@n8n/scan-community-package/package.json').version;
const requireScanner = createRequire(scannerPath);
// The scanner makes an (empty) temp dir when it loads; let `tmp` remove it on exit.
requireScanner('tmp').setGracefulCleanup();
const { ESLint } = await import(pathToFileURL(requireScanner.resolve('eslint')).href);
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(scannerPath).href);
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json']; // as in the scanner's analyzePackageByName

let lastResults = null;
const lintFiles = ESLint.prototype.lintFiles;
ESLint.prototype.lintFiles = async function (...args) {
	lastResults = await lintFiles.apply(this, args);
	return lastResults;
};

async function scan(dir, patterns) {
	lastResults = null;
	const t = Date.now();
	const verdict = await analyzePackage(dir, patterns);
	const results = lastResults ?? [];
	const count = (key) => results.reduce((sum, r) => sum + r[key], 0);
	return {
		verdict,
		results,
		files: results.map((r) => path.relative(dir, r.filePath)),
		errors: count('errorCount'),
		warnings: count('warningCount'),
		ms: Date.now() - t,
	};
}

function run(cmd, args, cwd) {
	const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}${r.stderr}`);
	return r.stdout;
}

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const shipped = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-lint-'));
const problems = [];
const lines = [];

function report(name, scanResult, mustInclude) {
	const { verdict, files, errors, warnings, ms } = scanResult;
	lines.push(`${name}: ${files.length} files linted, ${errors} errors, ${warnings} warnings (${(ms / 1000).toFixed(1)} s)`);
	const missing = mustInclude.filter((f) => !files.includes(f));
	if (files.length === 0) problems.push(`${name}: no files were linted`);
	else if (missing.length) problems.push(`${name}: expected files were not linted: ${missing.join(', ')}`);
	if (!verdict.passed || errors > 0) problems.push(`${name}: ${verdict.message ?? `${errors} errors`}`);
	return warnings > 0 || !verdict.passed || errors > 0;
}

async function printDetails(scanResult) {
	if (scanResult.verdict.details) console.log(scanResult.verdict.details);
	else if (scanResult.results.length) {
		const formatter = await new ESLint({ overrideConfigFile: true }).loadFormatter('stylish');
		console.log(await formatter.format(scanResult.results));
	} else if (scanResult.verdict.error) console.log(scanResult.verdict.error);
}

try {
	// Canary: a package whose one node helper calls setTimeout under an eslint-disable comment.
	const canaryDir = path.join(tmpDir, 'canary');
	fs.mkdirSync(path.join(canaryDir, 'nodes', 'Canary'), { recursive: true });
	fs.copyFileSync(path.join(root, 'package.json'), path.join(canaryDir, 'package.json'));
	const canaryFile = path.join('nodes', 'Canary', 'wait.ts');
	fs.writeFileSync(
		path.join(canaryDir, canaryFile),
		[
			'export function wait(): void {',
			'\t// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals',
			'\tsetTimeout(() => undefined, 1);',
			'}',
			'',
		].join('\n'),
	);
	const canary = await scan(canaryDir, SOURCE_FILE_PATTERNS);
	const flagged = canary.results.some(
		(r) =>
			r.filePath.endsWith(canaryFile) &&
			r.messages.some((m) => m.ruleId === '@n8n/community-nodes/no-restricted-globals' && m.line === 3 && m.severity === 2),
	);
	lines.push(
		`canary: setTimeout under eslint-disable ${flagged ? 'flagged, as it must be' : 'NOT flagged'} (${(canary.ms / 1000).toFixed(1)} s)`,
	);
	if (!flagged || canary.verdict.passed) problems.push('canary: the scanner lint did not flag a restricted global behind an eslint-disable comment');

	// (a) the source, as the scanner lints the provenance-attested GitHub checkout.
	const source = await scan(root, SOURCE_FILE_PATTERNS);
	const sourceExpected = ['package.json', ...shipped.map((f) => f.replace(/^dist\//, '').replace(/\.js$/, '.ts'))];
	if (report('source (package.json + {nodes,credentials}/**/*.{js,ts,json})', source, sourceExpected)) await printDetails(source);

	// (b) the packed tarball of the built package, as the scanner lints `npm pack <name>@<version>`.
	if (build) run('npm', ['run', '-s', 'build'], root);
	const packDir = path.join(tmpDir, 'pack');
	fs.mkdirSync(packDir);
	run('npm', ['pack', '-q', '--pack-destination', packDir], root);
	const tarball = fs.readdirSync(packDir).find((f) => f.endsWith('.tgz'));
	if (!tarball) throw new Error('npm pack produced no tarball');
	const packageDir = path.join(tmpDir, 'package');
	fs.mkdirSync(packageDir);
	run('tar', ['-xzf', path.join(packDir, tarball), '-C', packageDir, '--strip-components=1'], root);
	const packed = await scan(packageDir, TARBALL_FILE_PATTERNS);
	if (report(`tarball ${tarball} (**/*.js + package.json)`, packed, ['package.json', ...shipped])) await printDetails(packed);
} catch (error) {
	problems.push(`failed to run: ${error.stack ?? error}`);
} finally {
	fs.rmSync(tmpDir, { recursive: true, force: true });
}

console.log(`n8n scanner lint (@n8n/scan-community-package ${scannerVersion}, inline eslint-disable ignored)`);
for (const line of lines) console.log(`  ${line}`);
for (const problem of problems) console.log(`  FAIL ${problem}`);
console.log(`  ${problems.length ? 'FAILED' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exitCode = problems.length ? 1 : 0;
