/**
 * Totals per ledger of a reconciled journal: the Nmbrs lines through the ledger mapping posting uses, and the rows
 * of the booked memoriaal read back with the sign convention. Pure: no n8n imports.
 */
import { centsToAmount } from '../../common/money';
import { resolveLineLedger } from './mapping';
import type { MutationDetail } from './port';
import { rowAmountSide } from './sign';
import type { JournalLine, PostingConfig, SignConvention } from './types';

/** One ledger of a journal: what Nmbrs says should be booked on it and what is booked. */
export interface LedgerComparison {
	/** The e-Boekhouden ledger code; for a line no ledger is found for, `unmapped: ...` naming the Nmbrs line. */
	ledgerCode: string;
	nmbrsDebit: number;
	nmbrsCredit: number;
	bookedDebit: number;
	bookedCredit: number;
	/** (Nmbrs debit − credit) − (booked debit − credit); 0 when they agree. */
	difference: number;
}

export interface ReconcileTotals {
	nmbrsDebit: number;
	nmbrsCredit: number;
	bookedDebit: number;
	bookedCredit: number;
	/** Sum of the ledgers' differences, as absolute amounts: 0 only when every ledger agrees. */
	difference: number;
}

interface Side {
	debitCents: number;
	creditCents: number;
}

export interface LedgerSums {
	nmbrs: Side;
	booked: Side;
}

const emptySide = (): Side => ({ debitCents: 0, creditCents: 0 });

function addTo(side: Side, cents: number, isDebit: boolean): void {
	// A negative amount on a side books the other way.
	if (isDebit === cents >= 0) side.debitCents += Math.abs(cents);
	else side.creditCents += Math.abs(cents);
}

/** Nmbrs lines per e-Boekhouden ledger, through the same mapping posting uses. */
export function nmbrsLedgers(lines: JournalLine[], settings: Pick<PostingConfig, 'ledgerMapping' | 'useSameCodeWhenUnmapped' | 'fallbackLedgerCode'>, ledgerIdByCode: Map<string, number>, sums: Map<string, LedgerSums>): void {
	for (const line of lines) {
		if (line.amountCents === 0) continue;
		const resolved = resolveLineLedger(line, settings, { ledgerIdByCode });
		const code = resolved.ok ? resolved.ledgerCode : `unmapped: ${line.glCode ? `GL code ${line.glCode}` : `"${line.description}"`}`;
		const entry = sums.get(code) ?? { nmbrs: emptySide(), booked: emptySide() };
		addTo(entry.nmbrs, line.amountCents, line.side === 'debit');
		sums.set(code, entry);
	}
}

/** The rows of a booked memoriaal per ledger (its main ledger nets to zero and is left out). */
export function bookedLedgers(detail: MutationDetail, convention: SignConvention, codeById: Map<number, string>, sums: Map<string, LedgerSums>): void {
	for (const row of detail.rows) {
		const cents = Math.round(Number(row.amount) * 100);
		if (cents === 0) continue;
		const code = codeById.get(Number(row.ledgerId)) ?? `ledger id ${row.ledgerId}`;
		const entry = sums.get(code) ?? { nmbrs: emptySide(), booked: emptySide() };
		addTo(entry.booked, Math.abs(cents), rowAmountSide(cents, convention) === 'debit');
		sums.set(code, entry);
	}
}

export function compare(sums: Map<string, LedgerSums>): { ledgers: LedgerComparison[]; totals: ReconcileTotals } {
	const totals = { nmbrsDebit: 0, nmbrsCredit: 0, bookedDebit: 0, bookedCredit: 0, difference: 0 };
	const ledgers = [...sums.entries()]
		.sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
		.map(([ledgerCode, { nmbrs, booked }]) => {
			const differenceCents = nmbrs.debitCents - nmbrs.creditCents - (booked.debitCents - booked.creditCents);
			totals.nmbrsDebit += nmbrs.debitCents;
			totals.nmbrsCredit += nmbrs.creditCents;
			totals.bookedDebit += booked.debitCents;
			totals.bookedCredit += booked.creditCents;
			totals.difference += Math.abs(differenceCents);
			return {
				ledgerCode,
				nmbrsDebit: centsToAmount(nmbrs.debitCents),
				nmbrsCredit: centsToAmount(nmbrs.creditCents),
				bookedDebit: centsToAmount(booked.debitCents),
				bookedCredit: centsToAmount(booked.creditCents),
				difference: centsToAmount(differenceCents),
			};
		});
	return {
		ledgers,
		totals: {
			nmbrsDebit: centsToAmount(totals.nmbrsDebit),
			nmbrsCredit: centsToAmount(totals.nmbrsCredit),
			bookedDebit: centsToAmount(totals.bookedDebit),
			bookedCredit: centsToAmount(totals.bookedCredit),
			difference: centsToAmount(totals.difference),
		},
	};
}

export const ZERO_TOTALS: ReconcileTotals = { nmbrsDebit: 0, nmbrsCredit: 0, bookedDebit: 0, bookedCredit: 0, difference: 0 };
