/** SBA → Get Many: SBA's by client, tax, year, status and date received; Return All or a Limit. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { NextensClient, SbaFilters } from '../../transport/client';
import { throwReadFailure } from '../client/shared';
import { publicSba } from '../common';
import { MIDDEL_OPTIONS, SBA_STATUS_OPTIONS, toTimestamp, withClientNames } from './shared';

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		displayOptions: { show: { resource: ['sba'], operation: ['getMany'] } },
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		displayOptions: { show: { resource: ['sba'], operation: ['getMany'], returnAll: [false] } },
		description: 'Max number of results to return',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		displayOptions: { show: { resource: ['sba'], operation: ['getMany'] } },
		options: [
			{
				displayName: 'Client ID',
				name: 'klantId',
				type: 'string',
				default: '',
				placeholder: 'kl_000007',
				description: 'Only SBA\'s of this Nextens client',
			},
			{
				displayName: 'Received Since',
				name: 'since',
				type: 'dateTime',
				default: '',
				description: 'Only SBA\'s Nextens received at or after this moment',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: SBA_STATUS_OPTIONS,
				default: 'nieuw',
				description: 'Processing status inside Nextens',
			},
			{
				displayName: 'Tax',
				name: 'middel',
				type: 'options',
				options: MIDDEL_OPTIONS,
				default: 'IB',
			},
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
		displayOptions: { show: { resource: ['sba'], operation: ['getMany'] } },
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

export async function execute(
	this: IExecuteFunctions,
	client: NextensClient,
	i: number,
): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', i) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', i) as number);
	const f = this.getNodeParameter('filters', i, {}) as IDataObject;
	const filters: SbaFilters = {
		klantId: f.klantId ? String(f.klantId).trim() : undefined,
		middel: f.middel ? String(f.middel) : undefined,
		status: f.status ? String(f.status) : undefined,
		jaar: f.jaar ? Number(f.jaar) : undefined,
		since: toTimestamp(f.since),
	};
	if (f.since && !filters.since) {
		throw new NodeOperationError(this.getNode(), `"Received Since" (${String(f.since)}) is not a date`, {
			itemIndex: i,
			description: 'Use an ISO date or date-time such as 2025-03-01 or 2025-03-01T08:00:00Z.',
		});
	}
	const outcome = await client.collect((l, offset) => client.listSba(filters, l, offset), limit);
	if (!outcome.ok) throwReadFailure(this, outcome.error, i, "Could not list SBA's");
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const list = options.includeClientName ? await withClientNames(client, outcome.value) : outcome.value;
	return list.map((sba) => ({ json: publicSba(sba), pairedItem: { item: i } }));
}
