/**
 * Parsing and normalisation of the journal XML Nmbrs returns as a string from
 * `Journals_GetByRunCompany(_v2)` (docs/vendors/nmbrs-soap.md §5.4), into the journal item the package's nodes agree
 * on. Pure: no n8n imports; `crypto` only for the content hash.
 */
import { createHash } from 'crypto';

import {
	NMBRS_EMPTY_STRING_IS_NO_JOURNAL,
	NMBRS_LINE_TYPE_USED,
	NMBRS_MERGE_TRANSACTIONS_PER_RUN,
	NMBRS_NEGATIVE_VALUE_FLIPS_SIDE,
	NMBRS_WEEK4_PERIOD_DAYS,
} from '../../shared/assumptions';
import type { JournalLine, Side, SideTotals } from '../../shared/journal';
import { sideTotals } from '../../shared/journal';
import { centsToAmount, parseAmountToCents } from '../../shared/money';
import { attribute, child, children, childText, parseXml, stripXmlDeclaration, text, XmlError } from '../../shared/xml';
import type { XmlElement } from '../../shared/xml';
import type { NmbrsRun, Tijdvak } from './models';

export type { JournalLine, Side } from '../../shared/journal';
export type JournalTotals = SideTotals;

export interface SkippedLine {
	reason: string;
	type: string | null;
	glCode: string;
	value: string;
	debitcredit: string;
	description: string;
}

export interface TransactionSummary {
	date: string | null;
	lineCount: number;
	debitCents: number;
	creditCents: number;
	header: Record<string, string>;
}

/**
 * `ok`: usable journal. `rejected`: the run's journal cannot be posted (unbalanced, unreadable side or
 * amount, malformed XML); `reason` says why. `no-journal`: Nmbrs returned no journal for the run.
 */
export type JournalStatus = 'ok' | 'rejected' | 'no-journal';

export interface NormalisedJournal {
	status: JournalStatus;
	companyId: number;
	companyName: string;
	year: number;
	period: number | null;
	periodEnd: number | null;
	runId: number;
	runNumber: number | null;
	runDescription: string;
	runAt: string;
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
	/** Only when status is not `ok`. */
	reason?: string;
	problems?: string[];
	/**
	 * Only when lines could not be read (bad side or amount): the lines that could be read. `lines` is
	 * then empty, so a posting step that ignores `status` still cannot post a partial journal.
	 */
	unusableLines?: JournalLine[];
	/** The SOAP operation the journal came from. */
	source?: string;
}

export interface JournalContext {
	company: { id: number; name: string; loonaangifteTijdvak?: Tijdvak };
	run: NmbrsRun;
	source?: string;
}

// ---- dates ----------------------------------------------------------------------------------------

