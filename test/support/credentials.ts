import { DEMO_CREDENTIAL_REFS, DEMO_SECRETS as SECRETS, crmWebhookCredential } from '../../demo/credentials';

export { crmWebhookCredential };

/**
 * The credentials templates refer to (by id and name), filled in for emulators at the given base URLs.
 * End-to-end tests and the demo import exactly these, so a template imported by a user finds the
 * credential it names once the user creates it.
 */
export const CREDENTIAL_REFS = {
	nmbrsApi: DEMO_CREDENTIAL_REFS.nmbrsApi,
	eBoekhoudenApi: DEMO_CREDENTIAL_REFS.eBoekhoudenApi,
	nextensApi: DEMO_CREDENTIAL_REFS.nextensApi,
	/** The webhook template's Header Auth credential. */
	httpHeaderAuth: DEMO_CREDENTIAL_REFS.httpHeaderAuth,
} as const;

/** The demo's secrets (defined once, in demo/credentials.ts) in the shape of each credential's fields. */
export const DEMO_SECRETS = {
	nmbrs: { username: SECRETS.nmbrsUser, token: SECRETS.nmbrsToken, domain: SECRETS.nmbrsDomain },
	eboekhouden: { apiToken: SECRETS.eboekhoudenToken, source: 'n8nNodes' },
	nextens: { token: SECRETS.nextensToken, officeName: 'Demo kantoor' },
	/** The header (name and value) the webhook template's Header Auth credential expects. */
	crmWebhook: crmWebhookCredential().data as { name: string; value: string },
} as const;

export interface EmulatorUrls {
	/** e.g. http://127.0.0.1:5101 */
	nmbrs: string;
	/** e.g. http://127.0.0.1:5102 */
	eboekhouden: string;
	/** e.g. http://127.0.0.1:5103/api/v1 */
	nextens: string;
}

export interface CredentialImport {
	id: string;
	name: string;
	type: string;
	data: Record<string, string>;
}

/** Credential objects in the shape `n8n import:credentials` takes (plain data is encrypted on import). */
export function emulatorCredentials(urls: EmulatorUrls): CredentialImport[] {
	return [
		{
			...CREDENTIAL_REFS.nmbrsApi,
			type: 'nmbrsApi',
			data: { ...DEMO_SECRETS.nmbrs, environment: 'custom', baseUrl: urls.nmbrs },
		},
		{
			...CREDENTIAL_REFS.eBoekhoudenApi,
			type: 'eBoekhoudenApi',
			data: { ...DEMO_SECRETS.eboekhouden, baseUrl: urls.eboekhouden },
		},
		{
			...CREDENTIAL_REFS.nextensApi,
			type: 'nextensApi',
			data: { ...DEMO_SECRETS.nextens, baseUrl: urls.nextens },
		},
	];
}
