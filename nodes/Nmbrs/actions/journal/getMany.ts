import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { NMBRS_ONLY_LOCKED_RUNS_DEFAULT } from '../../../shared/assumptions';
import type { NmbrsSession } from '../../transport/api';
import {
	companyLocator,
	currentYear,
	forOperation,
	intParameter,
	limitField,
	locatorId,
	returnAllField,
	transportContext,
	yearParameter,
} from '../common';
import { collectJournals } from './collect';

export const companyScopeField: INodeProperties = {
	displayName: 'Companies',
	name: 'companyScope',
	type: 'options',
	options: [
		{ name: 'All Companies', value: 'all', description: 'Every company the API user can see' },
		{ name: 'One Company', value: 'one' },
	],
	default: 'all',
};

const properties: INodeProperties[] = [
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
	returnAllField,
	{ ...limitField, description: 'Max number of journals to return (oldest first)' },
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
				default: true, // = NMBRS_ONLY_LOCKED_RUNS_DEFAULT (n8n's lint needs a literal; checked by test/unit/shared/assumptions.test.ts)
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
			},
		],
	},
];

export const description = forOperation('journal', 'getMany', properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, session: NmbrsSession): Promise<IDataObject[]> {
	const scope = this.getNodeParameter('companyScope', itemIndex, 'all') as 'all' | 'one';
	const companies = scope === 'one' ? [locatorId(this, 'company', itemIndex, 'Company')] : 'all';
	const fromYear = yearParameter(this, 'fromYear', itemIndex, 'From Year');
	const fromPeriod = intParameter(this, 'fromPeriod', itemIndex, 'From Period', { min: 1, max: 13 });
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		includeRunsWithoutJournal?: boolean;
		onlyLockedRuns?: boolean;
		toPeriod?: number;
		toYear?: number;
	};
	const toYear = options.toYear ? Number(options.toYear) : currentYear(this);
	const toPeriod = options.toPeriod !== undefined ? Number(options.toPeriod) : 13;
	if (!Number.isInteger(toYear) || !Number.isInteger(toPeriod) || toYear * 100 + toPeriod < fromYear * 100 + fromPeriod) {
		throw new NodeOperationError(
			this.getNode(),
			`The range ${fromYear} period ${fromPeriod} to ${toYear} period ${toPeriod} is empty`,
			{ itemIndex, description: 'Set the From Year / From Period before or equal to To Year / To Period.' },
		);
	}
	if (toYear - fromYear > 20) {
		throw new NodeOperationError(this.getNode(), `From Year ${fromYear} is more than 20 years before ${toYear}`, {
			itemIndex,
			description: 'Check the From Year: reading that many years is almost certainly a typo.',
		});
	}
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);

	const result = await collectJournals(
		transportContext(this),
		session,
		{
			companies,
			from: { year: fromYear, period: fromPeriod },
			to: { year: toYear, period: toPeriod },
			onlyLockedRuns: options.onlyLockedRuns ?? NMBRS_ONLY_LOCKED_RUNS_DEFAULT,
			includeRunsWithoutJournal: options.includeRunsWithoutJournal ?? false,
			maxJournals: limit,
		},
		itemIndex,
	);
	this.logger.info(
		`Nmbrs journals: ${result.journals.length} returned from ${result.runsConsidered} runs (${result.runsWithoutJournal} without journal, ${result.unlockedRunsSkipped} unlocked skipped)`,
	);
	return result.journals as unknown as IDataObject[];
}
