/**
 * Real-n8n end-to-end harness.
 *
 * Runs workflows in a real n8n process (pinned versions installed by scripts/install-n8n.sh into .tools/n8n/<version>),
 * with this package packed by `npm pack` and extracted into `<user folder>/.n8n/nodes/node_modules/<package name>`,
 * exactly where n8n looks for installed community packages, so node types are `n8n-nodes-nl-accountancy.<name>`.
 * Every instance has its own temporary user folder and SQLite database; credentials and workflows are imported with
 * the n8n CLI and a workflow is executed headless with `n8n execute --id <id> --rawOutput`.
 *
 * Used by test/e2e (ts-jest), by benchmarks and by test/harness/cli.ts (tsx).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { n8nNodeBinary, withNodeOnPath } from '../../scripts/n8n-runtime';

/**
 * Pinned n8n versions (tools/n8n/<version>); end-to-end tests run on all of them. The first is the primary target
 * (the newest n8n that installs here, on Node 24): queue mode, the demo, the browser test and the benchmarks run on it.
 * 2.8.4 is the newest 2.x that still runs on Node 20; 1.123.81 is the oldest supported line (Node 20).
 */
export const N8N_VERSIONS = ['2.41.1', '2.8.4', '1.123.81'] as const;
export type PinnedN8nVersion = (typeof N8N_VERSIONS)[number];
export const PRIMARY_N8N_VERSION: PinnedN8nVersion = N8N_VERSIONS[0];

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const TOOLS_MANIFESTS = path.join(PROJECT_ROOT, 'tools', 'n8n');
const TOOLS_CACHE = path.join(PROJECT_ROOT, '.tools', 'n8n');
const PACK_DIR = path.join(PROJECT_ROOT, '.tools', 'pack');
const DB_TEMPLATES = path.join(PROJECT_ROOT, '.tools', 'n8n-db');
const INSTALL_SCRIPT = path.join(PROJECT_ROOT, 'scripts', 'install-n8n.sh');

/** Fixed key: credentials imported as plain objects are encrypted with it, so instances are reproducible. */
export const E2E_ENCRYPTION_KEY = 'e2e-harness-fixed-encryption-key-0001';

/** A JSON object as found in item `json`. */
export type JsonObject = Record<string, unknown>;

export interface CredentialInput {
	/** Short explicit id; generated when absent. Workflows reference credentials by `{ id, name }`. */
	id?: string;
	name: string;
	type: string;
	/** Plain object: n8n encrypts it on import with the instance key. */
	data: JsonObject;
}

export interface WorkflowInput {
	id?: string;
	name: string;
	nodes: unknown[];
	connections: JsonObject;
	settings?: JsonObject;
	[key: string]: unknown;
}

export interface CreateN8nOptions {
	version: string;
	/** Package tarball to install (extracted) into the instance; omit for an instance without community packages. */
	tarball?: string;
	/** Extra environment for every n8n process of this instance (wins over the harness defaults). */
	env?: Record<string, string | undefined>;
}

export interface CommandResult {
	exitCode: number;
	stdout: string;
	stderr: string;
	durationMs: number;
}

interface RunNodeData {
	startTime?: number;
	executionTime?: number;
	executionStatus?: string;
	data?: { main?: Array<Array<{ json: JsonObject }> | null> };
	error?: JsonObject;
}

/** Parsed result of `n8n execute --id <id> --rawOutput`. */
export class ExecutionResult {
	/** The run object n8n printed (IRun), or undefined when no JSON could be found in the output. */
	readonly run: JsonObject | undefined;

	constructor(
		readonly exitCode: number,
		readonly stdout: string,
		readonly stderr: string,
		readonly durationMs: number,
	) {
		this.run = extractRun(stdout) ?? extractRun(stderr);
	}

	/** Run data per node name (each node: one entry per run). Empty when the output had no run. */
	get runData(): Record<string, RunNodeData[]> {
		const resultData = (this.run?.data as JsonObject | undefined)?.resultData as JsonObject | undefined;
		return (resultData?.runData as Record<string, RunNodeData[]> | undefined) ?? {};
	}

