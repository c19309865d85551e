/**
 * Nextens node execute/poll tests against the Nextens emulator over real HTTP: the fake context's
 * httpRequestWithAuthentication applies the credential's generic auth and calls the emulator.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startEmulator, type RunningEmulator } from '../../../emulators/common/server';
import { demoSeed, nextensService, type NextensState } from '../../../emulators/nextens';
import { CLIENT_FIELDS, SBA_FIELDS } from '../../../nodes/Nextens/actions/common';
import { Nextens } from '../../../nodes/Nextens/Nextens.node';
import { NextensTrigger } from '../../../nodes/Nextens/NextensTrigger.node';
import { isStopRunError } from '../../../nodes/common/failures';
import { executeContext, pollContext } from '../kit/context';
import { validBsns } from '../kit/identifiers';
import { NEXTENS, nextensCredentials } from '../kit/vendors';

jest.setTimeout(120_000);

const TOKEN = 'demo-nextens-token';
let emu: RunningEmulator<NextensState>;

const EMPTY_SEED = { tokens: [TOKEN], clients: [], sbas: [] };

beforeAll(async () => {
	emu = await startEmulator(nextensService, { port: 0, seed: EMPTY_SEED });
});
afterAll(async () => {
	await emu.close();
});
beforeEach(() => {
	emu.reset(EMPTY_SEED);
	emu.setKnobs({
		rateLimit: { enabled: false },
		faults: { errorRate: 0, burst: 0, hangRate: 0, resetRate: 0, seed: 7 },
	});
	emu.clearRequests();
});

const credentials = () => nextensCredentials(`${emu.url}/api/v1/`, { officeName: 'Test' });

const JAN = {
	achternaam: 'Berg',
	tussenvoegsel: 'van der',
	voorletters: 'J.P.',
	voornaam: 'Jan',
	bsn: '111222333',
	geboortedatum: '1980-05-17',
	geslacht: 'man',
	klantnummer: 'C-1042',
	correspondentieStraatnaam: 'Keizersgracht',
	correspondentieHuisnummer: '123',
	correspondentieToevoeging: 'A',
	correspondentiePostcode: '1015cj',
	correspondentiePlaats: 'Amsterdam',
	correspondentieLand: 'Nederland',
	telefoonMobiel: '06 12345678',
	email: 'jan@example.nl',
};

const VOORBEELD = {
	naam: 'Voorbeeld B.V.',
	kvkNummer: '12345678',
	fiscaalNummer: '004495445',
	btwNummer: 'NL004495445B01',
	iban: 'NL91 ABNA 0417 1643 00',
	klantnummer: 'C-7',
	bezoekStraatnaam: 'Stationsplein',
	bezoekHuisnummer: '1',
	bezoekPostcode: '3511ED',
	bezoekPlaats: 'Utrecht',
	telefoonnummer: '030-1234567',
	email: 'info@voorbeeld.nl',
};

interface Rec {
	type: 'persoon' | 'organisatie';
	crmId: string;
	fields: Record<string, unknown>;
	nextensId?: string;
}

function upsertParams(records: Rec[], options: IDataObject = {}) {
	return records.map((r) => ({
		resource: 'client',
		operation: 'upsert',
		clientType: r.type,
		crmId: r.crmId,
		nextensId: r.nextensId ?? '',
		fields: { mappingMode: 'defineBelow', value: r.fields },
		options: { requestsPerSecond: 1000, concurrency: 4, timeoutSeconds: 5, ...options },
	}));
}

async function upsert(records: Rec[], options: IDataObject = {}, extra: { continueOnFail?: boolean } = {}) {
	const { ctx } = executeContext({
		vendor: NEXTENS,
		credentials: credentials(),
		params: upsertParams(records, options),
		items: records.map(() => ({})),
		continueOnFail: extra.continueOnFail,
	});
	const [out] = await new Nextens().execute.call(ctx);
	return { out: out.map((o: INodeExecutionData) => o.json as IDataObject), raw: out, ctx };
}

/** The fields of every Create or Update output item, in this order. */
const UPSERT_FIELDS = ['status', 'code', 'field', 'message', 'description', 'nextensId', 'matchedBy', 'crmId', 'changedFields', 'ids', 'paddedFields'];

function writeCount(): number {
	return emu.requests().entries.filter((e) => e.method === 'POST' || e.method === 'PUT').length;
}

