import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany';

export { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['costCentre'] } },
		options: [
			{ name: 'Get Many', value: 'getMany', description: 'Get many cost centres', action: 'Get many cost centres' },
		],
		default: 'getMany',
	},
	...getMany.description,
];
