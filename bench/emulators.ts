/**
 * Emulator throughput: requests/second for one simple read per emulator at zero latency.
 *
 *   npx tsx bench/emulators.ts [--requests 6000] [--concurrency 16] [--only nmbrs,eboekhouden,nextens] [--in-process]
 *
 * Each emulator runs in its own child process (so server and load generator do not share one event loop);
 * the load comes from keep-alive node:http clients (an Agent with `concurrency` sockets), a bounded number
 * of requests after a warm-up. Target: >= 2,000 req/s per emulator on a 2-core machine.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as os from 'node:os';

import { startEmulator } from '../emulators/common/server';
import type { EmulatorService, RunningEmulator } from '../emulators/common/types';

type Name = 'nmbrs' | 'eboekhouden' | 'nextens';
const ALL: Name[] = ['nmbrs', 'eboekhouden', 'nextens'];
const TARGET = 2000;

async function loadService(name: Name): Promise<EmulatorService<unknown>> {
	switch (name) {
		case 'nmbrs':
			return (await import('../emulators/nmbrs')).nmbrsService as EmulatorService<unknown>;
		case 'eboekhouden':
			return (await import('../emulators/eboekhouden')).eboekhoudenService as EmulatorService<unknown>;
		case 'nextens':
			return (await import('../emulators/nextens')).nextensService as EmulatorService<unknown>;
	}
}

async function serve(name: Name): Promise<RunningEmulator<unknown>> {
	return startEmulator(await loadService(name), {
		port: 0,
		knobs: { latency: { fixedMs: 0, jitterMs: 0 }, rateLimit: { enabled: false }, service: name === 'nmbrs' ? { fairUse: { enabled: false } } : {} },
		maxLogEntries: 1000,
	});
}

// ---- the simple read per emulator ----------------------------------------------------------------

interface Probe {
	label: string;
	method: string;
	path: string;
	headers: Record<string, string>;
	body?: string;
	expectStatus: number;
}

function raw(agent: http.Agent, base: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
	return new Promise((resolve, reject) => {
		const u = new URL(base + path);
		const req = http.request(
			{ host: u.hostname, port: u.port, method, path: u.pathname + u.search, agent, headers: body ? { ...headers, 'content-length': String(Buffer.byteLength(body)) } : headers },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
				res.on('error', reject);
			},
		);
		req.on('error', reject);
		if (body) req.write(body);
		req.end();
	});
}

async function probeFor(name: Name, base: string, agent: http.Agent): Promise<Probe> {
	if (name === 'eboekhouden') {
		const s = await raw(agent, base, 'POST', '/v1/session', { 'content-type': 'application/json' }, JSON.stringify({ accessToken: 'demo-eboekhouden-token', source: 'bench' }));
		const token = (JSON.parse(s.text) as { token: string }).token;
		return { label: 'GET /v1/ledger?code=4000', method: 'GET', path: '/v1/ledger?code=4000&limit=1', headers: { authorization: token, accept: 'application/json' }, expectStatus: 200 };
	}
	if (name === 'nextens') {
		const headers = { authorization: 'Bearer demo-nextens-token', accept: 'application/json' };
		const list = await raw(agent, base, 'GET', '/api/v1/clients?limit=1', headers);
		const m = /"id"\s*:\s*"([^"]+)"/.exec(list.text);
		if (list.status === 200 && m) {
			return { label: 'GET /api/v1/clients/{id}', method: 'GET', path: `/api/v1/clients/${encodeURIComponent(m[1])}`, headers, expectStatus: 200 };
		}
		return { label: 'GET /api/v1/clients?limit=1', method: 'GET', path: '/api/v1/clients?limit=1', headers, expectStatus: 200 };
	}
	const ns = 'https://api.nmbrs.nl/soap/v3/CompanyService';
	const body =
		'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">' +
		`<soap:Header><AuthHeaderWithDomain xmlns="${ns}"><Username>payroll@voorbeeld.nl</Username><Token>demo-nmbrs-token</Token><Domain>voorbeeld</Domain></AuthHeaderWithDomain></soap:Header>` +
		`<soap:Body><List_GetAll xmlns="${ns}" /></soap:Body></soap:Envelope>`;
	return {
		label: 'CompanyService.List_GetAll',
		method: 'POST',
		path: '/soap/v3/CompanyService.asmx',
		headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${ns}/List_GetAll"` },
		body,
		expectStatus: 200,
	};
}

// ---- load ------------------------------------------------------------------------------------------

interface Result {
	name: Name;
	probe: string;
	requests: number;
	errors: number;
	seconds: number;
	rps: number;
	p50: number;
	p99: number;
	/** Server process CPU time per request (child-process mode): independent of other load on the machine. */
	serverCpuUsPerRequest?: number;
}

type CpuSampler = () => Promise<number>; // server CPU time so far, microseconds

function childCpu(child: ChildProcess): CpuSampler {
	return () =>
		new Promise((resolve) => {
			const on = (m: { cpuMicros?: number }): void => {
				if (typeof m.cpuMicros === 'number') {
					child.off('message', on);
					resolve(m.cpuMicros);
				}
			};
			child.on('message', on);
			child.send({ cpu: true });
		});
}

