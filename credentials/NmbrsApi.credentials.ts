import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { applyNmbrsAuth, resolveBaseUrl } from '../nodes/Nmbrs/domain/auth';
import { buildEnvelope, servicePath, soapAction } from '../nodes/Nmbrs/domain/soap';
import { credentialTestRules } from '../nodes/common/credentialTest';

/**
 * The credential test's answer to a SOAP fault on the login (HTTP 500): Nmbrs answers every fault with 500, so a wrong
 * username, API token or domain cannot be told apart here. Shown by n8n 2.41; n8n 1.123 and 2.8 show their own text
 * for a 500 (see nodes/common/credentialTest.ts).
 */
export const NMBRS_TEST_LOGIN_REFUSED =
	'Nmbrs refused the login: the username, API token or domain is wrong. Get a new API token in Nmbrs: open your profile, tab "API-token", and paste it into API Token. Username is the e-mail address you log in to Nmbrs with; Domain is the part before .nmbrs.nl (for example voorbeeld for voorbeeld.nmbrs.nl).';
/** ... to an address that does not serve the Nmbrs SOAP API. */
export const NMBRS_TEST_WRONG_URL =
	'There is no Nmbrs SOAP API at this address. Choose the environment Production or Sandbox; with Custom Base URL, enter the address without /soap/v3, for example http://127.0.0.1:5101 for the local emulator.';
/** ... to Nmbrs being unavailable (HTTP 503). */
export const NMBRS_TEST_UNAVAILABLE =
	'Nmbrs is not available right now (HTTP 503). Test again later; status.nmbrs.com shows outages.';

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
		// A custom Base URL that is not an http(s) address fails here with a message that says so.
		if (credentials.environment === 'custom') resolveBaseUrl(credentials);
		return applyNmbrsAuth(credentials, requestOptions);
	}

	/**
	 * CompanyService.List_GetAll: the login with username, token and domain (AuthHeaderWithDomain), and a right the
	 * nodes need anyway. Nmbrs answers XML, which n8n's body rules cannot read, so the HTTP status decides (`rules`,
	 * applied by n8n 2.41; see nodes/common/credentialTest.ts). An address that does not answer at all shows n8n's own
	 * network text.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ $credentials.environment === "custom" ? String($credentials.baseUrl).trim().replace(/\\/+$/, "").replace(/\\/soap\\/v3$/i, "") : ($credentials.environment === "sandbox" ? "https://api-sandbox.nmbrs.nl" : "https://api.nmbrs.nl") }}',
			url: servicePath('CompanyService'),
			method: 'POST',
			headers: {
				'Content-Type': 'text/xml; charset=utf-8',
				SOAPAction: soapAction('CompanyService', 'List_GetAll'),
			},
			body: buildEnvelope('CompanyService', 'List_GetAll'),
			json: false,
		},
		rules: credentialTestRules({
			status: {
				404: NMBRS_TEST_WRONG_URL,
				405: NMBRS_TEST_WRONG_URL,
				500: NMBRS_TEST_LOGIN_REFUSED,
				503: NMBRS_TEST_UNAVAILABLE,
			},
		}),
	};
}
