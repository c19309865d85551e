import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as client from './actions/client';
import { router } from './actions/router';
import * as sba from './actions/sba';
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
			...client.description,
			...sba.description,
		],
	};

	methods = {
		resourceMapping: { getClientFields },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
