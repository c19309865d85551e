import { EBOEKHOUDEN_DROP_ZERO_ROWS, EBOEKHOUDEN_TEXT_MAX } from '../../common/assumptions';
import { journalContentHash } from './hash';
import { journalKey } from './keys';
import { needsCostCentres, resolveCostCentre, resolveLineLedger, type UnmappedLine } from './mapping';
import { sideTotals } from '../../common/journal';
import { centsToAmount } from '../../common/money';
import { memoriaalRowAmount } from './sign';
import type {
	JournalLine,
	JournalTotals,
	Lookups,
	MemoriaalPayload,
	MutationRowPayload,
	NmbrsJournal,
	PostingConfig,
} from './types';

/** Error codes of journals that fail before anything is sent (our own, not e-Boekhouden's). */
export type PlanErrorCode =
	| 'NO_LINES'
	| 'UNBALANCED'
	| 'UNMAPPED_LEDGER'
	| 'CLEARING_LEDGER_NOT_FOUND'
	| 'UNKNOWN_COST_CENTRE'
	| 'INVALID_JOURNAL';

/** What to do about each refusal (the `description` of the failed output item). */
export const PLAN_FAILURE_ADVICE: Record<PlanErrorCode, string> = {
	NO_LINES: 'Check the journal in Nmbrs: a journal without amounts is not booked.',
	UNBALANCED: 'Correct the journal in Nmbrs so debit equals credit, then run the workflow again.',
	UNMAPPED_LEDGER: 'Add a Ledger Mapping row for the code, or set a Fallback Ledger Code, then run the workflow again.',
	CLEARING_LEDGER_NOT_FOUND:
		'Set Clearing Ledger Code to a ledger that exists in e-Boekhouden (Beheer > Inrichting > Grootboekrekeningen).',
	UNKNOWN_COST_CENTRE:
		'Add a Cost Centre Mapping row, create the cost centre in e-Boekhouden, or set "Unknown Cost Centre" to "Post Without Cost Centre".',
	INVALID_JOURNAL:
		'Connect the output of the Nmbrs node (Journal → Get / Get Many) or the Nmbrs Trigger, and check the journal fields.',
};

export interface PlanFailure {
	ok: false;
	code: PlanErrorCode;
	message: string;
	description: string;
}

function planFailure(code: PlanErrorCode, message: string): PlanFailure {
	return { ok: false, code, message, description: PLAN_FAILURE_ADVICE[code] };
}

/** A journal checked and ready to be turned into payloads. */
export interface PreparedJournal {
	journal: NmbrsJournal;
	key: string;
	hash: string;
	/** non-zero lines, in input order */
	lines: JournalLine[];
	totals: JournalTotals;
}

export const truncate = (s: string, max = EBOEKHOUDEN_TEXT_MAX): string =>
	s.length <= max ? s : `${s.slice(0, max - 1)}…`;

/** Totals as debit/credit sums in cents over the given lines. */
export function journalTotals(all: JournalLine[], posted: JournalLine[]): JournalTotals {
	return { ...sideTotals(all), postedLineCount: posted.length, droppedZeroLines: all.length - posted.length };
}

/** What posting and reconciling take from a journal before any call. */
export interface JournalFacts {
	key: string;
	/** the lines that are booked (zero amounts left out), in input order */
	lines: JournalLine[];
	totals: JournalTotals;
	hash: string;
}

/** Key, booked lines, their totals and the content hash of a journal; throws when its ids give no key. */
export function journalFacts(journal: NmbrsJournal): JournalFacts {
	const key = journalKey(journal.companyId, journal.year, journal.runId);
	const lines = EBOEKHOUDEN_DROP_ZERO_ROWS ? journal.lines.filter((l) => l.amountCents !== 0) : journal.lines;
	return { key, lines, totals: journalTotals(journal.lines, lines), hash: journalContentHash(journal.date, lines) };
}

/**
 * Key, content hash, zero-line removal and the balance check (debit = credit to the cent).
 * Needs no e-Boekhouden data, so a journal that fails here fails before any call.
 */
