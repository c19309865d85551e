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
		displayOptions: { show: { resource: ['mutation'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create a mutation (booking) of any type', action: 'Create a mutation' },
			{ name: 'Get', value: 'get', description: 'Get a mutation with its rows', action: 'Get a mutation' },
			{ name: 'Get Many', value: 'getMany', description: 'Get many mutations', action: 'Get many mutations' },
		],
		default: 'getMany',
	},
	...create.description,
	...get.description,
	...getMany.description,
];
