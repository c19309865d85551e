/**
 * The execution's pacer on a fake clock: `sleep` moves the clock instead of waiting, so nothing here takes real time.
 * The last block runs two "executions" (each its own pacer, five records at a time) through the shared request loop
 * against one token bucket, as two queue-mode workers share a vendor token.
 */
import { Pacer } from '../../../nodes/common/transport/pacer';
import { DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS } from '../../../nodes/common/transport/rateLimit';
import { sendWithPolicy, type RequestContext } from '../../../nodes/common/transport/request';
import { maxRateLimitWaitOption } from '../../../nodes/common/description';
import { fakeNode } from '../kit/context';

/** A fake clock with timers: `sleep` registers a timer; `run` advances time from timer to timer until all work ends. */
class FakeTime {
	now = 1_000_000;

	private timers: Array<{ at: number; resolve: () => void }> = [];

	sleep = async (ms: number): Promise<void> =>
		await new Promise<void>((resolve) => {
			this.timers.push({ at: this.now + Math.max(0, ms), resolve });
		});

	/** Lets every pending promise settle, then fires the earliest timer; until `done` settles. */
	async run<T>(done: Promise<T>): Promise<T> {
		let finished = false;
		const result = done.finally(() => {
			finished = true;
		});
		for (let guard = 0; guard < 1_000_000; guard++) {
			for (let i = 0; i < 20; i++) await Promise.resolve();
			if (finished) return await result;
			this.timers.sort((a, b) => a.at - b.at);
			const next = this.timers.shift();
			if (!next) throw new Error('deadlock: nothing left to wait for');
			this.now = Math.max(this.now, next.at);
			next.resolve();
		}
		throw new Error('did not finish');
	}
}

const time = new FakeTime();
jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual('n8n-workflow');
	return { ...actual, sleep: jest.fn(async (ms: number) => await time.sleep(ms)) };
});

const clock = () => time.now;

/** Starts `n` acquires one after another (as one record after the other) and returns the clock at each grant. */
async function grants(pacer: Pacer, n: number): Promise<number[]> {
	const at: number[] = [];
	for (let i = 0; i < n; i++) {
		await pacer.acquire();
		at.push(time.now);
	}
	return at;
}

