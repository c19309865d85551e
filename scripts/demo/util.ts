/** Small process, file and HTTP helpers for the demo (Node built-ins only). */
import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export function sha256(data: string | Buffer): string {
	return crypto.createHash('sha256').update(data).digest('hex');
}

export function sha256File(file: string): string {
	return sha256(fs.readFileSync(file));
}

/** A hash over every file under the given paths (relative names + contents), in a stable order. */
export function hashTree(root: string, entries: string[]): string {
	const hash = crypto.createHash('sha256');
	const walk = (rel: string): void => {
		const abs = path.join(root, rel);
		if (!fs.existsSync(abs)) return;
		const stat = fs.statSync(abs);
		if (stat.isDirectory()) {
			for (const name of fs.readdirSync(abs).sort()) walk(path.join(rel, name));
		} else {
			hash.update(`${rel}\0`);
			hash.update(fs.readFileSync(abs));
			hash.update('\0');
		}
	};
	for (const entry of entries) walk(entry);
	return hash.digest('hex');
}

export function readJson<T>(file: string, fallback: T): T {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
	} catch {
		return fallback;
	}
}

export function writeJson(file: string, value: unknown): void {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	const tmp = `${file}.${process.pid}.tmp`;
	fs.writeFileSync(tmp, `${JSON.stringify(value, null, '\t')}\n`);
	fs.renameSync(tmp, file);
}

/**
 * Children started by run(): killed when the demo process exits, so an interrupted start leaves nothing behind
 * (a detached child with its whole process group: the n8n install's npm, node-gyp and compilers).
 */
const runningChildren = new Map<ReturnType<typeof spawn>, { group: boolean }>();
process.on('exit', () => {
	for (const [child, { group }] of runningChildren) {
		try {
			if (group && child.pid) process.kill(-child.pid, 'SIGKILL');
			else child.kill('SIGKILL');
		} catch {
			/* gone */
		}
	}
});

export interface RunResult {
	code: number;
	output: string;
}

export interface RunOptions {
	cwd: string;
	env?: NodeJS.ProcessEnv;
	/** Echo the output as it comes (each line through `echoLine` when given). */
	echo?: boolean;
	echoLine?: (line: string) => void;
	/** Own process group, killed as a whole when the demo exits (for commands that start many processes). */
	group?: boolean;
}

/** Runs a command to completion; output is collected (and echoed when `echo` is set). */
export function run(command: string, args: string[], opts: RunOptions): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: opts.cwd,
			env: opts.env ?? process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: opts.group ?? false,
		});
		runningChildren.set(child, { group: opts.group ?? false });
		let output = '';
		let partial = '';
		const onData = (chunk: Buffer): void => {
			output += chunk.toString();
			if (!opts.echo) return;
			if (!opts.echoLine) {
				process.stdout.write(chunk);
				return;
			}
			const lines = (partial + chunk.toString()).split('\n');
			partial = lines.pop() ?? '';
			for (const line of lines) opts.echoLine(line);
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.on('error', (error) => {
			runningChildren.delete(child);
			reject(error);
		});
		child.on('close', (code) => {
			runningChildren.delete(child);
			if (opts.echo && opts.echoLine && partial) opts.echoLine(partial);
			resolve({ code: code ?? 1, output });
		});
	});
}

export async function runOrThrow(what: string, command: string, args: string[], opts: RunOptions): Promise<string> {
	const result = await run(command, args, opts);
	if (result.code !== 0) {
		throw new Error(`${what} failed (exit ${result.code}):\n${tail(result.output, 40)}`);
	}
	return result.output;
}

export function tail(text: string, lines: number): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** True when something accepts TCP connections on host:port. */
export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host });
		socket.setTimeout(1000);
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('timeout', () => {
			socket.destroy();
			resolve(false);
		});
		socket.once('error', () => resolve(false));
	});
}

/** A free TCP port on 127.0.0.1 (for tests that run a second demo next to a running one). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function seconds(sinceMs: number): string {
	return `${((Date.now() - sinceMs) / 1000).toFixed(1)} s`;
}

/** True when a process with this pid exists (signal 0 probe). */
export function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