	/** The workflow-level error n8n reported (resultData.error), if any. */
	get error(): JsonObject | undefined {
		const resultData = (this.run?.data as JsonObject | undefined)?.resultData as JsonObject | undefined;
		return resultData?.error as JsonObject | undefined;
	}

	/** True when n8n exited 0, printed a run and reported no workflow error. */
	get ok(): boolean {
		return this.exitCode === 0 && this.run !== undefined && this.error === undefined;
	}

	/** Name of the node that ran last (resultData.lastNodeExecuted). */
	get lastNodeExecuted(): string | undefined {
		const resultData = (this.run?.data as JsonObject | undefined)?.resultData as JsonObject | undefined;
		return resultData?.lastNodeExecuted as string | undefined;
	}

	/** Names of the nodes that ran, in the order n8n recorded them. */
	get executedNodes(): string[] {
		return Object.keys(this.runData);
	}

	/** Error recorded on a node's runs (first run with an error), if any. */
	nodeError(nodeName: string): JsonObject | undefined {
		return (this.runData[nodeName] ?? []).find((r) => r.error)?.error;
	}

	/**
	 * `json` of every item of the node's main outputs, over all runs (output 0 first, then output 1, ...).
	 * Throws when the node did not run, with a readable summary of the execution.
	 */
	nodeOutput(nodeName: string): JsonObject[] {
		return this.nodeOutputs(nodeName).flat();
	}

	/** `json` items per main output index, over all runs. */
	nodeOutputs(nodeName: string): JsonObject[][] {
		const runs = this.runData[nodeName];
		if (!runs) {
			throw new Error(
				`Node "${nodeName}" did not run. Executed nodes: [${this.executedNodes.join(', ')}]. ${this.summary()}`,
			);
		}
		const outputs: JsonObject[][] = [];
		for (const run of runs) {
			(run.data?.main ?? []).forEach((items, index) => {
				outputs[index] = outputs[index] ?? [];
				for (const item of items ?? []) outputs[index].push(item.json);
			});
		}
		for (let i = 0; i < outputs.length; i++) outputs[i] = outputs[i] ?? [];
		return outputs;
	}

	/** One-paragraph description for assertion messages. */
	summary(): string {
		const parts = [`exit code ${this.exitCode}`];
		const error = this.error;
		if (error) {
			parts.push(`error: ${String(error.message ?? '')}${error.description ? ` (${String(error.description)})` : ''}`);
			const node = (error.node as JsonObject | undefined)?.name;
			if (node) parts.push(`in node "${String(node)}"`);
		}
		if (!this.run) parts.push('no run JSON in the output');
		const tail = (text: string) => text.trim().split('\n').slice(-15).join('\n');
		if (!this.ok) parts.push(`stdout (tail):\n${tail(this.stdout)}\nstderr (tail):\n${tail(this.stderr)}`);
		return parts.join('; ');
	}

	/** Plain JSON view (for the CLI and for logging). */
	toJSON(): JsonObject {
		const nodes: Record<string, unknown> = {};
		for (const name of this.executedNodes) {
			nodes[name] = {
				outputs: this.nodeOutputs(name),
				error: this.nodeError(name),
				executionTimeMs: (this.runData[name] ?? []).reduce((sum, r) => sum + (r.executionTime ?? 0), 0),
			};
		}
		return {
			ok: this.ok,
			exitCode: this.exitCode,
			durationMs: this.durationMs,
			lastNodeExecuted: this.lastNodeExecuted,
			error: this.error,
			nodes,
			...(this.ok ? {} : { stdout: this.stdout, stderr: this.stderr }),
		};
	}
}

/**
 * Finds the run JSON n8n prints. With --rawOutput a successful run is the only JSON document on stdout; a failed run is
 * logged (pretty-printed, starting with a line "{") after "Execution was NOT successful". Log lines may surround it.
 */
