/**
 * The use case behind Journal → Post Payroll Journal: book each Nmbrs payroll journal exactly once as an
 * e-Boekhouden memoriaal, for all input journals at once, against a {@link PostingPort}. Pure: no n8n
 * imports (the node passes the transport's port and n8n's sleep).
 *
 * Per execution: every journal is read and checked first (key, content hash, balance, "Closed Until"),
 * which needs no call; then ONE probe lists what is already booked for all of them, the ledgers and cost
 * centres are read at most once, and each journal gets a decision from the vendor's own data
 * (versions.ts): post, already posted, reverse and post again, complete an interrupted correction, or
 * report. One outcome per input journal, in input order; business outcomes and per-journal failures are
 * outcomes, never errors. An error the port throws (credential refused) stops the run.
 *
 * Journals of different keys are posted `journalsAtOnce` at a time; the journals of one key are posted
 * one after another by one worker, so two requests for the same key are never in flight together and the
 * decision for a key only ever reads what the probe and that worker found for it (poster.ts).
 */
import { EBOEKHOUDEN_DEFAULT_JOURNALS_AT_ONCE } from '../../common/assumptions';
import { createGate, gatedPort, mapWithConcurrency } from '../../common/pool';
import { readJournal, JournalInputError } from './journal';
import { failedOutcome, identityOf, outcome, type JournalOutcome } from './outcome';
import { PLAN_FAILURE_ADVICE, prepareJournal, type PreparedJournal } from './plan';
import { JournalPoster, type PendingJournal, type PosterOptions } from './poster';
import type { PostingPort } from './port';
import type { PostingConfig } from './types';

/** Sends of one POST /v1/mutation after 5xx / network failures (each one after a probe). */
export const POST_ATTEMPTS = 3;
export const POST_BACKOFF_MS = 500;

/** One input journal with the settings it is posted with. */
export interface PostingRequest {
	/** The journal item as the Nmbrs node emits it. */
	journal: Record<string, unknown>;
	config: PostingConfig;
	/** Build the exact payloads, book nothing. */
	dryRun: boolean;
}

export type PostingOptions = Pick<PosterOptions, 'sleep'> &
	Partial<PosterOptions> & {
		/** Keys posted at the same time (default EBOEKHOUDEN_DEFAULT_JOURNALS_AT_ONCE); a key's journals go one by one. */
		journalsAtOnce?: number;
	};

/** A journal refused before anything is sent, or skipped by "Closed Until"; else the checked journal. */
function check(request: PostingRequest): PreparedJournal | JournalOutcome {
	let prepared: ReturnType<typeof prepareJournal> | undefined;
	let readError: unknown;
	try {
		prepared = prepareJournal(readJournal(request.journal));
	} catch (error) {
		readError = error;
	}
	if (!prepared) {
		// Anything but an unreadable journal is a bug: it goes to the node, which reports it as an n8n error.
		if (!(readError instanceof JournalInputError)) throw readError;
		const description =
			readError.advice ??
			(readError.field === 'status' ? 'Fix the journal in Nmbrs, then run the workflow again.' : PLAN_FAILURE_ADVICE.INVALID_JOURNAL);
		return failedOutcome(identityOf(request.journal), { code: 'INVALID_JOURNAL', field: readError.field, message: readError.message, description });
	}
	if (!prepared.ok) {
		const { code, message, description } = prepared;
		return failedOutcome(identityOf(request.journal), { code, field: null, message, description });
	}
	const { closedUntil } = request.config;
	const { journal } = prepared.prepared;
	if (closedUntil !== '' && journal.date <= closedUntil) {
		return outcome(identityOf(request.journal, prepared.prepared), 'skipped-closed', {
			message: `Journal date ${journal.date} is on or before Closed Until ${closedUntil}; nothing was sent`,
			description: 'Nothing to do: journals on or before "Closed Until" are not booked. Change the option to book them.',
		});
	}
	return prepared.prepared;
}

/** The journals grouped by key, keys in the order of their first journal, each key's journals in input order. */
export function groupByKey(pending: PendingJournal[]): PendingJournal[][] {
	const groups = new Map<string, PendingJournal[]>();
	for (const p of pending) {
		const group = groups.get(p.prepared.key);
		if (group) group.push(p);
		else groups.set(p.prepared.key, [p]);
	}
	return [...groups.values()];
}

/** One outcome per request, in input order. */
export async function postPayrollJournals(
	port: PostingPort,
	requests: PostingRequest[],
	options: PostingOptions,
): Promise<JournalOutcome[]> {
	const outcomes: JournalOutcome[] = new Array<JournalOutcome>(requests.length);
	const pending: PendingJournal[] = [];
	requests.forEach((request, index) => {
		const checked = check(request);
		if ('status' in checked) outcomes[index] = checked;
		else pending.push({ index, ...request, prepared: checked });
	});
	if (pending.length === 0) return outcomes;

	const { journalsAtOnce = EBOEKHOUDEN_DEFAULT_JOURNALS_AT_ONCE, ...posterOptions } = options;
	// At most journalsAtOnce calls in flight, and twice as many journals under way: the next journals are decided and
	// built while the calls before them wait for their answers, not in the gap between two calls.
	const gate = createGate(journalsAtOnce);
	const poster = new JournalPoster(gatedPort(port, gate), pending, { postAttempts: POST_ATTEMPTS, backoffMs: POST_BACKOFF_MS, ...posterOptions });
	const probeFailure = await poster.probe();
	if (probeFailure) {
		const message = `Could not read the already-posted journals from e-Boekhouden, so nothing was booked: ${probeFailure.message}`;
		for (const p of pending) outcomes[p.index] = failedOutcome(identityOf(p.journal, p.prepared), { ...probeFailure, message });
		return outcomes;
	}
	await mapWithConcurrency(groupByKey(pending), journalsAtOnce * 2, async (group) => {
		for (const p of group) outcomes[p.index] = await poster.handle(p);
	});
	return outcomes;
}
