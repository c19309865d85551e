/** Client → Get by BSN: the person with this BSN (validated locally first; shown masked). */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { normaliseBsn } from '../../../shared/identifiers';
import { maskBsn } from '../../../shared/mask';
import type { NextensClient } from '../../transport/client';
import { unwrap, asItems } from './shared';

export const description: INodeProperties[] = [
	{
		displayName: 'BSN',
		name: 'bsn',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		displayOptions: { show: { resource: ['client'], operation: ['getByBsn'] } },
		description: 'Burgerservicenummer of the person (8 or 9 digits; dots and spaces are ignored)',
	},
];

export async function execute(
	this: IExecuteFunctions,
	client: NextensClient,
	i: number,
): Promise<INodeExecutionData[]> {
	const raw = String(this.getNodeParameter('bsn', i));
	const bsn = normaliseBsn(raw);
	if (!bsn) {
		throw new NodeOperationError(this.getNode(), `BSN ${maskBsn(raw)} is not valid`, {
			itemIndex: i,
			description: 'A BSN has 8 or 9 digits and passes the 11-proef. Check the number and try again.',
		});
	}
	return asItems(unwrap(this, await client.findClients({ bsn }), i, 'Could not look up the BSN'), i);
}