export function extractRun(output: string): JsonObject | undefined {
	const lines = output.split('\n');
	let found: JsonObject | undefined;
	for (let start = 0; start < lines.length; start++) {
		if (lines[start].replace(/\r$/, '') !== '{') continue;
		for (let end = start + 1; end < lines.length; end++) {
			if (lines[end].replace(/\r$/, '') !== '}') continue;
			try {
				const parsed = JSON.parse(lines.slice(start, end + 1).join('\n')) as JsonObject;
				if (parsed && typeof parsed === 'object' && 'data' in parsed) {
					found = parsed;
					start = end;
				}
				break;
			} catch {
				// a "}" line inside the document: keep looking for the closing one
			}
		}
	}
	return found;
}

function hashManifest(version: string): string {
	const dir = path.join(TOOLS_MANIFESTS, version);
	return createHash('sha256')
		.update(fs.readFileSync(path.join(dir, 'package.json')))
		.update(fs.readFileSync(path.join(dir, 'package-lock.json')))
		.digest('hex');
}

/** Path of the n8n entry point of an installed version. */
export function n8nBin(version: string): string {
	return path.join(TOOLS_CACHE, version, 'node_modules', 'n8n', 'bin', 'n8n');
}

/** True when .tools/n8n/<version> holds an install of the current manifest + lock. */
export function isN8nInstalled(version: string): boolean {
	const stamp = path.join(TOOLS_CACHE, version, '.install-stamp');
	if (!fs.existsSync(stamp) || !fs.existsSync(n8nBin(version))) return false;
	return fs.readFileSync(stamp, 'utf8').trim() === hashManifest(version);
}

/** Installs the pinned n8n version (scripts/install-n8n.sh) unless the cache already holds it. */
export function ensureN8n(version: string): string {
	if (!fs.existsSync(path.join(TOOLS_MANIFESTS, version, 'package.json'))) {
		throw new Error(`n8n ${version} is not pinned: no tools/n8n/${version}/package.json`);
	}
	if (!isN8nInstalled(version)) {
		const result = spawnSync('bash', [INSTALL_SCRIPT, version], {
			cwd: PROJECT_ROOT,
			env: { ...process.env, CI: process.env.CI ?? 'true' },
			encoding: 'utf8',
			maxBuffer: 64 * 1024 * 1024,
		});
		if (result.status !== 0 || !isN8nInstalled(version)) {
			throw new Error(
				`Installing n8n ${version} failed (exit ${String(result.status)}):\n${result.stdout}\n${result.stderr}`,
			);
		}
	}
	return n8nBin(version);
}

let packedTarball: string | undefined;

/** Inputs of `npm run build` + `npm pack`: a tarball packed from the same inputs is reused. */
const PACK_INPUTS = ['nodes', 'credentials', 'package.json', 'tsconfig.json', 'gulpfile.js'];

function sourceHash(): string {
	const hash = createHash('sha256');
	const visit = (rel: string) => {
		const abs = path.join(PROJECT_ROOT, rel);
		if (!fs.existsSync(abs)) return;
		const stat = fs.statSync(abs);
		if (stat.isDirectory()) {
			for (const name of fs.readdirSync(abs).sort()) visit(path.join(rel, name));
		} else if (stat.isFile()) {
			hash.update(`${rel}\0`).update(fs.readFileSync(abs)).update('\0');
		}
	};
	for (const input of PACK_INPUTS) visit(input);
	return hash.digest('hex').slice(0, 16);
}

