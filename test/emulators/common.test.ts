import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import * as cli from '../../emulators/cli';
import { deepMerge, Prng } from '../../emulators/common';
import { closeCounters, closeWithCounters, startCounter } from './counterService';

const start = startCounter;
afterEach(closeCounters);

async function statusOf(url: string, init?: RequestInit): Promise<number> {
	const res = await fetch(url, init);
	await res.arrayBuffer();
	return res.status;
}

describe('PRNG and deep merge', () => {
	it('gives the same sequence for the same seed and a different one for another seed', () => {
		const a = new Prng(42);
		const b = new Prng(42);
		const c = new Prng(43);
		const sa = Array.from({ length: 20 }, () => a.next());
		const sb = Array.from({ length: 20 }, () => b.next());
		const sc = Array.from({ length: 20 }, () => c.next());
		expect(sa).toEqual(sb);
		expect(sa).not.toEqual(sc);
		expect(sa.every((x) => x >= 0 && x < 1)).toBe(true);
	});

	it('merges objects deeply, replaces arrays and scalars, ignores undefined, does not mutate inputs', () => {
		const base = { a: { b: 1, c: [1, 2] }, d: 'x' };
		const out = deepMerge(base, { a: { c: [3] }, d: undefined, e: true });
		expect(out).toEqual({ a: { b: 1, c: [3] }, d: 'x', e: true });
		expect(base).toEqual({ a: { b: 1, c: [1, 2] }, d: 'x' });
	});
});

