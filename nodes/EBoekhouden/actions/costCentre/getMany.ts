import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { limitOf, returnAllAndLimit } from '../../../common/description';
import type { ItemOperation } from '../../../common/operation';
import type { EBoekhoudenClient } from '../../transport/client';
import { addStringFilter, COST_CENTRE_FIELDS, shapedList } from '../common';

export const option: ItemOperation<EBoekhoudenClient>['option'] = {
	name: 'Get Many',
	value: 'getMany',
	description: 'Get many cost centres',
	action: 'Get many cost centres',
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
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
				description: 'Cost centre description; use % for any characters',
			},
			{
				displayName: 'Parent ID',
				name: 'parentId',
				type: 'string',
				default: '',
				description: 'Only cost centres below this parent',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: EBoekhoudenClient): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	addStringFilter(qs, 'description', filters.description);
	addStringFilter(qs, 'parentId', filters.parentId);
	return shapedList(await client.list('/v1/costcenter', qs, limitOf(this, itemIndex), itemIndex), COST_CENTRE_FIELDS);
}
