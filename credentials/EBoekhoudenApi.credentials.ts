import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { EBOEKHOUDEN_SOURCE_PATTERN } from '../nodes/shared/assumptions';

/** True for the request that starts a session: POST {base}/v1/session. */
function isSessionRequest(options: IHttpRequestOptions): boolean {
	const method = (options.method ?? 'GET').toUpperCase();
	const url = String(options.url ?? '').split('?')[0].replace(/\/+$/, '');
	return method === 'POST' && /(^|\/)v1\/session$/.test(url);
}

export class EBoekhoudenApi implements ICredentialType {
	name = 'eBoekhoudenApi';

	// n8n's lint rules require title case here (as in its own "E-goi API"); the product is e-Boekhouden.
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

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(new RegExp("/+$"), "")}}',
			url: '/v1/session',
			method: 'POST',
			body: {},
			json: true,
		},
	};
}
