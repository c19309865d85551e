import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as companyGetMany from './actions/company/getMany';
import * as journalGet from './actions/journal/get';
import * as journalGetMany from './actions/journal/getMany';
import { router } from './actions/router';
import * as runGetMany from './actions/run/getMany';
import { searchCompanies, searchRuns } from './methods/listSearch';

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
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['company'] } },
				options: [
					{
						name: 'Get Many',
						value: 'getMany',
						description: 'List the companies the API user can see',
						action: 'Get many companies',
					},
				],
				default: 'getMany',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['run'] } },
				options: [
					{
						name: 'Get Many',
						value: 'getMany',
						description: 'List the payroll runs of a company in a year',
						action: 'Get many runs',
					},
				],
				default: 'getMany',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['journal'] } },
				options: [
					{
						name: 'Get',
						value: 'get',
						description: 'Get the payroll journal of one run',
						action: 'Get a run journal',
					},
					{
						name: 'Get Many',
						value: 'getMany',
						description: 'Get the payroll journals of every run in a year and period range',
						action: 'Get many run journals',
					},
				],
				default: 'getMany',
			},
			...companyGetMany.description,
			...runGetMany.description,
			...journalGet.description,
			...journalGetMany.description,
		],
	};

	methods = {
		listSearch: { searchCompanies, searchRuns },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
