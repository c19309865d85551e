/**
 * Queue-mode harness: this package in n8n's scaling setup, the way a firm runs it when one process is not enough.
 *
 * - PostgreSQL and Redis on loopback (scripts/queue-services.sh: Debian packages, a throw-away cluster and a Redis
 *   without persistence per run, on free ports), started and stopped from the test (`startQueueServices`).
 * - One n8n main (`n8n start`, `EXECUTIONS_MODE=queue`, `DB_TYPE=postgresdb`) and N `n8n worker` processes, each with
 *   its OWN user folder and the packed package extracted into its own `.n8n/nodes/node_modules` (createN8n of
 *   test/harness/n8n.ts), the same N8N_ENCRYPTION_KEY everywhere.
 * - `n8n execute` runs in regular mode even in queue mode, so workflows are started through production webhooks on the
 *   main: the workflows are imported and published with the CLI before the main starts; every webhook call becomes an
 *   execution that the main enqueues in Redis (Bull) and one worker picks up.
 * - Execution records are read from PostgreSQL (`execution_entity`, `execution_data`), and each worker's log tells
 *   which worker ran which execution ("Worker started execution <id>").
 *
 * Used by test/e2e/queue (ts-jest) and bench/queue-mode.ts (tsx).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	ExecutionResult,
	PRIMARY_N8N_VERSION,
	PROJECT_ROOT,
	createN8n,
	ensureN8n,
	freePort,
	n8nBin,
	n8nEnv,
	packProject,
	type CredentialInput,
	type JsonObject,
	type N8nInstance,
	type WorkflowInput,
} from './n8n';
import { withNodeOnPath } from '../../scripts/n8n-runtime';

/** Main and workers run with n8n's default expression engine, as users run them (see N8N_EXPRESSION_ENGINE in n8n.ts). */
export const QUEUE_SERVER_ENV = { N8N_EXPRESSION_ENGINE: undefined };

/** The primary pinned n8n (the newest 2.x), the one the queue-mode tests and benchmark run. */
export const QUEUE_N8N_VERSION = PRIMARY_N8N_VERSION;

const SERVICES_SCRIPT = path.join(PROJECT_ROOT, 'scripts', 'queue-services.sh');

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function shortId(length = 10): string {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
	return Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join('');
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL + Redis
// ---------------------------------------------------------------------------------------------------------------

export interface QueueServices {
	dir: string;
	postgres: { host: string; port: number; user: string; password: string; database: string; bindir: string };
	redis: { host: string; port: number };
	/** Rows of a SELECT as JSON objects (through psql, json_agg). */
	query<T = JsonObject>(sql: string): Promise<T[]>;
	/** Stops PostgreSQL and Redis and removes their directory. Idempotent. */
	stop(): Promise<void>;
}

/** Installs PostgreSQL and Redis with apt-get when missing (idempotent). */
export function installQueueServices(): void {
	const result = spawnSync('bash', [SERVICES_SCRIPT, 'install'], {
		env: { ...process.env, CI: process.env.CI ?? 'true', DEBIAN_FRONTEND: 'noninteractive' },
		stdio: ['ignore', 'pipe', 'pipe'],
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	if (result.status !== 0) throw new Error(`queue-services.sh install failed:\n${result.stdout}\n${result.stderr}`);
}

const liveServiceDirs = new Set<string>();
let exitHookInstalled = false;
function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', () => {
		for (const child of liveChildren) killGroup(child, 'SIGKILL');
		for (const dir of liveServiceDirs) spawnSync('bash', [SERVICES_SCRIPT, 'stop', dir], { stdio: 'ignore' });
	});
}

/**
 * A fresh PostgreSQL cluster (database `n8n`) and a Redis without persistence on free loopback ports.
 * Call `stop()` when done (a process exit hook stops them too).
 */
