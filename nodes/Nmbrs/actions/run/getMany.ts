import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { limitOf, returnAllAndLimit } from '../../../common/description';
import type { ItemOperation } from '../../../common/operation';
import { selectRuns } from '../../domain/models';
import { listRuns } from '../../transport/api';
import type { NmbrsSession } from '../../transport/api';
import { companyLocator, yearField } from '../fields';
import { itemParameters, locatorId, onlyLockedRuns, parameterError, transportContext, yearParameter } from '../parameters';

export const option: ItemOperation<NmbrsSession>['option'] = {
	name: 'Get Many',
	value: 'getMany',
	description: 'List the payroll runs of a company in a year',
	action: 'Get many runs',
};

export const description: INodeProperties[] = [
	companyLocator,
	yearField,
	...returnAllAndLimit,
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
				default: true, // = NMBRS_ONLY_LOCKED_RUNS_DEFAULT (n8n's lint needs a literal; checked by test/unit/common/assumptions.test.ts)
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

export async function execute(this: IExecuteFunctions, itemIndex: number, session: NmbrsSession): Promise<IDataObject[]> {
	const params = itemParameters(this, itemIndex);
	const companyId = locatorId(params, 'company', 'Company');
	const year = yearParameter(params, 'year', 'Year');
	const filters = params.get('filters', {}) as { onlyLockedRuns?: boolean; periodFrom?: number; periodTo?: number };
	const from = filters.periodFrom ?? 1;
	const to = filters.periodTo ?? 13;
	if (from > to) {
		throw parameterError(params, 'filters.periodFrom', `Period From (${from}) is after Period To (${to})`, 'Set Period From to a period before or equal to Period To.');
	}
	const runs = await listRuns(transportContext(this), session, companyId, year, itemIndex);
	const selected = selectRuns(runs, { from: { year, period: from }, to: { year, period: to }, onlyLockedRuns: onlyLockedRuns(filters) });
	// Every field present; a text Nmbrs left out (read as '') is null.
	return selected.runs.slice(0, limitOf(this, itemIndex)).map((run) => ({
		companyId,
		...run,
		description: run.description === '' ? null : run.description,
		runAt: run.runAt === '' ? null : run.runAt,
	}));
}
