import type { JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { networkErrorCode, parseRetryAfter, sendRequest } from '../../../nodes/shared/transport/request';
import { canned, executeContext, fakeNode, type CannedAnswer } from '../kit/context';

jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual('n8n-workflow');
	return { ...actual, sleep: jest.fn(async () => undefined) };
});
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sleep } = require('n8n-workflow') as { sleep: jest.Mock };

function fakeContext(answers: CannedAnswer[]) {
	return executeContext({ transport: canned(answers) });
}

const ok = { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: { ok: true } };

beforeEach(() => sleep.mockClear());

describe('sendRequest', () => {
	it('returns status, lower-cased headers and body, asking n8n not to throw on status codes', async () => {
		const { ctx, calls } = fakeContext([ok]);
		const result = await sendRequest(ctx, 'cred', { method: 'GET', url: '/x' });
		expect(result).toEqual({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: { ok: true } });
		expect(calls[0]).toMatchObject({ returnFullResponse: true, ignoreHttpStatusErrors: true, timeout: 60000 });
	});

	it('waits out 429 with Retry-After, capped', async () => {
		const { ctx } = fakeContext([
			{ statusCode: 429, headers: { 'retry-after': '2' }, body: {} },
			{ statusCode: 429, headers: { 'retry-after': '900' }, body: {} },
			ok,
		]);
		const result = await sendRequest(ctx, 'cred', { method: 'POST', url: '/x' });
		expect(result.statusCode).toBe(200);
		expect(sleep.mock.calls.map((c) => c[0])).toEqual([2000, 120000]);
	});

	it('returns the 429 after the allowed number of waits', async () => {
		const tooMany = { statusCode: 429, headers: { 'retry-after': '1' }, body: {} };
		const { ctx } = fakeContext([tooMany, tooMany, tooMany]);
		const result = await sendRequest(ctx, 'cred', { method: 'GET', url: '/x' }, { maxRateLimitWaits: 2 });
		expect(result.statusCode).toBe(429);
		expect(sleep).toHaveBeenCalledTimes(2);
	});

	it('retries 5xx and network errors for reads with back-off', async () => {
		const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		const { ctx } = fakeContext([{ statusCode: 503, headers: {}, body: '' }, reset, ok]);
		const result = await sendRequest(ctx, 'cred', { method: 'GET', url: '/x' });
		expect(result.statusCode).toBe(200);
		expect(sleep.mock.calls.map((c) => c[0])).toEqual([500, 1000]);
	});

	it('does not resend a write after a 5xx or a network error', async () => {
		const { ctx } = fakeContext([{ statusCode: 500, headers: {}, body: {} }]);
		expect((await sendRequest(ctx, 'cred', { method: 'POST', url: '/x' })).statusCode).toBe(500);

		const timeout = Object.assign(new Error('timeout of 100ms exceeded'), { code: 'ECONNABORTED' });
		const second = fakeContext([timeout]);
		await expect(sendRequest(second.ctx, 'cred', { method: 'POST', url: '/x', baseURL: 'http://h' })).rejects.toThrow(
			'Could not reach http://h/x (ECONNABORTED)',
		);
		expect(second.calls).toHaveLength(1);
	});

	it('gives up on reads after the retry budget with a readable error', async () => {
		const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
		const { ctx } = fakeContext([refused, refused, refused, refused]);
		const error = await sendRequest(ctx, 'cred', { method: 'GET', url: '/x' }).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('ECONNREFUSED');
		expect(error.description).toContain('failed 4 times');
	});

	it('passes other errors on as NodeApiError', async () => {
		const { ctx } = fakeContext([new Error('credentials missing')]);
		await expect(sendRequest(ctx, 'cred', { url: '/x' })).rejects.toBeInstanceOf(NodeApiError);
	});
});

describe('helpers', () => {
	it('reads Retry-After as seconds or as a date', () => {
		expect(parseRetryAfter('3')).toBe(3);
		expect(parseRetryAfter(undefined)).toBeUndefined();
		expect(parseRetryAfter('Sat, 21 Nov 2026 10:00:10 GMT', new Date('2026-11-21T10:00:00Z'))).toBe(10);
	});

	it('finds network error codes in wrapped errors', () => {
		const inner = Object.assign(new Error('x'), { code: 'ETIMEDOUT' });
		expect(networkErrorCode({ message: 'wrapped', cause: inner })).toBe('ETIMEDOUT');
		expect(networkErrorCode(new Error('Bad request'))).toBeUndefined();
	});

	it('finds the network failure inside the NodeApiError n8n wraps around it', () => {
		// What httpRequestWithAuthentication throws in real n8n for a dropped connection: the original error text
		// in `messages`, the code in `httpCode`, a generic message and no cause.
		const wrapped = new NodeApiError(fakeNode(), Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) as unknown as JsonObject);
		expect(networkErrorCode(wrapped)).toBe('ECONNRESET');
		expect(networkErrorCode({ message: 'The connection to the server was closed unexpectedly', httpCode: 'ECONNRESET' })).toBe(
			'ECONNRESET',
		);
		expect(networkErrorCode({ message: 'Something went wrong', messages: ['socket hang up'] })).toBe('ECONNRESET');
	});
});
