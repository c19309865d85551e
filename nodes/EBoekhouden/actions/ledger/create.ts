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
		displayName: 'Group',
		name: 'group',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. LON',
		description: 'Code of the ledger group (rubriek) to place the ledger in; e-Boekhouden requires it (LEDG_007)',
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: EBoekhoudenClient): Promise<IDataObject> {
	const body: IDataObject = {
		code: (this.getNodeParameter('code', itemIndex) as string).trim(),
		description: (this.getNodeParameter('description', itemIndex) as string).trim(),
		category: this.getNodeParameter('category', itemIndex) as string,
	};
	const group = String(this.getNodeParameter('group', itemIndex, '') ?? '').trim();
	if (group !== '') body.group = group;
	const created = (await client.call('POST', '/v1/ledger', { body, itemIndex })) as IDataObject;
	return { ...body, ...created };
}