export function prepareJournal(journal: NmbrsJournal): { ok: true; prepared: PreparedJournal } | PlanFailure {
	let facts: JournalFacts;
	try {
		facts = journalFacts(journal);
	} catch (error) {
		return planFailure('INVALID_JOURNAL', (error as Error).message);
	}
	const { key, lines, totals } = facts;
	if (lines.length === 0) {
		return planFailure('NO_LINES', `Journal ${key} has no lines with a non-zero amount`);
	}
	if (totals.debitCents !== totals.creditCents) {
		return planFailure(
			'UNBALANCED',
			`Journal ${key} is not in balance: debit ${centsToAmount(totals.debitCents).toFixed(2)} ≠ credit ${centsToAmount(totals.creditCents).toFixed(2)} (difference ${centsToAmount(totals.debitCents - totals.creditCents).toFixed(2)}); nothing was sent`,
		);
	}
	return { ok: true, prepared: { journal, ...facts } };
}

/** The mutation description, e.g. `Loonjournaal 2025-01 run 1 (Voorbeeld B.V.)`, at most 50 characters. */
export function journalDescription(journal: NmbrsJournal, prefix = 'Loonjournaal'): string {
	const period = String(journal.period).padStart(2, '0');
	const periodEnd =
		journal.periodEnd !== undefined && journal.periodEnd !== journal.period
			? `-${String(journal.periodEnd).padStart(2, '0')}`
			: '';
	const run = journal.runNumber !== undefined ? ` run ${journal.runNumber}` : ` run ${journal.runId}`;
	const company = journal.companyName ? ` (${journal.companyName})` : '';
	return truncate(`${prefix} ${journal.year}-${period}${periodEnd}${run}${company}`.trim());
}

/** Does the journal need the cost centre list? */
export function preparedNeedsCostCentres(prepared: PreparedJournal): boolean {
	return needsCostCentres(prepared.lines);
}

/** The memoriaal rows of a prepared journal, with the lines that found no ledger or cost centre. */
function buildRows(
	prepared: PreparedJournal,
	config: PostingConfig,
	lookups: Lookups,
): { rows: MutationRowPayload[]; unmapped: UnmappedLine[]; unknownCostCentres: Set<string> } {
	const unmapped: UnmappedLine[] = [];
	const unknownCostCentres = new Set<string>();
	const rows: MutationRowPayload[] = [];
	for (const line of prepared.lines) {
		const ledger = resolveLineLedger(line, config, lookups);
		const cc = resolveCostCentre(
			line.costCenter,
			config.costCentreMapping,
			config.useSameCostCentreWhenUnmapped,
			config.unknownCostCentre,
			lookups.costCentres,
		);
		if (!ledger.ok) {
			unmapped.push(ledger.unmapped);
			continue;
		}
		if (!cc.ok) {
			unknownCostCentres.add(cc.target && cc.target !== cc.nmbrsCostCentre ? `${cc.nmbrsCostCentre} (→ ${cc.target})` : cc.nmbrsCostCentre);
			continue;
		}
		const row: MutationRowPayload = {
			ledgerId: ledger.ledgerId,
			vatCode: 'GEEN',
			amount: centsToAmount(memoriaalRowAmount(line.side, line.amountCents, config.signConvention)),
		};
		if (cc.costCenterId !== undefined) row.costCenterId = cc.costCenterId;
		if (line.description) row.description = truncate(line.description);
		rows.push(row);
	}
	return { rows, unmapped, unknownCostCentres };
}

/** The lines without a ledger, named for the run report. */
function unmappedNames(unmapped: UnmappedLine[]): string[] {
	return [
		...new Set(
			unmapped.map((u) =>
				u.glCode
					? u.triedLedgerCode && u.triedLedgerCode !== u.glCode
						? `GL code ${u.glCode} (→ ledger ${u.triedLedgerCode}, not found)`
						: `GL code ${u.glCode}`
					: `line "${u.description}" (no GL code)`,
			),
		),
	];
}

/**
 * The memoriaal payload of one version of a prepared journal. Fails (naming the codes) when a line
 * has no ledger, the clearing ledger does not exist, or a cost centre is unknown.
 */
