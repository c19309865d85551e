/**
 * The use case behind Journal → Reconcile: compare the Nmbrs journals of a period with what e-Boekhouden holds
 * under the pack's journal keys, and change nothing. Pure: no n8n imports; the node passes the transport's port.
 *
 * Per execution: ONE list probe of the pack's memoriaals (the same probe as posting, widened to the booking dates
 * asked for), the ledger list once, and the detail of every booked version in scope (its rows give the totals per
 * ledger and, where the list item has none, the content hash). Each input journal gets the decision posting would
 * make from the same vendor data (versions.ts), named as a reconciliation status; bookings in the date range whose
 * journal is not in the input are reported as no longer in Nmbrs.
 */
import { EBOEKHOUDEN_DEFAULT_JOURNALS_AT_ONCE, EBOEKHOUDEN_LIKE_WILDCARD } from '../../common/assumptions';
import { mapWithConcurrency } from '../../common/pool';
import { KEY_PREFIX, hashFromEntryNumber } from './keys';
import type { MutationDetail, Outcome, PostingPort } from './port';
import { bookedLedgers, compare, nmbrsLedgers, type LedgerComparison, type LedgerSums } from './reconcileLedgers';
import {
	RECONCILE_ADVICE,
	dayOf,
	failedResult,
	identity,
	isEmptyItem,
	readInput,
	resultOf,
	type ReadJournal,
	type ReconcileResult,
	type ReconcileStatus,
} from './reconcileResult';
import type { PostingConfig, SignConvention } from './types';
import { activeVersion, chainMutationIds, decide, indexPosted, probeDateRange, type VersionChain } from './versions';

export * from './reconcileResult';

/** Reconciling reads only: the part of the posting port it may use. */
export type ReconcilePort = Pick<PostingPort, 'findMemoriaals' | 'getMutation' | 'listLedgers'>;

export interface ReconcileSettings extends Pick<PostingConfig, 'ledgerMapping' | 'useSameCodeWhenUnmapped' | 'fallbackLedgerCode'> {
	signConvention: SignConvention;
	/** Bookings dated in this range (ISO days) whose journal is not in the input are reported. */
	bookedFrom: string;
	bookedTo: string;
	/** Report bookings without a journal for every company, or only for the companies of the input journals. */
	missingFor: 'allCompanies' | 'inputCompanies';
	/** Booked versions read at the same time (default EBOEKHOUDEN_DEFAULT_JOURNALS_AT_ONCE). */
	readsAtOnce?: number;
}


const BASE_PATTERN = /^NMBRS-(\d+)-(\d+)-(\d+)$/;
/** What journalDescription writes: `{prefix} {year}-{period}[-{periodEnd}] run {n} ({company})`. */
const DESCRIPTION_PATTERN = / (\d{4})-(\d{2})(?:-\d{2})? run \d+(?: \((.*?)\)?)?$/;

type Details = Map<number, Outcome<MutationDetail>>;

/** What e-Boekhouden holds: the pack's bookings by journal key and the ledger codes by id and the other way round. */
interface Booked {
	index: Map<string, VersionChain>;
	ledgerIdByCode: Map<string, number>;
	codeById: Map<number, string>;
}

/** ONE probe over the booking dates and the input journals' years, and the ledger list. */
async function readBooked(port: ReconcilePort, read: ReadJournal[], settings: ReconcileSettings): Promise<Outcome<Booked>> {
	const fromInput = probeDateRange(read.map((r) => r.journal));
	const range = {
		from: fromInput && fromInput.from < settings.bookedFrom ? fromInput.from : settings.bookedFrom,
		to: fromInput && fromInput.to > settings.bookedTo ? fromInput.to : settings.bookedTo,
	};
	const companies = new Set(read.map((r) => r.journal.companyId));
	const onlyCompany = settings.missingFor === 'inputCompanies' && companies.size === 1 ? `${[...companies][0]}-` : '';
	const probe = await port.findMemoriaals(`${KEY_PREFIX}${onlyCompany}${EBOEKHOUDEN_LIKE_WILDCARD}`, range);
	if (!probe.ok) return probe;
	const ledgers = await port.listLedgers();
	if (!ledgers.ok) return ledgers;
	const booked: Booked = { index: indexPosted(probe.value), ledgerIdByCode: new Map(), codeById: new Map() };
	for (const l of ledgers.value) {
		if (l.id <= 0) continue;
		booked.ledgerIdByCode.set(l.code.trim(), l.id);
		booked.codeById.set(l.id, l.code.trim());
	}
	return { ok: true, value: booked };
}

