/**
 * Journal → Post Payroll Journal: reads the node's settings per item, runs the posting use case
 * (domain/posting.ts) for all input items at once, and shapes one output item per input journal.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	EBOEKHOUDEN_COST_CENTRE_MATCH_BY_DESCRIPTION,
	EBOEKHOUDEN_DEFAULT_JOURNALS_AT_ONCE,
	EBOEKHOUDEN_DEFAULT_MEMORIAAL_SIGN,
	EBOEKHOUDEN_MAX_JOURNALS_AT_ONCE,
} from '../../../common/assumptions';
import { UNKNOWN_ERROR_CODE, asNodeError, failedItem, failureOf, inputError, isStopRunError } from '../../../common/failures';
import { itemParameter } from '../../../common/itemParameters';
import type { BatchOperation } from '../../../common/operation';
import {
	failedOutcome,
	identityOf,
	postPayrollJournals,
	type ChangedJournalAction,
	type JournalOutcome,
	type PostingConfig,
	type PostingRequest,
	type SignConvention,
	type UnknownCostCentreAction,
} from '../../domain';
import type { EBoekhoudenClient } from '../../transport/client';
import { EBoekhoudenPostingPort } from '../../transport/postingPort';
import { isoDay } from '../mutation/shared';
import { readLedgerMapping } from './settings';

export { description } from './description';

export const option: BatchOperation<EBoekhoudenClient>['option'] = {
	name: 'Post Payroll Journal',
	value: 'postPayrollJournal',
	description: 'Book Nmbrs payroll journals as memoriaal entries, exactly once',
	action: 'Post a payroll journal',
};

const configurationError = (ctx: IExecuteFunctions, itemIndex: number, field: string, message: string, description: string) =>
	inputError(ctx.getNode(), { code: 'CONFIGURATION', field, message, description }, { itemIndex });

/** Closed Until as an ISO day ('' when not set). */
function closedUntilOf(ctx: IExecuteFunctions, itemIndex: number, options: IDataObject): string {
	if (options.closedUntil === undefined || options.closedUntil === null || String(options.closedUntil).trim() === '') return '';
	const day = isoDay(String(options.closedUntil));
	if (!day) {
		throw configurationError(
			ctx,
			itemIndex,
			'options.closedUntil',
			`Closed Until "${String(options.closedUntil)}" is not a date`,
			'Set Closed Until to a date (YYYY-MM-DD) or remove the option.',
		);
	}
	return day;
}

/**
 * Options → Journals Posted at Once, read from the first item (it applies to the whole execution): a whole
 * number, held to 1..EBOEKHOUDEN_MAX_JOURNALS_AT_ONCE. Throws a CONFIGURATION error for anything else.
 */
export function journalsAtOnceOf(ctx: IExecuteFunctions): number {
	const raw = (ctx.getNodeParameter('options', 0, {}) as IDataObject).journalsPostedAtOnce;
	if (raw === undefined || raw === null || raw === '') return EBOEKHOUDEN_DEFAULT_JOURNALS_AT_ONCE;
	const n = typeof raw === 'string' ? Number(raw.trim()) : raw;
	if (typeof n !== 'number' || !Number.isFinite(n)) {
		throw configurationError(
			ctx,
			0,
			'options.journalsPostedAtOnce',
			`Journals Posted at Once "${String(raw)}" is not a number`,
			`Set Journals Posted at Once to a whole number from 1 to ${EBOEKHOUDEN_MAX_JOURNALS_AT_ONCE}, or remove the option (default ${EBOEKHOUDEN_DEFAULT_JOURNALS_AT_ONCE}).`,
		);
	}
	return Math.min(EBOEKHOUDEN_MAX_JOURNALS_AT_ONCE, Math.max(1, Math.floor(n)));
}