export function buildMemoriaalPayload(
	prepared: PreparedJournal,
	config: PostingConfig,
	lookups: Lookups,
	invoiceNumber: string,
	entryNumber: string,
): { ok: true; payload: MemoriaalPayload } | PlanFailure {
	const clearingCode = config.clearingLedgerCode.trim();
	const clearingId = lookups.ledgerIdByCode.get(clearingCode);
	if (clearingId === undefined) {
		return planFailure(
			'CLEARING_LEDGER_NOT_FOUND',
			clearingCode ? `Clearing ledger ${clearingCode} does not exist in e-Boekhouden` : 'No clearing ledger code is configured',
		);
	}
	const { rows, unmapped, unknownCostCentres } = buildRows(prepared, config, lookups);
	if (unmapped.length > 0) {
		return planFailure(
			'UNMAPPED_LEDGER',
			`No e-Boekhouden ledger for Nmbrs ${unmappedNames(unmapped).join(', ')}: add a ledger mapping row or set a fallback ledger`,
		);
	}
	if (unknownCostCentres.size > 0) {
		return planFailure(
			'UNKNOWN_COST_CENTRE',
			`No e-Boekhouden cost centre for Nmbrs cost centre ${[...unknownCostCentres].join(', ')}: add a cost centre mapping row, create the cost centre, or set "Unknown Cost Centre" to "Post Without Cost Centre"`,
		);
	}
	const description = journalDescription(prepared.journal, config.descriptionPrefix || 'Loonjournaal');
	return {
		ok: true,
		payload: { type: 7, date: prepared.journal.date, ledgerId: clearingId, inExVat: 'EX', invoiceNumber, entryNumber, description, rows },
	};
}

/** A posted mutation as returned by GET /v1/mutation/{id} (fields used for a reversal). */
export interface PostedMutationDetail {
	id: number;
	date: string;
	ledgerId: number;
	description?: string;
	rows: Array<{ ledgerId: number; amount: number; costCenterId?: number | null; description?: string | null; vatCode?: string }>;
}

/**
 * The reversal of a posted memoriaal: same date, same main ledger, every row negated exactly
 * (so it undoes what was booked, whatever the mapping or sign convention is today).
 */
export function buildReversalPayload(
	posted: PostedMutationDetail,
	invoiceNumber: string,
	entryNumber: string,
): MemoriaalPayload {
	return {
		type: 7,
		date: posted.date.slice(0, 10),
		ledgerId: posted.ledgerId,
		inExVat: 'EX',
		invoiceNumber,
		entryNumber,
		description: truncate(`Tegenboeking ${posted.description ?? invoiceNumber}`),
		rows: posted.rows.map((r) => {
			const row: MutationRowPayload = {
				ledgerId: r.ledgerId,
				vatCode: 'GEEN',
				amount: centsToAmount(-Math.round(r.amount * 100)),
			};
			if (typeof r.costCenterId === 'number' && r.costCenterId > 0) row.costCenterId = r.costCenterId;
			if (r.description) row.description = truncate(r.description);
			return row;
		}),
	};
}

/** Sum of row amounts in cents (0 for a balanced memoriaal). */
export function rowSumCents(rows: Array<{ amount: number }>): number {
	return rows.reduce((sum, r) => sum + Math.round(r.amount * 100), 0);
}

/**
 * Fewer rows for the same booking (used once after MUT_101 "Too many rows"): rows with the same
 * ledger, cost centre and direction are added up; their descriptions are joined.
 */
export function aggregateRows(rows: MutationRowPayload[]): MutationRowPayload[] {
	const groups = new Map<string, { row: MutationRowPayload; cents: number; descriptions: string[] }>();
	for (const row of rows) {
		const cents = Math.round(row.amount * 100);
		const groupKey = `${row.ledgerId}|${row.costCenterId ?? ''}|${cents >= 0 ? '+' : '-'}`;
		const group = groups.get(groupKey);
		if (group) {
			group.cents += cents;
			if (row.description && !group.descriptions.includes(row.description)) group.descriptions.push(row.description);
		} else {
			groups.set(groupKey, { row, cents, descriptions: row.description ? [row.description] : [] });
		}
	}
	return [...groups.values()]
		.filter((g) => g.cents !== 0)
		.map((g) => {
			const out: MutationRowPayload = { ledgerId: g.row.ledgerId, vatCode: 'GEEN', amount: centsToAmount(g.cents) };
			if (g.row.costCenterId !== undefined) out.costCenterId = g.row.costCenterId;
			if (g.descriptions.length > 0) out.description = truncate(g.descriptions.join(', '));
			return out;
		});
}
