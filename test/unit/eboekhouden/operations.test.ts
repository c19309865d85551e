import { startEmulator, type RunningEmulator } from '../../../emulators/common';
import { eboekhoudenService, type EbState } from '../../../emulators/eboekhouden';
import {
	COST_CENTRE_FIELDS,
	LEDGER_FIELDS,
	MUTATION_FIELDS,
	MUTATION_LIST_FIELDS,
	MUTATION_ROW_FIELDS,
} from '../../../nodes/EBoekhouden/actions/common';
import { EBoekhoudenApi } from '../../../credentials/EBoekhoudenApi.credentials';
import { EBoekhouden } from '../../../nodes/EBoekhouden/EBoekhouden.node';
import { classifyError } from '../../../nodes/EBoekhouden/transport/errors';
import { loadOptionsContext, runExecute, type FakeContextOptions } from '../kit/context';
import { EBOEKHOUDEN, eboekhoudenCredentials } from '../kit/vendors';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let em: RunningEmulator<EbState>;
beforeEach(async () => {
	em = await startEmulator(eboekhoudenService, {});
});
afterEach(async () => {
	await em.close();
});

const run = async (params: Json, items: Json[] = [{}], extra: Partial<FakeContextOptions> = {}) =>
	await runExecute(new EBoekhouden(), { vendor: EBOEKHOUDEN, credentials: eboekhoudenCredentials(em.url), params, items, ...extra });

describe('one shape per operation', () => {
	it('ledgers, cost centres and mutations: every documented field present, null when e-Boekhouden left it out', async () => {
		delete (em.state.ledgers[0] as Json).group;
		const ledgers = await run({ resource: 'ledger', operation: 'getMany', returnAll: true, filters: {} });
		for (const o of ledgers.output) expect(Object.keys(o.json).slice(0, LEDGER_FIELDS.length)).toEqual([...LEDGER_FIELDS]);
		expect(ledgers.output.some((o) => o.json.group === null)).toBe(true);
		const centres = await run({ resource: 'costCentre', operation: 'getMany', returnAll: true, filters: {} });
		for (const o of centres.output) expect(Object.keys(o.json).slice(0, COST_CENTRE_FIELDS.length)).toEqual([...COST_CENTRE_FIELDS]);
		const mutations = await run({ resource: 'mutation', operation: 'getMany', returnAll: false, limit: 5, filters: {} });
		for (const o of mutations.output) expect(Object.keys(o.json).slice(0, MUTATION_LIST_FIELDS.length)).toEqual([...MUTATION_LIST_FIELDS]);
		if (mutations.output.length > 0) {
			const got = await run({ resource: 'mutation', operation: 'get', mutationId: String(mutations.output[0].json.id) });
			expect(Object.keys(got.output[0].json).slice(0, MUTATION_FIELDS.length)).toEqual([...MUTATION_FIELDS]);
			for (const row of got.output[0].json.rows as Json[]) expect(Object.keys(row).slice(0, MUTATION_ROW_FIELDS.length)).toEqual([...MUTATION_ROW_FIELDS]);
		}
	});
});

