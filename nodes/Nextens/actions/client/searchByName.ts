/** Client → Search by Name: clients with exactly this display name. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { collapse } from '../../domain/normalise';
import type { NextensClient } from '../../transport/client';
import { unwrap, asItems } from './shared';

export const description: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'naam',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'J.P. van der Berg',
		displayOptions: { show: { resource: ['client'], operation: ['searchByName'] } },
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
		displayOptions: { show: { resource: ['client'], operation: ['searchByName'] } },
		description: 'Whether to search persons, organisations or both',
	},
];

export async function execute(
	this: IExecuteFunctions,
	client: NextensClient,
	i: number,
): Promise<INodeExecutionData[]> {
	const naam = collapse(String(this.getNodeParameter('naam', i)));
	const soort = String(this.getNodeParameter('soort', i, ''));
	const qs: IDataObject = { naam };
	if (soort) qs.soort = soort;
	const list = unwrap(
		this,
		await client.collect((limit, offset) => client.listClients(qs, limit, offset)),
		i,
		'Could not search by name',
	);
	return asItems(list as IDataObject[], i);
}
