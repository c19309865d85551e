/**
 * The posting of the journals of one execution against a {@link PostingPort}: one probe of what is
 * already booked, then per journal a decision from the vendor's own data (versions.ts) and at most the
 * POSTs that decision needs. Pure: no n8n imports.
 */
import {
	EBOEKHOUDEN_INVOICE_NUMBER_UNIQUE_FOR_MEMORIAAL,
	EBOEKHOUDEN_LIKE_WILDCARD,
} from '../../common/assumptions';
import { KEY_PREFIX, entryNumberFor, hashFromEntryNumber } from './keys';
import { failedOutcome, identityOf, outcome, type JournalIdentity, type JournalOutcome } from './outcome';
import {
	aggregateRows,
	buildMemoriaalPayload,
	buildReversalPayload,
	preparedNeedsCostCentres,
	type PlanFailure,
	type PreparedJournal,
} from './plan';
import { reversalSource, type Outcome, type PostAnswer, type PostingFailure, type PostingPort } from './port';
import type { Lookups, MemoriaalPayload, PostedMutation, PostingConfig } from './types';
import { addToIndex, chainMutationIds, decide, indexPosted, probeDateRange, type Decision, type VersionChain } from './versions';

/** A journal that passed its checks and waits for the probe. */
export interface PendingJournal {
	/** Position of the journal in the input. */
	index: number;
	journal: Record<string, unknown>;
	config: PostingConfig;
	dryRun: boolean;
	prepared: PreparedJournal;
}

export interface PosterOptions {
	/** Sends of one POST /v1/mutation after 5xx / network failures (each one after a probe). */
	postAttempts: number;
	/** Wait before the second send; doubled for each further one. */
	backoffMs: number;
	sleep(ms: number): Promise<void>;
}

type PostResult =
	| { kind: 'created'; id: number; payload: MemoriaalPayload }
	| { kind: 'exists'; id: number; sameContent: boolean }
	| { kind: 'closed'; failure: PostingFailure }
	| { kind: 'failed'; failure: PostingFailure };

type Posting = Extract<Decision, { action: 'post' | 'complete' }>;
type Repost = Extract<Decision, { action: 'repost' }>;

const failureOfPlan = (plan: PlanFailure): PostingFailure => ({ code: plan.code, field: null, message: plan.message, description: plan.description });

/**
 * State of one execution of Post Payroll Journal. Journals of different keys may be handled at the same
 * time: all that a journal reads or writes here belongs to its own key (its chain in `index`, the hashes of
 * that chain's mutations, its entry in `handled`); only the probe (done before any journal) and the lookups
 * (read once, shared as one promise) are common. Journals of ONE key must be handled one after another
 * (posting.ts groups them by key), so no POST or probe of a key ever overlaps another for that key.
 */
export class JournalPoster {
	private index = new Map<string, VersionChain>();

	private hashById = new Map<number, string>();

	/** key -> hash of journals handled in this execution (never two posts for one key). */
	private handled = new Map<string, string>();

	private lookupsPromise?: Promise<Outcome<Lookups>>;

	constructor(
		private readonly port: PostingPort,
		private readonly pending: PendingJournal[],
		private readonly options: PosterOptions,
	) {}

	/** ONE paged list probe for every journal of this execution (docs/vendors/eboekhouden-rest.md §6.4, done in bulk). */
	async probe(): Promise<PostingFailure | undefined> {
		const range = probeDateRange(this.pending.map((p) => p.prepared.journal));
		if (!range) return undefined;
		const companies = [...new Set(this.pending.map((p) => p.prepared.journal.companyId))];
		const pattern =
			companies.length === 1 ? `${KEY_PREFIX}${companies[0]}-${EBOEKHOUDEN_LIKE_WILDCARD}` : `${KEY_PREFIX}${EBOEKHOUDEN_LIKE_WILDCARD}`;
		const found = await this.port.findMemoriaals(pattern, range);
		if (!found.ok) return found.failure;
		this.index = indexPosted(found.value);
		return undefined;
	}