/** The bookings without an input journal: active (or doubled) chains dated in the range, of the companies asked for. */
function withoutJournal(index: Map<string, VersionChain>, read: ReadJournal[], settings: ReconcileSettings): VersionChain[] {
	const inputKeys = new Set(read.map((r) => r.key));
	const inputCompanies = new Set(read.map((r) => r.journal.companyId));
	return [...index.values()].filter((chain) => {
		if (inputKeys.has(chain.base)) return false;
		const company = Number(BASE_PATTERN.exec(chain.base)?.[1]);
		if (settings.missingFor === 'inputCompanies' && !inputCompanies.has(company)) return false;
		const mutation = activeVersion(chain)?.mutation ?? chain.duplicates[0];
		const day = dayOf(mutation?.date);
		return mutation !== undefined && day >= settings.bookedFrom && day <= settings.bookedTo;
	});
}

/** The detail of every booked version of these chains, a few at a time. */
async function readDetails(port: ReconcilePort, chains: Array<VersionChain | undefined>, readsAtOnce: number): Promise<Details> {
	const ids = new Set<number>();
	for (const chain of chains) {
		const active = chain ? activeVersion(chain) : undefined;
		if (active) ids.add(active.mutation.id);
	}
	const details: Details = new Map();
	await mapWithConcurrency([...ids], readsAtOnce, async (id) => {
		details.set(id, await port.getMutation(id));
	});
	return details;
}

/** One result per input journal (in input order, empty items left out), then the bookings whose journal is not in the input. */
export async function reconcileJournals(
	port: ReconcilePort,
	items: Array<Record<string, unknown>>,
	settings: ReconcileSettings,
): Promise<ReconcileResult[]> {
	const read: ReadJournal[] = [];
	const results: ReconcileResult[] = [];
	items.forEach((item, index) => {
		if (isEmptyItem(item)) return;
		const r = readInput(item, index);
		if ('status' in r) results[index] = r;
		else read.push(r);
	});
	const booked = await readBooked(port, read, settings);
	if (!booked.ok) {
		const message = `Could not read the payroll bookings from e-Boekhouden, so nothing was compared: ${booked.failure.message}`;
		for (const r of read) results[r.index] = failedResult(r.index, identity(r), { ...booked.failure, message });
		return results.filter(Boolean);
	}
	const { index } = booked.value;
	const orphans = withoutJournal(index, read, settings);
	const details = await readDetails(port, [...read.map((r) => index.get(r.key)), ...orphans], settings.readsAtOnce ?? EBOEKHOUDEN_DEFAULT_JOURNALS_AT_ONCE);
	const ctx: Context = { ...booked.value, settings, details };
	for (const r of read) results[r.index] = reconcileOne(r, index.get(r.key), ctx);
	const orphanResults = orphans.map((chain) => orphanResult(chain, ctx)).sort((a, b) => String(a.key).localeCompare(String(b.key), 'en', { numeric: true }));
	return [...results.filter(Boolean), ...orphanResults];
}

interface Context extends Booked {
	settings: ReconcileSettings;
	details: Details;
}

/** The hash of a booked version: from its entry number in the list, else from its detail. */
function bookedHashOf(mutation: { id: number; entryNumber?: string }, details: Details): string | null {
	const detail = details.get(mutation.id);
	return hashFromEntryNumber(mutation.entryNumber) ?? (detail?.ok ? hashFromEntryNumber(detail.value.entryNumber) : null);
}

type Verdict = [status: Exclude<ReconcileStatus, 'failed'>, message: string, description?: string];

