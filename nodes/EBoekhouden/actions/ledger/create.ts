import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { EBoekhoudenClient } from '../../transport/client';
import { LEDGER_CATEGORIES } from './getMany';

const show = { resource: ['ledger'], operation: ['create'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Code',
		name: 'code',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 4010',
		description: 'Ledger code, at most 10 characters',
		displayOptions: { show },
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Category',
		name: 'category',
		type: 'options',
		required: true,
		options: LEDGER_CATEGORIES,
		default: 'VW',
		displayOptions: { show },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Group',
				name: 'group',
				type: 'string',
				default: '',
				description: 'Code of the ledger group (rubriek) to place the ledger in',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: EBoekhoudenClient): Promise<IDataObject> {
	const body: IDataObject = {
		code: (this.getNodeParameter('code', itemIndex) as string).trim(),
		description: (this.getNodeParameter('description', itemIndex) as string).trim(),
		category: this.getNodeParameter('category', itemIndex) as string,
	};
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	if (typeof additional.group === 'string' && additional.group.trim() !== '') body.group = additional.group.trim();
	const created = (await client.call('POST', '/v1/ledger', { body, itemIndex })) as IDataObject;
	return { ...body, ...created };
}
