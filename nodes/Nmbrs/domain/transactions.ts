/**
 * One `<transaction>` of the journal XML Nmbrs returns from `Journals_GetByRunCompany(_v2)`
 * (docs/vendors/nmbrs-soap.md §5.4): its header, its lines as normalised journal lines, the lines it skips
 * and the problems that make it unusable. Pure: no n8n imports.
 */
import { NMBRS_LINE_TYPE_USED, NMBRS_NEGATIVE_VALUE_FLIPS_SIDE } from '../../common/assumptions';
import type { JournalLine, Side } from '../../common/journal';
import { sideTotals } from '../../common/journal';
import { centsToAmount, parseAmountToCents } from '../../common/money';
import { attribute, child, children, childText, text } from '../../common/xml';
import type { XmlElement } from '../../common/xml';
import { parseJournalDate } from './dates';

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

export interface ParsedTransaction {
	summary: TransactionSummary;
	lines: JournalLine[];
	problems: string[];
	/** True when a line itself was unreadable (not merely an unbalanced transaction). */
	lineProblems: boolean;
}

function emptyToNull(value: string | undefined): string | null {
	const trimmed = (value ?? '').trim();
	return trimmed === '' ? null : trimmed;
}

function readHeader(el: XmlElement): Record<string, string> {
	const header: Record<string, string> = {};
	for (const h of children(child(el, 'header'))) {
		// Element names come from the vendor document: never let one reach an object's prototype.
		if (h.localName === '__proto__' || h.localName === 'constructor' || h.localName === 'prototype') continue;
		header[h.localName] = text(h).trim();
	}
	return header;
}

type LineOutcome = { kind: 'line'; line: JournalLine } | { kind: 'skipped'; skipped: SkippedLine } | { kind: 'problem'; problem: string };

/** One `<line>`: a journal line, a line of another type (skipped), or a problem naming where it is. */
function readLine(lineEl: XmlElement, where: string): LineOutcome {
	const type = attribute(lineEl, 'type') ?? null;
	const glCode = (childText(lineEl, 'dim1') ?? '').trim();
	const rawValue = childText(lineEl, 'value') ?? '';
	const rawSide = childText(lineEl, 'debitcredit') ?? '';
	const description = childText(lineEl, 'description') ?? '';
	if (type !== null && type.trim().toLowerCase() !== NMBRS_LINE_TYPE_USED) {
		return { kind: 'skipped', skipped: { reason: `line type "${type}"`, type, glCode, value: rawValue, debitcredit: rawSide, description } };
	}
	const at = `${where}${glCode ? ` (account ${glCode})` : ''}`;
	let side = rawSide.trim().toLowerCase();
	if (side !== 'debit' && side !== 'credit') {
		return { kind: 'problem', problem: `${at}: debit/credit is "${rawSide}", expected "debit" or "credit"` };
	}
	let cents = /^[+-]?\d+(?:[.,]\d+)?$/.test(rawValue.trim()) ? parseAmountToCents(rawValue) : null;
	if (cents === null) return { kind: 'problem', problem: `${at}: amount "${rawValue}" is not a decimal number` };
	if (cents < 0) {
		if (!NMBRS_NEGATIVE_VALUE_FLIPS_SIDE) return { kind: 'problem', problem: `${at}: negative amount "${rawValue}"` };
		side = side === 'debit' ? 'credit' : 'debit';
		cents = -cents;
	}
	const line: JournalLine = {
		glCode,
		costCenter: emptyToNull(childText(lineEl, 'dim2')),
		costUnit: emptyToNull(childText(lineEl, 'dim3')),
		side: side as Side,
		amount: centsToAmount(cents),
		amountCents: cents,
		description,
	};
	return { kind: 'line', line };
}

/** Reads transaction number `index + 1`; lines of another type are added to `skipped`. */
export function parseTransaction(el: XmlElement, index: number, skipped: SkippedLine[]): ParsedTransaction {
	const header = readHeader(el);
	const lines: JournalLine[] = [];
	const problems: string[] = [];
	const label = `transaction ${index + 1}`;

	children(child(el, 'lines'), 'line').forEach((lineEl, lineIndex) => {
		const outcome = readLine(lineEl, `${label}, line ${lineIndex + 1}`);
		if (outcome.kind === 'line') lines.push(outcome.line);
		else if (outcome.kind === 'skipped') skipped.push(outcome.skipped);
		else problems.push(outcome.problem);
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
		summary: { date: parseJournalDate(header.date), lineCount: lines.length, debitCents: totals.debitCents, creditCents: totals.creditCents, header },
		lines,
		problems,
		lineProblems,
	};
}