/** The decision posting would make for this journal, as a reconciliation status and message. */
function verdictOf(r: ReadJournal, chain: VersionChain | undefined, ledgers: LedgerComparison[], details: Details): Verdict {
	const unbalanced = r.totals.debitCents === r.totals.creditCents ? '' : ' The Nmbrs journal is not in balance, so the sync does not book it until it is corrected in Nmbrs.';
	const decision = decide(chain, r.hash, 'reverseAndRepost', (id) => bookedHashOf({ id }, details) ?? undefined);
	switch (decision.action) {
		case 'post':
			if (r.lines.length === 0) return ['nothing-to-book', `Journal ${r.key} has no amounts and nothing is booked for it`];
			return ['not-booked', `Journal ${r.key} is not booked in e-Boekhouden.${unbalanced}`];
		case 'complete': {
			const reversal = chain?.reversals.get(decision.version)?.id;
			return ['not-booked', `Journal ${r.key}: its earlier version was reversed (mutation ${reversal}), but the new version is not booked yet.${unbalanced}`];
		}
		case 'unchanged': {
			const differs = ledgers.filter((l) => l.difference !== 0).map((l) => l.ledgerCode);
			if (differs.length === 0) return ['booked', `Journal ${r.key} is booked (mutation ${decision.mutation.id}) and equal to Nmbrs`];
			return [
				'booked',
				`Journal ${r.key} is booked unchanged (mutation ${decision.mutation.id}), but on other ledgers than today's mapping gives (${differs.join(', ')})`,
				'Nothing to do when the ledger mapping was changed on purpose after booking; otherwise check the mapping and the booking.',
			];
		}
		case 'repost':
			return ['changed', `Journal ${r.key} changed in Nmbrs after it was booked (mutation ${decision.reverse.mutation.id}, version ${decision.reverse.reversedVersion}).${unbalanced}`];
		case 'review':
			return ['needs-review', decision.reason];
		case 'unknown-hash':
			return [
				'needs-review',
				`Journal ${r.key}: booked mutation ${decision.mutation.id} carries no content fingerprint in its entry number, so it cannot be compared`,
				'Check whether the entry number (boekstuknummer) of the mutation was changed by hand in e-Boekhouden; restore it or check the journal by hand.',
			];
	}
}

function reconcileOne(r: ReadJournal, chain: VersionChain | undefined, ctx: Context): ReconcileResult {
	const active = chain ? activeVersion(chain) : undefined;
	const base = {
		...identity(r),
		mutationIds: chain ? chainMutationIds(chain) : [],
		bookedMutationId: active?.mutation.id ?? null,
		bookedVersion: active?.n ?? null,
		bookedHash: active ? bookedHashOf(active.mutation, ctx.details) : null,
	};
	const detail = active ? ctx.details.get(active.mutation.id) : undefined;
	if (detail && !detail.ok) {
		const message = `Could not read booked mutation ${active!.mutation.id} of journal ${r.key}: ${detail.failure.message}`;
		return failedResult(r.index, base, { ...detail.failure, message });
	}
	const sums = new Map<string, LedgerSums>();
	nmbrsLedgers(r.lines, ctx.settings, ctx.ledgerIdByCode, sums);
	if (detail?.ok) bookedLedgers(detail.value, ctx.settings.signConvention, ctx.codeById, sums);
	const { ledgers, totals } = compare(sums);
	const [status, message, description = RECONCILE_ADVICE[status]] = verdictOf(r, chain, ledgers, ctx.details);
	return resultOf(r.index, { ...base, status, message, description, totals, ledgers });
}

function orphanResult(chain: VersionChain, ctx: Context): ReconcileResult {
	const [, company, year, run] = BASE_PATTERN.exec(chain.base) ?? [];
	const active = activeVersion(chain);
	const mutation = active?.mutation ?? chain.duplicates[0];
	const detail = active ? ctx.details.get(active.mutation.id) : undefined;
	const described = detail?.ok ? DESCRIPTION_PATTERN.exec(detail.value.description ?? '') : null;
	const base: Partial<ReconcileResult> = {
		key: chain.base,
		companyId: company ? Number(company) : null,
		companyName: described?.[3] ?? null,
		year: year ? Number(year) : null,
		period: described ? Number(described[2]) : null,
		runId: run ? Number(run) : null,
		date: dayOf(mutation?.date) || null,
		mutationIds: chainMutationIds(chain),
		bookedMutationId: active?.mutation.id ?? null,
		bookedVersion: active?.n ?? null,
		bookedHash: active ? bookedHashOf(active.mutation, ctx.details) : null,
	};
	if (detail && !detail.ok) {
		return failedResult(null, base, { ...detail.failure, message: `Could not read booked mutation ${active!.mutation.id} of journal ${chain.base}: ${detail.failure.message}` });
	}
	const sums = new Map<string, LedgerSums>();
	if (detail?.ok) bookedLedgers(detail.value, ctx.settings.signConvention, ctx.codeById, sums);
	const { ledgers, totals } = compare(sums);
	const decision = decide(chain, '', 'review');
	const [status, message]: Verdict =
		decision.action === 'review' || !active
			? ['needs-review', decision.action === 'review' ? decision.reason : `Journal ${chain.base} is booked inconsistently`]
			: ['not-in-nmbrs', `Journal ${chain.base} is booked in e-Boekhouden (mutation ${active.mutation.id}) but Nmbrs has no such journal for this period any more`];
	const description = RECONCILE_ADVICE[status];
	return resultOf(null, { ...base, status, message, description, totals, ledgers });
}
