/** The Nextens client's 429, retry and network rules on the shared request loop, with canned answers. */
import { NextensClient } from '../../../nodes/Nextens/transport/client';
import { Pacer } from '../../../nodes/Nextens/transport/pacer';
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

async function client(answers: CannedAnswer[]) {
	const fake = executeContext({
		vendor: NEXTENS,
		credentials: nextensCredentials('http://nextens.test/api/v1/', { officeName: 'Test' }),
		transport: canned(answers),
	});
	return { client: await NextensClient.create(fake.ctx), calls: fake.calls };
}

const tooMany = (retryAfter?: string): CannedAnswer => ({
	statusCode: 429,
	headers: retryAfter ? { 'retry-after': retryAfter } : {},
	body: { code: 'RATE_LIMITED', message: 'slow down' },
});
const ok: CannedAnswer = { statusCode: 200, body: { id: 'k1' } };

describe('Nextens transport', () => {
	it('tells the pacer about each 429 (Retry-After capped at 120 s, else 1, 2, 4, ... s) and waits at most 5 times', async () => {
		const { client: nextens, calls } = await client([tooMany(), tooMany('900'), tooMany(), tooMany(), tooMany(), tooMany(), ok]);
		const result = await nextens.request('GET', '/clients/k1');
		expect(result.statusCode).toBe(429);
		expect(calls).toHaveLength(6);
		expect(rateLimited.mock.calls.map((c) => c[0])).toEqual([1, 120, 4, 8, 16]);
		expect(acquire).toHaveBeenCalledTimes(6);
		expect(sleep).not.toHaveBeenCalled();
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
