import type { INodeProperties } from 'n8n-workflow';

import * as get from './get';
import * as getMany from './getMany';

export { get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['sba'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get an SBA',
				description: 'Get one SBA with its XBRL document as a file',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many sbas',
				description: "List SBA's by client, tax, year, status or date received",
			},
		],
		default: 'getMany',
	},
	...getMany.description,
	...get.description,
];