function sleepSync(ms: number): void {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs fn while holding an exclusive lock file (waits for other processes; a lock older than 15 min is stale). */
function withFileLock<T>(lockFile: string, fn: () => T): T {
	fs.mkdirSync(path.dirname(lockFile), { recursive: true });
	for (;;) {
		try {
			fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			try {
				if (Date.now() - fs.statSync(lockFile).mtimeMs > 15 * 60_000) fs.rmSync(lockFile, { force: true });
			} catch {
				// the holder just released it
			}
			sleepSync(250);
		}
	}
	try {
		return fn();
	} finally {
		fs.rmSync(lockFile, { force: true });
	}
}

/**
 * Builds (`npm run build`) and packs (`npm pack`) this project into .tools/pack/<source hash>/ and returns the
 * tarball path. The tarball is reused while nodes/, credentials/, package.json, tsconfig.json and gulpfile.js are
 * unchanged (so every test file and benchmark of a run shares one build); builds are serialised across processes.
 * `E2E_PACKAGE_TARBALL=<file>` skips all of it and uses that tarball.
 */
export function packProject(): string {
	const preset = process.env.E2E_PACKAGE_TARBALL;
	if (preset) {
		const resolved = path.resolve(preset);
		if (!fs.existsSync(resolved)) throw new Error(`E2E_PACKAGE_TARBALL does not exist: ${resolved}`);
		return resolved;
	}
	const dir = path.join(PACK_DIR, sourceHash());
	const packed = () => {
		const tarballs = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.tgz')) : [];
		return tarballs.length === 1 ? path.join(dir, tarballs[0]) : undefined;
	};
	if (packedTarball && packedTarball.startsWith(dir) && fs.existsSync(packedTarball)) return packedTarball;
	packedTarball = packed();
	if (packedTarball) return packedTarball;
	return withFileLock(path.join(PACK_DIR, '.build.lock'), () => {
		const ready = packed();
		if (ready) return (packedTarball = ready);
		const env = cleanEnv(process.env);
		const run = (args: string[]) => {
			const result = spawnSync('npm', args, { cwd: PROJECT_ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
			if (result.status !== 0) {
				throw new Error(`npm ${args.join(' ')} failed (exit ${String(result.status)}):\n${result.stdout}\n${result.stderr}`);
			}
			return result.stdout;
		};
		const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
			n8n?: { nodes?: string[]; credentials?: string[] };
		};
		const required = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
		const staging = `${dir}.tmp-${process.pid}`;
		let info: Array<{ filename: string; files: Array<{ path: string }> }> = [];
		// Another process may rebuild dist/ (rimraf) between our build and our pack: check the tarball lists every
		// node and credential file of package.json, and build again if not.
		for (let attempt = 1; ; attempt++) {
			run(['run', 'build']);
			fs.rmSync(staging, { recursive: true, force: true });
			fs.mkdirSync(staging, { recursive: true });
			const out = run(['pack', '--json', '--ignore-scripts', '--pack-destination', staging]);
			info = JSON.parse(out.slice(out.indexOf('['))) as typeof info;
			const files = new Set(info[0].files.map((f) => f.path));
			const missing = required.filter((f) => !files.has(f));
			if (missing.length === 0) break;
			if (attempt === 3) throw new Error(`npm pack left out ${missing.join(', ')} (is dist/ being rebuilt meanwhile?)`);
		}
		fs.rmSync(dir, { recursive: true, force: true });
		fs.renameSync(staging, dir);
		// earlier builds are outdated now
		for (const entry of fs.readdirSync(PACK_DIR)) {
			const abs = path.join(PACK_DIR, entry);
			if (abs !== dir && !entry.startsWith('.')) fs.rmSync(abs, { recursive: true, force: true });
		}
		return (packedTarball = path.join(dir, info[0].filename));
	});
}

/** Environment of the calling process without what must not leak into n8n (tsx/ts-jest loaders, npm script vars). */
function cleanEnv(env: NodeJS.ProcessEnv): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [key, value] of Object.entries(env)) {
		if (value === undefined) continue;
		if (key === 'NODE_OPTIONS' || key === 'TS_NODE_PROJECT' || key.startsWith('JEST_') || key === 'NODE_ENV') continue;
		if (key.startsWith('npm_') || key.startsWith('N8N_') || key.startsWith('DB_')) continue;
		result[key] = value;
	}
	return result;
}

