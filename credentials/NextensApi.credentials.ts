import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { NEXTENS_AUTH_HEADER, NEXTENS_AUTH_PREFIX } from '../nodes/shared/assumptions';

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

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(new RegExp("/+$"), "")}}',
			url: '/clients',
			qs: { limit: 1 },
		},
	};
}
