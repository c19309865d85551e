/** SBA → Get Many, SBA → Get (the XBRL document as binary data). */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { NextensClient, SbaFilters } from '../../transport/client';
import { throwReadFailure } from '../client/read';

export const MIDDEL_OPTIONS = [
	{ name: 'IB (Inkomstenbelasting)', value: 'IB' },
	{ name: 'VPB (Vennootschapsbelasting)', value: 'VPB' },
	{ name: 'BTW (Omzetbelasting)', value: 'BTW' },
];

export const SBA_STATUS_OPTIONS = [
	{ name: 'Nieuw', value: 'nieuw' },
	{ name: 'Gecontroleerd', value: 'gecontroleerd' },
	{ name: 'Afwijkend', value: 'afwijkend' },
	{ name: 'Afgehandeld', value: 'afgehandeld' },
];

export const sbaDescription: INodeProperties[] = [
	{
		displayName: 'SBA ID',
		name: 'sbaId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'sba_000913',
		displayOptions: { show: { resource: ['sba'], operation: ['get'] } },
		description: 'The Nextens ID of the SBA (servicebericht aanslag)',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: { show: { resource: ['sba'], operation: ['get'] } },
		hint: 'The name of the output binary field to put the XBRL file in',
	},
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

/** Adds `klantNaam` (the client's display name) to each SBA, one lookup per distinct client. */
export async function withClientNames(client: NextensClient, sbas: IDataObject[]): Promise<IDataObject[]> {
	const names = new Map<string, string | null>();
	for (const sba of sbas) {
		const id = typeof sba.klantId === 'string' ? sba.klantId : '';
		if (!id || names.has(id)) continue;
		const got = await client.getClient(id);
		names.set(id, got.ok && typeof got.value.weergavenaam === 'string' ? got.value.weergavenaam : null);
	}
	return sbas.map((sba) => ({ ...sba, klantNaam: names.get(String(sba.klantId ?? '')) ?? null }));
}

/** A date/time parameter as the contract's timestamp (ISO 8601 UTC with milliseconds). */
export function toTimestamp(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const at = new Date(String(value));
	return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

export async function executeSba(
	this: IExecuteFunctions,
	client: NextensClient,
	operation: string,
	i: number,
): Promise<INodeExecutionData[]> {
	if (operation === 'getMany') {
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
		return list.map((json) => ({ json, pairedItem: { item: i } }));
	}
	if (operation === 'get') {
		const id = String(this.getNodeParameter('sbaId', i)).trim();
		const property = String(this.getNodeParameter('binaryPropertyName', i, 'data')).trim() || 'data';
		const outcome = await client.getSba(id);
		if (!outcome.ok) throwReadFailure(this, outcome.error, i, `Could not get SBA ${id}`);
		const { xbrl, ...metadata } = outcome.value;
		const xml = typeof xbrl === 'string' ? xbrl : '';
		const fileName = `${String(metadata.id ?? id)}.xbrl`;
		const binary = await this.helpers.prepareBinaryData(Buffer.from(xml, 'utf8'), fileName, 'application/xml');
		return [{ json: { ...metadata, xbrlBytes: Buffer.byteLength(xml, 'utf8') }, binary: { [property]: binary }, pairedItem: { item: i } }];
	}
	throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known`, { itemIndex: i });
}