describe('Client → Upsert', () => {
	test('a new person is created; the same BSN with a changed address updates; a re-run is unchanged', async () => {
		const first = await upsert([{ type: 'persoon', crmId: 'crm-1', fields: JAN }]);
		expect(first.out).toEqual([
			expect.objectContaining({ status: 'created', matchedBy: 'none', crmId: 'crm-1', nextensId: expect.stringMatching(/^kl_\d{6}$/) }),
		]);
		expect(first.raw[0].pairedItem).toEqual({ item: 0 });
		const stored = emu.state.clients[0] as unknown as IDataObject;
		expect(stored).toMatchObject({ bsn: '111222333', weergavenaam: 'J.P. van der Berg', correspondentieadres: { postcode: '1015 CJ', landcode: 'NL', huisnummertoevoeging: 'A' } });

		const moved = await upsert([
			{ type: 'persoon', crmId: 'crm-1', fields: { ...JAN, correspondentieStraatnaam: 'Prinsengracht', correspondentieHuisnummer: '2', correspondentieToevoeging: '', correspondentiePostcode: '1016 AB' } },
		]);
		expect(moved.out[0]).toMatchObject({ status: 'updated', matchedBy: 'bsn', nextensId: first.out[0].nextensId });
		expect(moved.out[0].changedFields).toEqual(expect.arrayContaining(['correspondentieadres.straatnaam', 'correspondentieadres.postcode']));

		emu.clearRequests();
		const again = await upsert([
			{ type: 'persoon', crmId: 'crm-1', fields: { ...JAN, correspondentieStraatnaam: 'Prinsengracht', correspondentieHuisnummer: '2', correspondentieToevoeging: '', correspondentiePostcode: '1016 AB' } },
		]);
		expect(again.out[0]).toMatchObject({ status: 'unchanged', matchedBy: 'bsn' });
		expect(writeCount()).toBe(0);
		expect(emu.state.clients).toHaveLength(1);
	});

	test('a person without a BSN in Nextens is matched on the exact name and the BSN is written', async () => {
		const { bsn: _bsn, ...noBsn } = JAN;
		await upsert([{ type: 'persoon', crmId: 'crm-1', fields: noBsn }]);
		expect((emu.state.clients[0] as unknown as IDataObject).bsn).toBeNull();
		const r = await upsert([{ type: 'persoon', crmId: 'crm-1', fields: JAN }]);
		expect(r.out[0]).toMatchObject({ status: 'updated', matchedBy: 'name', changedFields: ['bsn'] });
		expect(emu.state.clients).toHaveLength(1);
		expect((emu.state.clients[0] as unknown as IDataObject).bsn).toBe('111222333');
		expect(JSON.stringify(r.out)).not.toContain('111222333');
	});

	test('organisation matched on RSIN + volgnummer, and on the exact name', async () => {
		const created = await upsert([{ type: 'organisatie', crmId: 'org-1', fields: VOORBEELD }]);
		expect(created.out[0]).toMatchObject({ status: 'created' });
		const stored = emu.state.clients[0] as unknown as IDataObject;
		expect(stored).toMatchObject({ volgnummer: 1, iban: 'NL91ABNA0417164300', correspondentieadres: { straatnaam: 'Stationsplein', postcode: '3511 ED' } });

		const byKey = await upsert([{ type: 'organisatie', crmId: 'org-1', fields: { ...VOORBEELD, volgnummer: '1', email: 'administratie@voorbeeld.nl' } }]);
		expect(byKey.out[0]).toMatchObject({ status: 'updated', matchedBy: 'fiscaalNummer', changedFields: ['email'] });

		const byName = await upsert([{ type: 'organisatie', crmId: 'org-1', fields: { ...VOORBEELD, fiscaalNummer: '', email: 'post@voorbeeld.nl' } }]);
		expect(byName.out[0]).toMatchObject({ status: 'updated', matchedBy: 'name', changedFields: ['email'] });
		expect((emu.state.clients[0] as unknown as IDataObject).fiscaalNummer).toBe('004495445');

		const other = await upsert([{ type: 'organisatie', crmId: 'org-2', fields: { naam: 'Andere B.V.' } }]);
		expect(other.out[0]).toMatchObject({ status: 'created', matchedBy: 'none' });
		const andere = await upsert([{ type: 'organisatie', crmId: 'org-2', fields: { naam: 'Andere B.V.', fiscaalNummer: '004495445', volgnummer: '2' } }]);
		expect(andere.out[0]).toMatchObject({ status: 'updated', matchedBy: 'name' });
		expect(emu.state.clients).toHaveLength(2);
	});

	test('a BSN or RSIN that lost its leading zeros in a spreadsheet is padded, checked and reported; shorter ones are refused', async () => {
		// Invented numbers: 001234560 and 076543213 pass the 11-proef; 1234567 does not, even padded.
		const r = await upsert([
			{ type: 'persoon', crmId: 'p-7', fields: { ...JAN, bsn: 1234560 } },
			{ type: 'organisatie', crmId: 'o-8', fields: { ...VOORBEELD, fiscaalNummer: '76543213' } },
			{ type: 'persoon', crmId: 'p-9', fields: { ...JAN, achternaam: 'Anders', bsn: '123456782' } },
			{ type: 'persoon', crmId: 'p-bad', fields: { ...JAN, achternaam: 'Fout', bsn: '1234567' } },
			{ type: 'persoon', crmId: 'p-short', fields: { ...JAN, achternaam: 'Kort', bsn: '123456' } },
		]);
		expect(r.out.map((o) => [o.status, o.paddedFields])).toEqual([
			['created', ['bsn']],
			['created', ['fiscaalNummer']],
			['created', []],
			['failed', []],
			['failed', []],
		]);
		const stored = emu.state.clients as unknown as IDataObject[];
		expect(stored.map((c) => c.bsn ?? c.fiscaalNummer).sort()).toEqual(['001234560', '076543213', '123456782']);
		expect(r.out[3]).toMatchObject({ code: 'INVALID_BSN', field: 'bsn', message: expect.stringContaining('also with its leading zeros restored') });
		expect(r.out[4]).toMatchObject({ code: 'INVALID_BSN', field: 'bsn', message: expect.stringContaining('must have 9 digits') });
		for (const o of r.out) expect(Object.keys(o)).toEqual(UPSERT_FIELDS);
		expect(JSON.stringify(r.out)).not.toMatch(/1234560|76543213/);
	});

	test('invalid BSN / IBAN / postcode become failed items and nothing of them is sent', async () => {
		const r = await upsert([
			{ type: 'persoon', crmId: 'bad-bsn', fields: { ...JAN, bsn: '123456789' } },
			{ type: 'organisatie', crmId: 'bad-iban', fields: { ...VOORBEELD, iban: 'NL91ABNA0417164301' } },
			{ type: 'persoon', crmId: 'bad-postcode', fields: { ...JAN, bsn: '123456782', correspondentiePostcode: '2611 SS' } },
		]);
		expect(r.out).toEqual([
			expect.objectContaining({ status: 'failed', crmId: 'bad-bsn', code: 'INVALID_BSN', field: 'bsn' }),
			expect.objectContaining({ status: 'failed', crmId: 'bad-iban', code: 'INVALID_IBAN', field: 'iban' }),
			expect.objectContaining({ status: 'failed', crmId: 'bad-postcode', code: 'INVALID_POSTCODE', field: 'correspondentieadres.postcode' }),
		]);
		expect(r.raw.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(emu.requests().total).toBe(0);
		expect(JSON.stringify(r.out)).not.toContain('123456789');

		// mixed with a valid record: only the valid one reaches Nextens
		emu.clearRequests();
		const mixed = await upsert([
			{ type: 'persoon', crmId: 'bad-bsn', fields: { ...JAN, bsn: '123456789' } },
			{ type: 'persoon', crmId: 'ok', fields: JAN },
		]);
		expect(mixed.out.map((o) => o.status)).toEqual(['failed', 'created']);
		expect(emu.requests().entries.map((e) => e.operation)).toEqual(['GET /clients?bsn', 'GET /clients?naam', 'POST /clients']);
	});

	test('a batch re-run ends all unchanged with zero writes', async () => {
		const batch: Rec[] = [
			{ type: 'persoon', crmId: 'p1', fields: JAN },
			{ type: 'persoon', crmId: 'p2', fields: { achternaam: 'Jansen', voornaam: 'Piet', email: 'piet@example.nl' } },
			{ type: 'organisatie', crmId: 'o1', fields: VOORBEELD },
			{ type: 'persoon', crmId: 'p3', fields: { achternaam: 'Peeters', bsn: '123456782', correspondentieStraatnaam: 'Meir 10', correspondentiePostcode: '2000', correspondentiePlaats: 'Antwerpen', correspondentieLand: 'België' } },
		];
		const first = await upsert(batch);
		expect(first.out.map((o) => o.status)).toEqual(['created', 'created', 'created', 'created']);
		emu.clearRequests();
		const second = await upsert(batch);
		expect(second.out.map((o) => o.status)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
		expect(second.out.map((o) => o.crmId)).toEqual(['p1', 'p2', 'o1', 'p3']);
		expect(writeCount()).toBe(0);
	});

	test('a large batch reads the client list once and then only writes (automatic lookup strategy)', async () => {
		const batch: Rec[] = Array.from({ length: 12 }, (_, i) => ({
			type: 'persoon' as const,
			crmId: `p${i}`,
			fields: { achternaam: `Klant${i}`, voornaam: 'Sam', email: `sam${i}@example.nl` },
		}));
		batch.push({ type: 'persoon', crmId: 'dup', fields: { achternaam: 'Klant0', voornaam: 'Sam', email: 'sam0@example.nl' } });
		const first = await upsert(batch);
		expect(first.out.map((o) => o.status)).toEqual([...Array(12).fill('created'), 'unchanged']);
		expect(emu.requests().byOperation).toEqual({ 'GET /clients': 1, 'POST /clients': 12 });
		emu.clearRequests();
		const changed = batch.map((r, i) => (i < 3 ? { ...r, fields: { ...r.fields, email: `nieuw${i}@example.nl` } } : r)).slice(0, 12);
		const second = await upsert(changed);
		expect(second.out.map((o) => o.status)).toEqual([...Array(3).fill('updated'), ...Array(9).fill('unchanged')]);
		expect(emu.requests().byOperation).toEqual({ 'GET /clients': 1, 'PUT /clients/{id}': 3 });
		emu.clearRequests();
		const perRecord = await upsert(changed, { lookupStrategy: 'perRecord' });
		expect(perRecord.out.every((o) => o.status === 'unchanged')).toBe(true);
		expect(emu.requests().byOperation).toEqual({ 'GET /clients?naam': 12 });
	});

	test('fill-empty mode keeps Nextens values and fills the empty ones', async () => {
		await upsert([{ type: 'persoon', crmId: 'p1', fields: { ...JAN, email: '', telefoonMobiel: '' } }]);
		const r = await upsert([{ type: 'persoon', crmId: 'p1', fields: { ...JAN, klantnummer: 'OTHER', email: 'new@example.nl' } }], { mode: 'fillEmpty' });
		expect(r.out[0]).toMatchObject({ status: 'updated', changedFields: expect.arrayContaining(['email']) });
		expect(emu.state.clients[0]).toMatchObject({ klantnummer: 'C-1042', email: 'new@example.nl' });
	});

	test('an explicit Nextens id updates that client; an unknown one fails', async () => {
		const c = await upsert([{ type: 'persoon', crmId: 'p1', fields: JAN }]);
		const id = String(c.out[0].nextensId);
		emu.clearRequests();
		const r = await upsert([
			{ type: 'persoon', crmId: 'p1', nextensId: id, fields: { ...JAN, bsn: '', achternaam: 'Bergen' } },
			{ type: 'persoon', crmId: 'p2', nextensId: 'kl_999999', fields: { achternaam: 'X' } },
		]);
		expect(r.out[0]).toMatchObject({ status: 'updated', matchedBy: 'id', nextensId: id });
		expect(r.out[1]).toMatchObject({ status: 'failed', code: 'NOT_FOUND', matchedBy: 'id' });
		expect(emu.state.clients[0]).toMatchObject({ achternaam: 'Bergen', bsn: '111222333' });
	});

	test('ambiguous name matches fail with the ids and are never written', async () => {
		await fetch(`${emu.url}/__admin/service/clients`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ soort: 'persoon', achternaam: 'Vries', voorletters: 'K.' }) });
		await fetch(`${emu.url}/__admin/service/clients`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ soort: 'persoon', achternaam: 'Vries', voorletters: 'K.' }) });
		emu.clearRequests();
		const r = await upsert([{ type: 'persoon', crmId: 'p1', fields: { achternaam: 'Vries', voorletters: 'K.' } }]);
		expect(r.out[0]).toMatchObject({ status: 'failed', code: 'AMBIGUOUS_MATCH', matchedBy: 'name' });
		expect((r.out[0].ids as string[]).length).toBe(2);
		expect(writeCount()).toBe(0);
	});

	test('a wrong token stops the whole run with a credential error', async () => {
		const { ctx } = executeContext({
			vendor: NEXTENS,
			credentials: { ...credentials(), token: 'wrong' },
			params: upsertParams([{ type: 'persoon', crmId: 'p1', fields: JAN }]),
			continueOnFail: true,
		});
		const error = await new Nextens().execute.call(ctx).then(
			() => undefined,
			(e: unknown) => e,
		);
		expect(error).toMatchObject({
			httpCode: '401',
			message: expect.stringContaining('token'),
			description: expect.stringContaining('Instellingen > Koppelingen'),
			context: { code: 'UNAUTHORIZED', stopRun: true },
		});
		expect(isStopRunError(error)).toBe(true);
		// also for a read with Continue On Fail: no item can succeed with a refused token
		const read = executeContext({
			vendor: NEXTENS,
			credentials: { ...credentials(), token: 'wrong' },
			params: { resource: 'client', operation: 'get', clientId: 'kl_000001' },
			continueOnFail: true,
		});
		await expect(new Nextens().execute.call(read.ctx)).rejects.toMatchObject({ httpCode: '401' });
	});

	test('every output item has the same fields (null or [] when absent); a failed one says what to do', async () => {
		const r = await upsert([
			{ type: 'persoon', crmId: 'ok', fields: JAN },
			{ type: 'persoon', crmId: 'bad-bsn', fields: { ...JAN, bsn: '123456789' } },
		]);
		for (const o of r.out) expect(Object.keys(o)).toEqual(UPSERT_FIELDS);
		expect(r.out[0]).toEqual({
			status: 'created', code: null, field: null, message: null, description: null,
			nextensId: expect.stringMatching(/^kl_/), matchedBy: 'none', crmId: 'ok', changedFields: [], ids: [], paddedFields: [],
		});
		expect(r.out[1]).toMatchObject({ status: 'failed', code: 'INVALID_BSN', field: 'bsn', nextensId: null, changedFields: [], ids: [] });
		expect(r.out[1].message).toMatch(/BSN \*{5}6789 fails the 11-proef\. Nothing of this record was sent to Nextens\./);
		expect(r.out[1].description).toBe('Correct the field bsn in the CRM and send the record again.');
	});

	test('with Continue On Fail an item that cannot be read is a failed item of the same shape; without, the run stops', async () => {
		const params = [
			...upsertParams([{ type: 'persoon', crmId: 'p1', fields: JAN }]),
			{ ...upsertParams([{ type: 'persoon', crmId: 'p2', fields: JAN }])[0], clientType: 'bedrijf', nextensId: 'kl_000042' },
		];
		const run = (continueOnFail: boolean) =>
			new Nextens().execute.call(executeContext({ vendor: NEXTENS, credentials: credentials(), params, items: [{}, {}], continueOnFail }).ctx);
		const [out] = await run(true);
		expect(Object.keys(out[1].json)).toEqual(UPSERT_FIELDS);
		expect(out[1]).toEqual({
			json: {
				status: 'failed', code: 'INVALID_CLIENT_TYPE', field: 'clientType', message: 'Client type "bedrijf" is not valid',
				description: expect.stringContaining('organisatie'), nextensId: 'kl_000042', matchedBy: 'none', crmId: 'p2', changedFields: [], ids: [], paddedFields: [],
			},
			pairedItem: { item: 1 },
		});
		await expect(run(false)).rejects.toMatchObject({ message: 'Client type "bedrijf" is not valid', context: { itemIndex: 1 } });
	});

	function batchWithValidBsns(): Rec[] {
		const valid = validBsns(6);
		return [
			...valid.map((bsn, i) => ({ type: 'persoon' as const, crmId: `bsn-${i}`, fields: { achternaam: `Persoon${i}`, voorletters: 'A.', bsn } })),
			...Array.from({ length: 4 }, (_, i) => ({ type: 'persoon' as const, crmId: `naam-${i}`, fields: { achternaam: `Naamloos${i}`, voornaam: 'Kim' } })),
			{ type: 'organisatie', crmId: 'org-1', fields: VOORBEELD },
			{ type: 'organisatie', crmId: 'org-2', fields: { naam: 'Zonder RSIN B.V.' } },
		];
	}

	function assertExactlyOnce(out: IDataObject[], batch: Rec[]) {
		expect(out).toHaveLength(batch.length);
		expect(out.map((o) => o.crmId)).toEqual(batch.map((b) => b.crmId));
		for (const o of out) expect(['created', 'updated', 'unchanged', 'failed']).toContain(o.status);
		const names = emu.state.clients.map((c) => (c as unknown as IDataObject).weergavenaam);
		expect(new Set(names).size).toBe(names.length); // nothing duplicated
		for (const o of out.filter((x) => x.status !== 'failed')) {
			expect(emu.state.clients.filter((c) => c.id === o.nextensId)).toHaveLength(1);
		}
	}

	test('injected 429s: Retry-After is honoured and every record ends exactly once', async () => {
		const batch = batchWithValidBsns();
		emu.setKnobs({ rateLimit: { enabled: true, requestsPerSecond: 8, burst: 3 } });
		const r = await upsert(batch, { requestsPerSecond: 100, concurrency: 6 });
		const log = emu.requests();
		expect(log.entries.some((e) => e.outcome === 'rate-limited')).toBe(true);
		assertExactlyOnce(r.out, batch);
		expect(r.out.filter((o) => o.status !== 'created')).toEqual([]);
		expect(emu.state.clients).toHaveLength(batch.length);
	});

	test('5xx bursts, resets and hangs: every record ends exactly once, nothing duplicated; a re-run completes', async () => {
		const batch = batchWithValidBsns();
		emu.setKnobs({ faults: { seed: 11, errorRate: 0.2, burst: 3, resetRate: 0.05, hangRate: 0.03 } });
		const r = await upsert(batch, { concurrency: 4, timeoutSeconds: 1 });
		expect(emu.requests().entries.some((e) => e.outcome === 'fault')).toBe(true);
		assertExactlyOnce(r.out, batch);
		const ended = r.out.filter((o) => o.status !== 'failed').length;
		expect(ended).toBeGreaterThan(0);

		emu.setKnobs({ faults: { errorRate: 0, burst: 0, resetRate: 0, hangRate: 0 } });
		const again = await upsert(batch, { concurrency: 4 });
		assertExactlyOnce(again.out, batch);
		for (let i = 0; i < batch.length; i++) {
			expect(again.out[i].status).toBe(r.out[i].status === 'failed' ? 'created' : 'unchanged');
		}
		expect(emu.state.clients).toHaveLength(batch.length);
	});
});

