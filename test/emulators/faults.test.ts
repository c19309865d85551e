/**
 * The host's fault knobs on a minimal service: injected 429s, simulated restarts, and what the request log records.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import type { RunningEmulator } from '../../emulators/common';
import { closeCounters, startCounter, type CounterState } from './counterService';

const start = startCounter;
afterEach(closeCounters);

function stateFile(): string {
	return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'emu-faults-')), 'counter.json');
}

async function reply(url: string, init?: RequestInit): Promise<{ status: number; retryAfter: string | null; body: unknown }> {
	const res = await fetch(url, init);
	const text = await res.text();
	return { status: res.status, retryAfter: res.headers.get('retry-after'), body: text ? JSON.parse(text) : undefined };
}

const post = (em: RunningEmulator<CounterState>, body: string): Promise<{ status: number }> =>
	reply(`${em.url}/count`, { method: 'POST', body });

describe('injected 429s (faults.rateLimitedRate)', () => {
	it('answers a seeded share with the token bucket 429 and the given Retry-After, the same for the same seed', async () => {
		const knobs = { faults: { seed: 11, rateLimitedRate: 0.4, retryAfterSeconds: 7 } };
		const run = async (em: RunningEmulator<CounterState>): Promise<number[]> => {
			const statuses: number[] = [];
			for (let i = 0; i < 30; i++) {
				const r = await reply(`${em.url}/count`);
				statuses.push(r.status);
				if (r.status === 429) expect(r).toMatchObject({ retryAfter: '7', body: { retryAfter: 7 } });
			}
			return statuses;
		};
		const em = await start({ knobs });
		const first = await run(em);
		expect(first).toContain(429);
		expect(first).toContain(200);
		expect(await run(await start({ knobs }))).toEqual(first);
		const limited = em.requests().entries.filter((e) => e.outcome === 'rate-limited');
		expect(limited).toHaveLength(first.filter((s) => s === 429).length);
		expect(limited.every((e) => e.status === 429)).toBe(true);
	});

	it('honours faults.operations and does not carry out the limited request', async () => {
		const em = await start({ knobs: { faults: { rateLimitedRate: 1, operations: ['POST /count'] } } });
		expect((await reply(`${em.url}/count`)).status).toBe(200);
		const limited = await post(em, 'x');
		expect(limited).toMatchObject({ status: 429, retryAfter: '1' });
		expect(em.state.n).toBe(0);
	});
});

describe('simulated restart (faults.restartAfter, restart(), POST /__admin/restart)', () => {
	it('is refused without a state file', async () => {
		await expect(start({ knobs: { faults: { restartAfter: 2 } } })).rejects.toThrow(/restartAfter: .*state file/);
		const em = await start();
		expect(() => em.setKnobs({ faults: { restartAfter: 2 } })).toThrow(/state file/);
		expect(em.knobs.faults.restartAfter).toBe(0);
		const patched = await reply(`${em.url}/__admin/knobs`, { method: 'PATCH', body: '{"faults":{"restartAfter":1}}' });
		expect(patched).toMatchObject({ status: 400, body: { error: expect.stringMatching(/state file/) } });
		expect((await reply(`${em.url}/__admin/restart`, { method: 'POST' })).status).toBe(409);
		expect(() => em.restart()).toThrow(/state file/);
	});

	it('restarts once after N requests, keeping every acknowledged change, then counts no further', async () => {
		const em = await start({ stateFile: stateFile(), knobs: { faults: { restartAfter: 3 } } });
		const before = em.state;
		for (const body of ['a', 'b', 'c']) expect((await post(em, body)).status).toBe(201);
		await new Promise((r) => setTimeout(r, 50));
		expect(em.requests().restarts).toBe(1);
		expect(em.knobs.faults.restartAfter).toBe(0);
		expect(em.state).not.toBe(before); // reloaded from the file, not the old object
		expect(em.state).toEqual({ n: 3, items: ['a', 'b', 'c'] });
		for (const body of ['d', 'e', 'f', 'g']) expect((await post(em, body)).status).toBe(201);
		expect(em.requests().restarts).toBe(1);
		expect(em.state.n).toBe(7);
	});

	it('counts only faults.operations when set', async () => {
		const em = await start({ stateFile: stateFile(), knobs: { faults: { restartAfter: 1, operations: ['POST /count'] } } });
		for (let i = 0; i < 3; i++) await reply(`${em.url}/count`);
		expect(em.requests().restarts).toBe(0);
		await post(em, 'x');
		await new Promise((r) => setTimeout(r, 50));
		expect(em.requests().restarts).toBe(1);
	});

	it('resets requests in flight without carrying them out, and serves new ones on the same port', async () => {
		const em = await start({ stateFile: stateFile(), knobs: { latency: { fixedMs: 400, jitterMs: 0 } } });
		const inFlight = fetch(`${em.url}/count`, { method: 'POST', body: 'lost' }).then(
			() => 'answered',
			() => 'reset',
		);
		await new Promise((r) => setTimeout(r, 100));
		em.restart();
		expect(await inFlight).toBe('reset');
		await new Promise((r) => setTimeout(r, 400));
		expect(em.state.n).toBe(0);
		expect(em.requests().entries[0]).toMatchObject({ operation: 'POST /count', outcome: 'reset', status: 0 });
		em.setKnobs({ latency: { fixedMs: 0 } });
		expect((await post(em, 'next')).status).toBe(201);
		expect(em.state).toEqual({ n: 1, items: ['next'] });
	});

	it('reloads the state file as a fresh process would, via POST /__admin/restart', async () => {
		const file = stateFile();
		const em = await start({ stateFile: file });
		await post(em, 'kept');
		const onDisk = JSON.parse(fs.readFileSync(file, 'utf8'));
		onDisk.state.n = 42; // what a fresh process finds is what it serves
		fs.writeFileSync(file, JSON.stringify(onDisk));
		const r = await reply(`${em.url}/__admin/restart`, { method: 'POST' });
		expect(r).toMatchObject({ status: 200, body: { restarting: true, restarts: 1 } });
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(em.state).toEqual({ n: 42, items: ['kept'] });
		expect(em.requests().restarts).toBe(1);
	});

	it('restarts the fault PRNG from faults.seed, as a freshly started emulator with the same knobs', async () => {
		const em = await start({ stateFile: stateFile(), knobs: { faults: { seed: 5, errorRate: 0.5 } } });
		const run = async (): Promise<number[]> => {
			const out: number[] = [];
			for (let i = 0; i < 16; i++) out.push((await reply(`${em.url}/count`)).status);
			return out;
		};
		const first = await run();
		expect(first).toContain(503);
		em.restart();
		await new Promise((r) => setTimeout(r, 50)); // lets the client notice its kept-alive connection closed
		expect(await run()).toEqual(first);
	});
});

describe('request log entries', () => {
	it('record the redacted query, the body digest and size, and never a secret', async () => {
		const em = await start();
		const secret = 'sup3r-s3cret-t0ken';
		await reply(`${em.url}/echo?q=x&token=${secret}&bsn=123456782&code%5Beq%5D=4000&api_key=${secret}&accessToken=${secret}`);
		const body = 'één body';
		await post(em, body);
		const [get, posted] = em.requests().entries;
		expect(get.query).toBe('q=x&token=[redacted]&bsn=*****6782&code%5Beq%5D=4000&api_key=[redacted]&accessToken=[redacted]');
		expect(get).toMatchObject({ bodyBytes: 0, bodySha256: createHash('sha256').update('').digest('hex') });
		expect(posted).toMatchObject({ query: '', bodyBytes: Buffer.byteLength(body), bodySha256: createHash('sha256').update(body).digest('hex') });
		const logged = JSON.stringify(em.requests());
		expect(logged).not.toContain(secret);
		expect(logged).not.toContain('123456782');
	});
});