describe('emulator host', () => {
	it('serves the service on a free port and logs requests with counts per operation', async () => {
		const em = await start();
		expect(em.port).toBeGreaterThan(0);
		expect(em.url).toBe(`http://127.0.0.1:${em.port}`);
		expect(await statusOf(`${em.url}/count`)).toBe(200);
		expect(await statusOf(`${em.url}/count`, { method: 'POST', body: 'x' })).toBe(201);
		expect(await statusOf(`${em.url}/count`)).toBe(200);
		const log = em.requests();
		expect(log.total).toBe(3);
		expect(log.byOperation).toEqual({ 'GET /count': 2, 'POST /count': 1 });
		expect(log.entries.map((e) => [e.method, e.status, e.outcome])).toEqual([
			['GET', 200, 'ok'],
			['POST', 201, 'ok'],
			['GET', 200, 'ok'],
		]);
		em.clearRequests();
		expect(em.requests().total).toBe(0);
	});

	it('passes the raw query and the parsed query to the service', async () => {
		const em = await start();
		const res = await fetch(`${em.url}/echo?q%5Blike%5D=a%25&q=b`);
		expect(await res.json()).toEqual({ query: 'q%5Blike%5D=a%25&q=b', q: 'b' });
	});

	it('adds fixed latency plus bounded jitter', async () => {
		const em = await start({ knobs: { latency: { fixedMs: 150, jitterMs: 50 } } });
		for (let i = 0; i < 3; i++) {
			const t0 = Date.now();
			expect(await statusOf(`${em.url}/count`)).toBe(200);
			const took = Date.now() - t0;
			expect(took).toBeGreaterThanOrEqual(145);
			expect(took).toBeLessThan(600);
		}
		// admin calls are never delayed
		const t0 = Date.now();
		await statusOf(`${em.url}/__admin/knobs`);
		expect(Date.now() - t0).toBeLessThan(100);
	});

	it('rate limits with 429 and an integer Retry-After >= 1, and refills over time', async () => {
		const em = await start({ knobs: { rateLimit: { enabled: true, requestsPerSecond: 2, burst: 3 } } });
		const statuses: number[] = [];
		let retryAfter: string | null = null;
		for (let i = 0; i < 5; i++) {
			const res = await fetch(`${em.url}/count`);
			statuses.push(res.status);
			if (res.status === 429) {
				retryAfter = res.headers.get('retry-after');
				expect(await res.json()).toEqual({ retryAfter: Number(retryAfter) });
			} else await res.arrayBuffer();
		}
		expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
		expect(statuses.slice(3)).toEqual([429, 429]);
		expect(retryAfter).toMatch(/^\d+$/);
		expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
		expect(em.requests().entries.filter((e) => e.outcome === 'rate-limited')).toHaveLength(2);
		await new Promise((r) => setTimeout(r, 600));
		expect(await statusOf(`${em.url}/count`)).toBe(200);
		// admin calls are not rate limited
		for (let i = 0; i < 5; i++) expect(await statusOf(`${em.url}/__admin/state`)).toBe(200);
	});

	it('gives a burst of N faults, counting down, then answers normally', async () => {
		const em = await start();
		em.setKnobs({ faults: { burst: 2 } });
		expect(await statusOf(`${em.url}/count`)).toBe(503);
		// admin calls are never faulted and do not consume the burst
		expect(await statusOf(`${em.url}/__admin/state`)).toBe(200);
		expect(em.knobs.faults.burst).toBe(1);
		expect(await statusOf(`${em.url}/count`)).toBe(503);
		expect(await statusOf(`${em.url}/count`)).toBe(200);
		expect(em.knobs.faults.burst).toBe(0);
		expect(em.requests().entries.map((e) => e.outcome)).toEqual(['fault', 'fault', 'ok']);
	});

	it('reproduces the same fault sequence for the same seed', async () => {
		const em = await start({ knobs: { faults: { seed: 7, errorRate: 0.5 } } });
		const run = async (): Promise<number[]> => {
			const out: number[] = [];
			for (let i = 0; i < 24; i++) out.push(await statusOf(`${em.url}/count`));
			return out;
		};
		const first = await run();
		expect(first).toContain(503);
		expect(first).toContain(200);
		em.setKnobs({ faults: { seed: 7 } }); // re-seeding restarts the sequence
		expect(await run()).toEqual(first);
		const other = await start({ knobs: { faults: { seed: 7, errorRate: 0.5 } } });
		const seq: number[] = [];
		for (let i = 0; i < 24; i++) seq.push(await statusOf(`${other.url}/count`));
		expect(seq).toEqual(first);
		em.setKnobs({ faults: { seed: 8 } });
		expect(await run()).not.toEqual(first);
	});

	it('applies faults only to the listed operations', async () => {
		const em = await start({ knobs: { faults: { errorRate: 1, operations: ['POST /count'] } } });
		expect(await statusOf(`${em.url}/count`)).toBe(200);
		expect(await statusOf(`${em.url}/count`, { method: 'POST', body: '1' })).toBe(503);
		expect(em.state.n).toBe(0);
	});

	it('hangs until the client gives up, and close() still returns promptly', async () => {
		const em = await start({ knobs: { faults: { hangRate: 1 } } });
		const t0 = Date.now();
		await expect(fetch(`${em.url}/count`, { signal: AbortSignal.timeout(300) })).rejects.toThrow(/timeout|abort/i);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
		expect(em.requests().entries[0]).toMatchObject({ outcome: 'hang', status: 0 });
		// a second hanging request with no client timeout: close() must destroy it
		const pending = fetch(`${em.url}/count`).then(
			() => 'answered',
			() => 'failed',
		);
		await new Promise((r) => setTimeout(r, 100));
		const c0 = Date.now();
		await em.close();
		expect(Date.now() - c0).toBeLessThan(1000);
		expect(await pending).toBe('failed');
	});

	it('resets the connection without a response', async () => {
		const em = await start({ knobs: { faults: { resetRate: 1 } } });
		const err = await fetch(`${em.url}/count`).then(
			() => undefined,
			(e: Error & { cause?: { code?: string; message?: string } }) => e,
		);
		expect(err).toBeDefined();
		expect(String(err?.cause?.code ?? err?.cause?.message)).toMatch(/ECONNRESET|UND_ERR_SOCKET|other side closed/i);
		expect(em.requests().entries[0]).toMatchObject({ outcome: 'reset', status: 0 });
		em.setKnobs({ faults: { resetRate: 0 } });
		expect(await statusOf(`${em.url}/count`)).toBe(200);
	});

	it('can handle a request and then lose the response (lostResponseRate)', async () => {
		const em = await start({ knobs: { faults: { lostResponseRate: 1, operations: ['POST /count'] } } });
		await expect(fetch(`${em.url}/count`, { method: 'POST', body: 'x' })).rejects.toThrow();
		expect(em.state.n).toBe(1); // committed although the client never got an answer
		expect(em.requests().entries[0]).toMatchObject({ outcome: 'lost-response', status: 201 });
		expect(await statusOf(`${em.url}/count`)).toBe(200);
	});

	it('persists state to the file before answering and reloads it after a restart', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-state-'));
		const file = path.join(dir, 'sub', 'counter.json');
		const em = await start({ stateFile: file, seed: { n: 5 } });
		expect(fs.existsSync(file)).toBe(true);
		const res = await fetch(`${em.url}/count`, { method: 'POST', body: 'a' });
		expect(await res.json()).toEqual({ n: 6 });
		// written before the response went out
		expect(JSON.parse(fs.readFileSync(file, 'utf8')).state).toEqual({ n: 6, items: ['a'] });
		await em.close();
		expect(fs.readdirSync(path.dirname(file))).toEqual(['counter.json']); // no temp files left behind

		const again = await start({ stateFile: file, seed: { n: 0 } }); // the file wins over the seed
		expect(await (await fetch(`${again.url}/count`)).json()).toMatchObject({ n: 6 });
		await fetch(`${again.url}/count`, { method: 'POST', body: 'b' }).then((r) => r.arrayBuffer());
		await again.close();
		const third = await start({ stateFile: file, fsync: true });
		expect(third.state).toEqual({ n: 7, items: ['a', 'b'] });
		await fetch(`${third.url}/count`, { method: 'POST', body: 'c' }).then((r) => r.arrayBuffer());
		expect(JSON.parse(fs.readFileSync(file, 'utf8')).state.n).toBe(8);
	});

	it('refuses a state file of another service', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-state-'));
		const file = path.join(dir, 'x.json');
		fs.writeFileSync(file, JSON.stringify({ format: 'nl-accountancy-emulator-state', version: 1, service: 'nmbrs', state: {} }));
		await expect(start({ stateFile: file })).rejects.toThrow(/does not hold nextens/);
	});

	it('offers the admin API: state, requests, knobs, reset and service routes, none of it logged', async () => {
		const em = await start();
		const admin = `${em.url}/__admin`;
		await fetch(`${em.url}/count`, { method: 'POST', body: 'z' }).then((r) => r.arrayBuffer());

		expect(await (await fetch(`${admin}/state`)).json()).toEqual({ count: 1, items: ['z'] });
		const knobs = await (await fetch(`${admin}/knobs`)).json();
		expect(knobs).toMatchObject({ latency: { fixedMs: 0, jitterMs: 0 }, service: { flavour: 'plain', nested: { a: 1, b: 2 } } });

		const patched = await fetch(`${admin}/knobs`, {
			method: 'PATCH',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ service: { flavour: 'spicy', nested: { b: 3 } }, latency: { jitterMs: 0 } }),
		});
		expect(patched.status).toBe(200);
		expect(await patched.json()).toMatchObject({ service: { flavour: 'spicy', nested: { a: 1, b: 3 } } });
		expect(await (await fetch(`${em.url}/count`)).json()).toEqual({ n: 1, flavour: 'spicy' });
		expect(em.knobs.service.flavour).toBe('spicy');

		expect((await fetch(`${admin}/knobs`, { method: 'PATCH', body: '[1]' })).status).toBe(400);

		const bump = await fetch(`${admin}/service/bump`, { method: 'POST' });
		expect(await bump.json()).toEqual({ n: 101 });
		expect((await fetch(`${admin}/service/unknown`)).status).toBe(404);
		expect((await fetch(`${admin}/nothing`)).status).toBe(404);

		const log = (await (await fetch(`${admin}/requests`)).json()) as { total: number; byOperation: unknown };
		expect(log.total).toBe(2);
		expect(log.byOperation).toEqual({ 'POST /count': 1, 'GET /count': 1 });
		expect((await fetch(`${admin}/requests`, { method: 'DELETE' })).status).toBe(204);
		expect(((await (await fetch(`${admin}/requests`)).json()) as { total: number }).total).toBe(0);

		const reset = await fetch(`${admin}/reset`, { method: 'POST', body: JSON.stringify({ n: 40 }) });
		expect(reset.status).toBe(200);
		expect(em.state).toEqual({ n: 40, items: [] });
		await fetch(`${admin}/reset`, { method: 'POST' }).then((r) => r.arrayBuffer());
		expect(em.state).toEqual({ n: 0, items: [] });
		expect((await fetch(`${admin}/reset`, { method: 'POST', body: '{bad' })).status).toBe(400);
		expect(em.requests().total).toBe(0);
	});

	it('setKnobs and reset() work programmatically', async () => {
		const em = await start({ knobs: { service: { flavour: 'a' } } });
		expect(em.knobs.service).toEqual({ flavour: 'a', nested: { a: 1, b: 2 } });
		em.setKnobs({ faults: { operations: ['GET /count'], errorRate: 1 } });
		expect(await statusOf(`${em.url}/count`)).toBe(503);
		em.setKnobs({ faults: { errorRate: 0 } });
		expect(em.knobs.faults.operations).toEqual(['GET /count']);
		em.reset({ n: 3 });
		expect(em.state.n).toBe(3);
	});
});

