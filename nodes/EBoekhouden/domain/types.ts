/**
 * Types of the payroll-journal posting logic. Pure: no n8n imports.
 */

/** Which side a positive memoriaal row amount books on the row ledger (docs/vendors/eboekhouden-rest.md §6.2). */
export type SignConvention = 'positiveIsCredit' | 'positiveIsDebit';

import type { JournalLine, SideTotals } from '../../common/journal';

export type { JournalLine, Side } from '../../common/journal';

/** A normalised Nmbrs run journal. */
export interface NmbrsJournal {
	companyId: number;
	companyName: string;
	year: number;
	period: number;
	periodEnd?: number;
	runId: number;
	runNumber?: number;
	runDescription?: string;
	runAt?: string;
	date: string;
	lines: JournalLine[];
}

export interface LedgerMappingRow {
	/** Nmbrs GL code, or the wage component description when the line has no (or another) GL code. */
	nmbrsCode: string;
	/** e-Boekhouden ledger code. */
	ledgerCode: string;
}

export interface CostCentreMappingRow {
	/** Nmbrs cost centre code. */
	nmbrsCostCentre: string;
	/** e-Boekhouden cost centre: its description, or its numeric id. */
	costCentre: string;
}

export type UnknownCostCentreAction = 'fail' | 'omit';
export type ChangedJournalAction = 'reverseAndRepost' | 'review';

/** Everything the user configures for posting journals. */
export interface PostingConfig {
	/** e-Boekhouden code of the clearing ledger used as the memoriaal's main ledger. */
	clearingLedgerCode: string;
	ledgerMapping: LedgerMappingRow[];
	/** A GL code without a mapping row is used as the e-Boekhouden ledger code as it is. */
	useSameCodeWhenUnmapped: boolean;
	/** Ledger code for lines without a GL code or whose code does not resolve. Empty: none. */
	fallbackLedgerCode: string;
	costCentreMapping: CostCentreMappingRow[];
	/** An Nmbrs cost centre without a mapping row is looked up by that code as the e-Boekhouden description. */
	useSameCostCentreWhenUnmapped: boolean;
	unknownCostCentre: UnknownCostCentreAction;
	signConvention: SignConvention;
	/** Journals dated on or before this ISO date are skipped without any call. Empty: none. */
	closedUntil: string;
	onChangedJournal: ChangedJournalAction;
	/** Template of the mutation description; see buildDescription. */
	descriptionPrefix: string;
}

/** What is known about e-Boekhouden's ledgers and cost centres (resolved once per execution). */
export interface Lookups {
	/** ledger code -> ledger id */
	ledgerIdByCode: Map<string, number>;
	/** cost centres, or undefined when not loaded (no journal needs them) */
	costCentres?: Array<{ id: number; description: string; active?: boolean }>;
}

export interface MutationRowPayload {
	ledgerId: number;
	vatCode: 'GEEN';
	amount: number;
	costCenterId?: number;
	description?: string;
}

/** Body of POST /v1/mutation for a memoriaal. */
export interface MemoriaalPayload {
	type: 7;
	date: string;
	ledgerId: number;
	inExVat: 'EX';
	invoiceNumber: string;
	entryNumber: string;
	description: string;
	rows: MutationRowPayload[];
}

export interface JournalTotals extends SideTotals {
	postedLineCount: number;
	droppedZeroLines: number;
}

/** Minimal fields of a `GET /v1/mutation` list item. */
export interface PostedMutation {
	id: number;
	type?: number;
	date?: string;
	invoiceNumber?: string;
	entryNumber?: string;
	ledgerId?: number;
	amount?: number;
}

export type JournalStatus =
	| 'posted'
	| 'already-posted'
	| 'reposted'
	| 'skipped-closed'
	| 'needs-review'
	| 'failed'
	| 'dry-run';
