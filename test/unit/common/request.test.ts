import type { JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { networkErrorCode, parseRetryAfter, sendRequest, sendWithPolicy } from '../../../nodes/common/transport/request';
import type { Attempt, AttemptState, Verdict } from '../../../nodes/common/transport/request';
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

	it('keeps waiting out 429s as long as the vendor asks, within the total bound', async () => {
		const tooMany = { statusCode: 429, headers: { 'retry-after': '20' }, body: {} };
		const { ctx, calls } = fakeContext([...Array.from({ length: 14 }, () => tooMany), ok]);
		const result = await sendRequest(ctx, 'cred', { method: 'POST', url: '/x' });
		// 14 waits of 20 s = 280 s: within the default bound of 300 s
		expect(result.statusCode).toBe(200);
		expect(calls).toHaveLength(15);
		expect(sleep).toHaveBeenCalledTimes(14);
	});

	it('returns the 429 when the next wait would take the total past the bound', async () => {
		const tooMany = { statusCode: 429, headers: { 'retry-after': '2' }, body: {} };
		const { ctx } = fakeContext([tooMany, tooMany, tooMany, ok]);
		const sent = await sendWithPolicy(ctx, 'cred', { method: 'GET', url: '/x' }, { maxRateLimitWaitSeconds: 5 });
		expect(sent.attempt).toMatchObject({ kind: 'result', result: { statusCode: 429 } });
		expect(sent.state).toMatchObject({ waits: 2, waitedSeconds: 4 });
		expect(sent.maxRateLimitWaitSeconds).toBe(5);
		expect(sleep.mock.calls.map((c) => c[0])).toEqual([2000, 2000]);
	});

	it('counts a Retry-After of 0 as one second, and a bound of 0 hands the first 429 back', async () => {
		const now = { statusCode: 429, headers: { 'retry-after': '0' }, body: {} };
		const first = fakeContext([now, now, now, now, now, ok]);
		const sent = await sendWithPolicy(first.ctx, 'cred', { method: 'GET', url: '/x' }, { maxRateLimitWaitSeconds: 3 });
		expect(first.calls).toHaveLength(4);
		expect(sent.state).toMatchObject({ waits: 3, waitedSeconds: 3 });

		const second = fakeContext([now, ok]);
		const result = await sendRequest(second.ctx, 'cred', { method: 'GET', url: '/x' }, { maxRateLimitWaitSeconds: 0 });
		expect(result.statusCode).toBe(429);
		expect(second.calls).toHaveLength(1);
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

describe('sendWithPolicy: the shared loop with a vendor classification', () => {
	const serverError = { statusCode: 503, headers: {}, body: '' };
	const tooMany = (retryAfter?: string) => ({ statusCode: 429, headers: retryAfter ? { 'retry-after': retryAfter } : {}, body: {} });

	it('retries with back-off up to transportRetries, then hands the last attempt back with the counts', async () => {
		const { ctx, calls } = fakeContext([serverError, serverError, serverError]);
		const sent = await sendWithPolicy(ctx, 'cred', { method: 'POST', url: '/x' }, {
			classify: () => ({ action: 'retry' }),
			transportRetries: 2,
			backoffBaseMs: 100,
		});
		expect(calls).toHaveLength(3);
		expect(sent.attempt).toMatchObject({ kind: 'result', result: { statusCode: 503 } });
		expect(sent.state).toMatchObject({ transportFailures: 2, waits: 0, plainRetries: 0 });
		expect(sleep.mock.calls.map((c) => c[0])).toEqual([100, 200]);
	});

	it('counts retries without back-off against their own budget, with one back-off step each', async () => {
		const { ctx, calls } = fakeContext([serverError, serverError, serverError, ok]);
		const classify = jest.fn((attempt: Attempt, state: AttemptState): Verdict =>
			attempt.kind === 'result' && attempt.result.statusCode === 503 && state.plainRetries === 0
				? { action: 'retry', backoff: false }
				: { action: 'retry' },
		);
		const sent = await sendWithPolicy(ctx, 'cred', { method: 'GET', url: '/x' }, { classify, plainRetries: 1, transportRetries: 1 });
		// 503 -> plain retry (500 ms); 503 -> back-off retry (500 ms); 503 -> both budgets used up: handed back.
		expect(calls).toHaveLength(3);
		expect(sent.state).toMatchObject({ plainRetries: 1, transportFailures: 1 });
		expect(sleep.mock.calls.map((c) => c[0])).toEqual([500, 500]);
		expect(classify.mock.calls[1][1]).toMatchObject({ plainRetries: 1, transportFailures: 0, idempotent: true });
	});

	it('hands a network failure back as an attempt instead of throwing', async () => {
		const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		const { ctx } = fakeContext([reset]);
		const sent = await sendWithPolicy(ctx, 'cred', { method: 'POST', url: '/x' });
		expect(sent.attempt).toMatchObject({ kind: 'network', code: 'ECONNRESET' });
		expect(sleep).not.toHaveBeenCalled();
	});

	it('caps each wait at maxRetryAfterSeconds, never below zero, and stops at the total bound', async () => {
		const { ctx, calls } = fakeContext([tooMany(), tooMany(), tooMany(), tooMany()]);
		const seconds = [-3, 10, 500, 1];
		const sent = await sendWithPolicy(ctx, 'cred', { method: 'GET', url: '/x' }, {
			classify: (_attempt, state) => ({ action: 'wait', seconds: seconds[state.waits] ?? 1 }),
			maxRateLimitWaitSeconds: 71,
			maxRetryAfterSeconds: 60,
		});
		// 1 (at least one second counted) + 10 + 60 = 71: the fourth wait would pass the bound
		expect(calls).toHaveLength(4);
		expect(sent.state).toMatchObject({ waits: 3, waitedSeconds: 71 });
		expect(sleep.mock.calls.map((c) => c[0])).toEqual([0, 10_000, 60_000]);
	});

	it('waits 2, 4, 8 s on a 429 without Retry-After by default', async () => {
		const { ctx } = fakeContext([tooMany(), tooMany(), tooMany(), ok]);
		await sendRequest(ctx, 'cred', { method: 'GET', url: '/x' });
		expect(sleep.mock.calls.map((c) => c[0])).toEqual([2000, 4000, 8000]);
	});

	it('tells a limiter that takes rate-limit feedback about each 429 and each success, and still waits itself', async () => {
		const limiter = { acquire: jest.fn(async () => undefined), rateLimited: jest.fn(), succeeded: jest.fn() };
		const { ctx } = fakeContext([tooMany('7'), tooMany('900'), ok]);
		const result = await sendRequest(ctx, 'cred', { method: 'GET', url: '/x' }, { limiter });
		expect(result.statusCode).toBe(200);
		expect(limiter.acquire).toHaveBeenCalledTimes(3);
		expect(limiter.rateLimited.mock.calls).toEqual([[7], [120]]);
		expect(limiter.succeeded).toHaveBeenCalledTimes(1);
		expect(sleep.mock.calls.map((c) => c[0])).toEqual([7000, 120000]);
	});

	it('sleeps itself when the limiter only paces, and acquires before every attempt', async () => {
		const limiter = { acquire: jest.fn(async () => undefined) };
		const { ctx } = fakeContext([tooMany('3'), serverError, ok]);
		await sendRequest(ctx, 'cred', { method: 'GET', url: '/x' }, { limiter });
		expect(limiter.acquire).toHaveBeenCalledTimes(3);
		expect(sleep.mock.calls.map((c) => c[0])).toEqual([3000, 500]);
	});

	it('does not tell the limiter about success when the 429 budget ran out', async () => {
		const limiter = { acquire: jest.fn(async () => undefined), rateLimited: jest.fn(), succeeded: jest.fn() };
		const { ctx } = fakeContext([tooMany('1'), tooMany('1')]);
		const result = await sendRequest(ctx, 'cred', { method: 'GET', url: '/x' }, { limiter, maxRateLimitWaitSeconds: 1 });
		expect(result.statusCode).toBe(429);
		expect(limiter.succeeded).not.toHaveBeenCalled();
	});

	it('reports every retry and wait to onRetry with the counts after it', async () => {
		const onRetry = jest.fn();
		const { ctx } = fakeContext([serverError, tooMany('1'), ok]);
		await sendRequest(ctx, 'cred', { method: 'GET', url: '/x' }, { onRetry });
		expect(onRetry.mock.calls.map(([verdict, state]) => [verdict.action, state.transportFailures, state.waits])).toEqual([
			['retry', 1, 0],
			['wait', 1, 1],
		]);
	});

	it('never retries a done verdict', async () => {
		const { ctx, calls } = fakeContext([serverError, ok]);
		const sent = await sendWithPolicy(ctx, 'cred', { method: 'GET', url: '/x' }, { classify: () => ({ action: 'done' }) });
		expect(calls).toHaveLength(1);
		expect(sent.attempt).toMatchObject({ kind: 'result', result: { statusCode: 503 } });
	});
});
