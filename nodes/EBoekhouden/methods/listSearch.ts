import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { EBoekhoudenClient } from '../transport/client';

/** Ledgers for the resource locator: "code – description", value = id. Errors surface in the editor. */
export async function searchLedgers(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = new EBoekhoudenClient(this);
	try {
		const ledgers = await client.list('/v1/ledger');
		const f = (filter ?? '').trim().toLowerCase();
		const results = ledgers
			.filter((l) => Number(l.id) > 0)
			.map((l) => ({ name: `${String(l.code ?? '')} – ${String(l.description ?? '')}`, value: String(l.id) }))
			.filter((r) => f === '' || r.name.toLowerCase().includes(f))
			.sort((a, b) => a.name.localeCompare(b.name));
		return { results };
	} finally {
		await client.close();
	}
}
