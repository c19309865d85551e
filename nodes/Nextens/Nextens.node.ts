import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { readDescription } from './actions/client/read';
import { upsertDescription } from './actions/client/upsert';
import { router } from './actions/router';
import { sbaDescription } from './actions/sba/sba';
import { getClientFields } from './methods/resourceMapping';

export class Nextens implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Nextens',
		name: 'nextens',
		icon: { light: 'file:nextens.svg', dark: 'file:nextens.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: "Synchronise clients from your CRM to Nextens and read SBA's (tax assessments)",
		defaults: { name: 'Nextens' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'nextensApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Client', value: 'client' },
					{ name: 'SBA', value: 'sba', description: 'Servicebericht aanslag: an assessment message of the Belastingdienst' },
				],
				default: 'client',
			},
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
			...upsertDescription,
			...readDescription,
			...sbaDescription,
		],
	};

	methods = {
		resourceMapping: { getClientFields },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
