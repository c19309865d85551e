import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { maxRateLimitWaitOfPoll, maxRateLimitWaitOption } from '../common/description';
import { asNodeError } from '../common/failures';
import { companyLocator, companyScopeField } from './actions/fields';
import { journalJson } from './actions/journal/output';
import type { ParameterSource } from './actions/parameters';
import {
	companySelection,
	currentYear,
	onlyLockedRuns,
	parameterError,
	periodParameter,
	pollParameters,
	transportContext,
	yearParameter,
} from './actions/parameters';
import { collectJournals } from './domain/collect';
import type { CollectOptions } from './domain/collect';
import { pollChanges, readState, sampleChange } from './domain/changes';
import { searchCompanies } from './methods/listSearch';
import { nmbrsPort, sessionWithCredential } from './transport/api';

/** What to watch: the company selection, Start Year / Start Period up to the end of the current year. */
function watchedJournals(params: ParameterSource): CollectOptions {
	const thisYear = currentYear(params);
	const startYear = yearParameter(params, 'startYear', 'Start Year');
	if (startYear > thisYear) {
		throw parameterError(
			params,
			'startYear',
			`Start Year ${startYear} is not between 2000 and ${thisYear}`,
			'Set the Start Year of the Nmbrs Trigger to a past or the current year.',
		);
	}
	const startPeriod = periodParameter(params, 'startPeriod', 'Start Period', 1);
	const options = params.get('options', {}) as { onlyLockedRuns?: boolean };
	return {
		companies: companySelection(params),
		from: { year: startYear, period: startPeriod },
		to: { year: thisYear, period: 13 },
		onlyLockedRuns: onlyLockedRuns(options),
	};
}

export class NmbrsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Nmbrs Trigger',
		name: 'nmbrsTrigger',
		icon: { light: 'file:nmbrs.svg', dark: 'file:nmbrs.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Journals since " + $parameter["startYear"] + " period " + $parameter["startPeriod"]}}',
		// n8n's node panel shows one entry for Nmbrs and Nmbrs Trigger, with the trigger's description: describe the app.
		description: 'Read companies, payroll runs and payroll journals (loonjournaalposten) from Nmbrs',
		defaults: { name: 'Nmbrs Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'nmbrsApi', required: true }],
		properties: [
			{
				displayName:
					'Each poll reads the journals of all runs since the start period and emits those that are new or whose content changed since the last poll. The remembered state is kept only for active (published) workflows; a manual test returns one sample journal.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'New or Changed Payroll Journal',
						value: 'journal',
						action: 'On new or changed payroll journal',
						description: 'Starts the workflow when Nmbrs has a new payroll journal, or a journal that changed',
					},
				],
				default: 'journal',
			},
			companyScopeField,
			{ ...companyLocator, displayOptions: { show: { companyScope: ['one'] } } },
			{
				displayName: 'Start Year',
				name: 'startYear',
				type: 'number',
				default: 0,
				required: true,
				typeOptions: { minValue: 0, maxValue: 2100, numberPrecision: 0 },
				description: 'First payroll year to watch; 0 means the current year at the time of each poll',
				hint: '0 = the current year (at each poll)',
			},
			{
				displayName: 'Start Period',
				name: 'startPeriod',
				type: 'number',
				default: 1,
				required: true,
				typeOptions: { minValue: 1, maxValue: 13, numberPrecision: 0 },
				description: 'First payroll period in the start year',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Only Locked Runs',
						name: 'onlyLockedRuns',
						type: 'boolean',
						default: true, // = NMBRS_ONLY_LOCKED_RUNS_DEFAULT (n8n's lint needs a literal; checked by test/unit/common/assumptions.test.ts)
						description: 'Whether to watch only finalised (locked) runs; unlocked runs can still change',
					},
				],
			},
			maxRateLimitWaitOption,
		],
	};

	methods = {
		listSearch: { searchCompanies },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const manual = this.getMode() === 'manual';
		const staticData = this.getWorkflowStaticData('node');
		const state = readState(staticData);
		try {
			const watched = watchedJournals(pollParameters(this));
			const port = nmbrsPort(transportContext(this), await sessionWithCredential(this, { maxRateLimitWaitSeconds: maxRateLimitWaitOfPoll(this) }));
			const result = await collectJournals(port, watched, (message) => this.logger.debug(message));
			if (manual) {
				const sample = sampleChange(result.journals);
				return sample ? [[{ json: journalJson(sample), pairedItem: { item: 0 } }]] : null;
			}
			const poll = pollChanges(state, result.journals, DateTime.now().setZone(this.getTimezone()).toISO() ?? '');
			staticData.journalHashes = poll.state.journalHashes;
			staticData.lastPollAt = poll.state.lastPollAt;
			this.logger.info(
				`Nmbrs Trigger: ${poll.changes.length} new or changed journals of ${result.journals.length} (${result.runsWithoutJournal} runs without journal)`,
			);
			if (poll.changes.length === 0) return null;
			return [poll.changes.map((change) => ({ json: journalJson(change), pairedItem: { item: 0 } }))];
		} catch (error) {
			// Once the trigger has state, a failing poll is logged and retried at the next poll time
			// instead of deactivating the workflow; first polls and manual tests show the error.
			if (manual || !state) throw asNodeError(this.getNode(), error);
			const e = error as { message?: string; description?: string };
			this.logger.error(`Nmbrs Trigger poll failed: ${e.message ?? String(error)}`, {
				description: e.description ?? '',
			});
			return null;
		}
	}
}
