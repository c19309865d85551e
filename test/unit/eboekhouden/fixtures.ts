import type { PostingConfig } from '../../../nodes/EBoekhouden/domain';

/** The worked example of docs/vendors/eboekhouden-rest.md §6.7 as a normalised Nmbrs journal item. */
export function exampleJournal(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		companyId: 12345,
		companyName: 'Voorbeeld B.V.',
		year: 2025,
		period: 1,
		periodEnd: 1,
		runId: 987,
		runNumber: 1,
		runDescription: 'Run 1 januari',
		runAt: '2025-01-24T10:12:00',
		date: '2025-01-31',
		lines: [
			{ glCode: '4000', costCenter: 'KP01', costUnit: null, side: 'debit', amount: 5200.0, amountCents: 520000, description: 'Bruto loon' },
			{ glCode: '4100', costCenter: null, costUnit: null, side: 'debit', amount: 980.4, amountCents: 98040, description: 'Werkgeverslasten' },
			{ glCode: '1700', costCenter: null, costUnit: null, side: 'credit', amount: 1888.62, amountCents: 188862, description: 'Loonheffing' },
			{ glCode: '1710', costCenter: null, costUnit: null, side: 'credit', amount: 980.4, amountCents: 98040, description: 'Af te dragen premies' },
			{ glCode: '2100', costCenter: null, costUnit: null, side: 'credit', amount: 3311.38, amountCents: 331138, description: 'Netto loon' },
			{ glCode: '4120', costCenter: null, costUnit: null, side: 'debit', amount: 0, amountCents: 0, description: 'Vakantiegeld' },
		],
		totals: { debit: 6180.4, credit: 6180.4, debitCents: 618040, creditCents: 618040, lineCount: 6 },
		contentHash: 'ignored-by-the-e-boekhouden-node',
		...overrides,
	};
}

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
