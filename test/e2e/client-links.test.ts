/**
 * The CRM templates' link table (Data Table "Nextens client links") in a started n8n (Data Tables need one; see
 * test/harness/server.ts) against the Nextens emulator, with the template's four example rows (three valid, E-1003
 * with a wrong BSN). The test copy starts from a production webhook at "Example Export Rows"; the table is edited
 * the way a user edits it in the editor (a small workflow per edit: change a row, delete a row).
 * - first run: every record gets a row (`gesynchroniseerd` with its Nextens id, E-1003 `fout`);
 * - second run: the three synchronised records are skipped (nothing sent to Nextens), E-1003 is tried again;
 * - relink: a changed `nextensId` sends the record to that Nextens client;
 * - forced re-sync: `status` set to `te synchroniseren` sends an unchanged record again;
 * - deleted row: the record is matched again by BSN / RSIN and gets a new row.
 * On n8n 2.41.1 the templates create the table themselves and find it by name. On 1.123.81 the test does what the
 * templates' notes tell users of that version: create the table (with the template's columns) in the editor, pick it
 * in every Data Table node and disable the Table → Create node; the same behaviours must follow.
 */
import { startEmulator, type RunningEmulator } from '../../emulators/common/server';
import { nextensService, type NextensState } from '../../emulators/nextens';
import { nextValidBsn } from '../../emulators/nextens/identifiers';
import { PRIMARY_N8N_VERSION, type JsonObject, type WorkflowInput } from '../harness/n8n';
import { withWebhookTrigger } from '../harness/queue';
import { startN8nServer, tableColumns, tableReaderWorkflow, tableRows, withPickedTables, type N8nServer } from '../harness/server';
import { DEMO_SECRETS, crmWebhookCredential, emulatorCredentials } from '../support/credentials';
import { BATCH_TEMPLATE, WEBHOOK_TEMPLATE, readTemplate } from './fixtures/client-sync/harness';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TABLE = 'Nextens client links';
const IDS = { batch: 'clientLinksBatch', hook: 'clientLinksHook1', read: 'clientLinksRead', edit: 'clientLinksEdit', remove: 'clientLinksDrop' };
const PATHS = { batch: 'client-links-batch', hook: 'client-links-webhook', read: 'read-client-links', edit: 'edit-client-link', remove: 'delete-client-link' };

/** A client in Nextens that no example row matches (the relink target). */
const OTHER = {
	id: 'kl_000050', soort: 'persoon', achternaam: 'Visser', voorletters: 'E.', voornaam: 'Eva', bsn: nextValidBsn(990_070_000),
	geboortedatum: '1985-01-01', geslacht: 'vrouw', klantnummer: 'X-50', email: 'eva@example.nl',
	correspondentieadres: { straatnaam: 'Markt', huisnummer: 1, huisnummertoevoeging: null, postcode: '2611 GP', plaats: 'Delft', landcode: 'NL' },
};

function hook(id: string, path: string): Json {
	return { id: `${id}-hook`, name: 'Start', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: `${id}-0000-4000-8000-000000000000`, parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} } };
}

const tableRef = { __rl: true, mode: 'name', value: TABLE };

/** Changes the columns in `body.set` of the row whose crmId is `body.crmId`, as a user edits a cell. */
function editWorkflow(): WorkflowInput {
	return {
		id: IDS.edit,
		name: 'Edit a client link',
		settings: { executionOrder: 'v1' },
		nodes: [
			hook(IDS.edit, PATHS.edit),
			{ id: 'edit-set', name: 'New Values', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [220, 0], parameters: { mode: 'raw', jsonOutput: '={{ $json.body.set }}', options: {} } },
			{
				id: 'edit-row',
				name: 'Change Row',
				type: 'n8n-nodes-base.dataTable',
				typeVersion: 1.1,
				position: [440, 0],
				parameters: {
					resource: 'row',
					operation: 'update',
					dataTableId: tableRef,
					matchType: 'allConditions',
					filters: { conditions: [{ keyName: 'crmId', condition: 'eq', keyValue: "={{ $('Start').item.json.body.crmId }}" }] },
					columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [] },
					options: {},
				},
			},
		],
		connections: { Start: { main: [[{ node: 'New Values', type: 'main', index: 0 }]] }, 'New Values': { main: [[{ node: 'Change Row', type: 'main', index: 0 }]] } },
	};
}

