import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { EBOEKHOUDEN_SOURCE_PATTERN } from '../nodes/common/assumptions';
import { credentialTestRules } from '../nodes/common/credentialTest';

/** The credential test's answer when e-Boekhouden refuses the API token (status 400 / 401 / 403 on POST /v1/session). */
export const EBOEKHOUDEN_TEST_WRONG_TOKEN =
	'e-Boekhouden refused the API token: it is wrong, expired or empty. Create a new token in e-Boekhouden under Beheer > Inrichting > Koppelingen > API ("e-Boekhouden API" > Toevoegen) and paste it into API Token; e-Boekhouden shows it only once.';
/** ... when e-Boekhouden has a problem (status 5xx in its error body). */
export const EBOEKHOUDEN_TEST_UNAVAILABLE = 'e-Boekhouden has a problem right now (server error). Test again later.';
/** ... when the address answers, but not as the e-Boekhouden API. */
export const EBOEKHOUDEN_TEST_WRONG_URL =
	'There is no e-Boekhouden API at this Base URL. Use https://api.e-boekhouden.nl (without /v1); change it only for a test server or the local emulator (http://127.0.0.1:5102).';

/** True for the request that starts a session: POST {base}/v1/session. */
function isSessionRequest(options: IHttpRequestOptions): boolean {
	const method = (options.method ?? 'GET').toUpperCase();
	const url = String(options.url ?? '').split('?')[0].replace(/\/+$/, '');
	return method === 'POST' && /(^|\/)v1\/session$/.test(url);
}

export class EBoekhoudenApi implements ICredentialType {
	name = 'eBoekhoudenApi';

	// The product writes "e-Boekhouden", but n8n's verification scanner requires a title-cased credential name (it
	// ignores inline lint exceptions), so the credential type is listed as "E-Boekhouden API".
	displayName = 'E-Boekhouden API';

	icon: Icon = { light: 'file:eboekhouden.svg', dark: 'file:eboekhouden.dark.svg' };

	documentationUrl = 'https://github.com/nl-accountancy/n8n-nodes-nl-accountancy#e-boekhouden';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The API token of the administration. Create it in e-Boekhouden under Beheer > Inrichting > Koppelingen > API ("e-Boekhouden API" > Toevoegen); it is shown only once.',
		},
		{
			displayName: 'Source',
			name: 'source',
			type: 'string',
			default: 'n8nNodes',
			required: true,
			description:
				'Name of this integration as e-Boekhouden records it: 1–10 letters, digits, underscores or spaces (no hyphens), e.g. n8nNodes',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.e-boekhouden.nl',
			description: 'Change only to use a test server or a local emulator',
		},
	];

	/**
	 * Only the session request carries the API token (in its JSON body, with the source). Every other
	 * request is sent with the session token the node put in the Authorization header, unchanged.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		if (!isSessionRequest(requestOptions)) return requestOptions;
		const source = String(credentials.source ?? '');
		if (!EBOEKHOUDEN_SOURCE_PATTERN.test(source)) {
			throw new Error(
				`Source "${source}" is not valid: use 1–10 letters, digits, underscores or spaces (no hyphens), e.g. n8nNodes`,
			);
		}
		const body =
			requestOptions.body && typeof requestOptions.body === 'object' && !Array.isArray(requestOptions.body)
				? (requestOptions.body as Record<string, unknown>)
				: {};
		const headers = { ...(requestOptions.headers ?? {}) } as Record<string, unknown>;
		delete headers.Authorization;
		delete headers.authorization;
		return {
			...requestOptions,
			headers: headers as IHttpRequestOptions['headers'],
			json: true,
			body: { ...body, accessToken: String(credentials.apiToken ?? '').trim(), source },
		};
	}

	/**
	 * Opens a session (POST /v1/session with the API token and source). Every answer counts as a 2xx
	 * (`ignoreHttpStatusErrors`), so the body rules decide on every n8n version (nodes/common/credentialTest.ts):
	 * e-Boekhouden's error body carries its HTTP `status`, a session carries `token`. An address that does not answer
	 * at all shows n8n's own network text.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{String($credentials.baseUrl || "https://api.e-boekhouden.nl").trim().replace(new RegExp("/+$"), "")}}',
			url: '/v1/session',
			method: 'POST',
			body: {},
			json: true,
			ignoreHttpStatusErrors: true,
		},
		rules: credentialTestRules({
			answer: [
				{ key: 'status', value: 403, message: EBOEKHOUDEN_TEST_WRONG_TOKEN },
				{ key: 'status', value: 401, message: EBOEKHOUDEN_TEST_WRONG_TOKEN },
				{ key: 'status', value: 400, message: EBOEKHOUDEN_TEST_WRONG_TOKEN },
				{ key: 'status', value: 500, message: EBOEKHOUDEN_TEST_UNAVAILABLE },
				{ key: 'status', value: 503, message: EBOEKHOUDEN_TEST_UNAVAILABLE },
				{ key: 'token', value: undefined, message: EBOEKHOUDEN_TEST_WRONG_URL },
			],
		}),
	};
}
