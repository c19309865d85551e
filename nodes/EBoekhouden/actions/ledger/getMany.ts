import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { limitOf, returnAllAndLimit } from '../../../common/description';
import type { ItemOperation } from '../../../common/operation';
import type { EBoekhoudenClient } from '../../transport/client';
import { addStringFilter, LEDGER_FIELDS, shapedList } from '../common';

export const option: ItemOperation<EBoekhoudenClient>['option'] = {
	name: 'Get Many',
	value: 'getMany',
	description: 'Get many ledgers',
	action: 'Get many ledgers',
};

export const LEDGER_CATEGORIES = [
	{ name: 'Balance Sheet (BAL)', value: 'BAL' },
	{ name: 'Creditors (CRED)', value: 'CRED' },
	{ name: 'Debtors (DEB)', value: 'DEB' },
	{ name: 'Liquid Assets (FIN)', value: 'FIN' },
	{ name: 'Profit and Loss (VW)', value: 'VW' },
];

const ALL_CATEGORIES = [
	...LEDGER_CATEGORIES,
	{ name: 'Input VAT (VOOR)', value: 'VOOR' },
	{ name: 'Turnover Tax (AF)', value: 'AF' },
	{ name: 'Turnover Tax High Rate (AF19)', value: 'AF19' },
	{ name: 'Turnover Tax Low Rate (AF6)', value: 'AF6' },
	{ name: 'Turnover Tax Other (AFOVERIG)', value: 'AFOVERIG' },
	{ name: 'VAT Current Account (BTWRC)', value: 'BTWRC' },
];

export const description: INodeProperties[] = [
	...returnAllAndLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Category',
				name: 'category',
				type: 'options',
				options: ALL_CATEGORIES,
				default: 'VW',
			},
			{
				displayName: 'Code',
				name: 'code',
				type: 'string',
				default: '',
				placeholder: 'e.g. 4000 or 4%',
				description: 'Ledger code; use % for any characters, e.g. 4% for all codes starting with 4',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: EBoekhoudenClient): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	addStringFilter(qs, 'code', filters.code);
	addStringFilter(qs, 'category', filters.category);
	return shapedList(await client.list('/v1/ledger', qs, limitOf(this, itemIndex), itemIndex), LEDGER_FIELDS);
}
