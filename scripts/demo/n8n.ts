/**
 * The pinned n8n the demo runs: where it is installed, the environment it gets, its CLI (imports) and the
 * server process (start, wait until it answers, stop), plus the headless owner set-up and login check.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { DEMO_ENCRYPTION_KEY, DEMO_LOGIN } from '../../demo/login';
import { pinnedNodeRuntime, withNodeOnPath } from '../n8n-runtime';
import { delay, processAlive, run, runOrThrow, tail } from './util';

/** Used when tools/n8n/ has no pinned 2.x (it should: the newest pinned 2.x is the pack's primary target). */
export const FALLBACK_N8N_VERSION = '2.41.1';

/** The newest n8n 2.x the harness pins (a folder tools/n8n/<version> with a manifest and lock file). */
export function demoN8nVersion(root: string): string {
	const dir = path.join(root, 'tools', 'n8n');
	const pinned = fs.existsSync(dir)
		? fs.readdirSync(dir).filter((name) => /^2\.\d+\.\d+$/.test(name) && fs.existsSync(path.join(dir, name, 'package-lock.json')))
		: [];
	const key = (version: string): number[] => version.split('.').map(Number);
	pinned.sort((a, b) => {
		const [x, y] = [key(a), key(b)];
		return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
	});
	return pinned.pop() ?? FALLBACK_N8N_VERSION;
}

export interface N8nSetup {
	/** Folder holding node_modules/n8n (the harness cache .tools/n8n/<version>, or DEMO_N8N_HOME). */
	home: string;
	/** The node binary this n8n runs on (scripts/n8n-runtime.ts: Node 24 for current n8n). */
	node: string;
	/** N8N_USER_FOLDER: n8n keeps .n8n/ (SQLite database, config, nodes/) below it. */
	userFolder: string;
	port: number;
	runnerBrokerPort: number;
	logFile: string;
}

export function n8nBinary(home: string): string {
	return path.join(home, 'node_modules', 'n8n', 'bin', 'n8n');
}

/**
 * Installs the pinned n8n into the harness cache unless it is already there (the install script checks). A first
 * install takes minutes: the script states how long up front and reports its progress, which is shown here.
 */
export async function ensureN8nInstalled(root: string, version: string, log: (line: string) => void): Promise<string> {
	const override = process.env.DEMO_N8N_HOME;
	if (override) {
		if (!fs.existsSync(n8nBinary(override))) throw new Error(`DEMO_N8N_HOME=${override} holds no node_modules/n8n`);
		return override;
	}
	const home = path.join(root, '.tools', 'n8n', version);
	const stamp = path.join(home, '.install-stamp');
	const first = !fs.existsSync(stamp) || !fs.existsSync(n8nBinary(home));
	if (first) {
		const runtime = pinnedNodeRuntime(version, root);
		log(`first start: installing n8n ${version}${runtime ? ` and the Node.js ${runtime} it runs on` : ''} (once; the pack is built meanwhile)`);
	}
	await runOrThrow(`installing n8n ${version}`, 'bash', [path.join(root, 'scripts', 'install-n8n.sh'), version], {
		cwd: root,
		env: { ...process.env, N8N_INSTALL_PROGRESS_SECONDS: process.env.N8N_INSTALL_PROGRESS_SECONDS ?? '20' },
		echo: first,
		echoLine: (line) => {
			if (line.trim()) log(line.replace(/^install-n8n: /, ''));
		},
		group: true,
	});
	return home;
}

export function n8nEnv(setup: N8nSetup): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env };
	// Never inherit another n8n's settings from the caller's shell.
	for (const key of Object.keys(env)) {
		if (key.startsWith('N8N_') || key.startsWith('DB_') || key === 'EXECUTIONS_MODE') delete env[key];
	}
	return withNodeOnPath(setup.node, {
		...env,
		N8N_USER_FOLDER: setup.userFolder,
		N8N_ENCRYPTION_KEY: DEMO_ENCRYPTION_KEY,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(setup.port),
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${setup.port}`,
		WEBHOOK_URL: `http://127.0.0.1:${setup.port}/`,
		N8N_SECURE_COOKIE: 'false',
		GENERIC_TIMEZONE: 'Europe/Amsterdam',
		TZ: 'Europe/Amsterdam',
		DB_TYPE: 'sqlite',
		// No network: nothing that phones home or fetches from n8n.io.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_COMMUNITY_PACKAGES_PREVENT_LOADING: 'false',
		// n8n 2.x warns that this default turns false (off by default from n8n 3.0). Until the pack is verified,
		// a user's n8n needs it to install the pack from Settings > Community Nodes; the demo sets it the same way.
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_RUNNERS_BROKER_PORT: String(setup.runnerBrokerPort),
		N8N_LOG_LEVEL: 'info',
		// Templates and the demo keep every execution, so a user can open them under "Executions".
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		SCARF_ANALYTICS: 'false',
		DO_NOT_TRACK: '1',
	});
}

/** Runs an n8n CLI command (import:credentials, import:workflow, ...) to completion. */
export async function n8nCli(setup: N8nSetup, args: string[]): Promise<string> {
	const result = await run(setup.node, [n8nBinary(setup.home), ...args], {
		cwd: setup.userFolder,
		env: n8nEnv(setup),
	});
	fs.appendFileSync(setup.logFile, `\n$ n8n ${args.join(' ')}\n${result.output}`);
	if (result.code !== 0) throw new Error(`n8n ${args[0]} failed (exit ${result.code}):\n${tail(result.output, 30)}`);
	return result.output;
}

export interface N8nServer {
	child: ChildProcess;
	url: string;
	stop(): Promise<void>;
}

const PID_FILE = 'n8n.pid';

