import type { PostingConfig } from '../../../nodes/EBoekhouden/domain';
import { februaryJournal } from '../kit/journals';

export function config(overrides: Partial<PostingConfig> = {}): PostingConfig {
	return {
		clearingLedgerCode: '2190',
		ledgerMapping: [],
		useSameCodeWhenUnmapped: true,
		fallbackLedgerCode: '',
		costCentreMapping: [],
		useSameCostCentreWhenUnmapped: true,
		unknownCostCentre: 'fail',
		signConvention: 'positiveIsCredit',
		closedUntil: '',
		onChangedJournal: 'reverseAndRepost',
		descriptionPrefix: 'Loonjournaal',
		...overrides,
	};
}

/** Ledger codes and ids of the emulator's demo chart (and the worked example of docs/vendors/eboekhouden-rest.md §6.7). */
export const LEDGERS = new Map<string, number>([
	['4000', 2001],
	['4100', 2002],
	['4110', 2003],
	['4120', 2004],
	['1700', 2010],
	['1710', 2011],
	['2100', 2020],
	['2190', 2090],
	['2199', 2091],
]);

export const COST_CENTRES = [
	{ id: 31, description: 'KP01', active: true },
	{ id: 32, description: 'KP02', active: true },
];

/** A small balanced journal (ledgers 4000 / 2100) of company `companyId`, run `runId`, dated the last day of `month` 2025. */
export function payrollJournal(companyId: number, runId: number, month: number, cents = 10000): Record<string, unknown> {
	const j = februaryJournal();
	const day = new Date(Date.UTC(2025, month, 0)).getUTCDate();
	const lines = (j.lines as Array<Record<string, unknown>>).map((l) => ({ ...l, amountCents: cents, amount: cents / 100 }));
	return { ...j, companyId, runId, period: month, periodEnd: month, date: `2025-${String(month).padStart(2, '0')}-${day}`, lines };
}
