/**
 * The Nextens client sync templates in a real n8n, on every pinned version, against the Nextens emulator.
 *
 * `n8n execute` needs a Manual Trigger, which the templates no longer have (their "Execute workflow" button runs the
 * production trigger's example path in the editor; the browser test covers that), so each copy gets one in front of
 * the template's example path (test/e2e/fixtures/client-sync/harness.ts):
 * - workflows/crm-export-to-nextens-batch.json: Manual Trigger -> "Example Export Rows" holding the test's export
 *   rows -> the rest as shipped (One Item per Row, Map Export Columns, ..., Summary, Failure Report (CSV)).
 * - workflows/crm-to-nextens-webhook.json: Manual Trigger -> "Example CRM Record" (the test's CRM record as the
 *   webhook body) -> Map CRM Record -> the rest as shipped; the failure path e-mails a local mail catcher.
 * - workflows/daily-sba-fetch.json: Manual Trigger -> Open SBA's -> the rest as shipped; the list goes to the mail
 *   catcher.
 *
 * The Nextens credential points at a recording proxy in front of the emulator, so the test sees every URL (with
 * query) and body n8n sent. Assertions read the emulator's stored state and request log.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { startEmulator, type DeepPartial, type Knobs, type RunningEmulator } from '../../emulators/common';
import { nextensService, type NextensState } from '../../emulators/nextens';
import { ibanFor, nextValidBsn } from '../../emulators/nextens/identifiers';
import { startMailCatcher, type MailCatcher } from '../../scripts/demo/smtp';
import { N8N_VERSIONS, createN8n, packProject, type ExecutionResult, type N8nInstance } from '../harness/n8n';
import { CREDENTIAL_REFS, DEMO_SECRETS, crmWebhookCredential } from '../support/credentials';
import {
	batchFileWorkflow,
	batchWorkflow,
	exportCsv,
	importWorkflows,
	sbaWorkflow,
	startRecordingProxy,
	webhookWorkflow,
	type RecordingProxy,
} from './fixtures/client-sync/harness';
import {
	EXPORT_COLUMNS,
	adres,
	changedClient,
	emptyRow,
	generatedClient,
	identityOf,
	rowOf,
	type ExportRow,
	type SeedClient,
} from './fixtures/client-sync/records';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const UPSERT = 'Create or Update in Nextens';

// ---- the first batch: one record per matching rule ----------------------------------------------------

const BSN = {
	deBoer: nextValidBsn(990_001_000),
	visser: nextValidBsn(990_002_000),
	nieuw: nextValidBsn(990_003_000),
	ongeldig: String(Number(nextValidBsn(990_004_000)) + 1), // one off: fails the 11-proef
};
const RSIN = { zonneveld: nextValidBsn(860_000_000), nieuw: nextValidBsn(861_000_000), fout: nextValidBsn(862_000_000) };

const existing: Record<string, SeedClient & { id: string }> = {
	deBoer: {
		id: 'kl_000001', soort: 'persoon', achternaam: 'Boer', tussenvoegsel: 'de', voorletters: 'J.', voornaam: 'Johan',
		bsn: BSN.deBoer, geboortedatum: '1971-04-02', geslacht: 'man', klantnummer: 'E-1001',
		correspondentieadres: adres('Kerkstraat', 1, '1017 GA', 'Amsterdam'), telefoonnummers: null, email: 'johan@example.nl',
	},
	pieter: {
		id: 'kl_000002', soort: 'persoon', achternaam: 'Jansen', tussenvoegsel: null, voorletters: null, voornaam: 'Pieter',
		bsn: null, geboortedatum: null, geslacht: 'man', klantnummer: 'E-1002',
		correspondentieadres: adres('Dorpsstraat', 12, '3732 HJ', 'De Bilt'), telefoonnummers: null, email: 'piet@example.nl',
	},
	visser: {
		id: 'kl_000003', soort: 'persoon', achternaam: 'Visser', tussenvoegsel: null, voorletters: 'T.', voornaam: null,
		bsn: null, geboortedatum: null, geslacht: 'vrouw', klantnummer: 'E-1003',
		correspondentieadres: adres('Markt', 3, '2611 GP', 'Delft'), telefoonnummers: null, email: null,
	},
	zonneveld1: {
		id: 'kl_000004', soort: 'organisatie', naam: 'Zonneveld Bakkerijen B.V.', kvkNummer: '30123456', fiscaalNummer: RSIN.zonneveld,
		volgnummer: 1, btwNummer: null, iban: null, klantnummer: 'E-2001', bezoekadres: adres('Industrieweg', 5, '3542 AD', 'Utrecht'),
		correspondentieadres: adres('Industrieweg', 5, '3542 AD', 'Utrecht'), telefoonnummer: '030-2001000', email: null,
	},
	zonneveld2: {
		id: 'kl_000005', soort: 'organisatie', naam: 'Zonneveld Bakkerijen B.V. - vestiging Woerden', kvkNummer: '30123456',
		fiscaalNummer: RSIN.zonneveld, volgnummer: 2, btwNummer: null, iban: null, klantnummer: 'E-2002',
		bezoekadres: adres('Rijnstraat', 8, '3441 BS', 'Woerden'), correspondentieadres: adres('Rijnstraat', 8, '3441 BS', 'Woerden'),
		telefoonnummer: '0348-200200', email: null,
	},
	techStart: {
		id: 'kl_000006', soort: 'organisatie', naam: 'Tech Start B.V.', kvkNummer: null, fiscaalNummer: null, volgnummer: null,
		btwNummer: null, iban: null, klantnummer: 'E-2003', bezoekadres: adres('Science Park', 400, '1098 XH', 'Amsterdam'),
		correspondentieadres: adres('Science Park', 400, '1098 XH', 'Amsterdam'), telefoonnummer: null, email: 'hallo@techstart.example',
	},
	marieke: {
		id: 'kl_000007', soort: 'persoon', achternaam: 'Jansen', tussenvoegsel: null, voorletters: 'M.', voornaam: null,
		bsn: nextValidBsn(990_005_000), geboortedatum: '1982-01-30', geslacht: 'vrouw', klantnummer: 'E-1004',
		correspondentieadres: adres('Markt', 7, '2801 JG', 'Gouda'), telefoonnummers: { algemeen: null, mobiel: '06 12345678', zakelijk: null },
		email: 'marieke@example.nl',
	},
};

const SBAS = [
	{ klantId: 'kl_000001', middel: 'IB', jaar: 2025, bedrag: '1250.00', status: 'nieuw', soortAanslag: 'voorlopig', ontvangenOp: '2026-11-20T06:00:00.000Z' },
	{ klantId: 'kl_000004', middel: 'VPB', jaar: 2024, bedrag: '18400.00', status: 'nieuw', berichtsoort: 'aanslag', soortAanslag: 'definitief', ontvangenOp: '2026-11-20T06:05:00.000Z' },
	{ klantId: 'kl_000005', middel: 'BTW', jaar: 2026, tijdvak: '2026-Q3', bedrag: '312.00', status: 'nieuw', ontvangenOp: '2026-11-20T06:10:00.000Z' },
	{ klantId: 'kl_000007', middel: 'IB', jaar: 2024, bedrag: '-420.00', status: 'afgehandeld', ontvangenOp: '2025-05-01T06:00:00.000Z' },
];

const seed = () => ({
	clients: Object.values(existing).map((c) => ({ ...c })),
	sbas: SBAS.map((s) => ({ ...s })),
});

const row = (patch: Partial<ExportRow>): ExportRow => ({ ...emptyRow(), ...patch });
const persoon = (patch: Partial<ExportRow>): ExportRow => row({ 'Soort relatie': 'Persoon', ...patch });

const moved = adres('Prinsengracht', 263, '1016 GV', 'Amsterdam');
const expected = {
	newPerson: persoon({
		Relatienummer: 'E-1100', Achternaam: 'Dijk', Tussenvoegsel: 'van', Voorletters: 'R.', Voornaam: 'Ruben', BSN: BSN.nieuw,
		Geboortedatum: '1990-06-15', Geslacht: 'man', 'E-mail': 'ruben@example.nl', 'Telefoon mobiel': '06 87654321',
		'Correspondentieadres straat': 'Laan van Meerdervoort', 'Correspondentieadres huisnummer': '50', 'Correspondentieadres postcode': '2517 AK',
		'Correspondentieadres plaats': 'Den Haag', 'Correspondentieadres land': 'NL',
	}),
	/** same BSN, the CRM has a new address */
	deBoerMoved: rowOf({ ...existing.deBoer, correspondentieadres: moved }),
	/** no BSN in the CRM: matched on "Pieter Jansen"; new e-mail */
	pieterNoBsn: rowOf({ ...existing.pieter, email: 'pieter.jansen@example.nl' }),
	/** the CRM has the BSN, Nextens has none: matched on "T. Visser", the BSN is written */
	visserBsn: rowOf({ ...existing.visser, bsn: BSN.visser }),
	/** RSIN + volgnummer 2: the Woerden branch, not the head office with the same RSIN */
	zonneveldWoerden: rowOf({ ...existing.zonneveld2, telefoonnummer: '0348-999999' }),
	/** no RSIN on either side: matched on the company name */
	techStartByName: rowOf({ ...existing.techStart, telefoonnummer: '020-5550000' }),
	unchanged: rowOf(existing.marieke),
	newOrganisation: rowOf({
		soort: 'organisatie', naam: 'Nieuw Advies B.V.', kvkNummer: '61234567', fiscaalNummer: RSIN.nieuw, volgnummer: 1,
		btwNummer: null, iban: ibanFor('NL', 'RABO0123456789'), klantnummer: 'E-2100', bezoekadres: adres('Stationsplein', 1, '3511 ED', 'Utrecht'),
		correspondentieadres: null, telefoonnummer: '030-7654321', email: 'info@nieuwadvies.example',
	}),
};
const invalid = {
	bsn: persoon({
		Relatienummer: 'E-1900', Achternaam: 'Foutbsn', Voornaam: 'Fenna', BSN: BSN.ongeldig,
		'Correspondentieadres straat': 'Laan', 'Correspondentieadres huisnummer': '1', 'Correspondentieadres postcode': '1234 AB', 'Correspondentieadres plaats': 'Ergens',
	}),
	iban: rowOf({
		soort: 'organisatie', naam: 'Foutieve IBAN B.V.', kvkNummer: null, fiscaalNummer: RSIN.fout, volgnummer: 1, btwNummer: null,
		iban: 'NL91ABNA0417164301', klantnummer: 'E-2900', bezoekadres: null, correspondentieadres: null, telefoonnummer: null, email: null,
	}),
	postcode: persoon({
		Relatienummer: 'E-1901', Achternaam: 'Postcodefout', Voornaam: 'Paula', BSN: nextValidBsn(990_006_000),
		'Correspondentieadres straat': 'Brink', 'Correspondentieadres huisnummer': '4', 'Correspondentieadres postcode': '0123 AB', 'Correspondentieadres plaats': 'Deventer',
	}),
};
const FIRST_BATCH = [
	expected.newPerson, expected.deBoerMoved, invalid.bsn, expected.pieterNoBsn, expected.visserBsn, expected.zonneveldWoerden,
	invalid.iban, expected.techStartByName, expected.unchanged, expected.newOrganisation, invalid.postcode,
];