/** A free TCP port on 127.0.0.1 (for the task runner broker, so instances can run side by side). */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** Extracts an `npm pack` tarball into `<into>/<package name>` (no npm install: no peer or other dependencies). */
function extractTarball(tarball: string, into: string): { name: string; version: string } {
	const staging = fs.mkdtempSync(path.join(into, '.unpack-'));
	execFileSync('tar', ['-xzf', tarball, '-C', staging]);
	const root = path.join(staging, 'package');
	const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
		name: string;
		version: string;
	};
	const target = path.join(into, manifest.name);
	fs.mkdirSync(path.dirname(target), { recursive: true });
	fs.rmSync(target, { recursive: true, force: true });
	fs.renameSync(root, target);
	fs.rmSync(staging, { recursive: true, force: true });
	return { name: manifest.name, version: manifest.version };
}

function shortId(): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	return Array.from(randomBytes(16), (b) => alphabet[b % alphabet.length]).join('');
}

/** One n8n installation with its own temporary user folder and SQLite database. */
export class N8nInstance {
	readonly userFolder: string;
	readonly nodesDir: string;
	/** Name of the package extracted into .n8n/nodes/node_modules (when a tarball was given). */
	readonly packageName: string | undefined;
	private readonly bin: string;
	/** The Node.js this n8n version runs on (scripts/n8n-runtime.ts). */
	readonly node: string;
	private readonly env: Record<string, string>;
	private closed = false;

	constructor(
		readonly version: string,
		options: { userFolder: string; packageName?: string; env: Record<string, string> },
	) {
		this.bin = n8nBin(version);
		this.node = n8nNodeBinary(version);
		this.userFolder = options.userFolder;
		this.nodesDir = path.join(options.userFolder, '.n8n', 'nodes');
		this.packageName = options.packageName;
		this.env = withNodeOnPath(this.node, options.env);
	}

	/**
	 * Runs one n8n CLI command in this instance. Its output goes to files, read once it has exited: n8n exits as soon
	 * as it has written a large run (`execute --rawOutput` of thousands of items is tens of MB), and a pipe would lose
	 * what the harness had not read yet.
	 */
	async command(args: string[], options: { timeoutMs?: number } = {}): Promise<CommandResult> {
		if (this.closed) throw new Error('n8n instance is closed');
		const started = Date.now();
		const files = ['stdout', 'stderr'].map((name) => path.join(this.userFolder, `command-${shortId()}.${name}`));
		const fds = files.map((f) => fs.openSync(f, 'w'));
		const timeoutMs = options.timeoutMs ?? 300_000;
		let timedOut = false;
		try {
			const exitCode = await new Promise<number>((resolve, reject) => {
				const child = spawn(this.node, [this.bin, ...args], {
					cwd: this.userFolder,
					env: this.env,
					stdio: ['ignore', fds[0], fds[1]],
					// own process group, so a timeout also ends the task runner n8n started
					detached: true,
				});
				const timer = setTimeout(() => {
					timedOut = true;
					try {
						if (child.pid) process.kill(-child.pid, 'SIGKILL');
					} catch {
						child.kill('SIGKILL');
					}
				}, timeoutMs);
				child.on('error', (error) => {
					clearTimeout(timer);
					reject(error);
				});
				child.on('close', (code, signal) => {
					clearTimeout(timer);
					resolve(code ?? (signal ? 128 : 1));
				});
			});
			const [stdout, stderr] = files.map((f) => fs.readFileSync(f, 'utf8'));
			const note = timedOut ? `\n[harness] n8n ${args[0]} timed out after ${timeoutMs} ms, killed\n` : '';
			return { exitCode, stdout, stderr: stderr + note, durationMs: Date.now() - started };
		} finally {
			for (const fd of fds) fs.closeSync(fd);
			for (const f of files) fs.rmSync(f, { force: true });
		}
	}

	private async commandOrThrow(args: string[]): Promise<CommandResult> {
		const result = await this.command(args);
		if (result.exitCode !== 0) {
			throw new Error(
				`n8n ${this.version} \`${args.join(' ')}\` failed (exit ${result.exitCode}):\n${result.stdout}\n${result.stderr}`,
			);
		}
		return result;
	}

	private writeInput(prefix: string, value: unknown): string {
		const dir = path.join(this.userFolder, 'imports');
		fs.mkdirSync(dir, { recursive: true });
		const file = path.join(dir, `${prefix}-${shortId()}.json`);
		fs.writeFileSync(file, JSON.stringify(value, null, 2));
		return file;
	}