	/** Ledgers and cost centres, read at most once per execution and only when a payload is needed. */
	private async lookups(): Promise<Outcome<Lookups>> {
		if (!this.lookupsPromise) this.lookupsPromise = this.loadLookups();
		return await this.lookupsPromise;
	}

	/** The ledgers and, when a journal has cost centres, the cost centres: both lists in one round trip. */
	private async loadLookups(): Promise<Outcome<Lookups>> {
		const needsCostCentres = this.pending.some((p) => preparedNeedsCostCentres(p.prepared));
		const [ledgers, costCentres] = await Promise.all([this.port.listLedgers(), needsCostCentres ? this.port.listCostCentres() : undefined]);
		if (!ledgers.ok) return ledgers;
		const ledgerIdByCode = new Map<string, number>();
		for (const l of ledgers.value) if (l.id > 0) ledgerIdByCode.set(l.code.trim(), l.id);
		const lookups: Lookups = { ledgerIdByCode };
		if (costCentres) {
			if (!costCentres.ok) return costCentres;
			lookups.costCentres = costCentres.value.filter((c) => c.id > 0);
		}
		return { ok: true, value: lookups };
	}

	/** Probe one invoice number (after MUT_019, or after a failed POST). */
	private async findByInvoiceNumber(invoiceNumber: string): Promise<Outcome<PostedMutation | undefined>> {
		const items = await this.port.findMemoriaal(invoiceNumber);
		if (!items.ok) return items;
		const found = items.value.find((m) => m.invoiceNumber === invoiceNumber);
		if (found) addToIndex(this.index, found);
		return { ok: true, value: found };
	}

	/** POST /v1/mutation, never blindly resent: after a 5xx or network failure the key is probed first. */
	private async post(payload: MemoriaalPayload, hash: string | null): Promise<PostResult> {
		let body = payload;
		let aggregated = false;
		for (let attempt = 1; ; attempt++) {
			const answer = await this.port.postMutation(body);
			if (answer.ok) {
				addToIndex(this.index, { id: answer.id, type: 7, date: body.date, invoiceNumber: body.invoiceNumber, entryNumber: body.entryNumber });
				return { kind: 'created', id: answer.id, payload: body };
			}
			if (answer.refusal === 'transient') {
				// Did it land anyway? Only resend when the key is not there.
				const found = await this.findByInvoiceNumber(body.invoiceNumber);
				if (!found.ok) return { kind: 'failed', failure: found.failure };
				if (found.value) return { kind: 'created', id: found.value.id, payload: body };
				if (attempt >= this.options.postAttempts) {
					const message = `${answer.failure.message} (tried ${attempt} times, checked each time that nothing was booked)`;
					const description = 'Run the workflow again later; nothing was booked for this journal.';
					return { kind: 'failed', failure: { ...answer.failure, message, description } };
				}
				await this.options.sleep(this.options.backoffMs * 2 ** (attempt - 1));
				continue;
			}
			if (answer.refusal === 'tooManyRows' && !aggregated) {
				aggregated = true;
				body = { ...body, rows: aggregateRows(body.rows) };
				continue;
			}
			return await this.refused(answer, body, hash);
		}
	}

	/** A POST refused for good: closed period, the key exists already (probe it), or a failure. */
	private async refused(answer: Extract<PostAnswer, { ok: false }>, body: MemoriaalPayload, hash: string | null): Promise<PostResult> {
		const { refusal, failure } = answer;
		if (refusal === 'closed') return { kind: 'closed', failure };
		if (refusal !== 'duplicate' || !EBOEKHOUDEN_INVOICE_NUMBER_UNIQUE_FOR_MEMORIAAL) return { kind: 'failed', failure };
		const found = await this.findByInvoiceNumber(body.invoiceNumber);
		if (!found.ok) return { kind: 'failed', failure: found.failure };
		if (!found.value) {
			const message = `${failure.message}, but no entry ${body.invoiceNumber} could be found`;
			const description = 'Look up the entries with this invoice number in e-Boekhouden, then run the workflow again.';
			return { kind: 'failed', failure: { ...failure, message, description } };
		}
		const postedHash = hashFromEntryNumber(found.value.entryNumber);
		return { kind: 'exists', id: found.value.id, sameContent: hash !== null && postedHash === hash };
	}

