import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../common/operation';
import type { EBoekhoudenClient } from '../../transport/client';
import { LEDGER_FIELDS, ledgerIdFromLocator, ledgerLocator } from '../common';
import { withFields } from '../../../common/shape';

export const option: ItemOperation<EBoekhoudenClient>['option'] = {
	name: 'Get',
	value: 'get',
	description: 'Get a ledger by ID or code',
	action: 'Get a ledger',
};

export const description: INodeProperties[] = [ledgerLocator('ledger', 'Ledger')];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: EBoekhoudenClient): Promise<IDataObject> {
	const id = await ledgerIdFromLocator(this, client, 'ledger', itemIndex);
	return withFields<IDataObject>(await client.call('GET', `/v1/ledger/${id}`, { itemIndex }), LEDGER_FIELDS);
}
