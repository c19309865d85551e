/**
 * What Journal → Reconcile reports per journal, and the reading of its input journals. Pure: no n8n imports.
 */
import { readJournal, JournalInputError } from './journal';
import { journalFacts, type JournalFacts } from './plan';
import type { PostingFailure } from './port';
import { ZERO_TOTALS, type LedgerComparison, type ReconcileTotals } from './reconcileLedgers';
import type { NmbrsJournal } from './types';

export type ReconcileStatus = 'booked' | 'not-booked' | 'changed' | 'not-in-nmbrs' | 'needs-review' | 'nothing-to-book' | 'failed';

export interface ReconcileResult {
	status: ReconcileStatus;
	key: string | null;
	companyId: number | null;
	companyName: string | null;
	year: number | null;
	period: number | null;
	runId: number | null;
	date: string | null;
	/** Set on `failed` results (as on every failed item of the pack): the error code and the input field at fault. */
	code: string | null;
	field: string | null;
	message: string;
	/** What to do about it. */
	description: string;
	/** Every e-Boekhouden mutation of the key, in posting order. */
	mutationIds: number[];
	/** The mutation of the version that is booked now (not reversed), if any. */
	bookedMutationId: number | null;
	/** 0 for the original, n for correction -C{n}. */
	bookedVersion: number | null;
	nmbrsHash: string | null;
	bookedHash: string | null;
	totals: ReconcileTotals;
	ledgers: LedgerComparison[];
	/** The input journal the result is about; null for a booking whose journal is not in the input. */
	inputIndex: number | null;
}

export const RECONCILE_ADVICE: Record<Exclude<ReconcileStatus, 'failed'>, string> = {
	booked: 'Nothing to do.',
	'not-booked':
		'Run the payroll journal sync; if it does not book this journal, its report says why (closed period, unmapped code, unbalanced journal).',
	changed:
		'Run the payroll journal sync: it reverses the booked version and books the new one. With "On Changed Journal" set to "Report for Review", check the change first.',
	'not-in-nmbrs':
		'Check in Nmbrs whether this run was removed or moved to another period. If the booking is wrong, reverse the mutation in e-Boekhouden by hand.',
	'needs-review': 'Check the entries of this journal key in e-Boekhouden by hand; the payroll journal sync does not book it until they are consistent.',
	'nothing-to-book': 'Nothing to do: a journal without amounts is never booked.',
};

/** A result with every field present: the given ones, and null, [] or zero totals for the rest. */
export function resultOf(
	inputIndex: number | null,
	fields: Partial<ReconcileResult> & Pick<ReconcileResult, 'status' | 'message' | 'description'>,
): ReconcileResult {
	return {
		key: null,
		companyId: null,
		companyName: null,
		year: null,
		period: null,
		runId: null,
		date: null,
		code: null,
		field: null,
		mutationIds: [],
		bookedMutationId: null,
		bookedVersion: null,
		nmbrsHash: null,
		bookedHash: null,
		totals: ZERO_TOTALS,
		ledgers: [],
		...fields,
		inputIndex,
	};
}

export function failedResult(inputIndex: number | null, identity: Partial<ReconcileResult>, failure: PostingFailure): ReconcileResult {
	const { code, field, message, description } = failure;
	return resultOf(inputIndex, { ...identity, status: 'failed', code, field, message, description });
}

/** The date of a list item or detail as an ISO day ('' when absent). */
export const dayOf = (date: string | undefined): string => (date ?? '').slice(0, 10);

/** An input journal that could be read, with what posting would take from it. */
export interface ReadJournal extends JournalFacts {
	index: number;
	journal: NmbrsJournal;
}

/** An input item with no fields at all is no journal (an empty Nmbrs answer passed on with Always Output Data). */
export const isEmptyItem = (item: Record<string, unknown>): boolean => Object.keys(item ?? {}).length === 0;

export function readInput(item: Record<string, unknown>, index: number): ReadJournal | ReconcileResult {
	try {
		const journal = readJournal(item);
		return { index, journal, ...journalFacts(journal) };
	} catch (error) {
		const field = error instanceof JournalInputError ? error.field : null;
		const advice = error instanceof JournalInputError ? error.advice : null;
		return failedResult(index, {}, {
			code: 'INVALID_JOURNAL',
			field,
			message: (error as Error).message,
			description: advice ?? 'Connect the output of the Nmbrs node (Journal → Get / Get Many), and check the journal fields.',
		});
	}
}

export function identity(r: ReadJournal): Partial<ReconcileResult> {
	const j = r.journal;
	return { key: r.key, companyId: j.companyId, companyName: j.companyName || null, year: j.year, period: j.period, runId: j.runId, date: j.date, nmbrsHash: r.hash };
}

