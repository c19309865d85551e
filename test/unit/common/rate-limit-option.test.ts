/**
 * "Max Wait When Rate Limited (Seconds)" on the three vendor nodes and the two triggers: the option reaches the
 * transport, and a record (or poll) that runs out of it fails with a text that says what to change. Canned answers; `sleep` does not wait.
 */
import type { INodeType } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { EBoekhouden } from '../../../nodes/EBoekhouden/EBoekhouden.node';
import { Nextens } from '../../../nodes/Nextens/Nextens.node';
import { NextensTrigger } from '../../../nodes/Nextens/NextensTrigger.node';
import { Nmbrs } from '../../../nodes/Nmbrs/Nmbrs.node';
import { NmbrsTrigger } from '../../../nodes/Nmbrs/NmbrsTrigger.node';
import { canned, executeContext, pollContext, type CannedAnswer } from '../kit/context';
import { EBOEKHOUDEN, NEXTENS, NMBRS, eboekhoudenCredentials, nextensCredentials, nmbrsCredentials } from '../kit/vendors';

jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual('n8n-workflow');
	return { ...actual, sleep: jest.fn(async () => undefined) };
});

// Retry-After 0: no real pause, while each wait still counts one second against the bound.
const tooMany = (): CannedAnswer => ({ statusCode: 429, headers: { 'retry-after': '0' }, body: { code: 'RATE_LIMITED', message: 'slow down' } });
const ADVICE = /^Raise "Max Wait When Rate Limited \(Seconds\)" on this node, or let fewer executions use the same/;

test('every vendor node and trigger offers the option, last, with the shared definition', () => {
	for (const node of [new Nextens(), new EBoekhouden(), new Nmbrs(), new NextensTrigger(), new NmbrsTrigger()] as INodeType[]) {
		const properties = node.description.properties;
		expect(properties[properties.length - 1]).toMatchObject({
			displayName: 'Max Wait When Rate Limited (Seconds)',
			name: 'maxRateLimitWaitSeconds',
			default: 300,
		});
	}
});

test('Nextens: waits within the bound, then the read fails with RATE_LIMITED and the advice', async () => {
	const { ctx, calls } = executeContext({
		vendor: NEXTENS,
		credentials: nextensCredentials('http://nextens.test/api/v1/'),
		params: { resource: 'client', operation: 'get', clientId: 'kl_000001', maxRateLimitWaitSeconds: 2 },
		transport: canned([tooMany(), tooMany(), tooMany(), { statusCode: 200, body: { id: 'kl_000001' } }]),
	});
	const error = (await new Nextens().execute.call(ctx).catch((e: unknown) => e)) as NodeApiError;
	expect(error).toBeInstanceOf(NodeApiError);
	expect(calls).toHaveLength(3);
	expect(error.message).toContain('waited 2 s in total');
	expect(error.message).toContain('(RATE_LIMITED)');
	expect(error.description).toMatch(ADVICE);
	expect(error.description).toContain('Nextens account');
});

test('e-Boekhouden: a bound of 0 fails the item at the first 429, with the advice', async () => {
	const session: CannedAnswer = { statusCode: 200, body: { token: 'sessie-1', expiresIn: 3600 } };
	const { ctx, calls } = executeContext({
		vendor: EBOEKHOUDEN,
		credentials: eboekhoudenCredentials('http://eb.test'),
		params: { resource: 'ledger', operation: 'get', ledger: { __rl: true, mode: 'id', value: '101' }, maxRateLimitWaitSeconds: 0 },
		transport: canned([session, tooMany(), { statusCode: 200, body: {} }, { statusCode: 200, body: {} }]),
	});
	const error = (await new EBoekhouden().execute.call(ctx).catch((e: unknown) => e)) as NodeApiError;
	expect(error).toBeInstanceOf(NodeApiError);
	expect(calls.filter((c) => String(c.url).includes('/v1/ledger/'))).toHaveLength(1);
	expect(error.message).toContain('e-Boekhouden kept answering "too many requests" (429)');
	expect(error.message).toContain('; not waited, as "Max Wait When Rate Limited (Seconds)" is 0');
	expect(error.description).toMatch(ADVICE);
});

test('e-Boekhouden: waits within the bound, then the item fails saying how long it waited', async () => {
	const session: CannedAnswer = { statusCode: 200, body: { token: 'sessie-1', expiresIn: 3600 } };
	const { ctx, calls } = executeContext({
		vendor: EBOEKHOUDEN,
		credentials: eboekhoudenCredentials('http://eb.test'),
		params: { resource: 'ledger', operation: 'get', ledger: { __rl: true, mode: 'id', value: '101' }, maxRateLimitWaitSeconds: 2 },
		transport: canned([session, tooMany(), tooMany(), tooMany(), { statusCode: 200, body: {} }, { statusCode: 200, body: {} }]),
	});
	const error = (await new EBoekhouden().execute.call(ctx).catch((e: unknown) => e)) as NodeApiError;
	expect(error).toBeInstanceOf(NodeApiError);
	expect(calls.filter((c) => String(c.url).includes('/v1/ledger/'))).toHaveLength(3);
	expect(error.message).toContain('e-Boekhouden kept answering "too many requests" (429)');
	expect(error.message).toContain('; waited 2 s in total, as long as "Max Wait When Rate Limited (Seconds)" (2) allows');
	expect(error.description).toMatch(ADVICE);
});

test('Nmbrs: the option reaches every call of the execution', async () => {
	const { ctx, calls } = executeContext({
		vendor: NMBRS,
		credentials: nmbrsCredentials('http://nmbrs.test'),
		params: { resource: 'company', operation: 'getMany', returnAll: true, simplify: true, maxRateLimitWaitSeconds: 3 },
		transport: canned(Array.from({ length: 6 }, tooMany)),
	});
	const error = (await new Nmbrs().execute.call(ctx).catch((e: unknown) => e)) as NodeApiError;
	expect(error).toBeInstanceOf(NodeApiError);
	expect(calls).toHaveLength(4);
	expect(error.message).toContain('waited 3 s in total');
	expect(error.description).toMatch(ADVICE);
});

test('the triggers read the option for every call of the poll', async () => {
	const nmbrs = pollContext({
		vendor: NMBRS,
		credentials: nmbrsCredentials('http://nmbrs.test'),
		params: { companyScope: 'all', startYear: 2026, startPeriod: 1, options: {}, maxRateLimitWaitSeconds: 2 },
		mode: 'manual',
		transport: canned(Array.from({ length: 5 }, tooMany)),
	});
	const nmbrsError = (await new NmbrsTrigger().poll.call(nmbrs.ctx).catch((e: unknown) => e)) as NodeApiError;
	expect(nmbrs.calls).toHaveLength(3);
	expect(nmbrsError.message).toContain('waited 2 s in total');

	const nextens = pollContext({
		vendor: NEXTENS,
		credentials: nextensCredentials('http://nextens.test/api/v1/'),
		params: { filters: {}, options: {}, maxRateLimitWaitSeconds: 0 },
		mode: 'manual',
		transport: canned(Array.from({ length: 5 }, tooMany)),
	});
	const nextensError = (await new NextensTrigger().poll.call(nextens.ctx).catch((e: unknown) => e)) as NodeApiError;
	expect(nextens.calls).toHaveLength(1);
	expect(`${nextensError.message} ${nextensError.description ?? ''}`).toContain('not waited');
});
