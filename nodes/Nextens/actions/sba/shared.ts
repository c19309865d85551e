import type { IDataObject } from 'n8n-workflow';

import type { NextensClient } from '../../transport/client';

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
