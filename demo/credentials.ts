/**
 * The demo credentials, in the shape `n8n import:credentials` reads (an array; plain-object `data` is encrypted
 * with the instance key on import). Ids and names are the ones the templates reference; the field values point
 * at the local emulators and use the demo tokens they accept.
 */
export interface EmulatorUrls {
	/** e.g. http://127.0.0.1:5101 */
	nmbrs: string;
	/** e.g. http://127.0.0.1:5102 */
	eboekhouden: string;
	/** e.g. http://127.0.0.1:5103 (the Nextens credential gets `/api/v1` appended) */
	nextens: string;
	/** Port of the demo's mail catcher (plain SMTP on 127.0.0.1), e.g. 5125 */
	smtpPort?: number;
}

export interface ImportableCredential {
	id: string;
	name: string;
	type: string;
	data: Record<string, string | number | boolean>;
}

export const DEMO_CREDENTIAL_REFS = {
	nmbrsApi: { id: 'NmbrsDemoCred001', name: 'Nmbrs account' },
	eBoekhoudenApi: { id: 'EBoekhDemoCred01', name: 'e-Boekhouden account' },
	nextensApi: { id: 'NextensDemoCred1', name: 'Nextens account' },
	/** n8n's own SMTP credential, for the templates' "Send Email" nodes: the demo's local mail catcher. */
	smtp: { id: 'SmtpDemoCred0001', name: 'SMTP account' },
	/** n8n's own Header Auth credential: the secret the CRM sends to the real-time webhook template. */
	httpHeaderAuth: { id: 'CrmHookDemoCred1', name: 'CRM webhook secret' },
} as const;

export const DEMO_SECRETS = {
	nmbrsUser: 'payroll@voorbeeld.nl',
	nmbrsToken: 'demo-nmbrs-token',
	nmbrsDomain: 'voorbeeld',
	eboekhoudenToken: 'demo-eboekhouden-token',
	nextensToken: 'demo-nextens-token',
	/** The header the demo CRM sends to the webhook template (`Authorization: Bearer <secret>`). */
	crmWebhookHeader: 'Authorization',
	crmWebhookSecret: 'demo-crm-webhook-secret',
} as const;

/**
 * The Header Auth credential of the real-time webhook template (`CRM Webhook` accepts only calls that carry this
 * header with this value). The demo and the end-to-end tests import this one.
 */
export function crmWebhookCredential(): ImportableCredential {
	return {
		...DEMO_CREDENTIAL_REFS.httpHeaderAuth,
		type: 'httpHeaderAuth',
		data: { name: DEMO_SECRETS.crmWebhookHeader, value: `Bearer ${DEMO_SECRETS.crmWebhookSecret}` },
	};
}

export const DEMO_SMTP_PORT = 5125;

export function defaultEmulatorUrls(
	ports = { nmbrs: 5101, eboekhouden: 5102, nextens: 5103 },
	smtpPort: number = DEMO_SMTP_PORT,
): EmulatorUrls {
	return {
		nmbrs: `http://127.0.0.1:${ports.nmbrs}`,
		eboekhouden: `http://127.0.0.1:${ports.eboekhouden}`,
		nextens: `http://127.0.0.1:${ports.nextens}`,
		smtpPort,
	};
}

export function demoCredentials(urls: EmulatorUrls): ImportableCredential[] {
	return [
		{
			...DEMO_CREDENTIAL_REFS.nmbrsApi,
			type: 'nmbrsApi',
			data: {
				username: DEMO_SECRETS.nmbrsUser,
				token: DEMO_SECRETS.nmbrsToken,
				domain: DEMO_SECRETS.nmbrsDomain,
				environment: 'custom',
				baseUrl: urls.nmbrs,
			},
		},
		{
			...DEMO_CREDENTIAL_REFS.eBoekhoudenApi,
			type: 'eBoekhoudenApi',
			data: {
				apiToken: DEMO_SECRETS.eboekhoudenToken,
				source: 'n8nDemo',
				baseUrl: urls.eboekhouden,
			},
		},
		{
			...DEMO_CREDENTIAL_REFS.nextensApi,
			type: 'nextensApi',
			data: {
				token: DEMO_SECRETS.nextensToken,
				officeName: 'Accountantskantoor Voorbeeld (demo)',
				baseUrl: `${urls.nextens}/api/v1`,
			},
		},
		crmWebhookCredential(),
		...(urls.smtpPort
			? [
					{
						...DEMO_CREDENTIAL_REFS.smtp,
						type: 'smtp',
						data: {
							user: '',
							password: '',
							host: '127.0.0.1',
							port: urls.smtpPort,
							secure: false,
							disableStartTls: true,
						},
					},
				]
			: []),
	];
}