describe('emulators CLI', () => {
	it('parses the documented options', () => {
		const o = cli.parseArgs(['--seed', 's.json', '--state-dir=st', '--latency', '40', '--jitter', '10', '--host', '0.0.0.0', '--eboekhouden-port', '6102', '--only', 'eboekhouden,nextens']);
		expect(o).toEqual({
			seedFile: 's.json',
			stateDir: 'st',
			latencyMs: 40,
			jitterMs: 10,
			host: '0.0.0.0',
			ports: { nmbrs: 5101, eboekhouden: 6102, nextens: 5103 },
			only: ['eboekhouden', 'nextens'],
			nextensRateLimit: true,
			faults: {},
		});
		expect(cli.parseArgs([]).ports).toEqual({ nmbrs: 5101, eboekhouden: 5102, nextens: 5103 });
		expect(() => cli.parseArgs(['--latency', '-1'])).toThrow(/non-negative/);
		expect(() => cli.parseArgs(['--only', 'exact'])).toThrow(/unknown emulator/);
		expect(() => cli.parseArgs(['--bogus'])).toThrow(/unknown option/);
	});

	it('parses the fault flags and the Nextens rate-limit switch', () => {
		const o = cli.parseArgs(['--state-dir', 'st', '--fault-seed', '9', '--rate-limited-rate', '0.25', '--retry-after', '3', '--restart-after', '40', '--no-nextens-rate-limit']);
		expect(o).toMatchObject({ nextensRateLimit: false, faults: { seed: 9, rateLimitedRate: 0.25, retryAfterSeconds: 3, restartAfter: 40 } });
		expect(cli.cliKnobs(o, 'nextens')).toEqual({ latency: { fixedMs: 0, jitterMs: 0 }, faults: o.faults });
		expect(() => cli.parseArgs(['--restart-after', '5'])).toThrow(/--restart-after needs --state-dir/);
		expect(() => cli.parseArgs(['--state-dir', 'st', '--restart-after', '0'])).toThrow(/whole number >= 1/);
		expect(() => cli.parseArgs(['--rate-limited-rate', '1.5'])).toThrow(/between 0 and 1/);
		expect(() => cli.parseArgs(['--retry-after', '1.5'])).toThrow(/whole number/);
	});

	it('starts all three with one seed file, latency and a state dir', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-cli-'));
		const seedFile = path.join(dir, 'seed.json');
		fs.writeFileSync(seedFile, JSON.stringify({ eboekhouden: { tokens: ['cli-token'], closedUntil: '2025-01-31' } }));
		const all = await cli.startAll({
			seedFile,
			stateDir: path.join(dir, 'state'),
			latencyMs: 30,
			jitterMs: 0,
			host: '127.0.0.1',
			ports: { nmbrs: 0, eboekhouden: 0, nextens: 0 },
			only: ['nmbrs', 'eboekhouden', 'nextens'],
			nextensRateLimit: true,
			faults: { retryAfterSeconds: 4, restartAfter: 50 },
		});
		closeWithCounters(...all);
		expect(all.map((e) => e.name)).toEqual(['nmbrs', 'eboekhouden', 'nextens']);
		const eb = all[1];
		expect(eb.knobs.latency.fixedMs).toBe(30);
		expect(eb.knobs.faults).toMatchObject({ retryAfterSeconds: 4, restartAfter: 50 });
		expect(all[2].knobs.rateLimit.enabled).toBe(true);
		expect(eb.knobs.rateLimit.enabled).toBe(false);
		const s = await fetch(`${eb.url}/v1/session`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ accessToken: 'cli-token', source: 'cli' }),
		});
		expect(s.status).toBe(200);
		expect(((await (await fetch(`${eb.url}/__admin/state`)).json()) as { closedUntil: string }).closedUntil).toBe('2025-01-31');
		expect(fs.readdirSync(path.join(dir, 'state')).sort()).toEqual(['eboekhouden.json', 'nextens.json', 'nmbrs.json']);
		for (const em of all) expect((await fetch(`${em.url}/__admin/knobs`)).status).toBe(200);
	});

	it('rejects a seed file with an unknown section', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-cli-'));
		const seedFile = path.join(dir, 'seed.json');
		fs.writeFileSync(seedFile, JSON.stringify({ exact: {} }));
		expect(() => cli.readSeedFile(seedFile)).toThrow(/unknown section/);
	});

	it('runs as `tsx emulators/cli.ts`, prints the URLs and exits cleanly on SIGINT', async () => {
		const { spawn } = await import('node:child_process');
		const root = path.resolve(__dirname, '../..');
		const child = spawn(process.execPath, ['--import', 'tsx', 'emulators/cli.ts', '--nmbrs-port', '0', '--eboekhouden-port', '0', '--nextens-port', '0'], {
			cwd: root,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		child.stdout.on('data', (c: Buffer) => (out += c.toString()));
		child.stderr.on('data', (c: Buffer) => (out += c.toString()));
		const deadline = Date.now() + 20000;
		while (!/nextens\s+base URL/.test(out) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
		expect(out).toMatch(/nmbrs\s+base URL http:\/\/127\.0\.0\.1:\d+/);
		expect(out).toMatch(/eboekhouden\s+base URL http:\/\/127\.0\.0\.1:\d+/);
		expect(out).toMatch(/nextens\s+base URL http:\/\/127\.0\.0\.1:\d+\/api\/v1/);
		const ebUrl = /eboekhouden\s+base URL (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
		expect((await fetch(`${ebUrl}/__admin/state`)).status).toBe(200);
		const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
		child.kill('SIGINT');
		expect(await exited).toBe(0);
	}, 30000);
});
