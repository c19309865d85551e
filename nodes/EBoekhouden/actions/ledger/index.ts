import type { INodeProperties } from 'n8n-workflow';

import * as create from './create';
import * as get from './get';
import * as getMany from './getMany';

export { create, get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['ledger'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create a ledger', action: 'Create a ledger' },
			{ name: 'Get', value: 'get', description: 'Get a ledger by ID or code', action: 'Get a ledger' },
			{ name: 'Get Many', value: 'getMany', description: 'Get many ledgers', action: 'Get many ledgers' },
		],
		default: 'getMany',
	},
	...getMany.description,
	...get.description,
	...create.description,
];
