/** Client → Get: one client by its Nextens ID. */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { NextensClient } from '../../transport/client';
import { unwrap, asItems } from './shared';

export const description: INodeProperties[] = [
	{
		displayName: 'Client ID',
		name: 'clientId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'kl_000042',
		displayOptions: { show: { resource: ['client'], operation: ['get'] } },
		description: 'The Nextens ID of the client',
	},
];

export async function execute(
	this: IExecuteFunctions,
	client: NextensClient,
	i: number,
): Promise<INodeExecutionData[]> {
	const id = String(this.getNodeParameter('clientId', i)).trim();
	return asItems([unwrap(this, await client.getClient(id), i, `Could not get client ${id}`)], i);
}