// ---- the fault batch: generated population ------------------------------------------------------------

const FAULT_EXISTING = 24; // in Nextens before the run
const faultPopulation = Array.from({ length: 48 }, (_, i) => generatedClient(i, 'F', 710_000_000));
/** 24 new, 18 changed, 6 unchanged */
const FAULT_ROWS = faultPopulation.map((c, i) => (i < FAULT_EXISTING ? (i < 18 ? rowOf(changedClient(c, i)) : rowOf(c)) : rowOf(c)));

// ---- helpers ------------------------------------------------------------------------------------------

const count = (list: string[]) => list.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

function storedClients(em: RunningEmulator<NextensState>): Json[] {
	return JSON.parse(JSON.stringify(em.state.clients)) as Json[];
}

/** Rows of the emulator's clients, keyed by client number (= the CRM's Relatienummer). */
function storedRowsByCrmId(em: RunningEmulator<NextensState>): Map<string, ExportRow[]> {
	const map = new Map<string, ExportRow[]>();
	for (const c of storedClients(em)) {
		const key = String(c.klantnummer);
		map.set(key, [...(map.get(key) ?? []), rowOf(c)]);
	}
	return map;
}

describe.each(N8N_VERSIONS.map((v) => [v]))('client sync templates on n8n %s', (version) => {
	let em: RunningEmulator<NextensState>;
	let proxy: RecordingProxy;
	let mail: MailCatcher;
	let mailDir: string;
	let filesDir: string;
	let n8n: N8nInstance;
	const ids = { first: `csFirstBatch${version.replace(/\./g, '')}`, fault: `csFaultBatch${version.replace(/\./g, '')}`, sba: `csSbaList${version.replace(/\./g, '')}`, hookOk: `csHookOk${version.replace(/\./g, '')}`, hookBad: `csHookBad${version.replace(/\./g, '')}`, file: `csExportFile${version.replace(/\./g, '')}` };

	async function run(id: string): Promise<ExecutionResult> {
		const result = await n8n.execute(id, { timeoutMs: 300_000 });
		if (!result.ok) throw new Error(`workflow failed: ${result.summary()}\n${result.stderr.slice(-3000)}`);
		return result;
	}
	const writes = () => proxy.requests.filter((r) => r.method === 'POST' || r.method === 'PUT');
	const byCrmId = (result: ExecutionResult) => {
		const out = result.nodeOutput(UPSERT);
		const map = new Map<string, Json>();
		for (const o of out) {
			expect(map.has(String(o.crmId))).toBe(false); // one outcome per record
			map.set(String(o.crmId), o);
		}
		return map;
	};

	beforeAll(async () => {
		em = await startEmulator(nextensService, { seed: seed(), now: () => new Date('2026-11-21T07:00:00.000Z') });
		proxy = await startRecordingProxy(em.url);
		mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'client-sync-mail-'));
		mail = await startMailCatcher(0, mailDir, () => undefined);
		filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'client-sync-files-'));
		fs.writeFileSync(path.join(filesDir, 'crm-nextens.csv'), exportCsv(EXPORT_COLUMNS, FIRST_BATCH));
		n8n = await createN8n({ version, tarball: packProject(), env: { N8N_RESTRICT_FILE_ACCESS_TO: filesDir } });
		await n8n.importCredentials([
			{
				...CREDENTIAL_REFS.nextensApi,
				type: 'nextensApi',
				data: { ...DEMO_SECRETS.nextens, baseUrl: `${proxy.url}/api/v1` },
			},
			{
				id: 'SmtpE2eCred0001',
				name: 'SMTP account',
				type: 'smtp',
				data: { user: '', password: '', host: '127.0.0.1', port: mail.port, secure: false, disableStartTls: true },
			},
			// the webhook template's Header Auth secret: n8n refuses to execute a workflow whose nodes name a missing
			// credential, even the unused CRM Webhook of the Manual Trigger copy (its authentication: webhook-auth.test.ts)
			crmWebhookCredential(),
		]);
		await importWorkflows(n8n, [
			batchWorkflow(ids.first, 'Client sync: first batch', { rows: FIRST_BATCH }),
			batchWorkflow(ids.fault, 'Client sync: fault batch', { rows: FAULT_ROWS }),
			batchFileWorkflow(ids.file, 'Client sync: first batch from the export file', path.join(filesDir, 'crm-nextens.csv')),
			sbaWorkflow(ids.sba, "Client sync: daily SBA's"),
			webhookWorkflow(ids.hookOk, 'Client sync: webhook record', {
				id: 'person:77', type: 'person', relation_number: 'S-77', email: 'lotte@example.nl',
				person: { initials: 'L.', first_name: 'Lotte', family_name: 'Mulder', bsn: nextValidBsn(990_007_000), gender: 'V' },
				visiting_address: { line_1: 'Keizersgracht 123A', postal_code: '1015CJ', locality: 'Amsterdam', country: 'Nederland' },
				nextens_id: '',
			}),
			webhookWorkflow(ids.hookBad, 'Client sync: webhook invalid record', {
				id: 'organization:88', type: 'organization', relation_number: 'S-88', name: 'Webhook Fout B.V.', rsin: '123456789',
				visiting_address: { line_1: 'Kade 1', postal_code: '1234AB', locality: 'Zaandam', country: 'NL' }, nextens_id: '',
			}),
		]);
	});
	afterAll(async () => {
		await n8n?.close();
		await proxy?.close();
		await em?.close();
		await mail?.close();
		if (mailDir) fs.rmSync(mailDir, { recursive: true, force: true });
		if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
	});

	test('first batch: created, updated by BSN / name / RSIN + volgnummer / company name, unchanged, invalid records failed and never sent', async () => {
		const versionsBefore = new Map(storedClients(em).map((c) => [c.id as string, c.versie as number]));
		const result = await run(ids.first);
		const out = byCrmId(result);
		expect(out.size).toBe(FIRST_BATCH.length);
		const pick = (r: ExportRow) => out.get(r.Relatienummer) as Json;

		expect(pick(expected.newPerson)).toMatchObject({ status: 'created', matchedBy: 'none' });
		expect(pick(expected.newOrganisation)).toMatchObject({ status: 'created', matchedBy: 'none' });
		expect(pick(expected.deBoerMoved)).toMatchObject({ status: 'updated', matchedBy: 'bsn', nextensId: existing.deBoer.id });
		expect(pick(expected.pieterNoBsn)).toMatchObject({ status: 'updated', matchedBy: 'name', nextensId: existing.pieter.id });
		expect(pick(expected.visserBsn)).toMatchObject({ status: 'updated', matchedBy: 'name', nextensId: existing.visser.id });
		expect(pick(expected.zonneveldWoerden)).toMatchObject({ status: 'updated', matchedBy: 'fiscaalNummer', nextensId: existing.zonneveld2.id });
		expect(pick(expected.techStartByName)).toMatchObject({ status: 'updated', matchedBy: 'name', nextensId: existing.techStart.id });
		expect(pick(expected.unchanged)).toMatchObject({ status: 'unchanged', matchedBy: 'bsn', nextensId: existing.marieke.id });

		// invalid records: failed items naming the field and the rule
		expect(pick(invalid.bsn)).toMatchObject({ status: 'failed', code: 'INVALID_BSN', field: 'bsn' });
		expect(String(pick(invalid.bsn).message)).toMatch(/11-proef/);
		expect(String(pick(invalid.bsn).message)).not.toContain(BSN.ongeldig); // masked
		expect(pick(invalid.iban)).toMatchObject({ status: 'failed', code: 'INVALID_IBAN', field: 'iban' });
		expect(String(pick(invalid.iban).message)).toMatch(/mod 97/);
		expect(pick(invalid.postcode)).toMatchObject({ status: 'failed', code: 'INVALID_POSTCODE', field: 'correspondentieadres.postcode' });
		expect(String(pick(invalid.postcode).message)).toMatch(/1234 AB/);

		// ... and nothing of them reached Nextens (no URL, no body mentions them)
		const sent = proxy.requests.map((r) => `${decodeURIComponent(r.url)} ${r.body}`).join('\n');
		for (const needle of [BSN.ongeldig, 'Foutbsn', 'E-1900', 'NL91ABNA0417164301', 'Foutieve IBAN', RSIN.fout, 'E-2900', 'Postcodefout', 'E-1901', '0123 AB', '0123AB']) {
			expect(sent).not.toContain(needle);
		}

		// writes: one POST per created record, one PUT per updated record, none for the unchanged one
		const log = em.requests();
		expect(log.byOperation['POST /clients'] ?? 0).toBe(2);
		expect(log.byOperation['PUT /clients/{id}'] ?? 0).toBe(5);
		expect(writes().filter((w) => w.method === 'PUT').map((w) => w.url.split('/').pop()).sort()).toEqual(
			[existing.deBoer, existing.pieter, existing.visser, existing.zonneveld2, existing.techStart].map((c) => c.id).sort(),
		);

		// the emulator's state now describes every valid record exactly as the CRM has it
		const stored = storedRowsByCrmId(em);
		for (const r of Object.values(expected)) expect(stored.get(r.Relatienummer)).toEqual([r]);
		for (const r of Object.values(invalid)) expect(stored.has(r.Relatienummer)).toBe(false);
		expect(storedClients(em)).toHaveLength(Object.keys(existing).length + 2);
		const now = new Map(storedClients(em).map((c) => [c.id as string, c.versie as number]));
		expect(now.get(existing.marieke.id)).toBe(versionsBefore.get(existing.marieke.id));
		expect(now.get(existing.zonneveld1.id)).toBe(versionsBefore.get(existing.zonneveld1.id)); // same RSIN, volgnummer 1: untouched

		// the template's summary and failure report
		expect(result.nodeOutput('Summary')[0]).toMatchObject({ created: 2, updated: 5, unchanged: 1, failed: 3, total: FIRST_BATCH.length });
		const reported = result.nodeOutput('Failure Report Columns');
		expect(reported.map((r) => r.crmId).sort()).toEqual([invalid.bsn, invalid.iban, invalid.postcode].map((r) => r.Relatienummer).sort());
		expect(reported.find((r) => r.crmId === invalid.bsn.Relatienummer)).toMatchObject({ code: 'INVALID_BSN', field: 'bsn' });
		const [file] = result.runData['Failure Report (CSV)'] ?? [];
		const csv = (file?.data as Json | undefined)?.main?.[0]?.[0]?.binary?.data as Json | undefined;
		expect(csv).toMatchObject({ fileName: 'nextens-failures.csv' });
		if (typeof csv?.data === 'string' && csv.data.length > 20) {
			// the file itself (when n8n keeps binary data in the run, not on disk): a header and one line per failure
			const lines = Buffer.from(csv.data, 'base64').toString('utf8').trim().split(/\r?\n/);
			expect(lines[0]).toBe('crmId;code;field;message;description;nextensId;ids');
			expect(lines).toHaveLength(4);
		}
	});

	test('a re-run of the same batch: all unchanged, zero writes', async () => {
		const before = storedClients(em);
		proxy.clear();
		em.clearRequests();
		const result = await run(ids.first);
		const statuses = count(result.nodeOutput(UPSERT).map((o) => String(o.status)));
		expect(statuses).toEqual({ unchanged: FIRST_BATCH.length - 3, failed: 3 });
		expect(writes()).toEqual([]);
		expect(em.requests().entries.filter((e) => e.method !== 'GET')).toEqual([]);
		expect(storedClients(em)).toEqual(before);
		expect(result.nodeOutput('Summary')[0]).toMatchObject({ created: 0, updated: 0, unchanged: FIRST_BATCH.length - 3, failed: 3 });
	});

	test('the production path reads the CSV export (BOM, separator ;, quoted values) into the same records: all unchanged', async () => {
		proxy.clear();
		const result = await run(ids.file);
		expect(result.executedNodes).toEqual(expect.arrayContaining(['Read Export File', 'Extract CSV Rows', 'Map Export Columns']));
		expect(result.nodeOutput('Extract CSV Rows')).toEqual(FIRST_BATCH);
		const statuses = count(result.nodeOutput(UPSERT).map((o) => String(o.status)));
		expect(statuses).toEqual({ unchanged: FIRST_BATCH.length - 3, failed: 3 });
		expect(writes()).toEqual([]);
		expect(result.nodeOutput('Summary')[0]).toMatchObject({ unchanged: FIRST_BATCH.length - 3, failed: 3, total: FIRST_BATCH.length });
	});

	test('the webhook template upserts one record with per-record lookups, and e-mails an invalid one without sending it', async () => {
		proxy.clear();
		const ok = await run(ids.hookOk);
		const [res] = ok.nodeOutput(UPSERT);
		expect(res).toMatchObject({ status: 'created', matchedBy: 'none', crmId: 'person:77' });
		expect(ok.executedNodes).toContain('Respond with Result');
		expect(ok.executedNodes).not.toContain('E-mail the Failure');
		const stored = storedClients(em).find((c) => c.id === res.nextensId) as Json;
		expect(stored).toMatchObject({
			weergavenaam: 'L. Mulder', klantnummer: 'S-77', geslacht: 'vrouw',
			correspondentieadres: { straatnaam: 'Keizersgracht', huisnummer: 123, huisnummertoevoeging: 'A', postcode: '1015 CJ', plaats: 'Amsterdam', landcode: 'NL' },
		});
		// one record: lookup by BSN, by name, then the create (no list read)
		expect(proxy.requests.map((r) => `${r.method} ${r.url.replace(/\?.*$/, '')}`)).toEqual(['GET /api/v1/clients', 'GET /api/v1/clients', 'POST /api/v1/clients']);

		proxy.clear();
		const mailsBefore = fs.readdirSync(mailDir).length;
		const bad = await run(ids.hookBad);
		expect(bad.nodeOutput(UPSERT)[0]).toMatchObject({ status: 'failed', code: 'INVALID_FISCAAL_NUMMER', field: 'fiscaalNummer', crmId: 'organization:88' });
		expect(bad.executedNodes).toEqual(expect.arrayContaining(['E-mail the Failure', 'Respond with Error']));
		expect(proxy.requests).toEqual([]);
		const mails = fs.readdirSync(mailDir).sort();
		expect(mails.length).toBe(mailsBefore + 1);
		const text = fs.readFileSync(path.join(mailDir, mails[mails.length - 1]), 'utf8');
		expect(text).toMatch(/organization:88/);
		expect(text).toMatch(/fiscaalNummer/);
	});

	test("the daily SBA template lists the new SBA's with client, tax, year and kind", async () => {
		const mailsBefore = fs.readdirSync(mailDir).length;
		const result = await run(ids.sba);
		const newOnes = em.state.sbas.filter((s) => s.status === 'nieuw');
		const [note] = result.nodeOutput('Compose Notification');
		expect(note.count).toBe(newOnes.length);
		expect((note.sbas as Json[]).map((s) => s.id).sort()).toEqual(newOnes.map((s) => s.id).sort());
		const names = new Map(storedClients(em).map((c) => [c.id as string, c.weergavenaam as string]));
		for (const s of newOnes) {
			expect(note.sbas).toContainEqual(expect.objectContaining({ id: s.id, klant: names.get(s.klantId), middel: s.middel, jaar: s.jaar }));
			expect(note.text).toContain(`${names.get(s.klantId)}: ${s.middel} ${s.jaar}`);
		}
		expect(note.text).not.toContain(names.get('kl_000007')); // its only SBA is afgehandeld
		expect(note.text).toMatch(/aanslag \(definitief\)/);
		expect(note.text).toMatch(/BTW 2026 2026-Q3/);
		const mails = fs.readdirSync(mailDir).sort();
		expect(mails.length).toBe(mailsBefore + 1);
		expect(fs.readFileSync(path.join(mailDir, mails[mails.length - 1]), 'utf8')).toMatch(/Nextens: 3 new SBA's/);
	});

	/**
	 * Runs the fault batch against a fresh population with the given fault knobs, then once more without faults.
	 * Every record must end created/updated/unchanged/failed exactly once, the emulator must never hold two clients
	 * for one record, and after the clean re-run it must hold every record exactly as the CRM has it.
	 */
	async function faultBatch(knobs: DeepPartial<Knobs>, expectOutcomes: string[]): Promise<void> {
		const population = faultPopulation.slice(0, FAULT_EXISTING).map((c, i) => ({ ...c, id: `kl_${String(i + 1).padStart(6, '0')}` }));
		em.reset({ clients: population });
		proxy.clear();
		em.clearRequests();
		em.setKnobs(knobs);
		let first: ExecutionResult;
		try {
			first = await run(ids.fault);
		} finally {
			em.setKnobs({
				rateLimit: { enabled: false },
				faults: { errorRate: 0, burst: 0, resetRate: 0, lostResponseRate: 0 },
				latency: { fixedMs: 0, jitterMs: 0 },
			});
		}
		const outcomes = count(em.requests().entries.map((e) => e.outcome));
		const statuses = count(first.nodeOutput(UPSERT).map((o) => String(o.status)));
		process.stderr.write(`[n8n ${version}] fault run: emulator ${JSON.stringify(outcomes)}, node ${JSON.stringify(statuses)}\n`);
		for (const outcome of expectOutcomes) expect(outcomes[outcome] ?? 0).toBeGreaterThan(0);

		// every record exactly once in the output, with a final status
		const out = byCrmId(first);
		expect([...out.keys()].sort()).toEqual(FAULT_ROWS.map((r) => r.Relatienummer).sort());
		for (const o of out.values()) expect(['created', 'updated', 'unchanged', 'failed']).toContain(o.status);

		// the emulator: never two clients for one record; what the node reports as written is stored as the CRM has it
		const stored = storedRowsByCrmId(em);
		const identities = count(storedClients(em).map(identityOf));
		expect(Object.values(identities).every((n) => n === 1)).toBe(true);
		for (const r of FAULT_ROWS) {
			const o = out.get(r.Relatienummer) as Json;
			const rows = stored.get(r.Relatienummer) ?? [];
			expect(rows.length).toBeLessThanOrEqual(1);
			if (o.status !== 'failed') expect(rows[0]).toEqual(r);
		}
		const created = [...out.values()].filter((o) => o.status === 'created').length;
		const failedNew = FAULT_ROWS.slice(FAULT_EXISTING).filter((r) => out.get(r.Relatienummer)?.status === 'failed').length;
		expect(storedClients(em).length).toBeGreaterThanOrEqual(FAULT_EXISTING + created);
		expect(storedClients(em).length).toBeLessThanOrEqual(FAULT_EXISTING + created + failedNew);

		// a clean re-run completes the batch: every record stored exactly once, as the CRM has it
		proxy.clear();
		const second = await run(ids.fault);
		expect(count(second.nodeOutput(UPSERT).map((o) => String(o.status))).failed ?? 0).toBe(0);
		const finalRows = storedRowsByCrmId(em);
		for (const r of FAULT_ROWS) expect(finalRows.get(r.Relatienummer)).toEqual([r]);
		expect(storedClients(em)).toHaveLength(FAULT_ROWS.length);
		// only what failed the first time is written now
		const failedFirst = [...out.values()].filter((o) => o.status === 'failed').length;
		expect(writes().length).toBeLessThanOrEqual(failedFirst);
	}

	test('under 429s and 5xx bursts every record ends exactly once, nothing lost or duplicated', async () => {
		await faultBatch(
			{
				rateLimit: { enabled: true, requestsPerSecond: 3, burst: 2 },
				faults: { seed: 5, errorRate: 0.15, burst: 3 },
				latency: { fixedMs: 10, jitterMs: 10 },
			},
			['rate-limited', 'fault'],
		);
	});

	// In a real n8n a dropped connection reaches the node wrapped in a NodeApiError (code in `httpCode`); the
	// transport must still see it as a network failure and look the record up again before any new write.
	test('when connections drop (before or after Nextens committed) every record still ends exactly once', async () => {
		await faultBatch(
			{ faults: { seed: 9, resetRate: 0.05, lostResponseRate: 0.08 }, latency: { fixedMs: 5, jitterMs: 5 } },
			['lost-response'],
		);
	});
});