describe('Pacer', () => {
	test('spaces requests evenly at the cap', async () => {
		const pacer = new Pacer({ requestsPerSecond: 5, clock });
		const start = time.now;
		const at = await time.run(grants(pacer, 4));
		expect(at.map((t) => t - start)).toEqual([0, 200, 400, 600]);
	});

	/** Five 429 answers at once: half of the last ten answers, so the execution is over the vendor's limit. */
	const burst = (pacer: Pacer, retryAfterSeconds: number) => {
		for (let i = 0; i < 5; i++) pacer.rateLimited(retryAfterSeconds);
	};

	test('a stray 429 now and then neither pauses the others nor slows down', async () => {
		const pacer = new Pacer({ requestsPerSecond: 8, clock });
		for (let i = 0; i < 30; i++) {
			if (i % 3 === 0) pacer.rateLimited(5);
			else pacer.succeeded();
		}
		expect(pacer.pace).toBe(8);
		const start = time.now;
		await time.run(pacer.acquire());
		expect(time.now).toBe(start);
	});

	test('a burst of 429s pauses every request for the Retry-After and slows down to 70 % once per burst, never below the floor', async () => {
		const pacer = new Pacer({ requestsPerSecond: 8, floor: 4, clock });
		burst(pacer, 2);
		pacer.rateLimited(1); // the same burst: no second slowdown, and the pause is not shortened
		expect(pacer.pace).toBeCloseTo(5.6);
		const start = time.now;
		const [first, second] = await time.run(grants(pacer, 2));
		expect(first - start).toBe(2000);
		expect(second - first).toBeCloseTo(1000 / 5.6);
		pacer.rateLimited(0); // more than a second after the first burst, and still most answers 429: a new burst
		expect(pacer.pace).toBeCloseTo(4);
		time.now += 1500;
		pacer.rateLimited(0);
		expect(pacer.pace).toBe(4);
	});

	test('a burst that comes while a request waits for its slot makes it wait out the pause too', async () => {
		const pacer = new Pacer({ requestsPerSecond: 1, clock });
		const start = time.now;
		await time.run(pacer.acquire());
		const second = pacer.acquire(); // its slot is 1 s later
		await time.run(
			(async () => {
				await Promise.resolve();
				burst(pacer, 3);
				await second;
			})(),
		);
		expect(time.now - start).toBeGreaterThanOrEqual(3000);
	});

	test('steps back up by a tenth of the cap every 2 s after the slowdown, never past the cap', async () => {
		const pacer = new Pacer({ requestsPerSecond: 5, clock });
		burst(pacer, 1);
		expect(pacer.pace).toBeCloseTo(3.5);
		time.now += 1900;
		pacer.succeeded();
		expect(pacer.pace).toBeCloseTo(3.5); // too soon
		time.now += 100;
		pacer.succeeded();
		expect(pacer.pace).toBeCloseTo(4);
		pacer.succeeded();
		expect(pacer.pace).toBeCloseTo(4); // the next step only 2 s later
		for (let i = 0; i < 20; i++) {
			time.now += 2000;
			pacer.succeeded();
		}
		expect(pacer.pace).toBe(5);
	});

	test('without a cap it does not pace until a burst, starts from 70 % of the measured pace, and is unpaced again after', async () => {
		const pacer = new Pacer({ clock });
		const start = time.now;
		for (let i = 0; i < 20; i++) {
			if (i > 0) time.now += 100; // 10 requests per second
			await time.run(pacer.acquire());
		}
		expect(time.now - start).toBe(1900);
		burst(pacer, 1);
		expect(pacer.pace).toBeCloseTo(7);
		for (let i = 0; i < 2; i++) {
			time.now += 2000;
			pacer.succeeded();
		}
		expect(pacer.pace).toBeCloseTo(9);
		time.now += 2000;
		pacer.succeeded();
		expect(pacer.pace).toBe(0); // back at the measured pace: unpaced, measured anew at the next burst
	});
});

describe('spreading the requests under way over the round trip', () => {
	/** `workers` records, each sending `each` requests one after another; every answer takes `roundTripMs`. */
	async function loop(pacer: Pacer, workers: number, each: number, roundTripMs: number): Promise<number[]> {
		const at: number[] = [];
		const worker = async () => {
			for (let i = 0; i < each; i++) {
				await pacer.acquire();
				at.push(time.now);
				await time.sleep(roundTripMs);
				pacer.release();
			}
		};
		await time.run(Promise.all(Array.from({ length: workers }, worker)));
		return at;
	}

	test('four records that start together are spread from the second round on, and lose no time doing so', async () => {
		const start = time.now;
		const at = (await loop(new Pacer({ clock }), 4, 20, 20)).map((t) => t - start);
		// the first round goes out together (no round trip known yet) ...
		expect(at.slice(0, 4)).toEqual([0, 0, 0, 0]);
		// ... after it, starts are at least 80 % of the round trip / 4 apart
		const gaps = at.slice(4).map((t, i) => t - at[i + 3]);
		expect(Math.min(...gaps)).toBeGreaterThanOrEqual(4);
		// 20 rounds of 20 ms is the least it can take; spreading adds only the spread of the last round
		expect(Math.max(...at) + 20).toBeLessThanOrEqual(400 * 1.05);
	});

	test('a request on its own is never held', async () => {
		const start = time.now;
		const at = await loop(new Pacer({ clock }), 1, 5, 20);
		expect(at.map((t) => t - start)).toEqual([0, 20, 40, 60, 80]);
	});

	test('spreads over at most maxInFlight requests, however many wait', async () => {
		const start = time.now;
		const at = (await loop(new Pacer({ maxInFlight: 2, clock }), 6, 4, 20)).map((t) => t - start);
		const gaps = at.slice(2).map((t, i) => t - at[i + 1]);
		// two under way: 80 % of 20 ms / 2 apart, not / 6
		expect(Math.min(...gaps)).toBeGreaterThanOrEqual(8);
		expect(Math.max(...at) + 20).toBeLessThanOrEqual((24 / 2) * 20 * 1.05);
	});
});

