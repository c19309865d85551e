/**
 * The knob defaults the READMEs document are the ones the code uses: the host defaults block and the
 * `npm run emulators` block of emulators/README.md, and the Nextens rate-limit sentence of the top-level README.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as cli from '../../emulators/cli';
import { defaultKnobs, isPlainObject } from '../../emulators/common';

const ROOT = path.resolve(__dirname, '../..');
const EMULATORS_README = fs.readFileSync(path.join(ROOT, 'emulators/README.md'), 'utf8');
const TOP_README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** Drops `//` comments (outside strings) and trailing commas, so a documented jsonc block parses as JSON. */
function parseJsonc(text: string): unknown {
	const lines = text.split('\n').map((line) => {
		let inString = false;
		for (let i = 0; i < line.length; i++) {
			if (line[i] === '"' && line[i - 1] !== '\\') inString = !inString;
			if (!inString && line[i] === '/' && line[i + 1] === '/') return line.slice(0, i);
		}
		return line;
	});
	return JSON.parse(lines.join('\n').replace(/,(\s*[}\]])/g, '$1'));
}

/** The fenced block right after `<!-- marker -->`. */
function documentedBlock(marker: string): unknown {
	const at = EMULATORS_README.indexOf(`<!-- ${marker} -->`);
	expect(at).toBeGreaterThan(-1);
	const block = /```jsonc?\n([\s\S]*?)```/.exec(EMULATORS_README.slice(at));
	return parseJsonc(block?.[1] ?? '');
}

/** The leaves of `knobs` that differ from `base`. */
function differences(knobs: unknown, base: unknown): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	if (!isPlainObject(knobs)) return out;
	for (const [key, value] of Object.entries(knobs)) {
		const baseValue = isPlainObject(base) ? base[key] : undefined;
		if (isPlainObject(value)) {
			const inner = differences(value, baseValue);
			if (Object.keys(inner).length) out[key] = inner;
		} else if (JSON.stringify(value) !== JSON.stringify(baseValue)) out[key] = value;
	}
	return out;
}

describe('documented knob defaults', () => {
	it('emulators/README.md shows the host defaults of defaultKnobs()', () => {
		expect(documentedBlock('host-default-knobs')).toEqual(defaultKnobs());
	});

	it('emulators/README.md shows what `npm run emulators` starts each emulator with beyond those', () => {
		const defaults = cli.parseArgs([]);
		const started = Object.fromEntries(defaults.only.map((name) => [name, differences(cli.cliKnobs(defaults, name), defaultKnobs())]));
		expect(documentedBlock('cli-default-knobs')).toEqual(started);
	});

	it('the top-level README states the same Nextens rate limit and how to turn it off', () => {
		const nextens = cli.cliKnobs(cli.parseArgs([]), 'nextens').rateLimit;
		expect(nextens?.enabled).toBe(true);
		const sentence = `Nextens starts with the rate limit of its contract (${nextens?.requestsPerSecond} requests/s per token, burst ${nextens?.burst}; \`--no-nextens-rate-limit\` turns it off)`;
		expect(TOP_README.replace(/\s+/g, ' ')).toContain(sentence);
		expect(cli.cliKnobs(cli.parseArgs(['--no-nextens-rate-limit']), 'nextens').rateLimit).toBeUndefined();
	});
});
