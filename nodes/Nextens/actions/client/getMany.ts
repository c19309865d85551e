/** Client → Get Many: all clients, or up to a limit (paged). */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { limitOf, returnAllAndLimit } from '../../../common/description';
import type { ItemOperation } from '../../../common/operation';
import type { NextensClient } from '../../transport/client';
import { publicClient, unwrap } from '../common';

export const option: ItemOperation<NextensClient>['option'] = {
	name: 'Get Many',
	value: 'getMany',
	action: 'Get many clients',
	description: 'List clients',
};

export const description: INodeProperties[] = [...returnAllAndLimit];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: NextensClient): Promise<IDataObject[]> {
	const found = await client.collect((limit, offset) => client.listClients({}, limit, offset), limitOf(this, itemIndex));
	return unwrap(this.getNode(), found, itemIndex, 'Could not list clients').map(publicClient);
}