/** Stops an n8n left behind by a demo that was killed hard (its pid file is still there). */
export async function stopStaleServer(demoDir: string, log: (line: string) => void): Promise<void> {
	const pidFile = path.join(demoDir, PID_FILE);
	if (!fs.existsSync(pidFile)) return;
	const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
	fs.rmSync(pidFile, { force: true });
	if (!Number.isInteger(pid) || pid <= 1 || !processAlive(pid)) return;
	let cmdline = '';
	try {
		cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
	} catch {
		return;
	}
	if (!cmdline.includes('n8n')) return;
	log(`stopping the n8n a previous demo left running (pid ${pid}) ...`);
	await killGroup(pid, 20_000);
}

async function killGroup(pid: number, graceMs: number): Promise<void> {
	const signal = (sig: NodeJS.Signals): void => {
		try {
			process.kill(-pid, sig);
		} catch {
			try {
				process.kill(pid, sig);
			} catch {
				/* gone */
			}
		}
	};
	signal('SIGTERM');
	const until = Date.now() + graceMs;
	while (processAlive(pid) && Date.now() < until) await delay(100);
	if (processAlive(pid)) signal('SIGKILL');
	// The task runner child shares the process group; make sure nothing of it stays.
	signal('SIGKILL');
}

/**
 * Starts `n8n start` in its own process group (so Ctrl-C reaches only the demo, which then stops n8n in order)
 * with its output in the log file. A hard exit of the demo still kills it (exit hook), and a pid file lets the
 * next start clean up after a `kill -9`.
 */
export function startServer(setup: N8nSetup, demoDir: string): N8nServer {
	const log = fs.openSync(setup.logFile, 'a');
	const child = spawn(setup.node, [n8nBinary(setup.home), 'start'], {
		cwd: setup.userFolder,
		env: n8nEnv(setup),
		stdio: ['ignore', log, log],
		detached: true,
	});
	fs.closeSync(log);
	const pidFile = path.join(demoDir, PID_FILE);
	if (child.pid) fs.writeFileSync(pidFile, `${child.pid}\n`);
	const onExit = (): void => {
		if (child.pid && child.exitCode === null) {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
		}
	};
	process.on('exit', onExit);
	let stopping: Promise<void> | undefined;
	return {
		child,
		url: `http://127.0.0.1:${setup.port}`,
		stop: () => {
			stopping ??= (async () => {
				if (child.pid && child.exitCode === null && child.signalCode === null) await killGroup(child.pid, 20_000);
				process.off('exit', onExit);
				fs.rmSync(pidFile, { force: true });
			})();
			return stopping;
		},
	};
}

/** Waits until the editor's REST API answers (the server is up, migrations done, nodes loaded). */
export async function waitUntilReady(server: N8nServer, logFile: string, timeoutMs: number): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		if (server.child.exitCode !== null || server.child.signalCode !== null) {
			const logText = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
			throw new Error(`n8n stopped while starting (exit ${server.child.exitCode ?? server.child.signalCode}):\n${tail(logText, 30)}`);
		}
		// While n8n starts, the port may already answer with a holding page; ready means the settings as JSON.
		if ((await publicSettings(server.url)) !== undefined) return;
		await delay(250);
	}
	throw new Error(`n8n did not answer on ${server.url} within ${Math.round(timeoutMs / 1000)} s (see ${logFile})`);
}

interface PublicSettings {
	userManagement?: { showSetupOnFirstLoad?: boolean };
}

/** n8n's public settings, or undefined while it is not (fully) up. */
async function publicSettings(baseUrl: string): Promise<PublicSettings | undefined> {
	try {
		const response = await fetch(`${baseUrl}/rest/settings`, { signal: AbortSignal.timeout(5000) });
		if (!response.ok) return undefined;
		const body = JSON.parse(await response.text()) as { data?: PublicSettings };
		return body && typeof body.data === 'object' && body.data !== null && body.data.userManagement ? body.data : undefined;
	} catch {
		return undefined;
	}
}

/** Creates the owner account with the documented demo login if n8n still asks for one. Returns true if it did. */
export async function ensureOwner(baseUrl: string): Promise<boolean> {
	let settings: PublicSettings | undefined;
	for (let attempt = 0; attempt < 40 && settings === undefined; attempt++) {
		settings = await publicSettings(baseUrl);
		if (settings === undefined) await delay(250);
	}
	if (settings === undefined) throw new Error(`n8n on ${baseUrl} does not answer /rest/settings with its settings`);
	if (settings.userManagement?.showSetupOnFirstLoad === false) return false;
	const response = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(DEMO_LOGIN),
	});
	if (!response.ok) {
		throw new Error(`setting up the n8n owner account failed: HTTP ${response.status} ${await response.text()}`);
	}
	return true;
}

/** Signs in with the demo login; returns the session cookie for further REST calls. */
export async function login(baseUrl: string): Promise<string> {
	const response = await fetch(`${baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: DEMO_LOGIN.email, password: DEMO_LOGIN.password }),
	});
	if (!response.ok) {
		throw new Error(
			`signing in as ${DEMO_LOGIN.email} failed: HTTP ${response.status}. ` +
				'The demo database has another owner; run `npm start -- --reset` for a fresh demo.',
		);
	}
	const cookie = response.headers.getSetCookie().find((value) => value.startsWith('n8n-auth='));
	if (!cookie) throw new Error('n8n answered the login without a session cookie');
	return cookie.split(';')[0];
}

export async function restGet<T>(baseUrl: string, cookie: string, pathAndQuery: string): Promise<T> {
	const response = await fetch(`${baseUrl}${pathAndQuery}`, { headers: { cookie } });
	if (!response.ok) throw new Error(`GET ${pathAndQuery}: HTTP ${response.status}`);
	return (await response.json()) as T;
}