describe('the in-flight cap (maxInFlight), on the shared request loop', () => {
	/** A vendor that answers after 50 ms (one in five a 429 with Retry-After 1, or a network failure) and counts what is in flight. */
	function vendor() {
		let inFlight = 0;
		let most = 0;
		let calls = 0;
		const ctx: RequestContext = {
			getNode: () => fakeNode(),
			helpers: {
				httpRequestWithAuthentication: async () => {
					const n = ++calls;
					inFlight++;
					most = Math.max(most, inFlight);
					try {
						await time.sleep(50);
						if (n % 10 === 3) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
						if (n % 5 === 1) return { statusCode: 429, headers: { 'retry-after': '1' }, body: {} };
						return { statusCode: 200, headers: {}, body: { n } };
					} finally {
						inFlight--;
					}
				},
			},
		};
		return { ctx, most: () => most, inFlight: () => inFlight };
	}

	test('16 callers at once through a pacer of 4 places: never more than 4 in flight, every request ends, no place is lost', async () => {
		const { ctx, most, inFlight } = vendor();
		const pacer = new Pacer({ maxInFlight: 4, clock });
		const start = time.now;
		const sends = Array.from({ length: 16 }, async () => await sendWithPolicy(ctx, 'cred', { method: 'GET', url: '/runs' }, { limiter: pacer }));
		const results = await time.run(Promise.all(sends));
		expect(results.every((r) => r.attempt.kind === 'result' && r.attempt.result.statusCode === 200)).toBe(true);
		expect(most()).toBe(4);
		expect(inFlight()).toBe(0);
		// at least 16 answers of 50 ms, 4 at a time; 429 waits and retries come on top
		expect(time.now - start).toBeGreaterThanOrEqual(200);
		// every place came back: 4 more requests go out without any release (a lost place would never be handed out),
		// spread over less than one round trip
		const before = time.now;
		await time.run(Promise.all(Array.from({ length: 4 }, async () => await pacer.acquire())));
		expect(time.now - before).toBeLessThan(50);
		for (let i = 0; i < 4; i++) pacer.release();
	});

	test('places are handed out first come, first served', async () => {
		const pacer = new Pacer({ maxInFlight: 1, clock });
		await pacer.acquire();
		const order: number[] = [];
		const waiters = [1, 2, 3].map(async (n) => {
			await pacer.acquire();
			order.push(n);
			pacer.release();
		});
		pacer.release();
		await time.run(Promise.all(waiters));
		expect(order).toEqual([1, 2, 3]);
	});
});