	/** The decision for a journal; reads the booked version by id when its list item carries no hash. */
	private async decisionFor(p: PendingJournal, identity: JournalIdentity): Promise<Decision | JournalOutcome> {
		const { key, hash } = p.prepared;
		const decideNow = (): Decision => decide(this.index.get(key), hash, p.config.onChangedJournal, (id) => this.hashById.get(id));
		const first = decideNow();
		if (first.action !== 'unknown-hash') return first;
		const detail = await this.port.getMutation(first.mutation.id);
		if (!detail.ok) return failedOutcome(identity, detail.failure);
		const readHash = hashFromEntryNumber(detail.value.entryNumber);
		if (readHash) this.hashById.set(first.mutation.id, readHash);
		const second = decideNow();
		if (second.action !== 'unknown-hash') return second;
		return outcome(identity, 'needs-review', {
			mutationIds: [second.mutation.id],
			message: `Entry ${second.mutation.id} (${key}) carries no content hash in its entry number, so a change cannot be detected; compare it by hand`,
			description: 'Compare the entry in e-Boekhouden with the journal in Nmbrs; nothing was booked for this journal.',
		});
	}

	/** One journal: its outcome, after at most the POSTs its decision needs. */
	async handle(p: PendingJournal): Promise<JournalOutcome> {
		const identity = identityOf(p.journal, p.prepared);
		const { key, hash } = p.prepared;
		const previous = this.handled.get(key);
		if (previous !== undefined && previous !== hash) {
			return outcome(identity, 'needs-review', {
				message: `Journal ${key} occurs more than once in the input with different content; only the first was processed`,
				description: 'Check which version is right in Nmbrs and run the workflow again; the next run compares it with what is booked.',
			});
		}
		this.handled.set(key, hash);
		const decision = await this.decisionFor(p, identity);
		if (!('action' in decision)) return decision;
		const chain = this.index.get(key);
		const earlier = chain ? chainMutationIds(chain) : [];
		switch (decision.action) {
			case 'unchanged':
				return outcome(identity, 'already-posted', { mutationIds: chain ? earlier : [decision.mutation.id] });
			case 'review':
				return outcome(identity, 'needs-review', {
					mutationIds: earlier,
					message: decision.reason,
					description: 'Look at the entries of this journal in e-Boekhouden and correct them by hand if needed; nothing was booked for it.',
				});
			case 'post':
			case 'complete':
				return await this.postVersion(p, identity, decision, earlier);
			case 'repost':
				return await this.repost(p, identity, decision, earlier);
			default:
				return failedOutcome(identity, { code: 'UNKNOWN_DECISION', field: null, message: 'Unknown decision', description: 'Report this problem in the node.' });
		}
	}

	/** Builds the payload of a version (or a failure naming what is missing). */
	private async payloadFor(p: PendingJournal, invoiceNumber: string): Promise<Outcome<MemoriaalPayload>> {
		const lookups = await this.lookups();
		if (!lookups.ok) return lookups;
		const { journal, hash } = p.prepared;
		const built = buildMemoriaalPayload(p.prepared, p.config, lookups.value, invoiceNumber, entryNumberFor(journal.companyId, journal.runId, hash));
		return built.ok ? { ok: true, value: built.payload } : { ok: false, failure: failureOfPlan(built) };
	}

