import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { NMBRS_ONLY_LOCKED_RUNS_DEFAULT } from '../../../shared/assumptions';
import { sortRuns } from '../../domain/models';
import { listRuns } from '../../transport/api';
import type { NmbrsSession } from '../../transport/api';
import {
	companyLocator,
	forOperation,
	limitField,
	locatorId,
	returnAllField,
	transportContext,
	yearField,
	yearParameter,
} from '../common';

const properties: INodeProperties[] = [
	companyLocator,
	yearField,
	returnAllField,
	limitField,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Only Locked Runs',
				name: 'onlyLockedRuns',
				type: 'boolean',
				default: true, // = NMBRS_ONLY_LOCKED_RUNS_DEFAULT (n8n's lint needs a literal; checked by test/unit/shared/assumptions.test.ts)
				description: 'Whether to return only finalised (locked) runs; unlocked runs can still change',
			},
			{
				displayName: 'Period From',
				name: 'periodFrom',
				type: 'number',
				default: 1,
				typeOptions: { minValue: 1, maxValue: 13, numberPrecision: 0 },
				description: 'First payroll period (1-12 monthly, 1-13 four-weekly)',
			},
			{
				displayName: 'Period To',
				name: 'periodTo',
				type: 'number',
				default: 13,
				typeOptions: { minValue: 1, maxValue: 13, numberPrecision: 0 },
				description: 'Last payroll period (inclusive)',
			},
		],
	},
];

export const description = forOperation('run', 'getMany', properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, session: NmbrsSession): Promise<IDataObject[]> {
	const companyId = locatorId(this, 'company', itemIndex, 'Company');
	const year = yearParameter(this, 'year', itemIndex, 'Year');
	const filters = this.getNodeParameter('filters', itemIndex, {}) as {
		onlyLockedRuns?: boolean;
		periodFrom?: number;
		periodTo?: number;
	};
	const onlyLocked = filters.onlyLockedRuns ?? NMBRS_ONLY_LOCKED_RUNS_DEFAULT;
	const from = filters.periodFrom ?? 1;
	const to = filters.periodTo ?? 13;
	if (from > to) {
		throw new NodeOperationError(this.getNode(), `Period From (${from}) is after Period To (${to})`, {
			itemIndex,
			description: 'Set Period From to a period before or equal to Period To.',
		});
	}
	const runs = sortRuns(await listRuns(transportContext(this), session, companyId, year, itemIndex)).filter((run) => {
		if (onlyLocked && !run.isLocked) return false;
		const start = run.periodStart ?? run.periodEnd ?? from;
		const end = run.periodEnd ?? run.periodStart ?? to;
		return end >= from && start <= to;
	});
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const selected = returnAll ? runs : runs.slice(0, this.getNodeParameter('limit', itemIndex, 50) as number);
	return selected.map((run) => ({ companyId, ...run }));
}
