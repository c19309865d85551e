/**
 * The Nmbrs node end to end against the Nmbrs emulator over real HTTP: the fake context applies the
 * credential's authenticate function, so these tests also prove the envelope and the auth header.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { NmbrsApi } from '../../../credentials/NmbrsApi.credentials';
import { Nmbrs } from '../../../nodes/Nmbrs/Nmbrs.node';
import { startEmulator } from '../../../emulators/common';
import type { RunningEmulator } from '../../../emulators/common';
import { nmbrsService } from '../../../emulators/nmbrs';
import type { NmbrsState } from '../../../emulators/nmbrs';
import { failureOf } from '../../../nodes/common/failures';
import { childText, find, parseXml, path, text } from '../../../nodes/common/xml';
import { credentialExpression, executeContext, loadOptionsContext, rl, runCredentialTest, send } from '../kit/context';
import { NMBRS, nmbrsCredentials } from '../kit/vendors';

let emu: RunningEmulator<NmbrsState>;
const node = new Nmbrs();

beforeAll(async () => {
	emu = await startEmulator(nmbrsService, { port: 0 });
});
afterAll(async () => {
	await emu.close();
});
beforeEach(() => {
	emu.reset();
	emu.clearRequests();
	emu.setKnobs({ faults: { errorRate: 0, burst: 0, hangRate: 0, resetRate: 0 } });
});

async function run(params: Record<string, unknown>, extra: { continueOnFail?: boolean; items?: number; credentials?: IDataObject } = {}) {
	const { ctx, sent, logs } = executeContext({
		vendor: NMBRS,
		credentials: nmbrsCredentials(emu.url, extra.credentials),
		params,
		continueOnFail: extra.continueOnFail,
		items: Array.from({ length: extra.items ?? 1 }, (_, i) => ({ i })),
	});
	const output = await node.execute.call(ctx);
	return { output: output[0], sent, logs };
}

async function runError(params: Record<string, unknown>, extra: { credentials?: IDataObject } = {}) {
	try {
		await run(params, extra);
	} catch (error) {
		return error as NodeApiError;
	}
	throw new Error('expected the node to throw');
}

describe('description', () => {
	it('has one Operation selector per resource, options sorted by name, with the default operation', () => {
		const selectors = node.description.properties.filter((p) => p.name === 'operation');
		expect(
			selectors.map((p) => [p.displayOptions?.show?.resource, p.default, (p.options as Array<{ value: string; action: string }>).map((o) => [o.value, o.action])]),
		).toEqual([
			[['company'], 'getMany', [['getMany', 'Get many companies']]],
			[['journal'], 'getMany', [['get', 'Get a run journal'], ['getMany', 'Get many run journals']]],
			[['run'], 'getMany', [['getMany', 'Get many runs']]],
		]);
	});

	it('shows every operation parameter only for its resource and operation', () => {
		const parameters = node.description.properties.filter((p) => !['resource', 'operation', 'maxRateLimitWaitSeconds'].includes(p.name));
		for (const parameter of parameters) {
			expect(parameter.displayOptions?.show?.resource).toHaveLength(1);
			expect(parameter.displayOptions?.show?.operation).toHaveLength(1);
		}
		const journalGetMany = parameters.filter((p) => p.displayOptions?.show?.operation?.[0] === 'getMany' && p.displayOptions?.show?.resource?.[0] === 'journal');
		expect(journalGetMany.map((p) => p.name)).toEqual(['companyScope', 'company', 'fromYear', 'fromPeriod', 'returnAll', 'limit', 'options']);
	});
});

describe('envelope and authentication on the wire', () => {
	it('sends AuthHeaderWithDomain in the CompanyService namespace with the quoted SOAPAction', async () => {
		const { sent } = await run({ resource: 'company', operation: 'getMany', returnAll: true, simplify: true });
		expect(sent).toHaveLength(1);
		expect(sent[0].url).toBe(`${emu.url}/soap/v3/CompanyService.asmx`);
		expect(sent[0].headers.SOAPAction).toBe('"https://api.nmbrs.nl/soap/v3/CompanyService/List_GetAll"');
		const header = path(parseXml(sent[0].body), 'Header', 'AuthHeaderWithDomain');
		expect(header?.attributes.xmlns).toBe('https://api.nmbrs.nl/soap/v3/CompanyService');
		expect(childText(header, 'Username')).toBe('payroll@voorbeeld.nl');
		expect(childText(header, 'Domain')).toBe('voorbeeld');
	});
});

describe('Company → Get Many', () => {
	it('returns every company with Return All, paired with the input item', async () => {
		const { output } = await run({ resource: 'company', operation: 'getMany', returnAll: true, simplify: true });
		expect(output.map((o) => o.json.id)).toEqual([12345, 12346, 12347, 12348]);
		expect(output[0].json).toEqual({
			id: 12345,
			number: expect.any(Number),
			name: 'Bakkerij De Korenschoof B.V.',
			loonaangifteTijdvak: 'Month',
			kvkNr: '34127856',
		});
		for (const item of output) expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('honours Limit and Simplify off', async () => {
		const { output } = await run({ resource: 'company', operation: 'getMany', returnAll: false, limit: 2, simplify: false });
		expect(output).toHaveLength(2);
		expect(output[0].json).toHaveProperty('email');
		expect(output[0].json).toHaveProperty('website');
		const fields = ['id', 'number', 'name', 'loonaangifteTijdvak', 'kvkNr', 'phoneNumber', 'faxNumber', 'email', 'website'];
		for (const o of output) {
			expect(Object.keys(o.json)).toEqual(fields);
			expect(Object.values(o.json)).not.toContain(''); // a field Nmbrs left out is null, not ''
		}
	});

	it('pairs each output with its own input item and calls List_GetAll once per execution', async () => {
		const { output, sent } = await run({ resource: 'company', operation: 'getMany', returnAll: false, limit: 1, simplify: true }, { items: 3 });
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(sent).toHaveLength(1);
	});
});

describe('Run → Get Many', () => {
	it('lists locked runs of a company in a year, within a period range', async () => {
		const { output } = await run({
			resource: 'run',
			operation: 'getMany',
			company: rl(12345),
			year: 2026,
			returnAll: true,
			filters: { periodFrom: 9, periodTo: 12 },
		});
		expect(output.map((o) => o.json.id)).toEqual([1008, 1009]);
		expect(output[0].json).toMatchObject({ companyId: 12345, year: 2026, periodStart: 9, periodEnd: 9, isLocked: true });
	});

	it('includes unlocked runs when asked, and applies Limit', async () => {
		const all = await run({
			resource: 'run',
			operation: 'getMany',
			company: rl(12345, 'id'),
			year: 2026,
			returnAll: true,
			filters: { onlyLockedRuns: false, periodFrom: 11 },
		});
		expect(all.output.map((o) => [o.json.id, o.json.isLocked])).toEqual([[1010, false]]);
		const limited = await run({ resource: 'run', operation: 'getMany', company: rl(12345), year: 2025, returnAll: false, limit: 3, filters: {} });
		expect(limited.output).toHaveLength(3);
	});
});

describe('Journal → Get', () => {
	it('returns the normalised journal of one run, balanced, matching the emulator state', async () => {
		const { output, sent } = await run({ resource: 'journal', operation: 'get', company: rl(12345), year: 2025, run: rl(987) });
		expect(output).toHaveLength(1);
		const journal = output[0].json;
		const stored = emu.state.companies.find((c) => c.id === 12345)!.runs.find((r) => r.id === 987)!;
		expect(journal).toMatchObject({
			status: 'ok',
			companyId: 12345,
			companyName: 'Bakkerij De Korenschoof B.V.',
			year: 2025,
			period: 1,
			periodEnd: 1,
			runId: 987,
			runNumber: stored.number,
			runDescription: stored.description,
			runAt: stored.runAt,
			date: stored.journal!.date,
			source: 'Journals_GetByRunCompany_v2',
		});
		const lines = journal.lines as Array<{ amountCents: number; side: string; glCode: string }>;
		expect(lines).toHaveLength(stored.journal!.lines.length);
		expect(lines.map((l) => l.amountCents)).toEqual(stored.journal!.lines.map((l) => Math.abs(l.amountCents)));
		const totals = journal.totals as { debitCents: number; creditCents: number };
		expect(totals.debitCents).toBe(totals.creditCents);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		// v2 call carries the run's year.
		const v2 = sent.find((s) => String(s.headers.SOAPAction).includes('Journals_GetByRunCompany_v2'))!;
		expect(childText(path(parseXml(v2.body), 'Body', 'Journals_GetByRunCompany_v2'), 'Year')).toBe('2025');
	});

	it('reports a run without journal as status no-journal', async () => {
		const { output } = await run({ resource: 'journal', operation: 'get', company: rl(12347), year: 2025, run: rl(1046) });
		expect(output[0].json).toMatchObject({
			status: 'no-journal',
			code: 'NO_JOURNAL',
			message: 'Nmbrs returned no journal for this run',
			description: expect.stringMatching(/nothing to post/),
			problems: ['Nmbrs returned no journal for this run'],
			unusableLines: null,
			runId: 1046,
			lines: [],
		});
	});

	it('fails with a readable error when the run is not in that year', async () => {
		const error = await runError({ resource: 'journal', operation: 'get', company: rl(12345), year: 2026, run: rl(987) });
		expect(error.message).toBe('Run 987 was not found in company 12345, year 2026');
		expect(error.description).toMatch(/Check the year/);
		expect(failureOf(error)).toMatchObject({ code: 'RUN_NOT_FOUND', field: 'run' });
	});

	it('falls back to Journals_GetByRunCompany when the v2 right is missing (1002)', async () => {
		const user = emu.state.users.find((u) => u.username === 'payroll@voorbeeld.nl')!;
		user.deniedOperations = ['Journals_GetByRunCompany_v2'];
		const { output, logs } = await run({ resource: 'journal', operation: 'get', company: rl(12345), year: 2026, run: rl(1000) });
		expect(output[0].json).toMatchObject({ status: 'ok', runId: 1000, source: 'Journals_GetByRunCompany' });
		expect(logs.some((l) => l.level === 'warn' && /v2 is not available/.test(l.message))).toBe(true);
	});
});

describe('Journal → Get Many', () => {
	it('reads every locked run journal in the range, one item per run, oldest first', async () => {
		const { output, logs } = await run({
			resource: 'journal',
			operation: 'getMany',
			companyScope: 'one',
			company: rl(12347),
			fromYear: 2025,
			fromPeriod: 11,
			returnAll: true,
			options: { toYear: 2026, toPeriod: 12 },
		});
		// 1044 (2025/11), 1045 (2025/12), 1046 has no journal (skipped), 1047..1056 locked, 1057 unlocked (skipped).
		expect(output.map((o) => o.json.runId)).toEqual([1044, 1045, 1047, 1048, 1049, 1050, 1051, 1052, 1053, 1054, 1055, 1056]);
		for (const item of output) {
			expect(item.json.status).toBe('ok');
			expect(item.pairedItem).toEqual({ item: 0 });
		}
		expect(logs.some((l) => /1 without journal, 1 unlocked skipped/.test(l.message))).toBe(true);
	});

	it('reads the credential once per execution and hands it to every request, for every company item', async () => {
		const { ctx } = executeContext({
			vendor: NMBRS,
			credentials: nmbrsCredentials(emu.url),
			params: { resource: 'journal', operation: 'getMany', companyScope: 'one', company: rl(12347), fromYear: 2025, fromPeriod: 11, returnAll: true, options: { toYear: 2026, toPeriod: 12 } },
			items: [{ i: 0 }, { i: 1 }],
		});
		let reads = 0;
		const getCredentials = ctx.getCredentials.bind(ctx);
		ctx.getCredentials = (async (type: string) => {
			reads++;
			return await getCredentials(type);
		}) as typeof ctx.getCredentials;
		const withCredential: boolean[] = [];
		const request = ctx.helpers.httpRequestWithAuthentication;
		ctx.helpers.httpRequestWithAuthentication = async function (this: unknown, type: string, options: never, additional?: { credentialsDecrypted?: { data?: unknown } }) {
			withCredential.push(additional?.credentialsDecrypted?.data !== undefined);
			return await request.call(ctx as never, type, options, additional as never);
		} as typeof request;
		const output = await node.execute.call(ctx);
		expect(output[0]).toHaveLength(24);
		expect(reads).toBe(1);
		expect(withCredential.length).toBeGreaterThan(20);
		expect(withCredential.every(Boolean)).toBe(true);
	});

	it('reads several company items at once with at most 4 Nmbrs calls in flight for the whole execution, output in input order', async () => {
		const companies = [12345, 12346, 12347, 12348, 12347, 12345];
		const params = { resource: 'journal', operation: 'getMany', companyScope: 'one', fromYear: 2025, fromPeriod: 1, returnAll: true, options: { toYear: 2025, toPeriod: 12 } };
		const { ctx } = executeContext({
			vendor: NMBRS,
			credentials: nmbrsCredentials(emu.url),
			params: (name: string, i: number) => (name === 'company' ? rl(companies[i]) : (params as Record<string, unknown>)[name]),
			items: companies.map((id) => ({ id })),
		});
		emu.setKnobs({ latency: { fixedMs: 15, jitterMs: 0 } });
		let inFlight = 0;
		let most = 0;
		const companiesInFlight = new Set<string>();
		let overlap = false;
		const request = ctx.helpers.httpRequestWithAuthentication;
		ctx.helpers.httpRequestWithAuthentication = async function (this: unknown, type: string, options: { body?: unknown }, additional?: never) {
			const company = /<CompanyId>(\d+)<\/CompanyId>/.exec(String(options.body ?? ''))?.[1];
			inFlight++;
			most = Math.max(most, inFlight);
			if (company) {
				companiesInFlight.add(company);
				if (companiesInFlight.size > 1) overlap = true;
			}
			try {
				return await request.call(ctx as never, type, options as never, additional);
			} finally {
				inFlight--;
				if (company) companiesInFlight.delete(company);
			}
		} as typeof request;
		try {
			const output = (await node.execute.call(ctx))[0];
			expect(most).toBe(4);
			expect(overlap).toBe(true);
			const paired = output.map((o) => (o.pairedItem as { item: number }).item);
			expect(paired).toEqual([...paired].sort((a, b) => a - b));
			expect(new Set(paired).size).toBe(companies.length);
			for (const item of output) expect(item.json.companyId).toBe(companies[(item.pairedItem as { item: number }).item]);
			// the same journals as reading the companies one by one
			const one = async (id: number) => (await run({ ...params, company: rl(id) })).output.map((o) => o.json.runId);
			const serial: unknown[] = [];
			for (const id of companies) serial.push(...(await one(id)));
			expect(output.map((o) => o.json.runId)).toEqual(serial);
		} finally {
			emu.setKnobs({ latency: { fixedMs: 0, jitterMs: 0 } });
		}
	});

	it('can include runs without journal and unlocked runs', async () => {
		const { output } = await run({
			resource: 'journal',
			operation: 'getMany',
			companyScope: 'one',
			company: rl(12347),
			fromYear: 2025,
			fromPeriod: 12,
			returnAll: true,
			options: { toYear: 2025, toPeriod: 12, includeRunsWithoutJournal: true, onlyLockedRuns: false },
		});
		expect(output.map((o) => [o.json.runId, o.json.status])).toEqual([
			[1045, 'ok'],
			[1046, 'no-journal'],
		]);
	});

	it('covers all companies and stops at Limit without fetching more journals than needed', async () => {
		const { output, sent } = await run({
			resource: 'journal',
			operation: 'getMany',
			companyScope: 'all',
			fromYear: 2026,
			fromPeriod: 10,
			returnAll: false,
			limit: 2,
			options: { toYear: 2026, toPeriod: 10 },
		});
		expect(output.map((o) => [o.json.companyId, o.json.runId])).toEqual([
			[12345, 1009],
			[12346, 1032],
		]);
		const journalCalls = sent.filter((s) => String(s.headers.SOAPAction).includes('Journals_'));
		expect(journalCalls.length).toBeLessThanOrEqual(4);
	});

	it('uses the 4-weekly periods of a Week4 company', async () => {
		const { output } = await run({
			resource: 'journal',
			operation: 'getMany',
			companyScope: 'one',
			company: rl(12348),
			fromYear: 2025,
			fromPeriod: 13,
			returnAll: true,
			options: { toYear: 2025, toPeriod: 13 },
		});
		expect(output.map((o) => [o.json.runId, o.json.period])).toEqual([[1070, 13]]);
	});

	it('refuses an empty range', async () => {
		const error = await runError({
			resource: 'journal',
			operation: 'getMany',
			companyScope: 'all',
			fromYear: 2026,
			fromPeriod: 5,
			returnAll: true,
			options: { toYear: 2026, toPeriod: 4 },
		});
		expect(error.message).toMatch(/is empty/);
	});
});

describe('faults as errors', () => {
	it('turns 1001 into a NodeApiError that says what to do', async () => {
		const error = await runError(
			{ resource: 'company', operation: 'getMany', returnAll: true, simplify: true },
			{ credentials: { token: 'wrong-token' } },
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Nmbrs error 1001: Invalid authentication (Invalid Authentication) [CompanyService.List_GetAll]');
		expect(error.description).toMatch(/API token/);
		expect(JSON.stringify(error)).not.toContain('wrong-token');
	});

	it('turns 2004 (company not visible) into an item-level error naming the company', async () => {
		const { ctx } = executeContext({
			vendor: NMBRS,
			credentials: nmbrsCredentials(emu.url, { username: 'junior@voorbeeld.nl', token: 'demo-nmbrs-token-junior' }),
			params: { resource: 'run', operation: 'getMany', company: rl(12346), year: 2025, returnAll: true, filters: {} },
		});
		const error = await (node.execute.call(ctx) as Promise<unknown>).catch((e: NodeApiError) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toMatch(/^Nmbrs error 2004: No access to this company/);
		expect((error as NodeApiError).description).toMatch(/cannot see company 12346/);
	});

	it('with Continue On Fail gives one error item per failed input, paired, and keeps the good ones', async () => {
		const { ctx } = executeContext({
			vendor: NMBRS,
			credentials: nmbrsCredentials(emu.url),
			params: (name, i) =>
				({
					resource: 'run',
					operation: 'getMany',
					company: rl(i === 1 ? 99999 : 12345),
					year: 2025,
					returnAll: false,
					limit: 1,
					filters: {},
				})[name],
			items: [{}, {}, {}],
			continueOnFail: true,
		});
		const result = (await node.execute.call(ctx))[0];
		expect(result).toHaveLength(3);
		expect(result[0].json).toMatchObject({ id: 987 });
		expect(result[1].json).toEqual({
			status: 'failed',
			code: '2004',
			field: null,
			message: expect.stringMatching(/^Nmbrs error 2004/),
			description: expect.stringMatching(/cannot see company 99999/),
		});
		expect(result[1].pairedItem).toEqual({ item: 1 });
		expect(result[2].pairedItem).toEqual({ item: 2 });
	});

	it('stops the run on a credential fault even with Continue On Fail', async () => {
		const { ctx, sent } = executeContext({
			vendor: NMBRS,
			credentials: nmbrsCredentials(emu.url, { token: 'wrong-token' }),
			params: { resource: 'company', operation: 'getMany', returnAll: true, simplify: true },
			items: [{}, {}],
			continueOnFail: true,
		});
		const error = (await (node.execute.call(ctx) as Promise<unknown>).catch((e: unknown) => e)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/^Nmbrs error 1001/);
		expect(failureOf(error).code).toBe('1001');
		expect(error.context?.itemIndex).toBe(0);
		expect(sent).toHaveLength(1);
	});

	it('retries 9999 once and succeeds', async () => {
		await send({ method: 'POST', url: `${emu.url}/__admin/service/faults`, body: { code: 9999, operation: 'List_GetAll', count: 1 } });
		const { output, sent } = await run({ resource: 'company', operation: 'getMany', returnAll: true, simplify: true });
		expect(output).toHaveLength(4);
		expect(sent).toHaveLength(2);
	});

	it('gives up after one 9999 retry', async () => {
		await send({ method: 'POST', url: `${emu.url}/__admin/service/faults`, body: { code: 9999, operation: 'List_GetAll', count: 2 } });
		const error = await runError({ resource: 'company', operation: 'getMany', returnAll: true, simplify: true });
		expect(error.message).toMatch(/^Nmbrs error 9999/);
		expect(emu.requests().byOperation['CompanyService.List_GetAll']).toBe(2);
	});

	it('does not retry other faults', async () => {
		await runError({ resource: 'company', operation: 'getMany', returnAll: true, simplify: true }, { credentials: { token: 'x-wrong' } });
		expect(emu.requests().total).toBe(1);
	});

	it('retries transport failures (503 without SOAP body) and succeeds', async () => {
		emu.setKnobs({ faults: { burst: 2 } });
		const { output } = await run({ resource: 'company', operation: 'getMany', returnAll: true, simplify: true });
		expect(output).toHaveLength(4);
		expect(emu.requests().total).toBe(3);
	}, 20000);

	it('fails readably after repeated transport failures', async () => {
		emu.setKnobs({ faults: { burst: 10 } });
		const error = await runError({ resource: 'company', operation: 'getMany', returnAll: true, simplify: true });
		expect(error.message).toMatch(/^Nmbrs answered HTTP 503 for CompanyService.List_GetAll/);
		expect(error.description).toMatch(/failed 4 times/);
	}, 20000);

	it('retries a connection reset', async () => {
		emu.setKnobs({ faults: { resetRate: 1, operations: ['CompanyService.List_GetAll'] } });
		const pending = run({ resource: 'company', operation: 'getMany', returnAll: true, simplify: true });
		setTimeout(() => emu.setKnobs({ faults: { resetRate: 0 } }), 700);
		const { output } = await pending;
		expect(output).toHaveLength(4);
	}, 20000);
});

describe('list search', () => {
	function loadContext(params: Record<string, unknown>) {
		return loadOptionsContext({ vendor: NMBRS, credentials: nmbrsCredentials(emu.url), params }).ctx;
	}

	it('lists and filters companies', async () => {
		const all = await node.methods.listSearch.searchCompanies.call(loadContext({}));
		expect(all.results.map((r) => r.value)).toEqual(['12345', '12346', '12347', '12348']);
		const filtered = await node.methods.listSearch.searchCompanies.call(loadContext({}), 'zonnehof');
		expect(filtered.results).toEqual([{ name: expect.stringMatching(/^Tandartspraktijk Het Zonnehof/), value: '12347' }]);
	});

	it('lists the runs of the selected company and year, newest first', async () => {
		const runs = await node.methods.listSearch.searchRuns.call(loadContext({ company: rl(12345), year: 2026 }));
		expect(runs.results[0]).toEqual({ name: expect.stringMatching(/^2026 period 11, run \d+: .*\(not locked\)$/), value: '1010' });
		expect(runs.results).toHaveLength(11);
	});

	it('surfaces errors instead of an empty list', async () => {
		const ctx = loadOptionsContext({ vendor: NMBRS, credentials: nmbrsCredentials(emu.url, { token: 'bad' }), params: {} }).ctx;
		await expect(node.methods.listSearch.searchCompanies.call(ctx)).rejects.toThrow(/1001/);
		await expect(node.methods.listSearch.searchRuns.call(loadContext({ company: rl('') }))).rejects.toThrow(/Select a company first/);
	});
});

describe('credential', () => {
	const credential = new NmbrsApi();

	it('passes with the demo login: List_GetAll with username, token and domain', async () => {
		const { options, response } = await runCredentialTest(credential, nmbrsCredentials(`${emu.url}/`));
		expect(options.baseURL).toBe(emu.url);
		expect(response.statusCode).toBe(200);
		expect(find(parseXml(String(response.body)), 'List_GetAllResult')).toBeDefined();
		const header = path(parseXml(options.body as string), 'Header', 'AuthHeaderWithDomain');
		expect(header?.attributes.xmlns).toBe('https://api.nmbrs.nl/soap/v3/CompanyService');
		expect(text(find(header!, 'Domain'))).toBe('voorbeeld');
	});

	it('fails (HTTP 500 fault) with a wrong token', async () => {
		const { response } = await runCredentialTest(credential, nmbrsCredentials(emu.url, { token: 'nope' }));
		expect(response.statusCode).toBe(500);
		expect(response.body).toContain('1001');
	});

	it('resolves production and sandbox base URLs', () => {
		const expression = credential.test.request.baseURL as string;
		expect(credentialExpression(expression, { environment: 'production' })).toBe('https://api.nmbrs.nl');
		expect(credentialExpression(expression, { environment: 'sandbox' })).toBe('https://api-sandbox.nmbrs.nl');
		expect(credentialExpression(expression, { environment: 'custom', baseUrl: ' http://127.0.0.1:5101/soap/v3 ' })).toBe('http://127.0.0.1:5101');
	});
});
