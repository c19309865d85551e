import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { NMBRS_ONLY_LOCKED_RUNS_DEFAULT } from '../shared/assumptions';
import { asNodeError } from '../shared/failures';
import { companyLocator } from './actions/common';
import { collectJournals } from './actions/journal/collect';
import { companyScopeField } from './actions/journal/getMany';
import type { NormalisedJournal } from './domain/journal';
import { runKey } from './domain/journal';
import { searchCompanies } from './methods/listSearch';
import type { NmbrsContext } from './transport';
import { newSession } from './transport/api';

/** What the trigger remembers between polls (workflow static data, production executions only). */
interface TriggerState extends IDataObject {
	/** runKey ("companyId:runId") -> content hash of the journal last emitted. */
	journalHashes: Record<string, string>;
	lastPollAt?: string;
}

function readState(staticData: IDataObject): TriggerState | undefined {
	const hashes = staticData.journalHashes;
	if (!hashes || typeof hashes !== 'object' || Array.isArray(hashes)) return undefined;
	return staticData as TriggerState;
}

/**
 * Compares collected journals with the remembered hashes: new runs and runs whose content hash
 * changed are emitted (with `change` and `previousContentHash`), unchanged ones are not.
 */
export function detectChanges(
	journals: NormalisedJournal[],
	hashes: Record<string, string>,
): Array<NormalisedJournal & { change: 'new' | 'changed'; previousContentHash: string | null }> {
	const out: Array<NormalisedJournal & { change: 'new' | 'changed'; previousContentHash: string | null }> = [];
	for (const journal of journals) {
		const previous = hashes[runKey(journal.companyId, journal.runId)];
		if (previous === journal.contentHash) continue;
		out.push({ ...journal, change: previous === undefined ? 'new' : 'changed', previousContentHash: previous ?? null });
	}
	return out;
}

export class NmbrsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Nmbrs Trigger',
		name: 'nmbrsTrigger',
		icon: { light: 'file:nmbrs.svg', dark: 'file:nmbrs.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Journals since " + $parameter["startYear"] + " period " + $parameter["startPeriod"]}}',
		description: 'Starts the workflow when Nmbrs has a new payroll journal, or a journal that changed',
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
						default: true, // = NMBRS_ONLY_LOCKED_RUNS_DEFAULT (n8n's lint needs a literal; checked by test/unit/shared/assumptions.test.ts)
						description: 'Whether to watch only finalised (locked) runs; unlocked runs can still change',
					},
				],
			},
		],
	};

	methods = {
		listSearch: { searchCompanies },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const manual = this.getMode() === 'manual';
		const staticData = this.getWorkflowStaticData('node');
		const state = readState(staticData);
		const now = DateTime.now().setZone(this.getTimezone());

		try {
			const scope = this.getNodeParameter('companyScope', 'all') as 'all' | 'one';
			let companies: 'all' | number[] = 'all';
			if (scope === 'one') {
				const raw = this.getNodeParameter('company', undefined, { extractValue: true }) as unknown;
				const id = Number(String(raw ?? '').trim());
				if (!Number.isSafeInteger(id) || id <= 0) {
					throw new NodeOperationError(this.getNode(), 'Select a company or enter its numeric ID', {
						description: 'The Company field of the Nmbrs Trigger is empty or not a number.',
					});
				}
				companies = [id];
			}
			const rawStartYear = Number(this.getNodeParameter('startYear', 0));
			const startYear = rawStartYear ? rawStartYear : now.year;
			const startPeriod = Number(this.getNodeParameter('startPeriod', 1));
			if (!Number.isInteger(startYear) || startYear < 2000 || startYear > now.year) {
				throw new NodeOperationError(this.getNode(), `Start Year ${startYear} is not between 2000 and ${now.year}`, {
					description: 'Set the Start Year of the Nmbrs Trigger to a past or the current year.',
				});
			}
			if (!Number.isInteger(startPeriod) || startPeriod < 1 || startPeriod > 13) {
				throw new NodeOperationError(this.getNode(), 'Start Period must be a whole number from 1 to 13', {
					description: 'Set the Start Period of the Nmbrs Trigger.',
				});
			}
			const options = this.getNodeParameter('options', {}) as { onlyLockedRuns?: boolean };

			const result = await collectJournals(this as unknown as NmbrsContext, newSession(), {
				companies,
				from: { year: startYear, period: startPeriod },
				to: { year: now.year, period: 13 },
				onlyLockedRuns: options.onlyLockedRuns ?? NMBRS_ONLY_LOCKED_RUNS_DEFAULT,
			});

			if (manual) {
				// A sample for building the workflow: the newest journal, state untouched.
				const sample = result.journals[result.journals.length - 1];
				if (!sample) return null;
				return [[{ json: { ...sample, change: 'sample', previousContentHash: null } as unknown as IDataObject, pairedItem: { item: 0 } }]];
			}

			const hashes = state?.journalHashes ?? {};
			const changed = detectChanges(result.journals, hashes);
			const nextHashes: Record<string, string> = { ...hashes };
			for (const journal of result.journals) nextHashes[runKey(journal.companyId, journal.runId)] = journal.contentHash;
			staticData.journalHashes = nextHashes;
			staticData.lastPollAt = now.toISO();

			this.logger.info(
				`Nmbrs Trigger: ${changed.length} new or changed journals of ${result.journals.length} (${result.runsWithoutJournal} runs without journal)`,
			);
			if (changed.length === 0) return null;
			return [changed.map((journal) => ({ json: journal as unknown as IDataObject, pairedItem: { item: 0 } }))];
		} catch (error) {
			// Once the trigger has state, a failing poll is logged and retried at the next poll time
			// instead of deactivating the workflow; first polls and manual tests show the error.
			if (manual || !state) {
				throw asNodeError(this.getNode(), error);
			}
			const e = error as { message?: string; description?: string };
			this.logger.error(`Nmbrs Trigger poll failed: ${e.message ?? String(error)}`, {
				description: e.description ?? '',
			});
			return null;
		}
	}
}
