/** Client → Get by RSIN: the organisation with this fiscaal nummer and volgnummer. */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { normaliseRsin } from '../../../shared/identifiers';
import { maskBsn } from '../../../shared/mask';
import type { NextensClient } from '../../transport/client';
import { unwrap, asItems } from './shared';

export const description: INodeProperties[] = [
	{
		displayName: 'Fiscaal Nummer (RSIN)',
		name: 'fiscaalNummer',
		type: 'string',
		required: true,
		default: '',
		placeholder: '004495445',
		displayOptions: { show: { resource: ['client'], operation: ['getByRsin'] } },
		description: 'RSIN of the organisation, or the BSN of a sole proprietor (9 digits)',
	},
	{
		displayName: 'Volgnummer',
		name: 'volgnummer',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 999 },
		default: 1,
		displayOptions: { show: { resource: ['client'], operation: ['getByRsin'] } },
		description: 'Tells apart several clients that share one fiscaal nummer (e.g. VAT sub-units); 1 when there is only one',
	},
];

export async function execute(
	this: IExecuteFunctions,
	client: NextensClient,
	i: number,
): Promise<INodeExecutionData[]> {
	const raw = String(this.getNodeParameter('fiscaalNummer', i));
	const fiscaalNummer = normaliseRsin(raw);
	if (!fiscaalNummer) {
		throw new NodeOperationError(this.getNode(), `Fiscaal nummer "${maskBsn(raw)}" is not valid`, {
			itemIndex: i,
			description:
				'An RSIN / fiscaal nummer has 9 digits and passes the 11-proef. Spreadsheets often drop leading zeros: enter all 9 digits.',
		});
	}
	const volgnummer = Number(this.getNodeParameter('volgnummer', i, 1)) || 1;
	return asItems(
		unwrap(this, await client.findClients({ fiscaalNummer, volgnummer }), i, 'Could not look up the fiscaal nummer'),
		i,
	);
}