describe('two executions against one token (queue mode), on the shared request loop', () => {
	/** The vendor: a token bucket per token (5 requests/s, burst 10), answering 429 with Retry-After in whole seconds. */
	function vendor() {
		let tokens = 10;
		let last = time.now;
		const log: number[] = [];
		const answer = (): { statusCode: number; headers: Record<string, string>; body: unknown } => {
			tokens = Math.min(10, tokens + ((time.now - last) / 1000) * 5);
			last = time.now;
			log.push(time.now);
			if (tokens >= 1) {
				tokens -= 1;
				return { statusCode: 200, headers: {}, body: { ok: true } };
			}
			return { statusCode: 429, headers: { 'retry-after': String(Math.max(1, Math.ceil((1 - tokens) / 5))) }, body: {} };
		};
		return { answer, log };
	}

	function context(answer: () => unknown): RequestContext {
		return {
			getNode: () => fakeNode(),
			helpers: {
				httpRequestWithAuthentication: async () => {
					await time.sleep(50); // latency
					return answer();
				},
			},
		};
	}

	/** One execution: `records` requests, five at a time, through its own pacer. */
	async function execution(ctx: RequestContext, pacer: Pacer, records: number) {
		const statuses: number[] = [];
		let next = 0;
		const worker = async () => {
			while (next < records) {
				next++;
				const sent = await sendWithPolicy(ctx, 'cred', { method: 'POST', url: '/clients' }, { limiter: pacer });
				statuses.push(sent.attempt.kind === 'result' ? sent.attempt.result.statusCode : 0);
			}
		};
		await Promise.all(Array.from({ length: 5 }, worker));
		return statuses;
	}

	test.each([
		[2, 60],
		[6, 20],
	])('%i executions of %i records: every record ends 2xx (no 429 reaches one), close to the vendor limit', async (executions, records) => {
		const { answer, log } = vendor();
		const ctx = context(answer);
		const pacers = Array.from({ length: executions }, () => new Pacer({ requestsPerSecond: 5, clock }));
		const start = time.now;
		const results = await time.run(Promise.all(pacers.map(async (p) => await execution(ctx, p, records))));
		const all = results.flat();
		expect(all).toHaveLength(executions * records);
		expect(all.filter((s) => s !== 200)).toEqual([]);
		const seconds = (time.now - start) / 1000;
		const rateLimited = log.length - all.length;
		process.stderr.write(`simulated ${executions} executions: ${seconds.toFixed(1)} s, ${rateLimited} 429s for ${all.length} records\n`);
		// together they cannot beat the vendor's 5/s (after its burst of 10), nor fall far behind it
		expect(seconds).toBeGreaterThanOrEqual((all.length - 10) / 5);
		expect(seconds).toBeLessThan((all.length / 5) * 1.5);
		// the first wave (five requests per execution at once) meets an empty bucket, and an execution reacts only once
		// half of its recent answers are 429; the 429s stay below one per record
		expect(rateLimited / all.length).toBeLessThan(0.75);
	});
});

describe('random 429s (one answer in seven), one execution without a cap, four records at a time', () => {
	async function run(limiter: Pacer | undefined): Promise<{ seconds: number; failed: number }> {
		let seed = 7;
		const random = () => {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			return seed / 2147483648;
		};
		const ctx: RequestContext = {
			getNode: () => fakeNode(),
			helpers: {
				httpRequestWithAuthentication: async () => {
					await time.sleep(100);
					return random() < 0.15 ? { statusCode: 429, headers: { 'retry-after': '1' }, body: {} } : { statusCode: 200, headers: {}, body: {} };
				},
			},
		};
		let next = 0;
		let failed = 0;
		const worker = async () => {
			while (next < 300) {
				next++;
				const sent = await sendWithPolicy(ctx, 'cred', { method: 'POST', url: '/x' }, { limiter });
				if (sent.attempt.kind !== 'result' || sent.attempt.result.statusCode !== 200) failed++;
			}
		};
		const start = time.now;
		await time.run(Promise.all(Array.from({ length: 4 }, worker)));
		return { seconds: (time.now - start) / 1000, failed };
	}

	test('no record fails, and stray 429s do not slow the execution to a crawl', async () => {
		const unpaced = await run(undefined);
		const paced = await run(new Pacer({ clock }));
		process.stderr.write(`simulated random 429s: ${paced.seconds.toFixed(1)} s paced, ${unpaced.seconds.toFixed(1)} s without a pacer\n`);
		expect(paced.failed).toBe(0);
		expect(paced.seconds).toBeLessThan(unpaced.seconds * 2);
	});
});

describe('the node option', () => {
	test('its default is the transport default', () => {
		expect(maxRateLimitWaitOption.default).toBe(DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS);
		expect(maxRateLimitWaitOption.displayName).toBe('Max Wait When Rate Limited (Seconds)');
	});
});
