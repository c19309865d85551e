import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { EBoekhoudenClient } from '../transport/client';

export async function getLedgers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = new EBoekhoudenClient(this);
	try {
		const ledgers = await client.list('/v1/ledger');
		return ledgers
			.filter((l) => Number(l.id) > 0)
			.map((l) => ({ name: `${String(l.code ?? '')} – ${String(l.description ?? '')}`, value: Number(l.id) }))
			.sort((a, b) => a.name.localeCompare(b.name));
	} finally {
		await client.close();
	}
}

export async function getCostCentres(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = new EBoekhoudenClient(this);
	try {
		const list = await client.list('/v1/costcenter');
		return list
			.filter((c) => Number(c.id) > 0)
			.map((c) => ({ name: String(c.description ?? c.id), value: Number(c.id) }))
			.sort((a, b) => a.name.localeCompare(b.name));
	} finally {
		await client.close();
	}
}
