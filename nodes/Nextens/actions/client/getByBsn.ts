/** Client → Get by BSN: the person with this BSN (validated locally first; shown masked). */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../../common/failures';
import { normaliseBsn } from '../../../common/identifiers';
import { maskBsn } from '../../../common/mask';
import type { ItemOperation } from '../../../common/operation';
import type { NextensClient } from '../../transport/client';
import { publicClient, unwrap } from '../common';

export const option: ItemOperation<NextensClient>['option'] = {
	name: 'Get by BSN',
	value: 'getByBsn',
	action: 'Get a client by BSN',
	description: 'Find a person by burgerservicenummer',
};

export const description: INodeProperties[] = [
	{
		displayName: 'BSN',
		name: 'bsn',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description: 'Burgerservicenummer of the person (9 digits; 7 or 8 digits get their leading zeros back; dots and spaces are ignored)',
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: NextensClient): Promise<IDataObject[]> {
	const raw = String(this.getNodeParameter('bsn', itemIndex));
	const bsn = normaliseBsn(raw);
	if (!bsn) {
		throw inputError(
			this.getNode(),
			{
				code: 'INVALID_BSN',
				field: 'bsn',
				message: `BSN ${maskBsn(raw)} is not valid`,
				description: 'A BSN has 9 digits (7 or 8 digits are padded with leading zeros) and passes the 11-proef. Check the number and try again.',
			},
			{ itemIndex },
		);
	}
	return unwrap(this.getNode(), await client.findClients({ bsn }), itemIndex, 'Could not look up the BSN').map(publicClient);
}