describe('Ledger', () => {
	it('Get Many pages with offset until a short page (Return All) and honours Limit', async () => {
		const all = await run({ resource: 'ledger', operation: 'getMany', returnAll: true, filters: {} });
		expect(all.output.length).toBe(em.state.ledgers.length);
		expect(all.output[0].pairedItem).toEqual({ item: 0 });
		const some = await run({ resource: 'ledger', operation: 'getMany', returnAll: false, limit: 3, filters: {} });
		expect(some.output).toHaveLength(3);
		expect(decodeURIComponent(some.sent[1].path)).toContain('limit=3');
	});
	it('Get Many filters by code pattern and category', async () => {
		const res = await run({ resource: 'ledger', operation: 'getMany', returnAll: true, filters: { code: '41%', category: 'VW' } });
		expect(res.output.map((o) => o.json.code)).toEqual(['4100', '4110', '4120', '4130']);
		expect(decodeURIComponent(res.sent[1].path)).toContain('code[like]=41%');
	});
	it('Get by code and by id', async () => {
		const byCode = await run({ resource: 'ledger', operation: 'get', ledger: { mode: 'code', value: '2190' } });
		expect(byCode.output[0].json).toMatchObject({ id: 2090, code: '2190' });
		const byId = await run({ resource: 'ledger', operation: 'get', ledger: { mode: 'list', value: '2001' } });
		expect(byId.output[0].json).toMatchObject({ id: 2001, code: '4000' });
	});
	it('a missing ledger fails the item (or gives an error item with Continue On Fail)', async () => {
		await expect(run({ resource: 'ledger', operation: 'get', ledger: { mode: 'code', value: 'NOPE' } })).rejects.toThrow(/does not exist/);
		const res = await run({ resource: 'ledger', operation: 'get', ledger: { mode: 'id', value: '999999' } }, [{}], { continueOnFail: true });
		expect(res.output[0].json).toEqual({
			status: 'failed',
			code: 'LEDG_011',
			field: null,
			message: expect.stringMatching(/does not exist/),
			description: expect.stringContaining('Check the ledger'),
		});
		expect(res.output[0].pairedItem).toEqual({ item: 0 });
		const byCode = await run({ resource: 'ledger', operation: 'get', ledger: { mode: 'code', value: 'NOPE' } }, [{}], { continueOnFail: true });
		expect(byCode.output[0].json).toMatchObject({ status: 'failed', code: 'LEDGER_NOT_FOUND', field: 'ledger' });
	});
	it('a refused credential stops the run even with Continue On Fail', async () => {
		const refused = runExecute(new EBoekhouden(), {
			vendor: EBOEKHOUDEN,
			credentials: eboekhoudenCredentials(em.url, { apiToken: 'wrong-token' }),
			params: { resource: 'ledger', operation: 'getMany', returnAll: true, filters: {} },
			items: [{}, {}],
			continueOnFail: true,
		});
		await expect(refused).rejects.toMatchObject({ message: expect.stringContaining('did not accept the API token'), context: expect.objectContaining({ stopRun: true }) });
	});
	it('Create', async () => {
		const res = await run({ resource: 'ledger', operation: 'create', code: '4140', description: 'Opleidingen', category: 'VW', group: 'LON' });
		expect(res.output[0].json).toMatchObject({ code: '4140', description: 'Opleidingen' });
		expect(typeof res.output[0].json.id).toBe('number');
		const dup = await run({ resource: 'ledger', operation: 'create', code: '4140', description: 'x', category: 'VW', group: 'LON' }, [{}], { continueOnFail: true });
		expect(dup.output[0].json).toEqual({
			status: 'failed',
			code: 'LEDG_013',
			field: null,
			message: expect.stringContaining('LEDG_013'),
			description: expect.stringContaining('Use another code'),
		});
	});
});

describe('Cost Centre and Mutation', () => {
	it('Cost Centre → Get Many', async () => {
		const res = await run({ resource: 'costCentre', operation: 'getMany', returnAll: true, filters: { description: 'KP0%' } });
		expect(res.output.map((o) => o.json.description)).toContain('KP01');
	});
	it('Mutation → Create (fields), Get, Get Many; one session for all items', async () => {
		const params = {
			resource: 'mutation',
			operation: 'create',
			inputMode: 'fields',
			mutationType: 7,
			date: '2025-04-30T00:00:00.000+02:00',
			mainLedger: { mode: 'code', value: '2190' },
			rows: { row: [
				{ ledgerId: 2001, amount: -10, vatCode: 'GEEN', description: 'a' },
				{ ledgerId: 2020, amount: 10, vatCode: 'GEEN', description: 'b', costCenterId: 31 },
			] },
			additionalFields: { invoiceNumber: 'TEST-1', description: 'Test' },
		};
		const created = await run(params, [{}, {}], { continueOnFail: true });
		expect(created.output[0].json.id).toEqual(expect.any(Number));
		expect(created.output[1].json).toMatchObject({ status: 'failed', code: 'MUT_019', field: null, message: expect.stringContaining('MUT_019') });
		expect(created.sent.filter((s) => s.path === '/v1/session')).toHaveLength(2); // POST + DELETE
		const id = created.output[0].json.id;
		const got = await run({ resource: 'mutation', operation: 'get', mutationId: String(id) });
		expect(got.output[0].json).toMatchObject({ id, invoiceNumber: 'TEST-1', rows: expect.any(Array) });
		const many = await run({ resource: 'mutation', operation: 'getMany', returnAll: true, filters: { type: 7, invoiceNumber: 'TEST-%', dateFrom: '2025-04-01', dateTo: '2025-04-30' } });
		expect(many.output.map((o) => o.json.id)).toEqual([id]);
	});
	it('input errors name their code and parameter', async () => {
		const res = await run({ resource: 'mutation', operation: 'get', mutationId: 'abc' }, [{}], { continueOnFail: true });
		expect(res.output[0].json).toEqual({
			status: 'failed',
			code: 'INVALID_MUTATION_ID',
			field: 'mutationId',
			message: 'Mutation ID "abc" is not a number',
			description: expect.stringContaining('numeric ID'),
		});
		const noRow = await run(
			{ resource: 'mutation', operation: 'create', inputMode: 'fields', mutationType: 7, date: '2025-04-30', mainLedger: { mode: 'id', value: '2090' }, rows: { row: [{ amount: 1 }] } },
			[{}],
			{ continueOnFail: true },
		);
		expect(noRow.output[0].json).toMatchObject({ status: 'failed', code: 'NO_LEDGER', field: 'rows.row[0].ledgerId' });
		const json = (mutationJson: string) => run({ resource: 'mutation', operation: 'create', inputMode: 'json', mutationJson }, [{}], { continueOnFail: true });
		expect((await json('{"type": 7,')).output[0].json).toMatchObject({ status: 'failed', code: 'INVALID_JSON', field: 'mutationJson', message: 'Mutation (JSON) is not valid JSON' });
		expect((await json('[1]')).output[0].json).toMatchObject({ status: 'failed', code: 'INVALID_JSON', message: 'Mutation (JSON) must be a JSON object' });
	});
	it('Mutation → Create (JSON)', async () => {
		const res = await run({ resource: 'mutation', operation: 'create', inputMode: 'json', mutationJson: JSON.stringify({ type: 7, date: '2025-04-30', ledgerId: 2090, inExVat: 'EX', rows: [{ ledgerId: 2001, vatCode: 'GEEN', amount: -1 }, { ledgerId: 2020, vatCode: 'GEEN', amount: 1 }] }) });
		expect(res.output[0].json.id).toEqual(expect.any(Number));
	});
});