export async function startQueueServices(): Promise<QueueServices> {
	installQueueServices();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-services-'));
	const result = spawnSync('bash', [SERVICES_SCRIPT, 'start', dir], {
		stdio: ['ignore', 'pipe', 'pipe'],
		encoding: 'utf8',
	});
	if (result.status !== 0) {
		spawnSync('bash', [SERVICES_SCRIPT, 'stop', dir], { stdio: 'ignore' });
		throw new Error(`queue-services.sh start failed:\n${result.stdout}\n${result.stderr}`);
	}
	liveServiceDirs.add(dir);
	installExitHook();
	const vars: Record<string, string> = {};
	for (const line of result.stdout.split('\n')) {
		const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
		if (m) vars[m[1]] = m[2];
	}
	const postgres = {
		host: vars.PG_HOST,
		port: Number(vars.PG_PORT),
		user: vars.PG_USER,
		password: vars.PG_PASSWORD,
		database: vars.PG_DATABASE,
		bindir: vars.PG_BINDIR,
	};
	const redis = { host: vars.REDIS_HOST, port: Number(vars.REDIS_PORT) };
	let stopped: Promise<void> | undefined;
	return {
		dir,
		postgres,
		redis,
		query: async <T = JsonObject>(sql: string): Promise<T[]> => {
			const wrapped = `SELECT coalesce(json_agg(t), '[]'::json) FROM (${sql}) t`;
			const out = await runCapture(path.join(postgres.bindir, 'psql'), [
				'-h', postgres.host, '-p', String(postgres.port), '-U', postgres.user, '-d', postgres.database,
				'-qAtX', '-v', 'ON_ERROR_STOP=1', '-c', wrapped,
			]);
			return JSON.parse(out) as T[];
		},
		stop: () => {
			stopped ??= (async () => {
				await runCapture('bash', [SERVICES_SCRIPT, 'stop', dir]);
				liveServiceDirs.delete(dir);
			})();
			return stopped;
		},
	};
}

function runCapture(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
		let out = '';
		let err = '';
		child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
		child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) resolve(out);
			else reject(new Error(`${path.basename(command)} ${args.join(' ').slice(0, 300)} failed (exit ${String(code)}): ${err || out}`));
		});
	});
}

// ---------------------------------------------------------------------------------------------------------------
// n8n processes
// ---------------------------------------------------------------------------------------------------------------

const liveChildren = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (!child.pid) return;
	try {
		process.kill(-child.pid, signal); // the task runner is in the same process group
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* gone */
		}
	}
}

/** One long-running n8n process (`start` or `worker`) with its log. */
export class N8nProcess {
	private child: ChildProcess | undefined;
	private logText = '';
	private logOffset = 0;
	/** How often this process was started (restarts count up). */
	starts = 0;

	constructor(
		readonly name: string,
		readonly instance: N8nInstance,
		private readonly args: string[],
		private readonly env: Record<string, string>,
		readonly readyPattern: RegExp,
		readonly url?: string,
	) {}

	get userFolder(): string {
		return this.instance.userFolder;
	}

	get logFile(): string {
		return path.join(this.userFolder, `${this.name}.log`);
	}

	/** Everything this process (over all its starts) has logged. */
	get log(): string {
		return this.logText;
	}

	get pid(): number | undefined {
		return this.child?.pid;
	}

	get running(): boolean {
		return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
	}

