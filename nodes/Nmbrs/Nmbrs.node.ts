import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { maxRateLimitWaitOf, maxRateLimitWaitOption } from '../common/description';
import { route } from '../common/operation';
import * as company from './actions/company';
import * as journal from './actions/journal';
import * as run from './actions/run';
import { searchCompanies, searchRuns } from './methods/listSearch';
import { sessionWithCredential } from './transport/api';

export class Nmbrs implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Nmbrs',
		name: 'nmbrs',
		icon: { light: 'file:nmbrs.svg', dark: 'file:nmbrs.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read companies, payroll runs and payroll journals (loonjournaalposten) from Nmbrs',
		defaults: { name: 'Nmbrs' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'nmbrsApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Company', value: 'company' },
					{ name: 'Journal', value: 'journal' },
					{ name: 'Run', value: 'run' },
				],
				default: 'journal',
			},
			...company.description,
			...journal.description,
			...run.description,
			maxRateLimitWaitOption,
		],
	};

	methods = {
		listSearch: { searchCompanies, searchRuns },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// One Nmbrs session (company list cache, v2 journal fallback, the credential read once) per execution.
		return await route.call(
			this,
			{ company: company.operations, journal: journal.operations, run: run.operations },
			await sessionWithCredential(this, { maxRateLimitWaitSeconds: maxRateLimitWaitOf(this) }),
		);
	}
}