	/** Imports credentials (plain `data` is encrypted on import). Returns the ids in input order. */
	async importCredentials(credentials: CredentialInput[]): Promise<string[]> {
		if (credentials.length === 0) return [];
		const withIds = credentials.map((c) => ({ ...c, id: c.id ?? shortId() }));
		await this.commandOrThrow(['import:credentials', `--input=${this.writeInput('credentials', withIds)}`]);
		return withIds.map((c) => c.id);
	}

	/** Imports one workflow (object or JSON file). It stays inactive. Returns its id (generated when absent). */
	async importWorkflow(workflow: WorkflowInput | string): Promise<string> {
		const data = (
			typeof workflow === 'string' ? JSON.parse(fs.readFileSync(workflow, 'utf8')) : workflow
		) as WorkflowInput;
		const id = typeof data.id === 'string' && data.id ? data.id : shortId();
		const prepared = { active: false, settings: {}, ...data, id };
		prepared.active = false;
		await this.commandOrThrow(['import:workflow', `--input=${this.writeInput('workflow', prepared)}`]);
		return id;
	}

	/** Executes a saved workflow headless (its start node must be a Manual Trigger). Never throws on workflow errors. */
	async execute(workflowId: string, options: { timeoutMs?: number } = {}): Promise<ExecutionResult> {
		const result = await this.command(['execute', `--id=${workflowId}`, '--rawOutput'], options);
		return new ExecutionResult(result.exitCode, result.stdout, result.stderr, result.durationMs);
	}

	/** Removes the temporary user folder (database, imported files, extracted package). */
	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		if (process.env.E2E_KEEP_USER_FOLDER) return;
		fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}

/**
 * Environment of every n8n process: isolated user folder + SQLite, no telemetry or other network calls, fixed
 * encryption key and time zone, task runner in internal mode on a private port. Caller env wins.
 */
export function n8nEnv(
	userFolder: string,
	runnerPort: number,
	extra: Record<string, string | undefined> = {},
): Record<string, string> {
	const env: Record<string, string> = {
		...cleanEnv(process.env),
		N8N_USER_FOLDER: userFolder,
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '1',
		N8N_ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
		GENERIC_TIMEZONE: 'Europe/Amsterdam',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		// Current n8n warns that this default turns false (n8n 3.0): the pack is installed unverified here.
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_RUNNERS_ENABLED: 'true',
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(runnerPort),
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		// Current n8n (2.41) evaluates expressions in an isolated-vm engine ('vm') by default. `n8n execute` then sometimes
		// crashes while exiting, after the complete run was printed (SIGSEGV/SIGABRT: the main thread exits while
		// the engine's thread still collects garbage), in about 1 of 4 runs. The CLI commands of the harness use the
		// 'legacy' engine, which the same n8n still ships (older versions ignore the variable), so an exit code
		// stays meaningful. The long-running processes (queue-mode main and workers, the demo and its browser test)
		// keep n8n's default engine, as users run it: QUEUE_SERVER_ENV in queue.ts removes this setting.
		N8N_EXPRESSION_ENGINE: 'legacy',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		N8N_NO_COLOR: 'true',
		NO_COLOR: '1',
		FORCE_COLOR: '0',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
	};
	for (const [key, value] of Object.entries(extra)) {
		if (value === undefined) delete env[key];
		else env[key] = value;
	}
	return env;
}

const templateReady = new Map<string, Promise<string>>();

/**
 * A migrated, empty SQLite database of this n8n version (cached in .tools/n8n-db/<version>-<install hash>/): a fresh
 * database runs ~150 migrations, which costs seconds on every instance. Copying the migrated file keeps every
 * instance fresh and isolated while skipping that work. `E2E_NO_DB_TEMPLATE=1` disables it.
 */