/** Read the node's posting settings for one item. Throws a CONFIGURATION error naming the parameter. */
export function readRunOptions(ctx: IExecuteFunctions, itemIndex: number): Omit<PostingRequest, 'journal'> {
	const clearingLedgerCode = String(itemParameter(ctx, 'clearingLedgerCode', itemIndex, '') ?? '').trim();
	if (clearingLedgerCode === '') {
		throw configurationError(
			ctx,
			itemIndex,
			'clearingLedgerCode',
			'Clearing Ledger Code is empty',
			'Enter the code of the e-Boekhouden ledger every payroll memoriaal is booked against, e.g. 2190.',
		);
	}
	const costRows = ((itemParameter(ctx, 'costCentreMapping', itemIndex, {}) as IDataObject).mapping ?? []) as IDataObject[];
	const options = itemParameter(ctx, 'options', itemIndex, {}) as IDataObject;
	const config: PostingConfig = {
		clearingLedgerCode,
		...readLedgerMapping(ctx, itemIndex),
		costCentreMapping: costRows
			.map((r) => ({ nmbrsCostCentre: String(r.nmbrsCostCentre ?? '').trim(), costCentre: String(r.costCentre ?? '').trim() }))
			.filter((r) => r.nmbrsCostCentre !== ''),
		useSameCostCentreWhenUnmapped:
			typeof options.useSameCostCentreWhenUnmapped === 'boolean'
				? options.useSameCostCentreWhenUnmapped
				: EBOEKHOUDEN_COST_CENTRE_MATCH_BY_DESCRIPTION,
		unknownCostCentre: (options.unknownCostCentre as UnknownCostCentreAction) ?? 'fail',
		signConvention: (options.signConvention as SignConvention) ?? EBOEKHOUDEN_DEFAULT_MEMORIAAL_SIGN,
		closedUntil: closedUntilOf(ctx, itemIndex, options),
		onChangedJournal: (options.onChangedJournal as ChangedJournalAction) ?? 'reverseAndRepost',
		descriptionPrefix: typeof options.descriptionPrefix === 'string' ? options.descriptionPrefix.trim() : 'Loonjournaal',
	};
	return { config, dryRun: options.dryRun === true };
}

/** The output item of one journal: always the same fields; a failed one built with {@link failedItem}. */
export function journalItem(o: JournalOutcome): IDataObject {
	const { status, ...result } =
		o.status === 'failed'
			? failedItem({ code: o.code ?? UNKNOWN_ERROR_CODE, field: o.field, message: o.message ?? '', description: o.description ?? '' })
			: { status: o.status, code: o.code, field: o.field, message: o.message, description: o.description };
	return {
		status,
		key: o.key,
		companyId: o.companyId,
		year: o.year,
		period: o.period,
		runId: o.runId,
		date: o.date,
		...result,
		mutationIds: o.mutationIds,
		invoiceNumber: o.invoiceNumber,
		totals: o.totals as IDataObject | null,
		plannedAction: o.plannedAction,
		payloads: o.payloads as unknown as IDataObject[],
	};
}

/**
 * All input items at once: one ledger lookup and one probe of already-posted journals per execution,
 * then one decision per journal, "Journals Posted at Once" journals at a time (one key at a time each). One output item per input journal; business outcomes (and per-journal
 * failures) are statuses, not errors. A credential error stops the execution.
 */
export async function executeBatch(this: IExecuteFunctions, client: EBoekhoudenClient): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const outcomes: JournalOutcome[] = new Array<JournalOutcome>(items.length);
	const requests: PostingRequest[] = [];
	const requestIndex: number[] = [];
	for (let index = 0; index < items.length; index++) {
		const journal = (items[index].json ?? {}) as IDataObject;
		try {
			requests.push({ journal, ...readRunOptions(this, index) });
			requestIndex.push(index);
		} catch (error) {
			if (isStopRunError(error) || !this.continueOnFail()) throw asNodeError(this.getNode(), error, index);
			const { code, field, message, description } = failureOf(error);
			outcomes[index] = failedOutcome(identityOf(journal), { code, field: field ?? null, message, description });
		}
	}
	let posted: JournalOutcome[];
	try {
		const journalsAtOnce = requests.length > 0 ? journalsAtOnceOf(this) : EBOEKHOUDEN_DEFAULT_JOURNALS_AT_ONCE;
		posted = await postPayrollJournals(new EBoekhoudenPostingPort(client), requests, { sleep, journalsAtOnce });
	} catch (error) {
		throw asNodeError(this.getNode(), error);
	}
	posted.forEach((o, i) => (outcomes[requestIndex[i]] = o));

	const counts: Record<string, number> = {};
	for (const o of outcomes) {
		counts[o.status] = (counts[o.status] ?? 0) + 1;
		if (o.totals && o.totals.droppedZeroLines > 0) this.logger.debug(`Journal ${String(o.key)}: ${o.totals.droppedZeroLines} zero-amount line(s) left out`);
	}
	this.logger.info('e-Boekhouden payroll journals processed', { ...counts, requests: client.requestCount });
	return outcomes.map((o, item) => ({ json: journalItem(o), pairedItem: { item } }));
}
