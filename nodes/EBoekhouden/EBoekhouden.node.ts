import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { maxRateLimitWaitOf, maxRateLimitWaitOption } from '../common/description';
import { route } from '../common/operation';

import * as costCentre from './actions/costCentre';
import * as journal from './actions/journal';
import * as ledger from './actions/ledger';
import * as mutation from './actions/mutation';
import { listSearch, loadOptions } from './methods';
import { EBoekhoudenClient } from './transport/client';

export class EBoekhouden implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'e-Boekhouden',
		name: 'eBoekhouden',
		icon: { light: 'file:eboekhouden.svg', dark: 'file:eboekhouden.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Book payroll journals and read or create ledgers, cost centres and mutations in e-Boekhouden',
		defaults: { name: 'e-Boekhouden' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'eBoekhoudenApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Cost Centre', value: 'costCentre' },
					{ name: 'Journal (Payroll)', value: 'journal' },
					{ name: 'Ledger', value: 'ledger' },
					{ name: 'Mutation', value: 'mutation' },
				],
				default: 'journal',
			},
			...journal.description,
			...ledger.description,
			...costCentre.description,
			...mutation.description,
			maxRateLimitWaitOption,
		],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// One client (and so one e-Boekhouden session) per execution, shared by every item.
		const client = new EBoekhoudenClient(this, { maxRateLimitWaitSeconds: maxRateLimitWaitOf(this) });
		try {
			return await route.call(
				this,
				{
					journal: journal.operations,
					ledger: ledger.operations,
					costCentre: costCentre.operations,
					mutation: mutation.operations,
				},
				client,
			);
		} finally {
			await client.close();
		}
	}
}
