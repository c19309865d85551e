import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { applyNmbrsAuth } from '../nodes/Nmbrs/domain/auth';
import { buildEnvelope, soapAction } from '../nodes/Nmbrs/domain/soap';

/**
 * Nmbrs SOAP API v3 login: username (e-mail), API token and domain. The login travels inside the
 * SOAP header, so `authenticate` writes the auth header into the envelope the node built (and picks
 * the base URL of the chosen environment); node code never reads these values.
 */
export class NmbrsApi implements ICredentialType {
	name = 'nmbrsApi';

	displayName = 'Nmbrs API';

	documentationUrl = 'https://github.com/nl-accountancy/n8n-nodes-nl-accountancy#nmbrs';

	icon: Icon = { light: 'file:nmbrs.svg', dark: 'file:nmbrs.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			required: true,
			description: 'The e-mail address you log in to Nmbrs with',
		},
		{
			displayName: 'API Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API token from your Nmbrs profile (tab "API-token")',
		},
		{
			displayName: 'Domain',
			name: 'domain',
			type: 'string',
			placeholder: 'voorbeeld',
			default: '',
			required: true,
			description:
				'The part before .nmbrs.nl in the address you log in with, e.g. "voorbeeld" for https://voorbeeld.nmbrs.nl',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production', description: 'https://api.nmbrs.nl' },
				{ name: 'Sandbox', value: 'sandbox', description: 'https://api-sandbox.nmbrs.nl' },
				{ name: 'Custom Base URL', value: 'custom', description: 'For example a local test server' },
			],
			default: 'production',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			placeholder: 'http://127.0.0.1:5101',
			default: '',
			required: true,
			description: 'Address of the Nmbrs SOAP API, without /soap/v3',
			displayOptions: { show: { environment: ['custom'] } },
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return applyNmbrsAuth(credentials, requestOptions);
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ $credentials.environment === "custom" ? String($credentials.baseUrl).trim().replace(/\\/+$/, "").replace(/\\/soap\\/v3$/i, "") : ($credentials.environment === "sandbox" ? "https://api-sandbox.nmbrs.nl" : "https://api.nmbrs.nl") }}',
			url: '/soap/v3/DebtorService.asmx',
			method: 'POST',
			headers: {
				'Content-Type': 'text/xml; charset=utf-8',
				SOAPAction: soapAction('DebtorService', 'Environment_Get'),
			},
			body: buildEnvelope('DebtorService', 'Environment_Get'),
			json: false,
		},
	};
}
