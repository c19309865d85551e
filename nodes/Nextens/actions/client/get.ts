/** Client → Get: one client by its Nextens ID. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../common/operation';
import type { NextensClient } from '../../transport/client';
import { publicClient, unwrap } from '../common';

export const option: ItemOperation<NextensClient>['option'] = {
	name: 'Get',
	value: 'get',
	action: 'Get a client',
	description: 'Get a client by its Nextens ID',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Client ID',
		name: 'clientId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'kl_000042',
		description: 'The Nextens ID of the client',
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: NextensClient): Promise<IDataObject> {
	const id = String(this.getNodeParameter('clientId', itemIndex)).trim();
	return publicClient(unwrap(this.getNode(), await client.getClient(id), itemIndex, `Could not get client ${id}`));
}