describe('list search and load options', () => {
	it('lists ledgers and cost centres, and surfaces errors', async () => {
		const node = new EBoekhouden();
		const { ctx } = loadOptionsContext({ vendor: EBOEKHOUDEN, credentials: eboekhoudenCredentials(em.url), params: {} });
		const ledgers = await node.methods.listSearch.searchLedgers.call(ctx as never, '2190');
		expect(ledgers.results).toEqual([{ name: '2190 – Tussenrekening lonen', value: '2090' }]);
		const options = await node.methods.loadOptions.getCostCentres.call(ctx as never);
		expect(options[0]).toEqual({ name: 'KP01', value: 31 });
		const bad = loadOptionsContext({ vendor: EBOEKHOUDEN, credentials: eboekhoudenCredentials(em.url, { apiToken: 'nope' }), params: {} });
		await expect(node.methods.loadOptions.getLedgers.call(bad.ctx as never)).rejects.toThrow();
	});
});

describe('credential', () => {
	it('authenticate puts token and source in the body of the session request only', async () => {
		const cred = new EBoekhoudenApi();
		const auth = cred.authenticate.bind(cred);
		const creds = { apiToken: ' t ', source: 'n8nNodes', baseUrl: 'x' };
		expect(await auth(creds, { method: 'POST', url: 'https://api.e-boekhouden.nl/v1/session', body: {} })).toMatchObject({ body: { accessToken: 't', source: 'n8nNodes' } });
		const other = { method: 'GET' as const, url: 'https://x/v1/ledger', headers: { Authorization: 'sess' } };
		expect(await auth(creds, other)).toBe(other);
		await expect(auth({ ...creds, source: 'n8n-nodes' }, { method: 'POST', url: '/v1/session' })).rejects.toThrow(/no hyphens/);
		expect(cred.test.request).toMatchObject({ method: 'POST', url: '/v1/session' });
	});
});

describe('error classification', () => {
	it('classifies by code first, then by status', () => {
		expect(classifyError(400, { code: 'MUT_104' })).toMatchObject({ errorClass: 'mapping', message: expect.stringContaining('ledger'), description: expect.stringContaining('ledger mapping') });
		expect(classifyError(403, { code: 'SECURITY_007' }).errorClass).toBe('closed');
		expect(classifyError(400, { code: 'MUT_005' }).errorClass).toBe('closed');
		expect(classifyError(400, { code: 'MUT_019' }).errorClass).toBe('duplicate');
		expect(classifyError(400, { code: 'MUT_101' }).errorClass).toBe('tooManyRows');
		expect(classifyError(401, {}).errorClass).toBe('credential');
		expect(classifyError(502, 'Bad gateway').errorClass).toBe('transient');
		expect(classifyError(400, { code: 'XYZ_1', title: 'Odd' })).toMatchObject({ errorClass: 'item', message: expect.stringContaining('Odd (XYZ_1)') });
		expect(classifyError(429, {}).errorClass).toBe('rateLimited');
	});
});
