/** The release workflow (.github/workflows/publish.yml), the CI workflow (ci.yml) and the package.json fields
 * n8n's verification of community nodes looks at. n8n only verifies a package published from a GitHub Action
 * with npm provenance, so a broken publish workflow means an unverifiable release. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';

const ROOT = path.resolve(__dirname, '../..');
const WORKFLOWS = path.join(ROOT, '.github', 'workflows');

interface Step {
	id?: string;
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, unknown>;
}
interface Job {
	permissions?: Record<string, string> | string;
	steps?: Step[];
}
interface Workflow {
	on?: unknown;
	permissions?: Record<string, string> | string;
	jobs?: Record<string, Job>;
}

function loadWorkflow(file: string): Workflow {
	const text = fs.readFileSync(path.join(WORKFLOWS, file), 'utf8');
	const parsed = load(text);
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${file} is not a YAML mapping`);
	return parsed as Workflow;
}

/** The triggers as a mapping (`on: push` and `on: [push, pull_request]` are normalised too). */
function triggers(workflow: Workflow): Record<string, unknown> {
	const on = workflow.on;
	if (typeof on === 'string') return { [on]: null };
	if (Array.isArray(on)) return Object.fromEntries(on.map((t) => [String(t), null]));
	if (on && typeof on === 'object') return on as Record<string, unknown>;
	throw new Error('the workflow has no "on:" triggers');
}

function describeStep(step: Step): string {
	return step.name ?? step.uses ?? step.run?.trim().split('\n')[0] ?? JSON.stringify(step);
}

/** The shell commands of a step, one per line, without the leading blanks. */
function commands(step: Step): string[] {
	return (step.run ?? '').split('\n').map((line) => line.trim());
}

/** Index of the one step that matches, or an error listing the steps there are. */
function findStep(steps: Step[], what: string, matches: (step: Step) => boolean): number {
	const found = steps.map((step, index) => (matches(step) ? index : -1)).filter((index) => index >= 0);
	const list = steps.map((step, index) => `  ${index}: ${describeStep(step)}`).join('\n');
	if (found.length === 0) throw new Error(`no step ${what}; the steps are:\n${list}`);
	if (found.length > 1) throw new Error(`${found.length} steps ${what} (${found.join(', ')}); expected one:\n${list}`);
	return found[0];
}

const runs = (pattern: RegExp) => (step: Step) => commands(step).some((line) => pattern.test(line));
const uses = (action: string) => (step: Step) => (step.uses ?? '').split('@')[0] === action;

const RUNS_NPM_CI = runs(/^npm ci(\s|$)/);
const RUNS_BUILD = runs(/^npm run build(\s|$)/);
const RUNS_LINT = runs(/^npm run lint(\s|$)/);
const RUNS_TYPECHECK = runs(/^(npm run typecheck|npx tsc -p tsconfig\.test\.json --noEmit)(\s|$)/);
// `npm test` would also start the end-to-end tests, which need locally installed n8n versions.
const RUNS_UNIT_TESTS = runs(/^(npm run test:unit|npx jest\b.*--selectProjects unit)(\s|$)/);
const RUNS_PUBLISH = runs(/^npm publish(\s|$)/);
const CHECKS_VERSION = (step: Step) =>
	/package\.json/.test(step.run ?? '') && /GITHUB_REF_NAME|github\.ref_name/.test(step.run ?? '');

/** The job that runs `npm publish` (publish.yml) or `npm ci` (ci.yml), with its steps. */
function jobRunning(workflow: Workflow, what: string, matches: (step: Step) => boolean): { job: Job; steps: Step[] } {
	const jobs = Object.entries(workflow.jobs ?? {});
	const hits = jobs.filter(([, job]) => (job.steps ?? []).some(matches));
	if (hits.length !== 1) {
		throw new Error(`expected one job that ${what}, found ${hits.length} (jobs: ${jobs.map(([name]) => name).join(', ') || 'none'})`);
	}
	const job = hits[0][1];
	return { job, steps: job.steps ?? [] };
}

