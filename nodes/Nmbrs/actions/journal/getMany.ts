import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { NMBRS_MAX_CONCURRENCY } from '../../../common/assumptions';
import { limitOf, returnAllAndLimit } from '../../../common/description';
import type { ItemOperation } from '../../../common/operation';
import { collectJournals } from '../../domain/collect';
import type { CollectOptions } from '../../domain/collect';
import type { YearPeriod } from '../../domain/models';
import { nmbrsPort } from '../../transport/api';
import type { NmbrsSession } from '../../transport/api';
import { companyLocator, companyScopeField } from '../fields';
import type { ParameterSource } from '../parameters';
import {
	companySelection,
	currentYear,
	itemParameters,
	onlyLockedRuns,
	parameterError,
	periodParameter,
	transportContext,
	yearParameter,
} from '../parameters';
import { journalJson } from './output';

export const option: ItemOperation<NmbrsSession>['option'] = {
	name: 'Get Many',
	value: 'getMany',
	description: 'Get the payroll journals of every run in a year and period range',
	action: 'Get many run journals',
};

/** Companies read at the same time; the session keeps the Nmbrs calls in flight at NMBRS_MAX_CONCURRENCY for all of them. */
export const itemsAtOnce = NMBRS_MAX_CONCURRENCY;

const journalLimit: INodeProperties[] = returnAllAndLimit.map((property) =>
	property.name === 'limit' ? { ...property, description: 'Max number of journals to return (oldest first)' } : property,
);

export const description: INodeProperties[] = [
	companyScopeField,
	{ ...companyLocator, displayOptions: { show: { companyScope: ['one'] } } },
	{
		displayName: 'From Year',
		name: 'fromYear',
		type: 'number',
		default: 0,
		required: true,
		typeOptions: { minValue: 0, maxValue: 2100, numberPrecision: 0 },
		description: 'First payroll year to read; 0 means the current year',
		hint: '0 = the current year',
	},
	{
		displayName: 'From Period',
		name: 'fromPeriod',
		type: 'number',
		default: 1,
		required: true,
		typeOptions: { minValue: 1, maxValue: 13, numberPrecision: 0 },
		description: 'First payroll period in the first year (1 = January for monthly payrolls)',
	},
	...journalLimit,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Runs Without Journal',
				name: 'includeRunsWithoutJournal',
				type: 'boolean',
				default: false,
				description:
					'Whether to output runs for which Nmbrs has no journal as items with status "no-journal" (by default they are skipped and logged)',
			},
			{
				displayName: 'Only Locked Runs',
				name: 'onlyLockedRuns',
				type: 'boolean',
				default: true, // = NMBRS_ONLY_LOCKED_RUNS_DEFAULT (n8n's lint needs a literal; checked by test/unit/common/assumptions.test.ts)
				description: 'Whether to read only finalised (locked) runs; unlocked runs can still change',
			},
			{
				displayName: 'To Period',
				name: 'toPeriod',
				type: 'number',
				default: 13,
				typeOptions: { minValue: 1, maxValue: 13, numberPrecision: 0 },
				description: 'Last payroll period in the last year (inclusive)',
			},
			{
				displayName: 'To Year',
				name: 'toYear',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0, maxValue: 2100, numberPrecision: 0 },
				description: 'Last payroll year to read; 0 means the current year',
				hint: '0 = the current year',
			},
		],
	},
];

interface GetManyOptions {
	includeRunsWithoutJournal?: boolean;
	onlyLockedRuns?: boolean;
	toPeriod?: number;
	toYear?: number;
}

/** From Year / From Period to the options' To Year / To Period (default: the end of the current year). */
function journalRange(params: ParameterSource, options: GetManyOptions): { from: YearPeriod; to: YearPeriod } {
	const from = { year: yearParameter(params, 'fromYear', 'From Year'), period: periodParameter(params, 'fromPeriod', 'From Period') };
	const to = { year: options.toYear ? Number(options.toYear) : currentYear(params), period: options.toPeriod !== undefined ? Number(options.toPeriod) : 13 };
	if (!Number.isInteger(to.year) || !Number.isInteger(to.period) || to.year * 100 + to.period < from.year * 100 + from.period) {
		throw parameterError(
			params,
			null,
			`The range ${from.year} period ${from.period} to ${to.year} period ${to.period} is empty`,
			'Set the From Year / From Period before or equal to To Year / To Period.',
		);
	}
	if (to.year - from.year > 20) {
		throw parameterError(
			params,
			'fromYear',
			`From Year ${from.year} is more than 20 years before ${to.year}`,
			'Check the From Year: reading that many years is almost certainly a typo.',
		);
	}
	return { from, to };
}

export async function execute(this: IExecuteFunctions, itemIndex: number, session: NmbrsSession): Promise<IDataObject[]> {
	const params = itemParameters(this, itemIndex);
	const companies = companySelection(params);
	const options = params.get('options', {}) as GetManyOptions;
	const collect: CollectOptions = {
		companies,
		...journalRange(params, options),
		onlyLockedRuns: onlyLockedRuns(options),
		includeRunsWithoutJournal: options.includeRunsWithoutJournal ?? false,
		maxJournals: limitOf(this, itemIndex),
	};
	const result = await collectJournals(nmbrsPort(transportContext(this), session, itemIndex), collect, (message) =>
		this.logger.debug(message),
	);
	this.logger.info(
		`Nmbrs journals: ${result.journals.length} returned from ${result.runsConsidered} runs (${result.runsWithoutJournal} without journal, ${result.unlockedRunsSkipped} unlocked skipped)`,
	);
	return result.journals.map(journalJson);
}