describe('Client reads', () => {
	beforeEach(() => emu.reset(demoSeed()));

	async function run(params: IDataObject, items: IDataObject[] = [{}]) {
		const { ctx } = executeContext({ vendor: NEXTENS, credentials: credentials(), params, items });
		const [out] = await new Nextens().execute.call(ctx);
		return out;
	}

	test('Get, Get by BSN (masked), Get by RSIN, Search by Name, Get Many with limit and return all', async () => {
		const got = await run({ resource: 'client', operation: 'get', clientId: 'kl_000007' });
		expect(got[0].json).toMatchObject({ id: 'kl_000007', naam: 'Voorbeeld B.V.' });

		const jan = await upsert([{ type: 'persoon', crmId: 'p1', fields: JAN }]);
		const byBsn = await run({ resource: 'client', operation: 'getByBsn', bsn: '1112 22 333' });
		expect(byBsn).toHaveLength(1);
		expect(byBsn[0].json).toMatchObject({ id: jan.out[0].nextensId, bsn: '*****2333' });

		const byRsin = await run({ resource: 'client', operation: 'getByRsin', fiscaalNummer: '004495445', volgnummer: 1 });
		expect(byRsin.map((o) => o.json.id)).toEqual(['kl_000007']);
		// for a sole proprietor the fiscaal nummer is the owner's BSN, so it never leaves the node in full
		expect(byRsin[0].json).toMatchObject({ fiscaalNummer: '*****5445', btwNummer: 'NL*****5445B01' });

		const byName = await run({ resource: 'client', operation: 'searchByName', naam: '  J.P.  van der Berg ', soort: 'persoon' });
		expect(byName.map((o) => o.json.id)).toEqual([jan.out[0].nextensId]);

		const some = await run({ resource: 'client', operation: 'getMany', returnAll: false, limit: 3 });
		expect(some).toHaveLength(3);
		const all = await run({ resource: 'client', operation: 'getMany', returnAll: true });
		expect(all.length).toBe(emu.state.clients.length);
		expect(all.every((o) => typeof o.json.bsn !== 'string' || /^\*{5}\d{4}$/.test(o.json.bsn))).toBe(true);
	});

	test('Get Many items of persons and organisations have one shape, null where a client has no value', async () => {
		await upsert([{ type: 'persoon', crmId: 'p1', fields: JAN }]);
		const all = await run({ resource: 'client', operation: 'getMany', returnAll: true });
		const keys = all.map((o) => Object.keys(o.json).slice(0, CLIENT_FIELDS.length));
		for (const k of keys) expect(k).toEqual([...CLIENT_FIELDS]);
		for (const o of all) expect(Object.values(o.json)).not.toContain(undefined);
		const person = all.find((o) => o.json.soort === 'persoon')!.json;
		const organisation = all.find((o) => o.json.soort === 'organisatie')!.json;
		expect(person).toMatchObject({ naam: null, kvkNummer: null, iban: null });
		expect(organisation).toMatchObject({ achternaam: null, bsn: null, geboortedatum: null });
	});

	test('SBA Get Many items carry klantNaam (null unless asked for), every field present', async () => {
		const plain = await run({ resource: 'sba', operation: 'getMany', returnAll: true, filters: {} });
		expect(plain.length).toBeGreaterThan(0);
		for (const o of plain) expect(Object.keys(o.json)).toEqual([...SBA_FIELDS]);
		expect(plain.every((o) => o.json.klantNaam === null)).toBe(true);
	});

	test('an invalid BSN is refused locally; an unknown id fails readably or as an error item', async () => {
		emu.clearRequests();
		await expect(run({ resource: 'client', operation: 'getByBsn', bsn: '123456789' })).rejects.toThrow(/BSN \*{5}6789 is not valid/);
		expect(emu.requests().total).toBe(0);
		const invalid = executeContext({ vendor: NEXTENS, credentials: credentials(), params: { resource: 'client', operation: 'getByBsn', bsn: '123456789' }, continueOnFail: true });
		const [failed] = await new Nextens().execute.call(invalid.ctx);
		expect(failed[0].json).toMatchObject({ status: 'failed', code: 'INVALID_BSN', field: 'bsn', message: 'BSN *****6789 is not valid' });
		await expect(run({ resource: 'client', operation: 'get', clientId: 'kl_999999' })).rejects.toMatchObject({
			description: expect.stringContaining('Check the id'),
		});
		const { ctx } = executeContext({ vendor: NEXTENS, credentials: credentials(), params: { resource: 'client', operation: 'get', clientId: 'kl_999999' }, continueOnFail: true });
		const [out] = await new Nextens().execute.call(ctx);
		expect(out[0]).toEqual({
			json: {
				status: 'failed',
				code: 'NOT_FOUND',
				field: null,
				message: expect.stringContaining('Could not get client kl_999999'),
				description: 'Check the id: it may have been removed in Nextens.',
			},
			pairedItem: { item: 0 },
		});
	});
});

