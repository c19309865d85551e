/**
 * The payroll journal the vendor references use as their example, in each form a test needs it: run 1
 * (987) of January 2025 of company 12345 "Voorbeeld B.V.", 6180.40 on both sides.
 * - NMBRS_JOURNAL_XML: the journal XML Nmbrs returns (docs/vendors/nmbrs-soap.md §5.5),
 * - EXAMPLE_COMPANY / EXAMPLE_RUN: the company and run it belongs to,
 * - exampleJournal(): the journal item the Nmbrs node emits and the e-Boekhouden node reads
 *   (docs/vendors/eboekhouden-rest.md §6.7; its zero line is on ledger 4120),
 * - workedExampleMutation(): the memoriaal booking e-Boekhouden gets for it (§6.7).
 */
import type { NmbrsCompany, NmbrsRun } from '../../../nodes/Nmbrs/domain/models';

/** docs/vendors/nmbrs-soap.md §5.5, the canonical example. */
export const NMBRS_JOURNAL_XML = `<?xml version="1.0" encoding="utf-16"?>
<transactions>
  <transaction>
    <header>
      <date>20250131</date>
      <period>2025/01</period>
      <description>Loonjournaal januari 2025 run 1</description>
    </header>
    <lines>
      <line><dim1>4000</dim1><dim2>KP01</dim2><value>5200.00</value><debitcredit>debit</debitcredit><description>Bruto loon</description></line>
      <line><dim1>4100</dim1><value>980.40</value><debitcredit>debit</debitcredit><description>Werkgeverslasten</description></line>
      <line><dim1>1700</dim1><value>1888.62</value><debitcredit>credit</debitcredit><description>Loonheffing</description></line>
      <line><dim1>1710</dim1><value>980.40</value><debitcredit>credit</debitcredit><description>Af te dragen premies</description></line>
      <line><dim1></dim1><value>0.00</value><debitcredit>debit</debitcredit><description>Component zonder grootboek</description></line>
      <line><dim1>2100</dim1><value>3311.38</value><debitcredit>credit</debitcredit><description>Netto loon</description></line>
    </lines>
  </transaction>
</transactions>`;

export const EXAMPLE_COMPANY: Pick<NmbrsCompany, 'id' | 'name' | 'loonaangifteTijdvak'> = {
	id: 12345,
	name: 'Voorbeeld B.V.',
	loonaangifteTijdvak: 'Month',
};

export const EXAMPLE_RUN: NmbrsRun = {
	id: 987,
	number: 1,
	year: 2025,
	periodStart: 1,
	periodEnd: 1,
	description: 'Run 1 januari',
	runAt: '2025-01-24T10:12:00',
	isLocked: true,
};

/** The header fields of the journal item of EXAMPLE_RUN. */
export const EXAMPLE_JOURNAL_HEADER = {
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
} as const;

/** The worked example of docs/vendors/eboekhouden-rest.md §6.7 as a normalised Nmbrs journal item. */
export function exampleJournal(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		status: 'ok',
		code: null,
		message: null,
		description: null,
		...EXAMPLE_JOURNAL_HEADER,
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
		problems: [],
		...overrides,
	};
}

/** A second, small journal of the same company: run 988 of February 2025 (one debit, one credit line). */
export function februaryJournal(): Record<string, unknown> {
	return exampleJournal({
		period: 2,
		periodEnd: 2,
		runId: 988,
		runNumber: 2,
		date: '2025-02-28',
		lines: [
			{ glCode: '4000', costCenter: null, costUnit: null, side: 'debit', amount: 100, amountCents: 10000, description: 'Bruto loon' },
			{ glCode: '2100', costCenter: null, costUnit: null, side: 'credit', amount: 100, amountCents: 10000, description: 'Netto loon' },
		],
	});
}

export interface MutationRow {
	ledgerId?: number;
	vatCode?: string;
	amount?: number;
	costCenterId?: number;
	description?: string;
	[field: string]: unknown;
}

export interface Mutation {
	rows: MutationRow[];
	[field: string]: unknown;
}

/**
 * The memoriaal booking of docs/vendors/eboekhouden-rest.md §6.7 (ledger and cost centre ids of the
 * emulator's demo chart), positive amounts credit.
 */
export function workedExampleMutation(overrides: Record<string, unknown> = {}): Mutation {
	return {
		type: 7,
		date: '2025-01-31',
		ledgerId: 2090,
		inExVat: 'EX',
		invoiceNumber: 'NMBRS-12345-2025-987',
		entryNumber: 'NMBRS 12345/987',
		description: 'Loonjournaal 2025-01 run 1',
		rows: [
			{ ledgerId: 2001, vatCode: 'GEEN', amount: -5200.0, costCenterId: 31, description: 'Bruto loon' },
			{ ledgerId: 2002, vatCode: 'GEEN', amount: -980.4, description: 'Werkgeverslasten' },
			{ ledgerId: 2010, vatCode: 'GEEN', amount: 1888.62, description: 'Loonheffing' },
			{ ledgerId: 2011, vatCode: 'GEEN', amount: 980.4, description: 'Af te dragen premies' },
			{ ledgerId: 2020, vatCode: 'GEEN', amount: 3311.38, description: 'Netto loon' },
		],
		...overrides,
	};
}
