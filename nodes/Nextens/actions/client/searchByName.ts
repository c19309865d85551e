/** Client → Search by Name: clients with exactly this display name. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../common/operation';
import { collapse } from '../../domain/normalise';
import type { NextensClient } from '../../transport/client';
import { publicClient, unwrap } from '../common';

export const option: ItemOperation<NextensClient>['option'] = {
	name: 'Search by Name',
	value: 'searchByName',
	action: 'Search clients by name',
	description: 'Find clients by their exact display name',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'naam',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'J.P. van der Berg',
		description:
			'The exact display name in Nextens (case-sensitive): persons "initials (or first name) prefix last name", organisations their name',
	},
	{
		displayName: 'Client Type',
		name: 'soort',
		type: 'options',
		options: [
			{ name: 'Any', value: '' },
			{ name: 'Person', value: 'persoon' },
			{ name: 'Organisation', value: 'organisatie' },
		],
		default: '',
		description: 'Whether to search persons, organisations or both',
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: NextensClient): Promise<IDataObject[]> {
	const naam = collapse(String(this.getNodeParameter('naam', itemIndex)));
	const soort = String(this.getNodeParameter('soort', itemIndex, ''));
	const qs: IDataObject = { naam };
	if (soort) qs.soort = soort;
	const found = await client.collect((limit, offset) => client.listClients(qs, limit, offset));
	return unwrap(this.getNode(), found, itemIndex, 'Could not search by name').map(publicClient);
}