	/** Starts the process and waits until it logged its ready line. */
	async start(timeoutMs = 180_000): Promise<void> {
		if (this.running) throw new Error(`${this.name} is already running`);
		this.starts++;
		this.logOffset = this.logText.length;
		const banner = `\n===== ${this.name} start #${this.starts} at ${new Date().toISOString()} =====\n`;
		this.logText += banner;
		fs.appendFileSync(this.logFile, banner);
		const { node, version } = this.instance;
		const child = spawn(node, [n8nBin(version), ...this.args], {
			cwd: this.userFolder,
			env: withNodeOnPath(node, this.env),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		this.child = child;
		liveChildren.add(child);
		installExitHook();
		const onData = (chunk: string) => {
			this.logText += chunk;
			fs.appendFileSync(this.logFile, chunk);
		};
		child.stdout?.setEncoding('utf8').on('data', onData);
		child.stderr?.setEncoding('utf8').on('data', onData);
		child.on('exit', () => liveChildren.delete(child));
		await this.waitForLog(this.readyPattern, timeoutMs, true);
	}

	/** Waits until the log of the current start matches `pattern`. */
	async waitForLog(pattern: RegExp, timeoutMs = 60_000, sinceStart = false): Promise<void> {
		const until = Date.now() + timeoutMs;
		const from = sinceStart ? this.logOffset : 0;
		while (Date.now() < until) {
			if (pattern.test(this.logText.slice(from))) return;
			if (!this.running) {
				throw new Error(`${this.name} exited (${String(this.child?.exitCode ?? this.child?.signalCode)}) before ${String(pattern)}:\n${tail(this.logText, 40)}`);
			}
			await delay(100);
		}
		throw new Error(`${this.name}: no ${String(pattern)} within ${timeoutMs} ms:\n${tail(this.logText, 40)}`);
	}

	/** Sends a signal to the whole process group (SIGKILL: the worker dies mid-run, as when a container is killed). */
	kill(signal: NodeJS.Signals = 'SIGKILL'): void {
		if (this.child) killGroup(this.child, signal);
	}

	/** SIGTERM (graceful: n8n waits for running executions), SIGKILL after `graceMs`. */
	async stop(graceMs = 20_000): Promise<void> {
		const child = this.child;
		if (!child || !this.running) return;
		const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		killGroup(child, 'SIGTERM');
		const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
		await exited;
		clearTimeout(timer);
		killGroup(child, 'SIGKILL'); // whatever of the task runner is left
	}

	/** Waits for the process to exit (e.g. after kill()). */
	async exited(timeoutMs = 30_000): Promise<void> {
		const child = this.child;
		if (!child || !this.running) return;
		let timer: NodeJS.Timeout | undefined;
		try {
			await Promise.race([
				new Promise<void>((resolve) => child.once('exit', () => resolve())),
				new Promise<void>((_, reject) => {
					timer = setTimeout(() => reject(new Error(`${this.name} did not exit within ${timeoutMs} ms`)), timeoutMs);
				}),
			]);
		} finally {
			clearTimeout(timer);
		}
	}

	/** Execution ids this worker started, in order ("Worker started execution <id> (job <n>)"). */
	startedExecutions(): string[] {
		return [...this.logText.matchAll(/Worker started execution (\d+) \(job/g)].map((m) => m[1]);
	}

	/** Execution ids this worker finished ("Worker finished execution <id>"). */
	finishedExecutions(): string[] {
		return [...this.logText.matchAll(/Worker finished execution (\d+) \(job/g)].map((m) => m[1]);
	}
}

function tail(text: string, lines: number): string {
	return text.trim().split('\n').slice(-lines).join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// The cluster
// ---------------------------------------------------------------------------------------------------------------

export interface WorkerSpec {
	/** Install the package in this worker's user folder (default true). false: to show what a worker without it does. */
	withPackage?: boolean;
	/** `n8n worker --concurrency` (default: the cluster's concurrency). */
	concurrency?: number;
}

export interface QueueClusterOptions {
	services: QueueServices;
	/** Default QUEUE_N8N_VERSION (the primary pinned n8n). */
	version?: string;
	/** Package tarball for the main and every worker; default: this project packed (packProject). */
	tarball?: string;
	/** Number of workers or one spec per worker (default 2). */
	workers?: number | WorkerSpec[];
	/** Jobs per worker at once (`n8n worker --concurrency`, default 5). */
	concurrency?: number;
	credentials?: CredentialInput[];
	/** Imported and published (active) before the main starts, so their production webhooks are registered. */
	workflows?: WorkflowInput[];
	/** Extra environment for every process (main, workers, CLI). */
	env?: Record<string, string | undefined>;
	/** Start the workers (default true). */
	startWorkers?: boolean;
}

export interface QueueExecution {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	finished: boolean;
	startedAt: string | null;
	stoppedAt: string | null;
	createdAt: string;
}

/** Environment every process of a queue-mode cluster shares (database, Redis, queue mode, timings for the tests). */
export function queueEnv(services: QueueServices, bullPrefix: string): Record<string, string | undefined> {
	return {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: services.postgres.host,
		DB_POSTGRESDB_PORT: String(services.postgres.port),
		DB_POSTGRESDB_DATABASE: services.postgres.database,
		DB_POSTGRESDB_USER: services.postgres.user,
		DB_POSTGRESDB_PASSWORD: services.postgres.password,
		DB_POSTGRESDB_SCHEMA: 'public',
		QUEUE_BULL_REDIS_HOST: services.redis.host,
		QUEUE_BULL_REDIS_PORT: String(services.redis.port),
		QUEUE_BULL_PREFIX: bullPrefix,
		// a killed worker's job is detected as stalled after seconds, not the default 30 s
		QUEUE_WORKER_LOCK_DURATION: '10000',
		QUEUE_WORKER_LOCK_RENEW_TIME: '2500',
		QUEUE_WORKER_STALLED_INTERVAL: '5000',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '15',
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_PRUNE: 'false',
		N8N_SECURE_COOKIE: 'false',
		TZ: 'Europe/Amsterdam',
		SCARF_ANALYTICS: 'false',
		DO_NOT_TRACK: '1',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		DB_SQLITE_POOL_SIZE: undefined,
	};
}

export interface WebhookAnswer {
	status: number;
	/** The answer parsed as JSON, else its text. */
	body: unknown;
	text: string;
}

/** POSTs `body` as JSON and reads the answer (a webhook call). */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}, timeoutMs = 600_000): Promise<WebhookAnswer> {
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await res.text();
	let parsed: unknown = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		/* not JSON */
	}
	return { status: res.status, body: parsed, text };
}

/** An instance's `n8n start` process on a free loopback port (editor, REST API and webhooks at its `url`), not started yet. */
export async function mainProcess(instance: N8nInstance, env: Record<string, string | undefined>): Promise<N8nProcess> {
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	return new N8nProcess(
		'main',
		instance,
		['start'],
		n8nEnv(instance.userFolder, await freePort(), {
			...env,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			WEBHOOK_URL: `${url}/`,
			N8N_EDITOR_BASE_URL: url,
		}),
		/Editor is now accessible via/,
		url,
	);
}

export class QueueCluster {
	readonly workers: N8nProcess[] = [];
	readonly webhookBaseUrl: string;

	constructor(
		readonly services: QueueServices,
		readonly main: N8nProcess,
		readonly version: string,
		private readonly workerFactory: (index: number, spec: WorkerSpec) => Promise<N8nProcess>,
		readonly workflowIds: string[],
	) {
		this.webhookBaseUrl = `${main.url ?? ''}/webhook`;
	}

	/** Adds and starts a worker (e.g. one without the package). */
	async addWorker(spec: WorkerSpec = {}, start = true): Promise<N8nProcess> {
		const worker = await this.workerFactory(this.workers.length, spec);
		this.workers.push(worker);
		if (start) await worker.start();
		return worker;
	}

	/** POSTs JSON to a production webhook of the main (`/webhook/<path>`). */
	async webhook(webhookPath: string, body: unknown, timeoutMs = 600_000): Promise<WebhookAnswer> {
		return await postJson(`${this.webhookBaseUrl}/${webhookPath}`, body, {}, timeoutMs);
	}

	/** Execution records (execution_entity), oldest first, optionally of one workflow. */
	async executions(workflowId?: string): Promise<QueueExecution[]> {
		const where = workflowId ? `WHERE e."workflowId" = '${workflowId.replace(/'/g, "''")}'` : '';
		const rows = await this.services.query<QueueExecution & { id: string | number }>(
			`SELECT e.id::text AS id, e."workflowId", e.status, e.mode, e.finished, e."startedAt", e."stoppedAt", e."createdAt" FROM execution_entity e ${where} ORDER BY e.id`,
		);
		return rows.map((r) => ({ ...r, id: String(r.id) }));
	}

	/**
	 * Waits until `count` executions of the workflow exist and none of them is new, running or waiting.
	 * Returns them (oldest first).
	 */
	async waitForExecutions(workflowId: string, count: number, timeoutMs = 300_000): Promise<QueueExecution[]> {
		const until = Date.now() + timeoutMs;
		let last: QueueExecution[] = [];
		while (Date.now() < until) {
			last = await this.executions(workflowId);
			const done = last.filter((e) => !['new', 'running', 'waiting', 'unknown'].includes(e.status));
			if (last.length >= count && done.length === last.length) return last;
			await delay(250);
		}
		throw new Error(
			`waiting for ${count} finished executions of ${workflowId}: have ${last.map((e) => `${e.id}:${e.status}`).join(', ') || 'none'}`,
		);
	}

	/** The stored run of an execution (execution_data, flatted) as an ExecutionResult (nodeOutput, error, ...). */
	async executionResult(executionId: string): Promise<ExecutionResult> {
		const rows = await this.services.query<{ data: string; status: string }>(
			`SELECT d.data, e.status FROM execution_data d JOIN execution_entity e ON e.id = d."executionId" WHERE d."executionId" = ${Number(executionId)}`,
		);
		if (rows.length === 0) throw new Error(`execution ${executionId} has no stored data`);
		const data = parseFlatted(this.version, rows[0].data) as JsonObject;
		const run = { data, status: rows[0].status };
		// ExecutionResult reads a run the way `n8n execute --rawOutput` prints it (a pretty-printed JSON document)
		return new ExecutionResult(rows[0].status === 'success' ? 0 : 1, JSON.stringify(run, null, 2), '', 0);
	}

	/** Which worker (index) logged "Worker started execution <id>"; undefined when none did. */
	workerOf(executionId: string): number | undefined {
		const index = this.workers.findIndex((w) => w.startedExecutions().includes(executionId));
		return index === -1 ? undefined : index;
	}

	/** Execution id -> worker index, for every execution any worker started. */
	executionsByWorker(): Map<string, number> {
		const map = new Map<string, number>();
		this.workers.forEach((w, i) => {
			for (const id of w.startedExecutions()) map.set(id, i);
		});
		return map;
	}

	/** Stops the workers and the main and removes their user folders (services stay up: the caller owns them). */
	async close(): Promise<void> {
		await Promise.all(this.workers.map((w) => w.stop(5_000).catch(() => undefined)));
		await this.main.stop(10_000).catch(() => undefined);
		for (const w of this.workers) await w.instance.close();
		await this.main.instance.close();
	}
}

/**
 * Starts a queue-mode cluster: imports credentials and workflows into PostgreSQL (CLI of the main's install), publishes
 * the workflows, starts the main and the workers. Every process has its own user folder with the package extracted.
 */
export async function startQueueCluster(options: QueueClusterOptions): Promise<QueueCluster> {
	const version = options.version ?? QUEUE_N8N_VERSION;
	ensureN8n(version);
	const tarball = options.tarball ?? packProject();
	const bullPrefix = `bull${shortId(6)}`;
	const shared = { ...queueEnv(options.services, bullPrefix), ...(options.env ?? {}) };
	const concurrency = options.concurrency ?? 5;

	// main: its user folder also runs the CLI (import, publish); migrations run on the first command
	const mainInstance = await createN8n({ version, tarball, env: shared });
	try {
		await mainInstance.importCredentials(options.credentials ?? []); // the first command also runs the migrations
		const workflowIds = await importAndPublish(mainInstance, options.workflows ?? []);
		const main = await mainProcess(mainInstance, { ...shared, ...QUEUE_SERVER_ENV });
		const url = main.url!;

		const workerFactory = async (index: number, spec: WorkerSpec): Promise<N8nProcess> => {
			const withPackage = spec.withPackage ?? true;
			const instance = await createN8n({ version, tarball: withPackage ? tarball : undefined, env: shared });
			return new N8nProcess(
				`worker-${index + 1}`,
				instance,
				['worker', `--concurrency=${spec.concurrency ?? concurrency}`],
				n8nEnv(instance.userFolder, await freePort(), {
					...shared,
					...QUEUE_SERVER_ENV,
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				}),
				/n8n worker is now ready/,
			);
		};
		const cluster = new QueueCluster(options.services, main, version, workerFactory, workflowIds);
		const specs: WorkerSpec[] =
			typeof options.workers === 'number' || options.workers === undefined
				? Array.from({ length: options.workers ?? 2 }, () => ({}))
				: options.workers;
		for (const spec of specs) await cluster.addWorker(spec, false);
		try {
			// main and workers start side by side: workers only need PostgreSQL and Redis
			await Promise.all([
				(async () => {
					await main.start();
					await waitForHttp(`${url}/healthz/readiness`, 120_000);
					await waitForWebhooks(`${url}/webhook`, webhookRoutes(options.workflows ?? []), 120_000);
				})(),
				...(options.startWorkers === false ? [] : cluster.workers.map((w) => w.start())),
			]);
		} catch (error) {
			await cluster.close();
			throw error;
		}
		return cluster;
	} catch (error) {
		await mainInstance.close();
		throw error;
	}
}

/**
 * Imports the workflows in one `import:workflow --separate` and publishes each with `n8n publish:workflow --id` (the 2.x
 * replacement of activation; `update:workflow --active=true` on 1.x), so the main registers their production webhooks when it starts.
 */
export async function importAndPublish(instance: N8nInstance, workflows: WorkflowInput[]): Promise<string[]> {
	if (workflows.length === 0) return [];
	const dir = fs.mkdtempSync(path.join(instance.userFolder, 'workflows-'));
	const ids = workflows.map((wf) => (typeof wf.id === 'string' && wf.id ? wf.id : shortId(16)));
	workflows.forEach((wf, i) => {
		fs.writeFileSync(path.join(dir, `${ids[i]}.json`), JSON.stringify({ settings: {}, ...wf, id: ids[i], active: false }, null, 2));
	});
	const imported = await instance.command(['import:workflow', '--separate', `--input=${dir}`]);
	if (imported.exitCode !== 0) throw new Error(`import:workflow failed:\n${imported.stdout}\n${imported.stderr}`);
	await Promise.all(
		ids.map(async (id) => {
			// n8n 1.x has no publishing: activating the workflow registers its production webhooks
			const args = instance.version.startsWith('1.') ? ['update:workflow', `--id=${id}`, '--active=true'] : ['publish:workflow', `--id=${id}`];
			const published = await instance.command(args);
			// the command logs errors but may still exit 0
			if (published.exitCode !== 0 || /GOT ERROR/.test(published.stdout + published.stderr)) {
				throw new Error(`publish:workflow --id=${id} failed:\n${published.stdout}\n${published.stderr}`);
			}
		}),
	);
	return ids;
}

/** Method and path of every Webhook node in these workflows. */
export function webhookRoutes(workflows: WorkflowInput[]): Array<{ method: string; path: string }> {
	return workflows.flatMap((wf) =>
		(wf.nodes as Node[])
			.filter((node) => node.type === 'n8n-nodes-base.webhook' && typeof node.parameters?.path === 'string')
			.map((node) => ({ method: String(node.parameters?.httpMethod ?? 'GET'), path: String(node.parameters?.path) })),
	);
}

/**
 * Waits until the main serves these production webhooks. n8n 2.41 registers published workflows after it reports
 * ready (its workflow publication service works through an outbox in the background); 2.8 did it before. A CORS
 * preflight asks for the webhook without executing anything: 204 once it is registered, 404 before.
 */
export async function waitForWebhooks(baseUrl: string, routes: Array<{ method: string; path: string }>, timeoutMs: number): Promise<void> {
	const until = Date.now() + timeoutMs;
	for (const route of routes) {
		let status = 0;
		while (Date.now() < until) {
			try {
				const res = await fetch(`${baseUrl}/${route.path}`, {
					method: 'OPTIONS',
					headers: { origin: 'http://127.0.0.1', 'access-control-request-method': route.method },
					signal: AbortSignal.timeout(5000),
				});
				status = res.status;
				await res.arrayBuffer();
				if (status === 204 || status === 200) break;
			} catch {
				/* not answering yet */
			}
			await delay(250);
		}
		if (status !== 204 && status !== 200) {
			throw new Error(`the ${route.method} webhook "${route.path}" was not registered on the main within ${timeoutMs} ms (last answer ${status})`);
		}
	}
}

export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		try {
			const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
			if (res.ok) return;
		} catch {
			/* not up yet */
		}
		await delay(200);
	}
	throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

/** n8n stores run data with `flatted`; parse it with the copy n8n itself ships. */
export function parseFlatted(version: string, text: string): unknown {
	const req = createRequire(path.join(path.dirname(n8nBin(version)), '..', 'package.json'));
	const flatted = req('flatted') as { parse(text: string): unknown };
	return flatted.parse(text);
}

// ---------------------------------------------------------------------------------------------------------------
// Workflow helpers
// ---------------------------------------------------------------------------------------------------------------

type Node = JsonObject & { name: string; type: string; parameters?: JsonObject };

/** A copy of a workflow with a new id and name (ids must be unique in one database). */
export function cloneWorkflow(wf: WorkflowInput, id: string, name: string): WorkflowInput {
	const copy = JSON.parse(JSON.stringify(wf)) as WorkflowInput;
	copy.id = id;
	copy.name = name;
	return copy;
}

/**
 * Puts a production Webhook trigger (POST /webhook/<path>, answers at once) in front of `firstNode`, optionally with
 * extra nodes in between (`between`: nodes connected in a chain, webhook -> between[0] -> ... -> firstNode).
 * Every other node keeps its configuration.
 */
export function withWebhookTrigger(
	wf: WorkflowInput,
	opts: { path: string; firstNode: string; between?: Node[]; responseMode?: 'onReceived' | 'lastNode' },
): WorkflowInput {
	const copy = JSON.parse(JSON.stringify(wf)) as WorkflowInput & { nodes: Node[]; connections: Record<string, JsonObject> };
	const webhook: Node = {
		id: `wh-${shortId(8)}`,
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [-600, 600],
		webhookId: `${shortId(8)}-${shortId(4)}-${shortId(4)}-${shortId(4)}-${shortId(12)}`,
		parameters: { httpMethod: 'POST', path: opts.path, responseMode: opts.responseMode ?? 'onReceived', options: {} },
	};
	const chain = [webhook, ...(opts.between ?? [])];
	chain.forEach((node, i) => {
		if (i > 0) node.position = node.position ?? [-600 + i * 200, 600];
		const next = i + 1 < chain.length ? chain[i + 1].name : opts.firstNode;
		copy.connections[node.name] = { main: [[{ node: next, type: 'main', index: 0 }]] };
	});
	if (!(copy.nodes as Node[]).some((n) => n.name === opts.firstNode)) throw new Error(`no node "${opts.firstNode}" in ${wf.name}`);
	copy.nodes.push(...chain);
	return copy;
}

/** A Code node (JavaScript, run once for all items). */
export function codeNode(name: string, jsCode: string): Node {
	return {
		id: `code-${shortId(8)}`,
		name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [-400, 600],
		parameters: { jsCode },
	};
}

/** Replaces every e-mail node by a No Operation node (no SMTP server in tests), keeping names and connections. */
export function withoutEmail(wf: WorkflowInput): WorkflowInput {
	const copy = JSON.parse(JSON.stringify(wf)) as WorkflowInput & { nodes: Node[] };
	for (const node of copy.nodes) {
		if (node.type === 'n8n-nodes-base.emailSend') {
			node.type = 'n8n-nodes-base.noOp';
			node.typeVersion = 1;
			node.parameters = {};
			delete node.credentials;
		}
	}
	return copy;
}

export function readWorkflow(file: string): WorkflowInput {
	return JSON.parse(fs.readFileSync(path.resolve(PROJECT_ROOT, file), 'utf8')) as WorkflowInput;
}
