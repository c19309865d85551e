import type { INodeProperties } from 'n8n-workflow';

import * as get from './get';
import * as getByBsn from './getByBsn';
import * as getByRsin from './getByRsin';
import * as getMany from './getMany';
import * as searchByName from './searchByName';
import * as upsert from './upsert';

export { get, getByBsn, getByRsin, getMany, searchByName, upsert };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['client'] } },
		options: [
			{
				name: 'Create or Update',
				value: 'upsert',
				action: 'Create or update a client',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a client',
				description: 'Get a client by its Nextens ID',
			},
			{
				name: 'Get by BSN',
				value: 'getByBsn',
				action: 'Get a client by BSN',
				description: 'Find a person by burgerservicenummer',
			},
			{
				name: 'Get by RSIN',
				value: 'getByRsin',
				action: 'Get a client by RSIN',
				description: 'Find an organisation by fiscaal nummer (RSIN) and volgnummer',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many clients',
				description: 'List clients',
			},
			{
				name: 'Search by Name',
				value: 'searchByName',
				action: 'Search clients by name',
				description: 'Find clients by their exact display name',
			},
		],
		default: 'upsert',
	},
	...upsert.description,
	...get.description,
	...getByBsn.description,
	...getByRsin.description,
	...searchByName.description,
	...getMany.description,
];
