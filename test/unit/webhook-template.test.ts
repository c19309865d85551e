/**
 * The real-time CRM template's webhook: locked with n8n's Header Auth, and no address shared between installations
 * (no webhook id, no path: n8n's editor gives the node a random id at import and uses it as the path). The demo's
 * copy gets a fixed address and the demo's Header Auth credential. The webhook itself is tested in real n8n in
 * test/e2e/webhook-auth.test.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { DEMO_CREDENTIAL_REFS, DEMO_SECRETS, crmWebhookCredential, demoCredentials, defaultEmulatorUrls } from '../../demo/credentials';
import { demoTemplateCopy, demoWebhookPath } from '../../scripts/demo/run';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TEMPLATE = path.resolve(__dirname, '../../workflows/crm-to-nextens-webhook.json');
const webhookOf = (wf: Json): Json => (wf.nodes as Json[]).find((n) => n.name === 'CRM Webhook') as Json;

describe('workflows/crm-to-nextens-webhook.json', () => {
	const template = JSON.parse(fs.readFileSync(TEMPLATE, 'utf8')) as Json;
	const hook = webhookOf(template);

	test('CRM Webhook requires the Header Auth credential "CRM webhook secret"', () => {
		expect(hook).toMatchObject({ type: 'n8n-nodes-base.webhook', typeVersion: 2 });
		expect(hook.parameters).toMatchObject({ httpMethod: 'POST', authentication: 'headerAuth', responseMode: 'responseNode' });
		expect(hook.credentials).toEqual({ httpHeaderAuth: { name: DEMO_CREDENTIAL_REFS.httpHeaderAuth.name } });
	});

	test('no webhook id and no path: every installation gets its own address', () => {
		expect(hook).not.toHaveProperty('webhookId');
		expect(hook.parameters.path).toBe('');
		expect(JSON.stringify(template)).not.toMatch(/crm-to-nextens"|5b0f3f7e/);
	});

	test('the pinned example carries no secret header', () => {
		const pinned = template.pinData['CRM Webhook'][0].json as Json;
		expect(Object.keys(pinned.headers).map((h) => h.toLowerCase())).not.toContain(DEMO_SECRETS.crmWebhookHeader.toLowerCase());
	});
});

describe("the demo's copy and credential", () => {
	test('the demo copy gets a fixed webhook id and path, everything else as shipped', () => {
		const copy = JSON.parse(demoTemplateCopy(TEMPLATE)) as Json;
		const again = JSON.parse(demoTemplateCopy(TEMPLATE)) as Json;
		const hook = webhookOf(copy);
		expect(hook.parameters.path).toBe(demoWebhookPath(TEMPLATE));
		expect(hook.parameters.path).toBe('demo-crm-to-nextens-webhook');
		expect(hook.webhookId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(webhookOf(again).webhookId).toBe(hook.webhookId);
		const shipped = JSON.parse(fs.readFileSync(TEMPLATE, 'utf8')) as Json;
		delete hook.webhookId;
		hook.parameters.path = '';
		expect(copy).toEqual(shipped);
	});

	test('templates without a webhook are imported unchanged', () => {
		const file = path.resolve(__dirname, '../../workflows/payroll-journal-sync.json');
		expect(demoTemplateCopy(file)).toBe(fs.readFileSync(file, 'utf8'));
	});

	test('the demo imports the Header Auth credential the template names', () => {
		const cred = demoCredentials(defaultEmulatorUrls()).find((c) => c.type === 'httpHeaderAuth');
		expect(cred).toEqual(crmWebhookCredential());
		expect(cred).toMatchObject({ id: 'CrmHookDemoCred1', name: 'CRM webhook secret', data: { name: 'Authorization', value: 'Bearer demo-crm-webhook-secret' } });
	});
});
