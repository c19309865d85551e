/** Client → Get by RSIN: the organisation with this fiscaal nummer and volgnummer. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../../common/failures';
import { normaliseRsin } from '../../../common/identifiers';
import { maskBsn } from '../../../common/mask';
import type { ItemOperation } from '../../../common/operation';
import type { NextensClient } from '../../transport/client';
import { publicClient, unwrap } from '../common';

export const option: ItemOperation<NextensClient>['option'] = {
	name: 'Get by RSIN',
	value: 'getByRsin',
	action: 'Get a client by RSIN',
	description: 'Find an organisation by fiscaal nummer (RSIN) and volgnummer',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Fiscaal Nummer (RSIN)',
		name: 'fiscaalNummer',
		type: 'string',
		required: true,
		default: '',
		placeholder: '004495445',
		description: 'RSIN of the organisation, or the BSN of a sole proprietor (9 digits; 7 or 8 digits get their leading zeros back)',
	},
	{
		displayName: 'Volgnummer',
		name: 'volgnummer',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 999 },
		default: 1,
		description: 'Tells apart several clients that share one fiscaal nummer (e.g. VAT sub-units); 1 when there is only one',
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: NextensClient): Promise<IDataObject[]> {
	const raw = String(this.getNodeParameter('fiscaalNummer', itemIndex));
	const fiscaalNummer = normaliseRsin(raw);
	if (!fiscaalNummer) {
		throw inputError(
			this.getNode(),
			{
				code: 'INVALID_FISCAAL_NUMMER',
				field: 'fiscaalNummer',
				message: `Fiscaal nummer "${maskBsn(raw)}" is not valid`,
				description:
					'An RSIN / fiscaal nummer has 9 digits (7 or 8 digits are padded with leading zeros) and passes the 11-proef. Check the number in the source and enter all 9 digits.',
			},
			{ itemIndex },
		);
	}
	const volgnummer = Number(this.getNodeParameter('volgnummer', itemIndex, 1)) || 1;
	const found = await client.findClients({ fiscaalNummer, volgnummer });
	return unwrap(this.getNode(), found, itemIndex, 'Could not look up the fiscaal nummer').map(publicClient);
}
