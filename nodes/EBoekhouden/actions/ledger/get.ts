import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { EBoekhoudenClient } from '../../transport/client';
import { ledgerIdFromLocator, ledgerLocator } from '../common';

export const description: INodeProperties[] = [ledgerLocator('ledger', 'Ledger', { resource: ['ledger'], operation: ['get'] })];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: EBoekhoudenClient): Promise<IDataObject> {
	const id = await ledgerIdFromLocator(this, client, 'ledger', itemIndex);
	return (await client.call('GET', `/v1/ledger/${id}`, { itemIndex })) as IDataObject;
}
