/** Client → Get Many: all clients, or up to a limit (paged). */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { NextensClient } from '../../transport/client';
import { unwrap, asItems } from './shared';

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		displayOptions: { show: { resource: ['client'], operation: ['getMany'] } },
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		displayOptions: { show: { resource: ['client'], operation: ['getMany'], returnAll: [false] } },
		description: 'Max number of results to return',
	},
];

export async function execute(
	this: IExecuteFunctions,
	client: NextensClient,
	i: number,
): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', i) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', i) as number);
	const list = unwrap(
		this,
		await client.collect((l, offset) => client.listClients({}, l, offset), limit),
		i,
		'Could not list clients',
	);
	return asItems(list as IDataObject[], i);
}
