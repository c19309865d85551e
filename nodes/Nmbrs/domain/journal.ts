/**
 * Normalisation of the journal XML Nmbrs returns as a string from `Journals_GetByRunCompany(_v2)`
 * (docs/vendors/nmbrs-soap.md §5.4) into the journal item the package's nodes agree on. Every item has every
 * field (absent values are null or empty lists). Pure: no n8n imports; `crypto` only for the content hash.
 */
import { createHash } from 'crypto';

import { NMBRS_EMPTY_STRING_IS_NO_JOURNAL, NMBRS_MERGE_TRANSACTIONS_PER_RUN } from '../../common/assumptions';
import type { JournalLine, SideTotals } from '../../common/journal';
import { sideTotals } from '../../common/journal';
import { children, parseXml, stripXmlDeclaration, XmlError } from '../../common/xml';
import type { XmlElement } from '../../common/xml';
import { periodEndDate } from './dates';
import type { NmbrsRun, Tijdvak } from './models';
import { parseTransaction } from './transactions';
import type { ParsedTransaction, SkippedLine, TransactionSummary } from './transactions';

export type { JournalLine, Side } from '../../common/journal';
export type { SkippedLine, TransactionSummary } from './transactions';
export type JournalTotals = SideTotals;

/**
 * `ok`: usable journal. `rejected`: the run's journal cannot be posted (unbalanced, unreadable side or
 * amount, malformed XML); `code`, `message` and `description` say why and what to do. `no-journal`: Nmbrs
 * returned no journal for the run.
 */
export type JournalStatus = 'ok' | 'rejected' | 'no-journal';

/** Why a journal is not `ok`. */
export type JournalCode = 'NO_JOURNAL' | 'UNREADABLE_JOURNAL' | 'INVALID_LINE' | 'UNBALANCED' | 'MULTIPLE_TRANSACTIONS';

/** What to do, per code: the `description` of a journal that is not `ok`. */
export const JOURNAL_ADVICE: Record<JournalCode, string> = {
	NO_JOURNAL:
		'Nmbrs has no journal for this run, so there is nothing to post. If the run should have one, check the run and its journal in Nmbrs and run the workflow again.',
	UNREADABLE_JOURNAL:
		'The journal Nmbrs sent cannot be read, so nothing of it is posted. Open the run in Nmbrs, check its journal, and run the workflow again; if it keeps failing, contact Nmbrs support with the run ID.',
	INVALID_LINE:
		'Some lines have no valid debit/credit or amount, so nothing of this journal is posted (the readable lines are in unusableLines). Fix the journal settings of those wage components in Nmbrs and run the workflow again.',
	UNBALANCED:
		'Debit and credit of this journal differ, so it is not posted. Fix the journal settings of the wage components in Nmbrs so that every transaction balances, and run the workflow again.',
	MULTIPLE_TRANSACTIONS:
		'This journal holds more than one transaction and is not posted in parts. Check the run in Nmbrs and run the workflow again.',
};

export interface NormalisedJournal {
	status: JournalStatus;
	/** Null when `ok`. */
	code: JournalCode | null;
	/** One line: why the journal is not `ok` (the first problem); null when `ok`. */
	message: string | null;
	/** What to do about it; null when `ok`. */
	description: string | null;
	companyId: number;
	companyName: string;
	year: number;
	period: number | null;
	periodEnd: number | null;
	runId: number;
	runNumber: number | null;
	runDescription: string;
	runAt: string;
	/** The SOAP operation the journal came from; null when not known. */
	source: string | null;
	/** ISO `YYYY-MM-DD`. */
	date: string;
	/** `header` when read from the journal, `fallback` when derived from the run's PeriodEnd. */
	dateSource: 'header' | 'fallback';
	lines: JournalLine[];
	totals: JournalTotals;
	/** SHA-256 hex over the normalised, sorted lines (see {@link contentHash}). */
	contentHash: string;
	transactionCount: number;
	transactions: TransactionSummary[];
	skippedLines: SkippedLine[];
	/** Every problem found; empty when `ok`. */
	problems: string[];
	/**
	 * When lines could not be read (bad side or amount): the lines that could be read; else null. `lines` is
	 * then empty, so a posting step that ignores `status` still cannot post a partial journal.
	 */
	unusableLines: JournalLine[] | null;
}

export interface JournalContext {
	company: { id: number; name: string; loonaangifteTijdvak?: Tijdvak };
	run: NmbrsRun;
	source?: string;
}

// ---- hashing --------------------------------------------------------------------------------------