/** GitHub's filter pattern syntax for branches and tags, as far as version tags need it. */
function matchesFilter(pattern: string, ref: string): boolean {
	let source = '';
	for (let i = 0; i < pattern.length; i++) {
		const c = pattern[i];
		if (c === '*' && pattern[i + 1] === '*') {
			source += '.*';
			i++;
		} else if (c === '*') source += '[^/]*';
		else if (c === '?') source += '.?';
		else if (c === '+') source += '+';
		else source += c.replace(/[.\\^$|()[\]{}]/g, '\\$&');
	}
	return new RegExp(`^${source}$`).test(ref);
}

function packageJson(): Record<string, unknown> {
	return JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
}

describe('publish.yml: when it runs', () => {
	const on = triggers(loadWorkflow('publish.yml'));

	it('runs on a pushed version tag, with or without "v"', () => {
		const push = on.push as { tags?: string[]; branches?: string[] } | null | undefined;
		const tags = push?.tags ?? [];
		expect(tags.length).toBeGreaterThan(0);
		for (const tag of ['v1.2.3', '1.2.3', 'v0.10.0']) {
			expect({ tag, matched: tags.some((pattern) => matchesFilter(pattern, tag)) }).toEqual({ tag, matched: true });
		}
		// A branch push must not publish.
		expect(push?.branches).toBeUndefined();
		for (const ref of ['main', 'feature/x']) {
			expect({ ref, matched: tags.some((pattern) => matchesFilter(pattern, ref)) }).toEqual({ ref, matched: false });
		}
	});

	it('never runs for pull requests (they must not reach the npm token)', () => {
		expect(Object.keys(on).filter((trigger) => trigger.startsWith('pull_request'))).toEqual([]);
	});
});

describe('publish.yml: the publishing job', () => {
	const workflow = loadWorkflow('publish.yml');
	const { job, steps } = jobRunning(workflow, 'runs npm publish', RUNS_PUBLISH);
	const publish = findStep(steps, 'running npm publish', RUNS_PUBLISH);

	it('may request an OIDC token (id-token: write), which npm provenance is signed with', () => {
		const permissions = job.permissions ?? workflow.permissions;
		expect(typeof permissions).toBe('object');
		expect((permissions as Record<string, string>)['id-token']).toBe('write');
		expect((permissions as Record<string, string>).contents).toBe('read');
	});

	it('publishes with provenance, publicly, logged in with the NPM_TOKEN secret', () => {
		const line = commands(steps[publish]).find((command) => /^npm publish(\s|$)/.test(command)) ?? '';
		const args = line.split(/\s+/);
		expect(args).toContain('--provenance');
		expect(line).toMatch(/--access(\s+|=)public(\s|$)/);
		expect(String(steps[publish].env?.NODE_AUTH_TOKEN ?? '')).toMatch(/^\$\{\{\s*secrets\.NPM_TOKEN\s*\}\}$/);
	});

	it('sets up Node 20 or newer with the npm registry url (which makes npm read NODE_AUTH_TOKEN)', () => {
		const setup = findStep(steps, 'using actions/setup-node', uses('actions/setup-node'));
		const version = String(steps[setup].with?.['node-version'] ?? '');
		const major = /^v?(\d+)/.exec(version);
		if (!major) throw new Error(`node-version "${version}" does not name a major version`);
		expect(Number(major[1])).toBeGreaterThanOrEqual(20);
		expect(String(steps[setup].with?.['registry-url'] ?? '')).toMatch(/^https:\/\/registry\.npmjs\.org\/?$/);
		expect(setup).toBeLessThan(publish);
	});

	it('checks out the code, installs, builds, lints and runs the unit tests before publishing', () => {
		const order = {
			checkout: findStep(steps, 'using actions/checkout', uses('actions/checkout')),
			'npm ci': findStep(steps, 'running npm ci', RUNS_NPM_CI),
			build: findStep(steps, 'running npm run build', RUNS_BUILD),
			lint: findStep(steps, 'running npm run lint', RUNS_LINT),
			'unit tests': findStep(steps, 'running the unit tests', RUNS_UNIT_TESTS),
		};
		for (const [what, index] of Object.entries(order)) {
			expect({ what, beforePublish: index < publish }).toEqual({ what, beforePublish: true });
		}
		expect(order['npm ci']).toBeLessThan(order.build);
		expect(order['npm ci']).toBeLessThan(order.lint);
		expect(order['npm ci']).toBeLessThan(order['unit tests']);
	});

	it('checks that the tag matches the package.json version before publishing', () => {
		expect(findStep(steps, 'comparing the tag with package.json', CHECKS_VERSION)).toBeLessThan(publish);
	});
});

