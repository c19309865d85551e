import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../common/operation';
import type { EBoekhoudenClient } from '../../transport/client';
import { LEDGER_CATEGORIES } from './getMany';

export const option: ItemOperation<EBoekhoudenClient>['option'] = {
	name: 'Create',
	value: 'create',
	description: 'Create a ledger',
	action: 'Create a ledger',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Code',
		name: 'code',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 4010',
		description: 'Ledger code, at most 10 characters',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		required: true,
		default: '',
	},
	{
		displayName: 'Category',
		name: 'category',
		type: 'options',
		required: true,
		options: LEDGER_CATEGORIES,
		default: 'VW',
	},
	{
		displayName: 'Group',
		name: 'group',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. LON',
		description: 'Code of the ledger group (rubriek) to place the ledger in; e-Boekhouden requires it (LEDG_007)',
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
