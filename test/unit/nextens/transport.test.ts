/** The Nextens client's 429, retry and network rules on the shared request loop, with canned answers. */
import { NextensClient, runPacing, type NextensClientOptions } from '../../../nodes/Nextens/transport/client';
import { Pacer } from '../../../nodes/common/transport/pacer';
import { canned, executeContext, type CannedAnswer } from '../kit/context';
import { NEXTENS, nextensCredentials } from '../kit/vendors';

jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual('n8n-workflow');
	return { ...actual, sleep: jest.fn(async () => undefined) };
});
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sleep } = require('n8n-workflow') as { sleep: jest.Mock };

const acquire = jest.spyOn(Pacer.prototype, 'acquire').mockImplementation(async () => undefined);
const rateLimited = jest.spyOn(Pacer.prototype, 'rateLimited');

beforeEach(() => {
	sleep.mockClear();
	acquire.mockClear();
	rateLimited.mockClear();
});

async function client(answers: CannedAnswer[], options: NextensClientOptions = {}) {
	const fake = executeContext({
		vendor: NEXTENS,
		credentials: nextensCredentials('http://nextens.test/api/v1/', { officeName: 'Test' }),
		transport: canned(answers),
	});
	return { client: await NextensClient.create(fake.ctx, options), calls: fake.calls };
}

const tooMany = (retryAfter?: string): CannedAnswer => ({
	statusCode: 429,
	headers: retryAfter ? { 'retry-after': retryAfter } : {},
	body: { code: 'RATE_LIMITED', message: 'slow down' },
});
const ok: CannedAnswer = { statusCode: 200, body: { id: 'k1' } };

describe('Nextens transport', () => {
	it('tells the pacer about each 429 (Retry-After capped at 120 s, else 1, 2, 4, ... s) while the total stays within the bound', async () => {
		const { client: nextens, calls } = await client([tooMany(), tooMany('900'), tooMany(), tooMany(), tooMany(), tooMany(), ok], {
			maxRateLimitWaitSeconds: 150,
		});
		const result = await nextens.request('GET', '/clients/k1');
		// 1 + 120 + 4 + 8 + 16 = 149; a sixth wait (32 s) would pass 150: the 429 comes back, saying what to do
		expect(result.statusCode).toBe(429);
		expect(result.body).toMatchObject({ code: 'RATE_LIMITED', field: null });
		expect(String((result.body as { message: string }).message)).toContain('waited 149 s in total');
		expect(String((result.body as { message: string }).message)).toContain('Max Wait When Rate Limited (Seconds)');
		expect(calls).toHaveLength(6);
		expect(rateLimited.mock.calls.map((c) => c[0])).toEqual([1, 120, 4, 8, 16]);
		expect(acquire).toHaveBeenCalledTimes(6);
		expect(sleep.mock.calls.map((c) => c[0])).toEqual([1000, 120000, 4000, 8000, 16000]);
	});

	it('waits as long as Nextens asks within the default bound, and keeps the bound when an operation sets its own pace', async () => {
		const many = Array.from({ length: 40 }, () => tooMany('5'));
		const { client: nextens } = await client([...many, ok]);
		expect((await nextens.request('GET', '/clients/k1')).statusCode).toBe(200);
		expect(rateLimited).toHaveBeenCalledTimes(40);

		rateLimited.mockClear();
		const strict = await client([tooMany('5'), tooMany('5'), ok], { maxRateLimitWaitSeconds: 5 });
		const paced = strict.client.withPacing(runPacing(2, 30));
		expect((await paced.request('GET', '/clients/k1')).statusCode).toBe(429);
		expect(rateLimited).toHaveBeenCalledTimes(1);
	});

	it('retries reads after 5xx with back-off, never a create', async () => {
		const down: CannedAnswer = { statusCode: 503, body: {} };
		const read = await client([down, down, ok]);
		expect((await read.client.request('GET', '/clients/k1')).statusCode).toBe(200);
		expect(sleep.mock.calls.map((c) => c[0])).toEqual([500, 1000]);

		const write = await client([down, ok]);
		expect((await write.client.request('POST', '/clients', { body: {}, idempotent: false })).statusCode).toBe(503);
		expect(write.calls).toHaveLength(1);
	});

	it('turns a network failure into status 0 (after the retries of a read, at once for a create)', async () => {
		const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		const read = await client([reset(), reset(), reset(), reset()]);
		const result = await read.client.request('GET', '/clients/k1');
		expect(result).toMatchObject({ statusCode: 0, body: { code: 'NETWORK', message: 'No answer from Nextens (ECONNRESET).' } });
		expect(read.calls).toHaveLength(4);

		const write = await client([reset(), ok]);
		expect((await write.client.request('POST', '/clients', { body: {}, idempotent: false })).statusCode).toBe(0);
		expect(write.calls).toHaveLength(1);
	});
});