describe('publish.yml: the tag check, run as GitHub runs it', () => {
	const { steps } = jobRunning(loadWorkflow('publish.yml'), 'runs npm publish', RUNS_PUBLISH);
	const script = steps[findStep(steps, 'comparing the tag with package.json', CHECKS_VERSION)].run ?? '';
	let dir: string;

	beforeEach(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'publish-check-'));
	});
	afterEach(() => {
		fs.rmSync(dir, { recursive: true, force: true });
	});

	function check(version: string, refType: string, refName: string): { status: number | null; output: string; log: string } {
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', version }));
		const outputFile = path.join(dir, 'github-output');
		fs.writeFileSync(outputFile, '');
		// GitHub's default shell for `run:` on Linux.
		const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
			cwd: dir,
			env: { PATH: process.env.PATH, GITHUB_REF_TYPE: refType, GITHUB_REF_NAME: refName, GITHUB_OUTPUT: outputFile },
			encoding: 'utf8',
		});
		return { status: result.status, output: fs.readFileSync(outputFile, 'utf8'), log: `${result.stdout}${result.stderr}` };
	}

	it('passes when the tag is the version, with or without "v"', () => {
		expect(check('1.2.3', 'tag', 'v1.2.3').status).toBe(0);
		expect(check('1.2.3', 'tag', '1.2.3').status).toBe(0);
	});

	it('fails on a tag that is not the package.json version', () => {
		const result = check('1.2.3', 'tag', 'v1.2.4');
		expect(result.status).not.toBe(0);
		expect(result.log).toContain('1.2.3');
	});

	it('fails when started by hand on a branch instead of a tag', () => {
		expect(check('1.2.3', 'branch', 'main').status).not.toBe(0);
	});

	it('sends a pre-release to the "next" dist-tag and a release to "latest"', () => {
		expect(check('1.2.3', 'tag', 'v1.2.3').output).toMatch(/^dist_tag=latest$/m);
		expect(check('1.3.0-rc.1', 'tag', 'v1.3.0-rc.1').output).toMatch(/^dist_tag=next$/m);
	});
});

describe('ci.yml', () => {
	const workflow = loadWorkflow('ci.yml');
	const { steps } = jobRunning(workflow, 'runs npm ci', RUNS_NPM_CI);

	it('runs on pushes and pull requests', () => {
		const on = triggers(workflow);
		expect(Object.keys(on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
	});

	it('installs, then type checks, lints, runs the unit tests and builds', () => {
		const install = findStep(steps, 'running npm ci', RUNS_NPM_CI);
		for (const [what, matches] of [
			['type check', RUNS_TYPECHECK],
			['lint', RUNS_LINT],
			['unit tests', RUNS_UNIT_TESTS],
			['build', RUNS_BUILD],
		] as const) {
			expect({ what, afterInstall: findStep(steps, `running the ${what}`, matches) > install }).toEqual({ what, afterInstall: true });
		}
	});

	it('never publishes', () => {
		expect(steps.filter(RUNS_PUBLISH).map(describeStep)).toEqual([]);
	});
});

describe('package.json: what n8n verification of a community node accepts', () => {
	const pkg = packageJson();

	it('has no runtime dependencies (the package must run on n8n and n8n-workflow alone)', () => {
		expect(pkg.dependencies ?? {}).toEqual({});
	});

	it('runs no scripts when installed or packed', () => {
		const scripts = Object.keys((pkg.scripts ?? {}) as Record<string, string>);
		expect(scripts.filter((name) => ['prepare', 'preinstall', 'install', 'postinstall', 'prepublish'].includes(name))).toEqual([]);
	});

	it('has no overrides', () => {
		expect(pkg.overrides).toBeUndefined();
	});

	it('ships the built code only', () => {
		expect(pkg.files).toEqual(['dist']);
	});

	it('does not send the package elsewhere than the public npm registry, nor turn provenance off', () => {
		const publishConfig = (pkg.publishConfig ?? {}) as Record<string, unknown>;
		expect(String(publishConfig.registry ?? 'https://registry.npmjs.org/')).toMatch(/^https:\/\/registry\.npmjs\.org\/?$/);
		expect(publishConfig.provenance).not.toBe(false);
		expect(publishConfig.access ?? 'public').toBe('public');
	});
});
