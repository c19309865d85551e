/**
 * The one result shape of Post Payroll Journal: one per input journal, every field always present
 * (null or [] when it does not apply). `failed` results carry `code`, `field`, `message` and
 * `description`; business outcomes (`skipped-closed`, `needs-review`, ...) use the same fields. Pure: no
 * n8n imports.
 */
import { journalKey } from './keys';
import type { PostingFailure } from './port';
import type { PreparedJournal } from './plan';
import type { JournalStatus, JournalTotals, MemoriaalPayload } from './types';

export type PlannedAction = 'post' | 'post-new-version' | 'reverse-and-post';

/** Which journal a result is about (null when the input did not say). */
export interface JournalIdentity {
	key: string | null;
	companyId: number | null;
	year: number | null;
	period: number | null;
	runId: number | null;
	date: string | null;
	totals: JournalTotals | null;
}

export interface JournalOutcome extends JournalIdentity {
	status: JournalStatus;
	code: string | null;
	field: string | null;
	message: string | null;
	description: string | null;
	/** Every e-Boekhouden mutation of the journal's key, in posting order. */
	mutationIds: number[];
	/** The invoice number booked by this run (posted / reposted). */
	invoiceNumber: string | null;
	/** Dry run: what a real run would do, and the exact bodies it would send. */
	plannedAction: PlannedAction | null;
	payloads: MemoriaalPayload[];
}

export type OutcomeDetails = Partial<Omit<JournalOutcome, 'status' | keyof JournalIdentity>>;

function num(value: unknown): number | null {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** The journal key of readable ids (whole numbers, see keys.ts), else null. */
function keyOf(companyId: number | null, year: number | null, runId: number | null): string | null {
	if (companyId === null || year === null || runId === null) return null;
	try {
		return journalKey(companyId, year, runId);
	} catch {
		return null; // not whole numbers, or too long: no key can name this journal
	}
}

/**
 * The identifying fields: from the checked journal when there is one, else as far as the input item gives them.
 * A journal refused before planning (unbalanced, empty, unreadable) still gets its key when company, year and run
 * are readable, so a failure report names the journal.
 */
export function identityOf(raw: Record<string, unknown>, prepared?: PreparedJournal): JournalIdentity {
	const j = prepared?.journal;
	const companyId = j ? j.companyId : num(raw.companyId);
	const year = j ? j.year : num(raw.year);
	const runId = j ? j.runId : num(raw.runId);
	return {
		key: prepared ? prepared.key : keyOf(companyId, year, runId),
		companyId,
		year,
		period: j ? j.period : num(raw.period),
		runId,
		date: j ? j.date : typeof raw.date === 'string' ? raw.date : null,
		totals: prepared ? { ...prepared.totals } : null,
	};
}

export function outcome(identity: JournalIdentity, status: JournalStatus, details: OutcomeDetails = {}): JournalOutcome {
	return {
		status,
		...identity,
		code: null,
		field: null,
		message: null,
		description: null,
		mutationIds: [],
		invoiceNumber: null,
		plannedAction: null,
		payloads: [],
		...details,
	};
}

export function failedOutcome(identity: JournalIdentity, failure: PostingFailure, details: OutcomeDetails = {}): JournalOutcome {
	return outcome(identity, 'failed', { ...details, ...failure });
}