/** Deletes the row whose crmId is `body.crmId`. */
function deleteWorkflow(): WorkflowInput {
	return {
		id: IDS.remove,
		name: 'Delete a client link',
		settings: { executionOrder: 'v1' },
		nodes: [
			hook(IDS.remove, PATHS.remove),
			{
				id: 'drop-row',
				name: 'Delete Row',
				type: 'n8n-nodes-base.dataTable',
				typeVersion: 1.1,
				position: [220, 0],
				parameters: { resource: 'row', operation: 'deleteRows', dataTableId: tableRef, matchType: 'allConditions', filters: { conditions: [{ keyName: 'crmId', condition: 'eq', keyValue: '={{ $json.body.crmId }}' }] }, options: {} },
			},
		],
		connections: { Start: { main: [[{ node: 'Delete Row', type: 'main', index: 0 }]] } },
	};
}

describe.each([[PRIMARY_N8N_VERSION], ['1.123.81']])("CRM templates' link table in real n8n %s", (version) => {
	let nextens: RunningEmulator<NextensState>;
	let server: N8nServer;
	/** The ids n8n gave the test's workflows (the same as IDS where they were imported with the CLI). */
	const ids: Record<keyof typeof IDS, string> = { ...IDS };

	beforeAll(async () => {
		nextens = await startEmulator(nextensService, { port: 0, seed: { clients: [{ ...OTHER }], sbas: [] } });
		const credentials = [
			...emulatorCredentials({ nmbrs: 'http://127.0.0.1:9', eboekhouden: 'http://127.0.0.1:9', nextens: `${nextens.url}/api/v1` }),
			crmWebhookCredential(),
			{ id: 'SmtpE2eCred0001', name: 'SMTP account', type: 'smtp', data: { user: '', password: '', host: '127.0.0.1', port: 1, secure: false, disableStartTls: true } },
		];
		const batch = { ...withWebhookTrigger(readTemplate(BATCH_TEMPLATE), { path: PATHS.batch, firstNode: 'Example Export Rows' }), id: IDS.batch };
		const hookTemplate = readTemplate(WEBHOOK_TEMPLATE);
		for (const node of hookTemplate.nodes) {
			if (node.type === 'n8n-nodes-base.webhook') Object.assign(node, { webhookId: '7c1e0d2a-3b4f-4a5e-8d6c-9b0a1f2e3d4c', parameters: { ...node.parameters, path: PATHS.hook } });
		}
		const workflows = { batch, hook: { ...hookTemplate, id: IDS.hook }, read: tableReaderWorkflow(IDS.read, PATHS.read, TABLE), edit: editWorkflow(), remove: deleteWorkflow() };
		if (!version.startsWith('1.')) {
			server = await startN8nServer({ version, credentials, workflows: Object.values(workflows) });
			return;
		}
		server = await startN8nServer({ version, credentials, workflows: [] });
		const table = await server.createTable(TABLE, tableColumns(batch, TABLE));
		for (const [key, wf] of Object.entries(workflows) as Array<[keyof typeof IDS, WorkflowInput]>) {
			ids[key] = await server.addWorkflow(withPickedTables(wf, { [TABLE]: table }));
		}
	});

	afterAll(async () => {
		await server?.close();
		await nextens?.close();
	});

	async function runBatch(): Promise<Map<string, Json>> {
		const run = await server.run(ids.batch, PATHS.batch);
		expect(run.ok ? 'success' : run.summary()).toBe('success');
		const outcomes = run.nodeOutput('All Outcomes');
		expect(outcomes).toHaveLength(4);
		return new Map(outcomes.map((o) => [String(o.crmId), o as Json]));
	}

	async function links(): Promise<Map<string, JsonObject>> {
		const rows = await tableRows(server, ids.read, PATHS.read);
		const byCrmId = new Map(rows.map((r) => [String(r.crmId), r]));
		expect(byCrmId.size).toBe(rows.length); // one row per CRM record, never two
		return byCrmId;
	}

	async function edit(webhookPath: string, body: Json): Promise<void> {
		const id = webhookPath === PATHS.edit ? ids.edit : ids.remove;
		const run = await server.run(id, webhookPath, body);
		expect(run.ok ? 'success' : run.summary()).toBe('success');
	}

	const writes = () => nextens.requests().entries.filter((e) => e.method === 'POST' || e.method === 'PUT' || e.method === 'PATCH');

	test('the first run links every record, the failed one with status fout', async () => {
		const out = await runBatch();
		expect([...out.values()].map((o) => `${String(o.crmId)} ${String(o.status)}`).sort()).toEqual(['E-1001 created', 'E-1002 created', 'E-1003 failed', 'E-2001 created']);
		const rows = await links();
		expect(rows.size).toBe(4);
		for (const crmId of ['E-1001', 'E-1002', 'E-2001']) {
			expect(rows.get(crmId)).toMatchObject({ nextensId: out.get(crmId)!.nextensId, status: 'gesynchroniseerd', matchedBy: expect.any(String) });
			expect(String(rows.get(crmId)!.syncHash)).toMatch(/^[0-9a-f]{64}$/);
		}
		expect(rows.get('E-1001')).toMatchObject({ soort: 'persoon' });
		expect(rows.get('E-2001')).toMatchObject({ soort: 'organisatie' });
		expect(rows.get('E-1003')).toMatchObject({ status: 'fout', nextensId: '' });
		expect(String(rows.get('E-1003')!.message)).toMatch(/BSN/);
	});

	test('the second run skips the synchronised records (nothing sent) and tries the failed one again', async () => {
		nextens.clearRequests();
		const out = await runBatch();
		expect(['E-1001', 'E-1002', 'E-2001'].map((id) => out.get(id)!.status)).toEqual(['skipped', 'skipped', 'skipped']);
		expect(out.get('E-1003')!.status).toBe('failed');
		expect(nextens.requests().total).toBe(0); // E-1003 fails validation before anything is sent
		expect((await links()).size).toBe(4);
	});

	test('a changed nextensId relinks: the next run updates that Nextens client', async () => {
		// the office found that E-1001 already had a client in Nextens (OTHER) and removed the one the first run created
		const created = (await links()).get('E-1001')!.nextensId as string;
		const removed = await fetch(`${nextens.url}/__admin/service/clients/${created}`, { method: 'DELETE' });
		expect(removed.status).toBeLessThan(300);
		await edit(PATHS.edit, { crmId: 'E-1001', set: { nextensId: OTHER.id } });
		const before = nextens.state.clients.length;
		const out = await runBatch();
		expect(out.get('E-1001')).toMatchObject({ status: 'updated', nextensId: OTHER.id });
		expect(nextens.state.clients).toHaveLength(before);
		expect(nextens.state.clients.find((c) => c.id === OTHER.id)).toMatchObject({ achternaam: 'Berg', klantnummer: 'E-1001' });
		expect((await links()).get('E-1001')).toMatchObject({ nextensId: OTHER.id, status: 'gesynchroniseerd' });
		expect(['E-1002', 'E-2001'].map((id) => out.get(id)!.status)).toEqual(['skipped', 'skipped']);
	});

	test('status "te synchroniseren" sends an unchanged record again', async () => {
		await edit(PATHS.edit, { crmId: 'E-1002', set: { status: 'te synchroniseren' } });
		nextens.clearRequests();
		const out = await runBatch();
		expect(out.get('E-1002')!.status).toBe('unchanged');
		expect(nextens.requests().total).toBeGreaterThan(0);
		expect(writes()).toHaveLength(0); // Nextens already had it: read, compared, nothing written
		expect((await links()).get('E-1002')).toMatchObject({ status: 'gesynchroniseerd' });
	});

	test('a deleted row makes the next run match the record again by its RSIN, and links it again', async () => {
		const linked = (await links()).get('E-2001')!;
		await edit(PATHS.remove, { crmId: 'E-2001' });
		expect((await links()).has('E-2001')).toBe(false);
		const out = await runBatch();
		expect(out.get('E-2001')).toMatchObject({ status: 'unchanged', nextensId: linked.nextensId });
		expect(String(out.get('E-2001')!.matchedBy)).toMatch(/rsin|fiscaal/i);
		expect((await links()).get('E-2001')).toMatchObject({ nextensId: linked.nextensId, status: 'gesynchroniseerd' });
	});

	test('the webhook template reads and writes the same table: a linked record goes straight to its client', async () => {
		const linked = (await links()).get('E-1002')!;
		nextens.clearRequests();
		const record = {
			id: 'E-1002', type: 'person', relation_number: 'E-1002', email: 'piet@example.nl',
			person: { first_name: 'Piet', family_name: 'Jansen', bsn: '123456782', gender: 'M' },
			visiting_address: { line_1: 'Dorpsstraat 12', postal_code: '3732HJ', locality: 'De Bilt', country: 'NL' },
		};
		const answer = await server.webhook(PATHS.hook, record, { [DEMO_SECRETS.crmWebhook.name]: DEMO_SECRETS.crmWebhook.value });
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({ crmId: 'E-1002', nextensId: linked.nextensId });
		// straight to the linked client: no lookup by BSN or name
		expect(nextens.requests().entries.filter((e) => e.method === 'GET' && e.query !== '')).toEqual([]);
		const rows = await links();
		expect(rows.get('E-1002')).toMatchObject({ nextensId: linked.nextensId, status: 'gesynchroniseerd' });
		expect(Date.parse(String(rows.get('E-1002')!.lastSyncAt))).toBeGreaterThan(Date.parse(String(linked.lastSyncAt)));
	});
});