async function databaseTemplate(version: string): Promise<string> {
	const key = `${version}-${hashManifest(version).slice(0, 16)}`;
	const dir = path.join(DB_TEMPLATES, key);
	if (fs.existsSync(path.join(dir, '.n8n', 'database.sqlite'))) return dir;
	let pending = templateReady.get(key);
	if (!pending) {
		pending = (async () => {
			fs.mkdirSync(DB_TEMPLATES, { recursive: true });
			const staging = fs.mkdtempSync(path.join(DB_TEMPLATES, `.${key}-`));
			try {
				const instance = new N8nInstance(version, { userFolder: staging, env: n8nEnv(staging, await freePort()) });
				const result = await instance.command(['list:workflow']);
				if (result.exitCode !== 0 || !fs.existsSync(path.join(staging, '.n8n', 'database.sqlite'))) {
					throw new Error(`Preparing the n8n ${version} database failed:\n${result.stdout}\n${result.stderr}`);
				}
				try {
					fs.renameSync(staging, dir);
				} catch (error) {
					// another process won the race: its template is as good as ours
					if (!fs.existsSync(path.join(dir, '.n8n', 'database.sqlite'))) throw error;
					fs.rmSync(staging, { recursive: true, force: true });
				}
				return dir;
			} catch (error) {
				fs.rmSync(staging, { recursive: true, force: true });
				throw error;
			}
		})();
		templateReady.set(key, pending);
		pending.catch(() => templateReady.delete(key));
	}
	return await pending;
}

function copyDatabaseTemplate(template: string, userFolder: string): void {
	const from = path.join(template, '.n8n');
	const to = path.join(userFolder, '.n8n');
	fs.mkdirSync(to, { recursive: true });
	for (const name of fs.readdirSync(from)) {
		if (name === 'config' || name.startsWith('database.sqlite')) fs.copyFileSync(path.join(from, name), path.join(to, name));
	}
}

/** Creates an n8n instance of the given version with a fresh user folder, optionally with a package installed. */
export async function createN8n(options: CreateN8nOptions): Promise<N8nInstance> {
	ensureN8n(options.version);
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-e2e-${options.version}-`));
	try {
		if (!process.env.E2E_NO_DB_TEMPLATE) copyDatabaseTemplate(await databaseTemplate(options.version), userFolder);
		const nodeModules = path.join(userFolder, '.n8n', 'nodes', 'node_modules');
		fs.mkdirSync(nodeModules, { recursive: true });
		let packageName: string | undefined;
		if (options.tarball) {
			const pkg = extractTarball(path.resolve(options.tarball), nodeModules);
			packageName = pkg.name;
			// As n8n leaves it after installing a community package: the nodes folder's package.json lists it.
			// (n8n loads every n8n-nodes-* folder in .n8n/nodes/node_modules at start either way.)
			fs.writeFileSync(
				path.join(userFolder, '.n8n', 'nodes', 'package.json'),
				`${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [pkg.name]: pkg.version } }, null, 2)}\n`,
			);
		}
		const env = n8nEnv(userFolder, await freePort(), options.env);
		return new N8nInstance(options.version, { userFolder, packageName, env });
	} catch (error) {
		fs.rmSync(userFolder, { recursive: true, force: true });
		throw error;
	}
}

export interface RunWorkflowOptions {
	version: string;
	/** Workflow object or JSON file. */
	workflow: WorkflowInput | string;
	credentials?: CredentialInput[];
	/** Tarball to install; default: this project packed (packProject). `null`: no package. */
	tarball?: string | null;
	env?: Record<string, string | undefined>;
	timeoutMs?: number;
}

/** create -> import credentials + workflow -> execute -> close. */
export async function runWorkflow(options: RunWorkflowOptions): Promise<ExecutionResult> {
	const tarball = options.tarball === null ? undefined : (options.tarball ?? packProject());
	const n8n = await createN8n({ version: options.version, tarball, env: options.env });
	try {
		await n8n.importCredentials(options.credentials ?? []);
		const id = await n8n.importWorkflow(options.workflow);
		return await n8n.execute(id, { timeoutMs: options.timeoutMs });
	} finally {
		await n8n.close();
	}
}
