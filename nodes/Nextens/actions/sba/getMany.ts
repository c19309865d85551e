/** SBA → Get Many: SBA's by client, tax, year, status and date received; Return All or a Limit. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { limitOf, returnAllAndLimit } from '../../../common/description';
import type { ItemOperation } from '../../../common/operation';
import type { NextensClient } from '../../transport/client';
import { publicSba, unwrap } from '../common';
import { readSbaFilters, SBA_CLIENT_FILTER, SBA_STATUS_FILTER, SBA_TAX_FILTER, withClientNames } from './shared';

export const option: ItemOperation<NextensClient>['option'] = {
	name: 'Get Many',
	value: 'getMany',
	action: "Get many SBA's",
	description: "List SBA's by client, tax, year, status or date received",
};

export const description: INodeProperties[] = [
	...returnAllAndLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		options: [
			SBA_CLIENT_FILTER,
			{
				displayName: 'Received Since',
				name: 'since',
				type: 'dateTime',
				default: '',
				description: 'Only SBA\'s Nextens received at or after this moment',
			},
			SBA_STATUS_FILTER,
			SBA_TAX_FILTER,
			{
				displayName: 'Tax Year',
				name: 'jaar',
				type: 'number',
				typeOptions: { minValue: 2000, maxValue: 2100 },
				default: 2025,
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Include Client Name',
				name: 'includeClientName',
				type: 'boolean',
				default: false,
				description: "Whether to add the client's display name as klantNaam (one extra call per client)",
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: NextensClient): Promise<IDataObject[]> {
	const filters = readSbaFilters(this.getNode(), this.getNodeParameter('filters', itemIndex, {}) as IDataObject, itemIndex);
	const found = await client.listAllSba(filters, limitOf(this, itemIndex));
	const list = unwrap(this.getNode(), found, itemIndex, "Could not list SBA's");
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return (options.includeClientName ? await withClientNames(client, list) : list).map(publicSba);
}
