/**
 * The normalised payroll journal line the Nmbrs node emits and Post Payroll Journal takes: the one
 * shape both nodes agree on. Pure: no n8n imports.
 */
import { centsToAmount } from './money';

export type Side = 'debit' | 'credit';

export interface JournalLine {
	/** GL account code (Nmbrs `dim1`), '' when the line has none (the fallback ledger applies). */
	glCode: string;
	/** Nmbrs `dim2`, null when absent or empty. */
	costCenter: string | null;
	/** Nmbrs `dim3`, null when absent or empty. */
	costUnit: string | null;
	side: Side;
	/** Amount with two decimals (from amountCents). */
	amount: number;
	/** Integer cents. */
	amountCents: number;
	description: string;
}

export interface SideTotals {
	debit: number;
	credit: number;
	debitCents: number;
	creditCents: number;
	lineCount: number;
}

/** Debit and credit sums of the lines, exact in cents. */
export function sideTotals(lines: readonly JournalLine[]): SideTotals {
	let debitCents = 0;
	let creditCents = 0;
	for (const line of lines) {
		if (line.side === 'debit') debitCents += line.amountCents;
		else creditCents += line.amountCents;
	}
	return {
		debit: centsToAmount(debitCents),
		credit: centsToAmount(creditCents),
		debitCents,
		creditCents,
		lineCount: lines.length,
	};
}
