/**
 * The real-time CRM template's webhook only accepts calls that carry the secret of its Header Auth credential.
 *
 * A real `n8n start` (SQLite, one process) with the pack, the Nextens emulator behind the template's Nextens
 * credential, and workflows/crm-to-nextens-webhook.json published (n8n 1: activated) as the editor leaves it after
 * "Import from File": the shipped Webhook node has no webhook id and an empty path, and the editor gives it a new
 * random webhook id with that id as its path. The test does the same, then POSTs a valid CRM record to the
 * production URL:
 * - without the header and with a wrong secret: n8n answers 403 itself, no execution reaches Nextens (its stored
 *   clients and its request log stay as they were);
 * - with the demo credential's header: 200, and the client is created in Nextens.
 * The secret never shows in n8n's log. (The template's shape, and the demo's copy: test/unit/webhook-template.test.ts.)
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { startEmulator, type RunningEmulator } from '../../emulators/common';
import { nextensService, type NextensState } from '../../emulators/nextens';
import { nextValidBsn } from '../../emulators/nextens/identifiers';
import { PROJECT_ROOT, type WorkflowInput } from '../harness/n8n';
import { startN8nServer, type N8nServer } from '../harness/server';
import { withoutWebhookLink } from './fixtures/client-sync/harness';
import { CREDENTIAL_REFS, DEMO_SECRETS, crmWebhookCredential } from '../support/credentials';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TEMPLATE = path.join(PROJECT_ROOT, 'workflows', 'crm-to-nextens-webhook.json');
/** The newest pinned n8n and the oldest supported line (2.x publishes, 1.x activates). */
const VERSIONS = ['2.41.1', '1.123.81'] as const;

const RECORD = {
	id: 'person:501',
	type: 'person',
	relation_number: 'W-501',
	email: 'sanne@example.nl',
	person: { initials: 'S.', first_name: 'Sanne', family_name: 'Bakker', bsn: nextValidBsn(990_050_000), gender: 'V' },
	visiting_address: { line_1: 'Oudegracht 10', postal_code: '3511AR', locality: 'Utrecht', country: 'Nederland' },
	nextens_id: '',
};

const EXISTING = {
	id: 'kl_000001', soort: 'persoon', achternaam: 'Boer', tussenvoegsel: 'de', voorletters: 'J.', voornaam: 'Johan',
	bsn: nextValidBsn(990_051_000), geboortedatum: '1971-04-02', geslacht: 'man', klantnummer: 'E-1001',
	correspondentieadres: { straatnaam: 'Kerkstraat', huisnummer: 1, huisnummertoevoeging: null, postcode: '1017 GA', plaats: 'Amsterdam', landcode: 'NL' },
	telefoonnummers: null, email: 'johan@example.nl',
};

function readTemplate(): WorkflowInput & { nodes: Json[] } {
	return JSON.parse(fs.readFileSync(TEMPLATE, 'utf8')) as WorkflowInput & { nodes: Json[] };
}

/** The template as n8n's editor imports it: the Webhook node gets a new random webhook id, and that id as its path. */
function asImportedByTheEditor(id: string, version: string): { workflow: WorkflowInput; webhookPath: string } {
	// n8n 1.123 has no Data Tables by name: its users delete the link nodes, as the template's note says
	const wf = version.startsWith('1.') ? withoutWebhookLink(readTemplate()) : readTemplate();
	const webhookId = randomUUID();
	for (const node of wf.nodes) {
		if (node.type !== 'n8n-nodes-base.webhook') continue;
		node.webhookId = webhookId;
		if (node.parameters.path === '') node.parameters.path = webhookId;
	}
	return { workflow: { ...wf, id }, webhookPath: webhookId };
}

describe.each(VERSIONS.map((v) => [v]))('CRM → Nextens webhook authentication on n8n %s', (version) => {
	let em: RunningEmulator<NextensState>;
	let server: N8nServer;
	const imported = asImportedByTheEditor(`crmHookAuth${version.replace(/\./g, '')}`, version);
	const header = DEMO_SECRETS.crmWebhook;

	const stateNow = () => JSON.stringify(em.state);
	async function post(headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
		return await server.webhook(imported.webhookPath, RECORD, headers);
	}

	beforeAll(async () => {
		em = await startEmulator(nextensService, { seed: { clients: [{ ...EXISTING }], sbas: [] } });
		server = await startN8nServer({
			version,
			credentials: [
				{ ...CREDENTIAL_REFS.nextensApi, type: 'nextensApi', data: { ...DEMO_SECRETS.nextens, baseUrl: `${em.url}/api/v1` } },
				// never used here (no failing record); the failure path's e-mail node needs a credential to publish
				{ id: 'SmtpE2eCred0001', name: 'SMTP account', type: 'smtp', data: { user: '', password: '', host: '127.0.0.1', port: 1, secure: false, disableStartTls: true } },
				crmWebhookCredential(),
			],
			workflows: [imported.workflow],
		});
		em.clearRequests();
	});

	afterAll(async () => {
		await server?.close();
		await em?.close();
	});

	test('a call without the secret header gets 403 and nothing reaches Nextens', async () => {
		const before = stateNow();
		const res = await post({});
		expect(res.status).toBe(403);
		expect(stateNow()).toBe(before);
		expect(em.requests().total).toBe(0);
	});

	test('a call with a wrong secret gets 403 and nothing reaches Nextens', async () => {
		const before = stateNow();
		// (HTTP drops spaces around a header value, so `<value> ` is the value itself: not a wrong secret)
		for (const value of ['Bearer not-the-secret', header.value.replace(/^Bearer /, ''), `${header.value}x`, header.value.toLowerCase()]) {
			const res = await post({ [header.name]: value });
			expect({ value, status: res.status }).toEqual({ value, status: 403 });
		}
		// the right value under another header name does not count either
		expect((await post({ 'x-crm-secret': header.value })).status).toBe(403);
		expect(stateNow()).toBe(before);
		expect(em.requests().total).toBe(0);
	});

	test('a call with the secret creates the client and gets 200 with the result', async () => {
		const res = await post({ [header.name]: header.value });
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ status: 'created', crmId: RECORD.id });
		const nextensId = (res.body as Json).nextensId as string;
		const stored = (em.state.clients as unknown as Json[]).filter((c) => c.klantnummer === RECORD.relation_number);
		expect(stored).toHaveLength(1);
		expect(stored[0]).toMatchObject({ id: nextensId, soort: 'persoon', achternaam: 'Bakker', bsn: RECORD.person.bsn });
		expect(em.requests().entries.some((e) => e.method === 'POST')).toBe(true);
	});

	test("the secret does not appear in n8n's log", () => {
		expect(server.process.log).not.toContain(DEMO_SECRETS.crmWebhook.value.replace(/^Bearer /, ''));
	});
});