function isoFromParts(y: number, m: number, d: number): string | null {
	const date = new Date(Date.UTC(y, m - 1, d));
	if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
	return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `YYYYMMDD` (also `YYYY-MM-DD` and an xs:dateTime) -> ISO date, or null when not a real date. */
export function parseJournalDate(value: string | undefined): string | null {
	if (!value) return null;
	const match = /^(\d{4})-?(\d{2})-?(\d{2})(?:T[\d:.]+)?$/.exec(value.trim());
	if (!match) return null;
	return isoFromParts(Number(match[1]), Number(match[2]), Number(match[3]));
}

/**
 * Last day of payroll period `period` of `year`. Monthly (and unknown) wage-tax periods: the last day
 * of that month (periods above 12 clamp to 31 December). `Week4`: day 28 × period of the year,
 * period 13 = 31 December. ASSUMPTION (nodes/shared/assumptions.ts).
 */
export function periodEndDate(tijdvak: Tijdvak | undefined, year: number, period: number): string {
	if (tijdvak === 'Week4') {
		const p = Math.min(Math.max(period, 1), 13);
		if (p === 13) return `${year}-12-31`;
		const date = new Date(Date.UTC(year, 0, NMBRS_WEEK4_PERIOD_DAYS * p));
		return date.toISOString().slice(0, 10);
	}
	if (tijdvak === 'Year') return `${year}-12-31`;
	if (tijdvak === 'Month6') {
		return period <= 1 ? `${year}-06-30` : `${year}-12-31`;
	}
	const month = Math.min(Math.max(period, 1), 12);
	return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
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

// ---- parsing --------------------------------------------------------------------------------------

function emptyToNull(value: string | undefined): string | null {
	const trimmed = (value ?? '').trim();
	return trimmed === '' ? null : trimmed;
}


interface ParsedTransaction {
	summary: TransactionSummary;
	lines: JournalLine[];
	problems: string[];
	/** True when a line itself was unreadable (not merely an unbalanced transaction). */
	lineProblems: boolean;
}

function parseTransaction(el: XmlElement, index: number, skipped: SkippedLine[]): ParsedTransaction {
	const header: Record<string, string> = {};
	for (const h of children(child(el, 'header'))) {
		// Element names come from the vendor document: never let one reach an object's prototype.
		if (h.localName === '__proto__' || h.localName === 'constructor' || h.localName === 'prototype') continue;
		header[h.localName] = text(h).trim();
	}
	const date = parseJournalDate(header.date);
	const lines: JournalLine[] = [];
	const problems: string[] = [];
	const label = `transaction ${index + 1}`;

	children(child(el, 'lines'), 'line').forEach((lineEl, lineIndex) => {
		const type = attribute(lineEl, 'type') ?? null;
		const glCode = (childText(lineEl, 'dim1') ?? '').trim();
		const rawValue = childText(lineEl, 'value') ?? '';
		const rawSide = childText(lineEl, 'debitcredit') ?? '';
		const description = childText(lineEl, 'description') ?? '';
		if (type !== null && type.trim().toLowerCase() !== NMBRS_LINE_TYPE_USED) {
			skipped.push({ reason: `line type "${type}"`, type, glCode, value: rawValue, debitcredit: rawSide, description });
			return;
		}
		const where = `${label}, line ${lineIndex + 1}${glCode ? ` (account ${glCode})` : ''}`;
		let side = rawSide.trim().toLowerCase();
		if (side !== 'debit' && side !== 'credit') {
			problems.push(`${where}: debit/credit is "${rawSide}", expected "debit" or "credit"`);
			return;
		}
		let cents = /^[+-]?\d+(?:[.,]\d+)?$/.test(rawValue.trim()) ? parseAmountToCents(rawValue) : null;
		if (cents === null) {
			problems.push(`${where}: amount "${rawValue}" is not a decimal number`);
			return;
		}
		if (cents < 0) {
			if (!NMBRS_NEGATIVE_VALUE_FLIPS_SIDE) {
				problems.push(`${where}: negative amount "${rawValue}"`);
				return;
			}
			side = side === 'debit' ? 'credit' : 'debit';
			cents = -cents;
		}
		lines.push({
			glCode,
			costCenter: emptyToNull(childText(lineEl, 'dim2')),
			costUnit: emptyToNull(childText(lineEl, 'dim3')),
			side: side as Side,
			amount: centsToAmount(cents),
			amountCents: cents,
			description,
		});
	});

	const lineProblems = problems.length > 0;
	const totals = sideTotals(lines);
	if (problems.length === 0 && totals.debitCents !== totals.creditCents) {
		const diff = totals.debitCents - totals.creditCents;
		problems.push(
			`${label} is not balanced: debit ${totals.debit.toFixed(2)} and credit ${totals.credit.toFixed(2)} differ by ${centsToAmount(Math.abs(diff)).toFixed(2)} (${diff > 0 ? 'more debit' : 'more credit'})`,
		);
	}
	return {
		summary: { date, lineCount: lines.length, debitCents: totals.debitCents, creditCents: totals.creditCents, header },
		lines,
		problems,
		lineProblems,
	};
}

function baseItem(ctx: JournalContext): Omit<NormalisedJournal, 'status' | 'date' | 'dateSource' | 'lines' | 'totals' | 'contentHash' | 'transactionCount' | 'transactions' | 'skippedLines'> {
	const item: ReturnType<typeof baseItem> = {
		companyId: ctx.company.id,
		companyName: ctx.company.name,
		year: ctx.run.year,
		period: ctx.run.periodStart ?? ctx.run.periodEnd,
		periodEnd: ctx.run.periodEnd ?? ctx.run.periodStart,
		runId: ctx.run.id,
		runNumber: ctx.run.number,
		runDescription: ctx.run.description,
		runAt: ctx.run.runAt,
	};
	if (ctx.source) item.source = ctx.source;
	return item;
}

function fallbackDate(ctx: JournalContext): string {
	const period = ctx.run.periodEnd ?? ctx.run.periodStart ?? 12;
	return periodEndDate(ctx.company.loonaangifteTijdvak, ctx.run.year, period);
}

/**
 * Normalises one run's journal string. Never throws for content problems: an empty string gives
 * status `no-journal`, unusable content gives status `rejected` with the reason (nothing of a rejected
 * journal may be posted). Lines of all transactions are merged into one journal per run; every
 * transaction must balance on its own. Zero-amount lines are kept.
 */
export function normaliseJournal(journalXml: string | undefined | null, ctx: JournalContext): NormalisedJournal {
	const base = baseItem(ctx);
	const empty = (status: JournalStatus, reason: string | undefined, hashInput: string): NormalisedJournal => {
		const item: NormalisedJournal = {
			status,
			...base,
			date: fallbackDate(ctx),
			dateSource: 'fallback',
			lines: [],
			totals: sideTotals([]),
			contentHash: createHash('sha256').update(hashInput, 'utf8').digest('hex'),
			transactionCount: 0,
			transactions: [],
			skippedLines: [],
		};
		if (reason) {
			item.reason = reason;
			item.problems = [reason];
		}
		return item;
	};

	if (journalXml === undefined || journalXml === null || (NMBRS_EMPTY_STRING_IS_NO_JOURNAL && journalXml.trim() === '')) {
		return empty('no-journal', 'Nmbrs returned no journal for this run', contentHash([]));
	}

	let root: XmlElement;
	try {
		root = parseXml(stripXmlDeclaration(journalXml));
	} catch (error) {
		const reason = `The journal XML from Nmbrs could not be read: ${error instanceof XmlError ? error.message : String(error)}`;
		return empty('rejected', reason, journalXml);
	}

	const skippedLines: SkippedLine[] = [];
	const transactions = children(root).map((el, index) => parseTransaction(el, index, skippedLines));
	if (transactions.length === 0) {
		return empty('no-journal', 'The journal from Nmbrs has no transactions', contentHash([]));
	}

	const lines = transactions.flatMap((t) => t.lines);
	const problems = transactions.flatMap((t) => t.problems);
	if (!NMBRS_MERGE_TRANSACTIONS_PER_RUN && transactions.length > 1) {
		problems.unshift(`The journal from Nmbrs holds ${transactions.length} transactions; one per run is expected`);
	}
	const headerDate = transactions.map((t) => t.summary.date).find((d): d is string => d !== null);
	const item: NormalisedJournal = {
		status: problems.length ? 'rejected' : 'ok',
		...base,
		date: headerDate ?? fallbackDate(ctx),
		dateSource: headerDate ? 'header' : 'fallback',
		lines,
		totals: sideTotals(lines),
		contentHash: contentHash(lines),
		transactionCount: transactions.length,
		transactions: transactions.map((t) => t.summary),
		skippedLines,
	};
	if (problems.length) {
		item.reason = problems.length === 1 ? problems[0] : `${problems[0]} (and ${problems.length - 1} more)`;
		item.problems = problems;
		if (transactions.some((t) => t.lineProblems)) {
			item.unusableLines = lines;
			item.lines = [];
		}
		// A rejected journal's hash also covers the problems, so a fix in Nmbrs shows as a change.
		item.contentHash = createHash('sha256')
			.update(JSON.stringify([item.contentHash, problems]), 'utf8')
			.digest('hex');
	}
	return item;
}

/** A stable key for a run, used by the trigger's change detection. */
export function runKey(companyId: number, runId: number): string {
	return `${companyId}:${runId}`;
}
