import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { EBoekhoudenClient } from '../../transport/client';

export const description: INodeProperties[] = [
	{
		displayName: 'Mutation ID',
		name: 'mutationId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 6353',
		displayOptions: { show: { resource: ['mutation'], operation: ['get'] } },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: EBoekhoudenClient): Promise<IDataObject> {
	const id = String(this.getNodeParameter('mutationId', itemIndex)).trim();
	if (!/^\d+$/.test(id)) {
		throw new NodeOperationError(this.getNode(), `Mutation ID "${id}" is not a number`, { itemIndex });
	}
	return (await client.call('GET', `/v1/mutation/${id}`, { itemIndex })) as IDataObject;
}
