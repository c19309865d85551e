import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { NEXTENS_AUTH_HEADER, NEXTENS_AUTH_PREFIX } from '../nodes/common/assumptions';
import { credentialTestRules } from '../nodes/common/credentialTest';

/** The credential test's answer to a token Nextens refuses (401 UNAUTHORIZED). */
export const NEXTENS_TEST_WRONG_TOKEN =
	'Nextens refused the token. In Nextens, go to Instellingen > Koppelingen, copy the token of this link and paste it into Token.';
/** ... to Nextens being busy or failing (429 RATE_LIMITED, 500 INTERNAL). */
export const NEXTENS_TEST_UNAVAILABLE = 'Nextens is busy or has a problem right now. Test again in a minute.';
/** ... to an address that answers, but not as the Nextens partner API. */
export const NEXTENS_TEST_WRONG_URL =
	'There is no Nextens partner API at this Base URL. Use the address with the version path, for example https://partner.nextens.example/api/v1 (local emulator: http://127.0.0.1:5103/api/v1).';

/**
 * Nextens partner API (assumed contract, docs/vendors/nextens-contract.md §B.1): one static token per office and
 * partner, sent as `Authorization: Bearer <token>` on every call.
 */
export class NextensApi implements ICredentialType {
	name = 'nextensApi';

	displayName = 'Nextens API';

	icon: Icon = { light: 'file:nextens.svg', dark: 'file:nextens.dark.svg' };

	documentationUrl = 'https://github.com/nl-accountancy/n8n-nodes-nl-accountancy#nextens';

	properties: INodeProperties[] = [
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The link token of your office. Copy it in Nextens under Instellingen > Koppelingen (choose the link for this integration) and paste it here.',
		},
		{
			displayName: 'Office Name',
			name: 'officeName',
			type: 'string',
			default: '',
			placeholder: 'Accountantskantoor Voorbeeld',
			description: 'Name of the office this token belongs to; shown to tell several Nextens credentials apart',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://partner.nextens.example/api/v1',
			required: true,
			description:
				'Address of the Nextens partner API, including the version path. Change it only for a test server or the local emulator (http://127.0.0.1:5103/api/v1).',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				[NEXTENS_AUTH_HEADER]: `={{${JSON.stringify(NEXTENS_AUTH_PREFIX)} + $credentials.token}}`,
			},
		},
	};

	/**
	 * GET /clients?limit=1 with the token. Every answer counts as a 2xx (`ignoreHttpStatusErrors`), so the body rules
	 * decide on every n8n version (nodes/common/credentialTest.ts): Nextens' error body carries a `code`, a client list
	 * carries `items`. An address that does not answer at all shows n8n's own network text.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{String($credentials.baseUrl).trim().replace(new RegExp("/+$"), "")}}',
			url: '/clients',
			qs: { limit: 1 },
			json: true,
			ignoreHttpStatusErrors: true,
		},
		rules: credentialTestRules({
			answer: [
				{ key: 'code', value: 'UNAUTHORIZED', message: NEXTENS_TEST_WRONG_TOKEN },
				{ key: 'code', value: 'RATE_LIMITED', message: NEXTENS_TEST_UNAVAILABLE },
				{ key: 'code', value: 'INTERNAL', message: NEXTENS_TEST_UNAVAILABLE },
				{ key: 'items', value: undefined, message: NEXTENS_TEST_WRONG_URL },
			],
		}),
	};
}