describe('SBA', () => {
	beforeEach(() => emu.reset(demoSeed()));

	test('Get Many with filters, limit and return all', async () => {
		const ctx = (params: IDataObject) => executeContext({ vendor: NEXTENS, credentials: credentials(), params }).ctx;
		const [vpb] = await new Nextens().execute.call(
			ctx({ resource: 'sba', operation: 'getMany', returnAll: true, filters: { middel: 'VPB', since: '2025-01-01T00:00:00Z' } }),
		);
		expect(vpb.map((o) => o.json.id)).toEqual(['sba_000913', 'sba_000907', 'sba_000915', 'sba_000919']);
		const [limited] = await new Nextens().execute.call(
			ctx({ resource: 'sba', operation: 'getMany', returnAll: false, limit: 2, filters: {} }),
		);
		expect(limited).toHaveLength(2);
		const [client7] = await new Nextens().execute.call(
			ctx({ resource: 'sba', operation: 'getMany', returnAll: true, filters: { klantId: 'kl_000007', jaar: 2024, status: 'nieuw' } }),
		);
		expect(client7.map((o) => o.json.id)).toEqual(['sba_000913']);
		expect(client7[0].json.klantNaam).toBeNull(); // one shape: present, null unless asked for
		const [named] = await new Nextens().execute.call(
			ctx({ resource: 'sba', operation: 'getMany', returnAll: true, filters: { klantId: 'kl_000007' }, options: { includeClientName: true } }),
		);
		expect(named[0].json.klantNaam).toBe('Voorbeeld B.V.');
	});

	test('failed SBA reads carry the Nextens code and field; a failed Get has no file', async () => {
		const run = async (params: IDataObject) =>
			(await new Nextens().execute.call(executeContext({ vendor: NEXTENS, credentials: credentials(), params, items: [{}, {}], continueOnFail: true }).ctx))[0];
		const got = await run({ resource: 'sba', operation: 'get', sbaId: 'sba_999999', binaryPropertyName: 'xbrl' });
		expect(got).toHaveLength(2);
		expect(got[0]).toEqual({
			json: { status: 'failed', code: 'NOT_FOUND', field: null, message: expect.stringContaining('Could not get SBA sba_999999'), description: expect.any(String) },
			pairedItem: { item: 0 },
		});
		expect(got[1].binary).toBeUndefined();
		const listed = await run({ resource: 'sba', operation: 'getMany', returnAll: true, filters: { since: 'yesterday' } });
		expect(listed[0].json).toMatchObject({ status: 'failed', code: 'INVALID_DATE', field: 'since', message: '"Received Since" (yesterday) is not a date' });
	});

	test('Get returns the XBRL as binary data plus the metadata', async () => {
		const { ctx } = executeContext({ vendor: NEXTENS, credentials: credentials(), params: { resource: 'sba', operation: 'get', sbaId: 'sba_000913', binaryPropertyName: 'xbrl' } });
		const [out] = await new Nextens().execute.call(ctx);
		// the fiscaal nummer (a BSN for an IB assessment) is masked, also inside the kenmerk
		expect(out[0].json).toMatchObject({ id: 'sba_000913', middel: 'VPB', jaar: 2024, fiscaalNummer: '*****5445', kenmerk: '*****5445.V.46.0001' });
		expect(JSON.stringify(out[0].json)).not.toContain('004495445');
		expect(out[0].json.xbrl).toBeUndefined();
		const bin = out[0].binary!.xbrl;
		expect(bin).toMatchObject({ fileName: 'sba_000913.xbrl', mimeType: 'application/xml' });
		expect(Buffer.from(bin.data, 'base64').toString('utf8')).toMatch(/^<\?xml[\s\S]*xbrl/);
	});
});

