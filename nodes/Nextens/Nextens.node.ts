import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { maxRateLimitWaitOf, maxRateLimitWaitOption } from '../common/description';
import { route } from '../common/operation';
import * as client from './actions/client';
import * as sba from './actions/sba';
import { getClientFields } from './methods/resourceMapping';
import { NextensClient, runPacing } from './transport/client';

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
			maxRateLimitWaitOption,
		],
	};

	methods = {
		resourceMapping: { getClientFields },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// One client per execution: its rate limit holds for the whole run (Create or Update sets its own pacing).
		const nextensClient = await NextensClient.create(this, { ...runPacing(), maxRateLimitWaitSeconds: maxRateLimitWaitOf(this) });
		return await route.call(this, { client: client.operations, sba: sba.operations }, nextensClient);
	}
}