async function load(name: Name, base: string, requests: number, concurrency: number, cpu?: CpuSampler): Promise<Result> {
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	const probe = await probeFor(name, base, agent);
	const check = await raw(agent, base, probe.method, probe.path, probe.headers, probe.body);
	if (check.status !== probe.expectStatus) throw new Error(`${name}: probe ${probe.label} answered ${check.status}: ${check.text.slice(0, 300)}`);

	const run = async (n: number, lat?: number[]): Promise<number> => {
		let next = 0;
		let errors = 0;
		const worker = async (): Promise<void> => {
			while (next < n) {
				next++;
				const t0 = process.hrtime.bigint();
				try {
					const r = await raw(agent, base, probe.method, probe.path, probe.headers, probe.body);
					if (r.status !== probe.expectStatus) errors++;
				} catch {
					errors++;
				}
				if (lat) lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
			}
		};
		await Promise.all(Array.from({ length: concurrency }, worker));
		return errors;
	};
	await run(Math.min(500, Math.ceil(requests / 5))); // warm-up (JIT, sockets)
	const lat: number[] = [];
	const cpu0 = cpu ? await cpu() : 0;
	const t0 = process.hrtime.bigint();
	const errors = await run(requests, lat);
	const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
	const cpuMicros = cpu ? (await cpu()) - cpu0 : undefined;
	agent.destroy();
	lat.sort((a, b) => a - b);
	return {
		name,
		probe: probe.label,
		requests,
		errors,
		seconds,
		rps: requests / seconds,
		p50: lat[Math.floor(lat.length * 0.5)],
		p99: lat[Math.floor(lat.length * 0.99)],
		serverCpuUsPerRequest: cpuMicros === undefined ? undefined : cpuMicros / requests,
	};
}

// ---- child-process server ------------------------------------------------------------------------

function startChild(name: Name): Promise<{ child: ChildProcess; url: string }> {
	return new Promise((resolve, reject) => {
		const child = fork(__filename, ['--serve', name], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
		child.once('message', (m: { url?: string; error?: string }) => (m.url ? resolve({ child, url: m.url }) : reject(new Error(m.error))));
		child.once('exit', (code) => reject(new Error(`${name} server exited with ${code}`)));
	});
}

function arg(flag: string, fallback?: string): string | undefined {
	const i = process.argv.indexOf(flag);
	return i >= 0 ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
	const serveName = arg('--serve') as Name | undefined;
	if (serveName) {
		try {
			const em = await serve(serveName);
			process.send?.({ url: em.url });
			process.on('message', (m: { cpu?: boolean }) => {
				if (m.cpu) {
					const u = process.cpuUsage();
					process.send?.({ cpuMicros: u.user + u.system });
				}
			});
			process.on('disconnect', () => void em.close().then(() => process.exit(0)));
		} catch (error) {
			process.send?.({ error: (error as Error).message });
			process.exit(1);
		}
		return;
	}
	const requests = Number(arg('--requests', '6000'));
	const concurrency = Number(arg('--concurrency', '16'));
	const only = (arg('--only', ALL.join(',')) as string).split(',') as Name[];
	const inProcess = process.argv.includes('--in-process');

	console.log(`Emulator throughput at zero latency: ${requests} requests per emulator, ${concurrency} keep-alive clients, ${os.cpus().length} CPU(s), Node ${process.version}, server ${inProcess ? 'in-process' : 'in a child process'}`);
	const results: Result[] = [];
	const failures: string[] = [];
	for (const name of only) {
		let child: ChildProcess | undefined;
		let em: RunningEmulator<unknown> | undefined;
		try {
			let url: string;
			if (inProcess) {
				em = await serve(name);
				url = em.url;
			} else {
				const c = await startChild(name);
				child = c.child;
				url = c.url;
			}
			results.push(await load(name, url, requests, concurrency, child ? childCpu(child) : undefined));
		} catch (error) {
			failures.push(`${name}: ${(error as Error).message}`);
		} finally {
			if (em) await em.close();
			if (child) {
				child.removeAllListeners('exit');
				child.disconnect();
				child.kill();
			}
		}
	}
	const rows = results.map((r) => [
		r.name,
		r.probe,
		String(r.requests),
		String(r.errors),
		r.seconds.toFixed(2),
		Math.round(r.rps).toLocaleString('en-US'),
		r.p50.toFixed(2),
		r.p99.toFixed(2),
		r.serverCpuUsPerRequest === undefined ? '-' : r.serverCpuUsPerRequest.toFixed(0),
		r.serverCpuUsPerRequest === undefined ? '-' : Math.round(1e6 / r.serverCpuUsPerRequest).toLocaleString('en-US'),
		r.rps >= TARGET && r.errors === 0 ? 'yes' : 'NO',
	]);
	const head = ['emulator', 'read', 'requests', 'errors', 'seconds', 'req/s', 'p50 ms', 'p99 ms', 'server CPU us/req', 'req/s per server core', `>= ${TARGET}`];
	const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
	console.log(line(head));
	console.log(widths.map((w) => '-'.repeat(w)).join('  '));
	for (const r of rows) console.log(line(r));
	for (const f of failures) console.log(`FAILED ${f}`);
	console.log(`Load average now: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (req/s is wall clock and drops when other processes share the CPUs; 'req/s per server core' = 1e6 / server CPU us per request)`);
	process.exitCode = failures.length || results.some((r) => r.rps < TARGET || r.errors) ? 1 : 0;
}

void main();
