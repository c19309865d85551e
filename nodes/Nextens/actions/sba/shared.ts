/** What SBA → Get Many and the Nextens Trigger share: the filter parameters, their reader, client names. */
import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../../common/failures';
import type { NextensClient, SbaFilters } from '../../transport/client';

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

/** The filters of the Filters collection both offer (client, status, tax). */
export const SBA_CLIENT_FILTER: INodeProperties = {
	displayName: 'Client ID',
	name: 'klantId',
	type: 'string',
	default: '',
	placeholder: 'kl_000007',
	description: 'Only SBA\'s of this Nextens client',
};

export const SBA_STATUS_FILTER: INodeProperties = {
	displayName: 'Status',
	name: 'status',
	type: 'options',
	options: SBA_STATUS_OPTIONS,
	default: 'nieuw',
	description: 'Processing status inside Nextens',
};

export const SBA_TAX_FILTER: INodeProperties = {
	displayName: 'Tax',
	name: 'middel',
	type: 'options',
	options: MIDDEL_OPTIONS,
	default: 'IB',
};

/**
 * The Filters collection as the list endpoint's filters. A "Received Since" that is not a date is
 * refused (the field `since`).
 */
export function readSbaFilters(node: INode, f: IDataObject, itemIndex?: number): SbaFilters {
	const filters: SbaFilters = {
		klantId: f.klantId ? String(f.klantId).trim() : undefined,
		middel: f.middel ? String(f.middel) : undefined,
		status: f.status ? String(f.status) : undefined,
		jaar: f.jaar ? Number(f.jaar) : undefined,
		since: toTimestamp(f.since),
	};
	if (f.since && !filters.since) {
		throw inputError(
			node,
			{
				code: 'INVALID_DATE',
				field: 'since',
				message: `"Received Since" (${String(f.since)}) is not a date`,
				description: 'Use an ISO date or date-time such as 2025-03-01 or 2025-03-01T08:00:00Z.',
			},
			{ itemIndex },
		);
	}
	return filters;
}

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