	/** Nothing booked yet (post), or an earlier run reversed the booked version but did not post the new one (complete). */
	private async postVersion(p: PendingJournal, identity: JournalIdentity, decision: Posting, earlier: number[]): Promise<JournalOutcome> {
		const built = await this.payloadFor(p, decision.action === 'post' ? p.prepared.key : decision.invoiceNumber);
		if (!built.ok) return failedOutcome(identity, built.failure);
		if (p.dryRun) {
			const plannedAction = decision.action === 'post' ? 'post' : 'post-new-version';
			return outcome(identity, 'dry-run', { plannedAction, mutationIds: earlier, payloads: [built.value] });
		}
		const result = await this.post(built.value, p.prepared.hash);
		return this.outcomeOf(identity, result, decision.action === 'post' ? 'posted' : 'reposted', earlier);
	}

	/** The journal changed: book the reversal of the booked version, then the new version. */
	private async repost(p: PendingJournal, identity: JournalIdentity, decision: Repost, earlier: number[]): Promise<JournalOutcome> {
		const built = await this.payloadFor(p, decision.invoiceNumber);
		if (!built.ok) return failedOutcome(identity, built.failure);
		const { journal, hash } = p.prepared;
		const active = decision.reverse.mutation;
		const detail = await this.port.getMutation(active.id);
		if (!detail.ok) return failedOutcome(identity, detail.failure);
		const reversedHash = hashFromEntryNumber(active.entryNumber) ?? hashFromEntryNumber(detail.value.entryNumber) ?? '0';
		const reversal = buildReversalPayload(
			reversalSource(detail.value, active),
			decision.reverse.invoiceNumber,
			entryNumberFor(journal.companyId, journal.runId, reversedHash, decision.version),
		);
		if (p.dryRun) return outcome(identity, 'dry-run', { plannedAction: 'reverse-and-post', mutationIds: earlier, payloads: [reversal, built.value] });
		const reversed = await this.post(reversal, null);
		if (reversed.kind === 'closed') {
			const message = `Journal changed, but the period of entry ${active.id} is closed, so it cannot be reversed: ${reversed.failure.message}`;
			return outcome(identity, 'skipped-closed', { ...reversed.failure, message, mutationIds: earlier });
		}
		if (reversed.kind === 'failed') {
			const message = `Reversal ${reversal.invoiceNumber} not booked: ${reversed.failure.message}`;
			return failedOutcome(identity, { ...reversed.failure, message }, { mutationIds: earlier });
		}
		const done = this.outcomeOf(identity, await this.post(built.value, hash), 'reposted', [...earlier, reversed.id]);
		if (done.status === 'reposted' || done.status === 'already-posted') return done;
		return failedOutcome(
			identity,
			{
				code: done.code ?? 'NEW_VERSION_NOT_BOOKED',
				field: null,
				message: `Reversal ${reversal.invoiceNumber} was booked (entry ${reversed.id}) but the new version ${built.value.invoiceNumber} was not: ${String(done.message)}. The next run books the new version.`,
				description: done.description ?? 'Run the workflow again: the next run books the new version.',
			},
			{ mutationIds: done.mutationIds },
		);
	}

	private outcomeOf(identity: JournalIdentity, result: PostResult, successStatus: 'posted' | 'reposted', earlier: number[]): JournalOutcome {
		switch (result.kind) {
			case 'created':
				return outcome(identity, successStatus, { mutationIds: [...earlier, result.id], invoiceNumber: result.payload.invoiceNumber });
			case 'exists':
				return result.sameContent
					? outcome(identity, 'already-posted', { mutationIds: [...earlier, result.id], message: 'Booked at the same moment by another execution' })
					: outcome(identity, 'needs-review', {
							mutationIds: [...earlier, result.id],
							message: `Another execution booked ${String(identity.key)} at the same moment with different content (entry ${result.id}); review it`,
							description: 'Compare the entry in e-Boekhouden with the journal in Nmbrs; the next run compares them again.',
						});
			case 'closed':
				return outcome(identity, 'skipped-closed', { ...result.failure, mutationIds: earlier });
			case 'failed':
				return failedOutcome(identity, result.failure, { mutationIds: earlier });
		}
	}
}
