import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { EBOEKHOUDEN_FILTER_PARAM } from '../../../common/assumptions';
import { limitOf, returnAllAndLimit } from '../../../common/description';
import type { ItemOperation } from '../../../common/operation';
import type { EBoekhoudenClient } from '../../transport/client';
import { addStringFilter, MUTATION_LIST_FIELDS, shapedList } from '../common';
import { MUTATION_TYPES, isoDay } from './shared';

export const option: ItemOperation<EBoekhoudenClient>['option'] = {
	name: 'Get Many',
	value: 'getMany',
	description: 'Get many mutations',
	action: 'Get many mutations',
};

export const description: INodeProperties[] = [
	...returnAllAndLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Date From', name: 'dateFrom', type: 'dateTime', default: '', description: 'Mutations on or after this date' },
			{ displayName: 'Date To', name: 'dateTo', type: 'dateTime', default: '', description: 'Mutations on or before this date' },
			{
				displayName: 'Invoice Number',
				name: 'invoiceNumber',
				type: 'string',
				default: '',
				description: 'Exact invoice number, or a pattern with % for any characters (e.g. NMBRS-%)',
			},
			{ displayName: 'Type', name: 'type', type: 'options', options: MUTATION_TYPES, default: 7 },
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: EBoekhoudenClient): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	if (filters.type !== undefined && filters.type !== '') qs.type = filters.type;
	addStringFilter(qs, 'invoiceNumber', filters.invoiceNumber);
	const from = isoDay(filters.dateFrom);
	const to = isoDay(filters.dateTo);
	if (from && to) qs[EBOEKHOUDEN_FILTER_PARAM('date', 'range')] = `${from},${to}`;
	else if (from) qs[EBOEKHOUDEN_FILTER_PARAM('date', 'gte')] = from;
	else if (to) qs[EBOEKHOUDEN_FILTER_PARAM('date', 'lte')] = to;
	return shapedList(await client.list('/v1/mutation', qs, limitOf(this, itemIndex), itemIndex), MUTATION_LIST_FIELDS);
}