describe('Nextens Trigger', () => {
	beforeEach(() => emu.reset(demoSeed()));

	function poll(staticData: IDataObject, params: IDataObject = {}, mode: 'manual' | 'trigger' = 'trigger') {
		const { ctx } = pollContext({ vendor: NEXTENS, credentials: credentials(), params: { filters: {}, options: {}, ...params }, mode, staticData });
		return new NextensTrigger().poll.call(ctx);
	}

	test('manual mode returns a sample and leaves the state alone', async () => {
		const state: IDataObject = {};
		const out = await poll(state, {}, 'manual');
		expect(out![0]).toHaveLength(1);
		expect(out![0][0].json).toMatchObject({ id: 'sba_000920', klantNaam: expect.any(String) });
		expect(state).toEqual({});
	});

	test('a CLI run (n8n execute) also gets a sample without touching the state', async () => {
		const state: IDataObject = {};
		const { ctx } = pollContext({ vendor: NEXTENS, credentials: credentials(), params: { filters: { middel: 'VPB' }, options: {} }, staticData: state, mode: 'cli' });
		const out = await new NextensTrigger().poll.call(ctx);
		expect(out![0].map((o) => o.json.id)).toEqual(['sba_000919']);
		expect(state).toEqual({});
	});

	test('first poll starts at activation; later polls emit new SBAs once (boundary dedupe)', async () => {
		const state: IDataObject = {};
		expect(await poll(state)).toBeNull();
		expect(typeof state.lastReceived).toBe('string');
		expect(await poll(state)).toBeNull();

		const cursor = String(state.lastReceived);
		const add = async (sbas: unknown[]) =>
			fetch(`${emu.url}/__admin/service/sbas`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(sbas) });
		const at = new Date(Date.parse(cursor) + 1000).toISOString();
		const base = { klantId: 'kl_000007', middel: 'VPB', jaar: 2025, berichtsoort: 'aanslag', soortAanslag: 'voorlopig', dagtekening: '2025-02-14', bedrag: '10.00', status: 'nieuw', kenmerk: 'K1' };
		const r = await add([{ ...base, id: 'sba_000990', ontvangenOp: at }, { ...base, id: 'sba_000991', ontvangenOp: at }]);
		expect(r.status).toBe(201);
		const first = await poll(state);
		expect(first![0].map((o) => o.json.id)).toEqual(['sba_000990', 'sba_000991']);
		expect(first![0][0].json.klantNaam).toBe('Voorbeeld B.V.');
		expect(state).toMatchObject({ lastReceived: at, idsAtLast: ['sba_000990', 'sba_000991'] });
		expect(await poll(state)).toBeNull();
		// a third message at the same instant arrives later: emitted once, the others not again
		await add([{ ...base, id: 'sba_000992', ontvangenOp: at, middel: 'BTW', tijdvak: '2025-Q1' }]);
		const second = await poll(state);
		expect(second![0].map((o) => o.json.id)).toEqual(['sba_000992']);
		expect(await poll(state)).toBeNull();
		// tax filter
		await add([{ ...base, id: 'sba_000993', ontvangenOp: new Date(Date.parse(at) + 1000).toISOString() }]);
		expect(await poll({ ...state }, { filters: { middel: 'IB' } })).toBeNull();
		expect((await poll(state, { filters: { middel: 'VPB' } }))![0].map((o) => o.json.id)).toEqual(['sba_000993']);
	});

	test('with "include since" the first poll emits the backlog', async () => {
		const state: IDataObject = {};
		const out = await poll(state, { options: { initialSince: '2025-05-10T04:00:00.000Z', includeClientName: false } });
		expect(out![0].map((o) => o.json.id)).toEqual(['sba_000908', 'sba_000909', 'sba_000910', 'sba_000911', 'sba_000912', 'sba_000914', 'sba_000915', 'sba_000916', 'sba_000917', 'sba_000918', 'sba_000919', 'sba_000920']);
		expect(out![0][0].json.klantNaam).toBeNull();
		expect(await poll(state)).toBeNull();
	});
});