function compareStrings(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Lines in the canonical order: account, side, amount, description, cost centre, cost unit. */
export function sortLines(lines: readonly JournalLine[]): JournalLine[] {
	return [...lines].sort(
		(a, b) =>
			compareStrings(a.glCode, b.glCode) ||
			compareStrings(a.side, b.side) ||
			a.amountCents - b.amountCents ||
			compareStrings(a.description, b.description) ||
			compareStrings(a.costCenter ?? '', b.costCenter ?? '') ||
			compareStrings(a.costUnit ?? '', b.costUnit ?? ''),
	);
}

/**
 * SHA-256 (hex) over the normalised lines, sorted: independent of line order, whitespace, attribute
 * order and the XML declaration, so only a real change of the journal changes the hash.
 */
export function contentHash(lines: readonly JournalLine[]): string {
	const canonical = sortLines(lines).map((l) => [
		l.glCode,
		l.costCenter ?? '',
		l.costUnit ?? '',
		l.side,
		l.amountCents,
		l.description,
	]);
	return createHash('sha256').update(JSON.stringify(canonical), 'utf8').digest('hex');
}

// ---- the journal item -----------------------------------------------------------------------------

function sha256(value: string): string {
	return createHash('sha256').update(value, 'utf8').digest('hex');
}

function fallbackDate(ctx: JournalContext): string {
	const period = ctx.run.periodEnd ?? ctx.run.periodStart ?? 12;
	return periodEndDate(ctx.company.loonaangifteTijdvak, ctx.run.year, period);
}

/** The item of the run as an `ok` journal without lines: every field present. */
function baseJournal(ctx: JournalContext, hash: string): NormalisedJournal {
	return {
		status: 'ok',
		code: null,
		message: null,
		description: null,
		companyId: ctx.company.id,
		companyName: ctx.company.name,
		year: ctx.run.year,
		period: ctx.run.periodStart ?? ctx.run.periodEnd,
		periodEnd: ctx.run.periodEnd ?? ctx.run.periodStart,
		runId: ctx.run.id,
		runNumber: ctx.run.number,
		runDescription: ctx.run.description,
		runAt: ctx.run.runAt,
		source: ctx.source ?? null,
		date: fallbackDate(ctx),
		dateSource: 'fallback',
		lines: [],
		totals: sideTotals([]),
		contentHash: hash,
		transactionCount: 0,
		transactions: [],
		skippedLines: [],
		problems: [],
		unusableLines: null,
	};
}

/** A journal without lines that is not `ok`: no journal, or one that could not be read at all. */
function emptyJournal(ctx: JournalContext, status: JournalStatus, code: JournalCode, message: string, hash: string): NormalisedJournal {
	return { ...baseJournal(ctx, hash), status, code, message, description: JOURNAL_ADVICE[code], problems: [message] };
}

/** The code of the first problem (the one `message` names). */
function problemCode(transactions: ParsedTransaction[], multiple: boolean): JournalCode {
	if (multiple) return 'MULTIPLE_TRANSACTIONS';
	const first = transactions.find((t) => t.problems.length > 0);
	return first?.lineProblems ? 'INVALID_LINE' : 'UNBALANCED';
}

/** The journal of the read transactions: `ok`, or `rejected` with every problem. */
function journalOf(ctx: JournalContext, transactions: ParsedTransaction[], skippedLines: SkippedLine[]): NormalisedJournal {
	const lines = transactions.flatMap((t) => t.lines);
	const problems = transactions.flatMap((t) => t.problems);
	const multiple = !NMBRS_MERGE_TRANSACTIONS_PER_RUN && transactions.length > 1;
	if (multiple) problems.unshift(`The journal from Nmbrs holds ${transactions.length} transactions; one per run is expected`);
	const headerDate = transactions.map((t) => t.summary.date).find((d): d is string => d !== null);
	const hash = contentHash(lines);
	const journal: NormalisedJournal = {
		...baseJournal(ctx, hash),
		date: headerDate ?? fallbackDate(ctx),
		dateSource: headerDate ? 'header' : 'fallback',
		lines,
		totals: sideTotals(lines),
		transactionCount: transactions.length,
		transactions: transactions.map((t) => t.summary),
		skippedLines,
		problems,
	};
	if (problems.length === 0) return journal;
	const code = problemCode(transactions, multiple);
	const unreadable = transactions.some((t) => t.lineProblems);
	return {
		...journal,
		status: 'rejected',
		code,
		message: problems.length === 1 ? problems[0] : `${problems[0]} (and ${problems.length - 1} more)`,
		description: JOURNAL_ADVICE[code],
		lines: unreadable ? [] : lines,
		unusableLines: unreadable ? lines : null,
		// A rejected journal's hash also covers the problems, so a fix in Nmbrs shows as a change.
		contentHash: sha256(JSON.stringify([hash, problems])),
	};
}

/**
 * Normalises one run's journal string. Never throws for content problems: an empty string gives
 * status `no-journal`, unusable content gives status `rejected` with its code, message and description
 * (nothing of a rejected journal may be posted). Lines of all transactions are merged into one journal per
 * run; every transaction must balance on its own. Zero-amount lines are kept.
 */
export function normaliseJournal(journalXml: string | undefined | null, ctx: JournalContext): NormalisedJournal {
	if (journalXml === undefined || journalXml === null || (NMBRS_EMPTY_STRING_IS_NO_JOURNAL && journalXml.trim() === '')) {
		return emptyJournal(ctx, 'no-journal', 'NO_JOURNAL', 'Nmbrs returned no journal for this run', contentHash([]));
	}
	let root: XmlElement;
	try {
		root = parseXml(stripXmlDeclaration(journalXml));
	} catch (error) {
		const message =
			error instanceof XmlError && error.unsafe
				? `The journal XML from Nmbrs was refused as unsafe (a DOCTYPE or XML entities, which are never read): ${error.message}`
				: `The journal XML from Nmbrs could not be read: ${error instanceof XmlError ? error.message : String(error)}`;
		return emptyJournal(ctx, 'rejected', 'UNREADABLE_JOURNAL', message, sha256(journalXml));
	}
	const skippedLines: SkippedLine[] = [];
	const transactions = children(root).map((el, index) => parseTransaction(el, index, skippedLines));
	if (transactions.length === 0) {
		return emptyJournal(ctx, 'no-journal', 'NO_JOURNAL', 'The journal from Nmbrs has no transactions', contentHash([]));
	}
	return journalOf(ctx, transactions, skippedLines);
}

