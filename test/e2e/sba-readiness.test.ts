/**
 * workflows/sba-readiness-check.json in a started n8n (Data Tables need one; see test/harness/server.ts) against the
 * Nextens emulator's demo clients (on every pinned n8n): the table is created on the first run (on 1.123.81 by hand,
 * as the template's note tells users of n8n 1.123) and holds every client × tax of the year
 * whose SBA's Nextens will not retrieve; a second run after one client was fixed replaces the year's rows.
 * The test copy starts from a production webhook instead of the yearly schedule, pins the tax year to 2025 (the
 * template takes last year) and sends no e-mail (the composed e-mail is checked instead).
 */
import * as path from 'node:path';

import { startEmulator, type RunningEmulator } from '../../emulators/common/server';
import { demoSeed, nextensService, type NextensState } from '../../emulators/nextens';
import { N8N_VERSIONS, PROJECT_ROOT, type JsonObject, type WorkflowInput } from '../harness/n8n';
import { readWorkflow, withWebhookTrigger, withoutEmail } from '../harness/queue';
import { startN8nServer, tableColumns, tableReaderWorkflow, tableRows as readTable, withPickedTables, type N8nServer } from '../harness/server';
import { emulatorCredentials } from '../support/credentials';

const TEMPLATE = path.join(PROJECT_ROOT, 'workflows', 'sba-readiness-check.json');
const TABLE = 'SBA readiness';
const YEAR = 2025;
const IDS = { check: 'sbaReadinessRun1', read: 'sbaReadinessRead' };

type Node = JsonObject & { name: string; parameters: JsonObject };

function checkWorkflow(): WorkflowInput {
	const copy = withoutEmail(withWebhookTrigger(readWorkflow(TEMPLATE), { path: 'sba-readiness', firstNode: 'Tax Year' }));
	const year = (copy.nodes as Node[]).find((n) => n.name === 'Tax Year')!;
	(year.parameters as { assignments: { assignments: JsonObject[] } }).assignments.assignments[0].value = YEAR;
	return { ...copy, id: IDS.check };
}

describe.each(N8N_VERSIONS.map((v) => [v]))('SBA readiness template in real n8n %s', (version) => {
	let nextens: RunningEmulator<NextensState>;
	let server: N8nServer;
	const ids = { ...IDS };

	beforeAll(async () => {
		nextens = await startEmulator(nextensService, { port: 0, seed: demoSeed() });
		const credentials = emulatorCredentials({ nmbrs: 'http://127.0.0.1:9', eboekhouden: 'http://127.0.0.1:9', nextens: `${nextens.url}/api/v1` });
		const workflows = { check: checkWorkflow(), read: tableReaderWorkflow(IDS.read, 'read-sba-readiness', TABLE) };
		if (!version.startsWith('1.')) {
			server = await startN8nServer({ version, credentials, workflows: Object.values(workflows) });
			return;
		}
		// 2.8 is the oldest n8n with Table → Create and tables by name; on 1.123 the table is created and picked by hand
		server = await startN8nServer({ version, credentials, workflows: [] });
		const table = { [TABLE]: await server.createTable(TABLE, tableColumns(workflows.check, TABLE)) };
		ids.check = await server.addWorkflow(withPickedTables(workflows.check, table));
		ids.read = await server.addWorkflow(withPickedTables(workflows.read, table));
	});

	afterAll(async () => {
		await server?.close();
		await nextens?.close();
	});

	const tableRows = () => readTable(server, ids.read, 'read-sba-readiness');

	test('the first run creates the table with every client × tax to fix, and composes the e-mail', async () => {
		const run = await server.run(ids.check, 'sba-readiness');
		expect(run.ok ? 'success' : run.summary()).toBe('success');
		const blocked = run.nodeOutput('Check SBA Readiness');
		expect(new Set(blocked.map((r) => r.code))).toEqual(new Set(['MISSING', 'REQUESTED', 'REFUSED', 'REVOKED', 'EXPIRED', 'RETRIEVAL_OFF']));

		const rows = await tableRows();
		expect(rows.map((r) => `${String(r.klantId)} ${String(r.middel)} ${String(r.code)}`).sort()).toEqual(
			blocked.map((r) => `${String(r.klantId)} ${String(r.middel)} ${String(r.code)}`).sort(),
		);
		const samira = rows.find((r) => r.klantId === 'kl_000003');
		expect(samira).toMatchObject({ klantNaam: 'S. El Amrani', soort: 'persoon', middel: 'IB', jaar: String(YEAR), code: 'REQUESTED', machtigingStatus: 'aangevraagd', ophalenInNextens: false });
		expect(String(samira?.message)).toContain('not active yet');
		expect(rows.every((r) => typeof r.checkedAt === 'string' && r.checkedAt !== '')).toBe(true);

		const [mail] = run.nodeOutput('Compose E-mail');
		expect(mail.subject).toBe(`Nextens: ${blocked.length} SBA-machtigingen to fix for ${YEAR}`);
		expect(String(mail.text)).toContain('S. El Amrani (kl_000003), IB 2025: ');
		expect(String(mail.text)).not.toMatch(/\d{9}/); // no BSN or RSIN in the mail
	});

	test('a second run after a client was fixed in Nextens replaces the year\'s rows: the fixed client is gone, nothing doubles', async () => {
		const before = await tableRows();
		const fix = await fetch(`${nextens.url}/__admin/service/clients/kl_000003/sbaMachtigingen`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify([{ middel: 'IB', jaar: YEAR, status: 'actief', ophalenInNextens: true }]),
		});
		expect(fix.status).toBe(200);

		const run = await server.run(ids.check, 'sba-readiness');
		expect(run.ok ? 'success' : run.summary()).toBe('success');
		const after = await tableRows();
		expect(after).toHaveLength(before.length - 1);
		expect(after.find((r) => r.klantId === 'kl_000003')).toBeUndefined();
		const keys = after.map((r) => `${String(r.klantId)} ${String(r.middel)} ${String(r.jaar)}`);
		expect(new Set(keys).size).toBe(keys.length);
	});
});
