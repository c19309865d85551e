import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../../common/failures';
import type { ItemOperation } from '../../../common/operation';
import type { EBoekhoudenClient } from '../../transport/client';
import { shapedMutation } from '../common';

export const option: ItemOperation<EBoekhoudenClient>['option'] = {
	name: 'Get',
	value: 'get',
	description: 'Get a mutation with its rows',
	action: 'Get a mutation',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Mutation ID',
		name: 'mutationId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 6353',
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: EBoekhoudenClient): Promise<IDataObject> {
	const id = String(this.getNodeParameter('mutationId', itemIndex)).trim();
	if (!/^\d+$/.test(id)) {
		throw inputError(
			this.getNode(),
			{ code: 'INVALID_MUTATION_ID', field: 'mutationId', message: `Mutation ID "${id}" is not a number`, description: 'Enter the numeric ID of the mutation, e.g. 6353.' },
			{ itemIndex },
		);
	}
	return shapedMutation(await client.call('GET', `/v1/mutation/${id}`, { itemIndex }));
}
