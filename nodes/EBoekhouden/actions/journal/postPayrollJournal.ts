import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import {
	EBOEKHOUDEN_COST_CENTRE_MATCH_BY_DESCRIPTION,
	EBOEKHOUDEN_DEFAULT_MEMORIAAL_SIGN,
	EBOEKHOUDEN_FILTER_PARAM,
	EBOEKHOUDEN_INVOICE_NUMBER_UNIQUE_FOR_MEMORIAAL,
	EBOEKHOUDEN_LIKE_WILDCARD,
	EBOEKHOUDEN_LIST_ITEMS_CARRY_ENTRY_NUMBER,
} from '../../../shared/assumptions';
import { bodyAsObject, type HttpResult } from '../../../shared/transport/request';
import {
	JournalInputError,
	KEY_PREFIX,
	addToIndex,
	aggregateRows,
	buildMemoriaalPayload,
	buildReversalPayload,
	chainMutationIds,
	decide,
	entryNumberFor,
	hashFromEntryNumber,
	indexPosted,
	preparedNeedsCostCentres,
	prepareJournal,
	probeDateRange,
	readJournal,
	type ChangedJournalAction,
	type Decision,
	type JournalStatus,
	type Lookups,
	type MemoriaalPayload,
	type PostedMutation,
	type PostedMutationDetail,
	type PostingConfig,
	type PreparedJournal,
	type SignConvention,
	type UnknownCostCentreAction,
	type VersionChain,
} from '../../domain';
import { classifyError } from '../../transport/errors';
import { asNodeError, isCredentialError, type EBoekhoudenClient } from '../../transport/client';
import { isoDay } from '../mutation/shared';

/** Resend attempts of one POST /v1/mutation after a 5xx / network failure (each preceded by a probe). */
const POST_ATTEMPTS = 3;
const POST_BACKOFF_MS = 500;

interface RunOptions {
	config: PostingConfig;
	dryRun: boolean;
}

/** One output item per input journal. */
export interface JournalOutcome extends IDataObject {
	status: JournalStatus;
	key: string;
	companyId: number | null;
	year: number | null;
	period: number | null;
	runId: number | null;
	date: string | null;
	mutationIds: number[];
	totals: IDataObject | null;
}

interface Pending {
	index: number;
	run: RunOptions;
	prepared: PreparedJournal;
}

/** Read the node's posting settings for one item. Throws NodeOperationError on a configuration error. */
export function readRunOptions(ctx: IExecuteFunctions, itemIndex: number): RunOptions {
	const clearingLedgerCode = String(ctx.getNodeParameter('clearingLedgerCode', itemIndex, '') ?? '').trim();
	if (clearingLedgerCode === '') {
		throw new NodeOperationError(ctx.getNode(), 'Clearing Ledger Code is empty', {
			itemIndex,
			description: 'Enter the code of the e-Boekhouden ledger every payroll memoriaal is booked against, e.g. 2190.',
		});
	}
	const ledgerRows = ((ctx.getNodeParameter('ledgerMapping', itemIndex, {}) as IDataObject).mapping ?? []) as IDataObject[];
	const costRows = ((ctx.getNodeParameter('costCentreMapping', itemIndex, {}) as IDataObject).mapping ?? []) as IDataObject[];
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	let closedUntil = '';
	if (options.closedUntil !== undefined && options.closedUntil !== null && String(options.closedUntil).trim() !== '') {
		const day = isoDay(String(options.closedUntil));
		if (!day) {
			throw new NodeOperationError(ctx.getNode(), `Closed Until "${String(options.closedUntil)}" is not a date`, {
				itemIndex,
				description: 'Set Closed Until to a date (YYYY-MM-DD) or remove the option.',
			});
		}
		closedUntil = day;
	}
	const config: PostingConfig = {
		clearingLedgerCode,
		ledgerMapping: ledgerRows
			.map((r) => ({ nmbrsCode: String(r.nmbrsCode ?? '').trim(), ledgerCode: String(r.ledgerCode ?? '').trim() }))
			.filter((r) => r.nmbrsCode !== ''),
		useSameCodeWhenUnmapped: ctx.getNodeParameter('useSameCodeWhenUnmapped', itemIndex, true) as boolean,
		fallbackLedgerCode: String(ctx.getNodeParameter('fallbackLedgerCode', itemIndex, '') ?? '').trim(),
		costCentreMapping: costRows
			.map((r) => ({ nmbrsCostCentre: String(r.nmbrsCostCentre ?? '').trim(), costCentre: String(r.costCentre ?? '').trim() }))
			.filter((r) => r.nmbrsCostCentre !== ''),
		useSameCostCentreWhenUnmapped:
			typeof options.useSameCostCentreWhenUnmapped === 'boolean'
				? options.useSameCostCentreWhenUnmapped
				: EBOEKHOUDEN_COST_CENTRE_MATCH_BY_DESCRIPTION,
		unknownCostCentre: (options.unknownCostCentre as UnknownCostCentreAction) ?? 'fail',
		signConvention: (options.signConvention as SignConvention) ?? EBOEKHOUDEN_DEFAULT_MEMORIAAL_SIGN,
		closedUntil,
		onChangedJournal: (options.onChangedJournal as ChangedJournalAction) ?? 'reverseAndRepost',
		descriptionPrefix: typeof options.descriptionPrefix === 'string' ? options.descriptionPrefix.trim() : 'Loonjournaal',
	};
	return { config, dryRun: options.dryRun === true };
}

function num(value: unknown): number | null {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

function baseOutcome(raw: IDataObject, key: string, prepared?: PreparedJournal): JournalOutcome {
	const j = prepared?.journal;
	return {
		status: 'failed',
		key,
		companyId: j ? j.companyId : num(raw.companyId),
		year: j ? j.year : num(raw.year),
		period: j ? j.period : num(raw.period),
		runId: j ? j.runId : num(raw.runId),
		date: j ? j.date : typeof raw.date === 'string' ? raw.date : null,
		mutationIds: [],
		totals: prepared ? { ...prepared.totals } : null,
	};
}

type PostResult =
	| { kind: 'created'; id: number; payload: MemoriaalPayload }
	| { kind: 'exists'; id: number; sameContent: boolean }
	| { kind: 'closed'; reason: string; errorCode?: string }
	| { kind: 'failed'; reason: string; errorCode?: string; description?: string };

/** State of one execution of Post Payroll Journal. */
class JournalPoster {
	private index = new Map<string, VersionChain>();

	private hashById = new Map<number, string>();

	/** key -> hash of journals handled in this execution (never two posts for one key). */
	private handled = new Map<string, string>();

	private lookupsPromise?: Promise<Lookups>;

	constructor(
		private readonly client: EBoekhoudenClient,
		private readonly pending: Pending[],
	) {}

	/** Ledgers and cost centres, read at most once per execution and only when a payload is needed. */
	private async lookups(): Promise<Lookups> {
		if (!this.lookupsPromise) this.lookupsPromise = loadLookups(this.client, this.pending);
		return await this.lookupsPromise;
	}

	/** ONE paged list probe for every journal of this execution (docs/vendors/eboekhouden-rest.md §6.4, done in bulk). */
	async probe(pending: Pending[]): Promise<void> {
		const range = probeDateRange(pending.map((p) => p.prepared.journal));
		if (!range) return;
		const companies = [...new Set(pending.map((p) => p.prepared.journal.companyId))];
		const pattern =
			companies.length === 1 ? `${KEY_PREFIX}${companies[0]}-${EBOEKHOUDEN_LIKE_WILDCARD}` : `${KEY_PREFIX}${EBOEKHOUDEN_LIKE_WILDCARD}`;
		const items = await this.client.list('/v1/mutation', {
			type: 7,
			[EBOEKHOUDEN_FILTER_PARAM('invoiceNumber', 'like')]: pattern,
			[EBOEKHOUDEN_FILTER_PARAM('date', 'range')]: `${range.from},${range.to}`,
		});
		this.index = indexPosted(items.map(toPosted));
	}

	/** Probe one invoice number (after MUT_019, or after a failed POST). */
	private async findByInvoiceNumber(invoiceNumber: string): Promise<PostedMutation | undefined> {
		const items = await this.client.list('/v1/mutation', { type: 7, invoiceNumber }, 10);
		const found = items.map(toPosted).find((m) => m.invoiceNumber === invoiceNumber);
		if (found) addToIndex(this.index, found);
		return found;
	}

	private async detail(id: number): Promise<IDataObject> {
		return bodyAsObject(await this.client.call('GET', `/v1/mutation/${id}`));
	}

	/** POST /v1/mutation, never blindly resent: after a 5xx or network failure the key is probed first. */
	private async post(payload: MemoriaalPayload, hash: string | null): Promise<PostResult> {
		let body = payload;
		let aggregated = false;
		for (let attempt = 1; ; attempt++) {
			let result: HttpResult | undefined;
			let transportError: Error | undefined;
			try {
				result = await this.client.request('POST', '/v1/mutation', { body: body as unknown as IDataObject, policy: { idempotent: false } });
			} catch (error) {
				if (isCredentialError(error)) throw asNodeError(this.client.node(), error);
				transportError = error as Error;
			}
			if (result && result.statusCode >= 200 && result.statusCode < 300) {
				const id = Number(bodyAsObject(result.body).id);
				addToIndex(this.index, { id, type: 7, date: body.date, invoiceNumber: body.invoiceNumber, entryNumber: body.entryNumber });
				return { kind: 'created', id, payload: body };
			}
			const classified = result ? classifyError(result.statusCode, bodyAsObject(result.body)) : undefined;
			if (transportError || classified?.errorClass === 'transient') {
				// Did it land anyway? Only resend when the key is not there.
				const found = await this.findByInvoiceNumber(body.invoiceNumber);
				if (found) return { kind: 'created', id: found.id, payload: body };
				if (attempt >= POST_ATTEMPTS) {
					return {
						kind: 'failed',
						reason: `${transportError ? transportError.message : classified?.message} (tried ${attempt} times, checked each time that nothing was booked)`,
						errorCode: classified?.code,
						description: 'Run the workflow again later; nothing was booked for this journal.',
					};
				}
				await sleep(POST_BACKOFF_MS * 2 ** (attempt - 1));
				continue;
			}
			const c = classified as NonNullable<typeof classified>;
			if (c.errorClass === 'closed') return { kind: 'closed', reason: c.message, errorCode: c.code };
			if (c.errorClass === 'duplicate' && EBOEKHOUDEN_INVOICE_NUMBER_UNIQUE_FOR_MEMORIAAL) {
				const found = await this.findByInvoiceNumber(body.invoiceNumber);
				if (!found) return { kind: 'failed', reason: `${c.message}, but no entry ${body.invoiceNumber} could be found`, errorCode: c.code };
				const postedHash = hashFromEntryNumber(found.entryNumber);
				return { kind: 'exists', id: found.id, sameContent: hash !== null && postedHash === hash };
			}
			if (c.errorClass === 'tooManyRows' && !aggregated) {
				aggregated = true;
				body = { ...body, rows: aggregateRows(body.rows) };
				continue;
			}
			return { kind: 'failed', reason: c.message, errorCode: c.code, description: c.description };
		}
	}

	async handle(p: Pending, raw: IDataObject): Promise<JournalOutcome> {
		const { prepared, run } = p;
		const { config } = run;
		const { key, hash, journal } = prepared;
		const out = baseOutcome(raw, key, prepared);
		const previous = this.handled.get(key);
		if (previous !== undefined && previous !== hash) {
			return {
				...out,
				status: 'needs-review',
				reason: `Journal ${key} occurs more than once in the input with different content; only the first was processed`,
			};
		}
		this.handled.set(key, hash);

		let decision: Decision = decide(this.index.get(key), hash, config.onChangedJournal, (id) => this.hashById.get(id));
		if (decision.action === 'unknown-hash') {
			const detail = await this.detail(decision.mutation.id);
			const readHash = hashFromEntryNumber(detail.entryNumber);
			if (readHash) this.hashById.set(decision.mutation.id, readHash);
			decision = decide(this.index.get(key), hash, config.onChangedJournal, (id) => this.hashById.get(id));
			if (decision.action === 'unknown-hash') {
				return {
					...out,
					status: 'needs-review',
					mutationIds: [decision.mutation.id],
					reason: `Entry ${decision.mutation.id} (${key}) carries no content hash in its entry number, so a change cannot be detected; compare it by hand`,
				};
			}
		}

		const chain = this.index.get(key);
		switch (decision.action) {
			case 'unchanged':
				return { ...out, status: 'already-posted', mutationIds: chain ? chainMutationIds(chain) : [decision.mutation.id] };
			case 'review':
				return { ...out, status: 'needs-review', mutationIds: chain ? chainMutationIds(chain) : [], reason: decision.reason };
			case 'post':
			case 'complete': {
				const invoiceNumber = decision.action === 'post' ? key : decision.invoiceNumber;
				const built = buildMemoriaalPayload(prepared, config, await this.lookups(), invoiceNumber, entryNumberFor(journal.companyId, journal.runId, hash));
				if (!built.ok) return { ...out, status: 'failed', reason: built.reason, errorCode: built.errorCode };
				const earlier = chain ? chainMutationIds(chain) : [];
				if (run.dryRun) {
					return {
						...out,
						status: 'dry-run',
						plannedAction: decision.action === 'post' ? 'post' : 'post-new-version',
						mutationIds: earlier,
						payloads: [built.payload as unknown as IDataObject],
					};
				}
				const result = await this.post(built.payload, hash);
				return this.outcomeOf(out, result, decision.action === 'post' ? 'posted' : 'reposted', earlier);
			}
			case 'repost': {
				const newEntry = entryNumberFor(journal.companyId, journal.runId, hash);
				const built = buildMemoriaalPayload(prepared, config, await this.lookups(), decision.invoiceNumber, newEntry);
				if (!built.ok) return { ...out, status: 'failed', reason: built.reason, errorCode: built.errorCode };
				const active = decision.reverse.mutation;
				const detail = await this.detail(active.id);
				const reversal = buildReversalPayload(
					toDetail(detail, active),
					decision.reverse.invoiceNumber,
					entryNumberFor(journal.companyId, journal.runId, hashFromEntryNumber(active.entryNumber) ?? hashFromEntryNumber(detail.entryNumber) ?? '0', decision.version),
				);
				const earlier = chain ? chainMutationIds(chain) : [];
				if (run.dryRun) {
					return {
						...out,
						status: 'dry-run',
						plannedAction: 'reverse-and-post',
						mutationIds: earlier,
						payloads: [reversal as unknown as IDataObject, built.payload as unknown as IDataObject],
					};
				}
				const reversed = await this.post(reversal, null);
				if (reversed.kind === 'closed') {
					return {
						...out,
						status: 'skipped-closed',
						mutationIds: earlier,
						reason: `Journal changed, but the period of entry ${active.id} is closed, so it cannot be reversed: ${reversed.reason}`,
						errorCode: reversed.errorCode,
					};
				}
				if (reversed.kind === 'failed') {
					return { ...out, status: 'failed', mutationIds: earlier, reason: `Reversal ${reversal.invoiceNumber} not booked: ${reversed.reason}`, errorCode: reversed.errorCode, description: reversed.description };
				}
				const result = await this.post(built.payload, hash);
				const outcome = this.outcomeOf(out, result, 'reposted', [...earlier, reversed.id]);
				if (outcome.status !== 'reposted' && outcome.status !== 'already-posted') {
					outcome.status = 'failed';
					outcome.reason = `Reversal ${reversal.invoiceNumber} was booked (entry ${reversed.id}) but the new version ${built.payload.invoiceNumber} was not: ${String(outcome.reason)}. The next run books the new version.`;
				}
				return outcome;
			}
		}
		return { ...out, status: 'failed', reason: 'Unknown decision' };
	}

	private outcomeOf(out: JournalOutcome, result: PostResult, successStatus: 'posted' | 'reposted', earlier: number[]): JournalOutcome {
		switch (result.kind) {
			case 'created':
				return { ...out, status: successStatus, mutationIds: [...earlier, result.id], invoiceNumber: result.payload.invoiceNumber };
			case 'exists':
				return result.sameContent
					? { ...out, status: 'already-posted', mutationIds: [...earlier, result.id], reason: 'Booked at the same moment by another execution' }
					: {
							...out,
							status: 'needs-review',
							mutationIds: [...earlier, result.id],
							reason: `Another execution booked ${out.key} at the same moment with different content (entry ${result.id}); review it`,
						};
			case 'closed':
				return { ...out, status: 'skipped-closed', mutationIds: earlier, reason: result.reason, errorCode: result.errorCode };
			case 'failed':
				return { ...out, status: 'failed', mutationIds: earlier, reason: result.reason, errorCode: result.errorCode, description: result.description };
		}
	}
}

function toPosted(item: IDataObject): PostedMutation {
	return {
		id: Number(item.id),
		type: num(item.type) ?? undefined,
		date: typeof item.date === 'string' ? item.date.slice(0, 10) : undefined,
		invoiceNumber: typeof item.invoiceNumber === 'string' ? item.invoiceNumber : undefined,
		entryNumber: EBOEKHOUDEN_LIST_ITEMS_CARRY_ENTRY_NUMBER && typeof item.entryNumber === 'string' ? item.entryNumber : undefined,
		ledgerId: num(item.ledgerId) ?? undefined,
		amount: num(item.amount) ?? undefined,
	};
}

function toDetail(detail: IDataObject, listed: PostedMutation): PostedMutationDetail {
	const rows = Array.isArray(detail.rows) ? (detail.rows as IDataObject[]) : [];
	return {
		id: listed.id,
		date: typeof detail.date === 'string' ? detail.date : (listed.date ?? ''),
		ledgerId: Number(detail.ledgerId ?? listed.ledgerId),
		description: typeof detail.description === 'string' ? detail.description : undefined,
		rows: rows.map((r) => ({
			ledgerId: Number(r.ledgerId),
			amount: Number(r.amount),
			costCenterId: num(r.costCenterId),
			description: typeof r.description === 'string' ? r.description : null,
		})),
	};
}

/** e-Boekhouden ledgers (code -> id, one paged GET) and, when needed, cost centres. Once per execution. */
async function loadLookups(client: EBoekhoudenClient, pending: Pending[]): Promise<Lookups> {
	const ledgers = await client.list('/v1/ledger');
	const ledgerIdByCode = new Map<string, number>();
	for (const l of ledgers) {
		if (l.code !== undefined && l.code !== null && Number(l.id) > 0) ledgerIdByCode.set(String(l.code).trim(), Number(l.id));
	}
	const lookups: Lookups = { ledgerIdByCode };
	if (pending.some((p) => preparedNeedsCostCentres(p.prepared))) {
		const costCentres = await client.list('/v1/costcenter');
		lookups.costCentres = costCentres
			.filter((c) => Number(c.id) > 0)
			.map((c) => ({ id: Number(c.id), description: String(c.description ?? ''), active: c.active !== false }));
	}
	return lookups;
}

/**
 * Journal → Post Payroll Journal for all input items at once: one ledger lookup and one probe of
 * already-posted journals per execution, then one decision per journal. One output item per input
 * journal; business outcomes (and per-journal failures) are statuses, not errors. A credential
 * error stops the execution.
 */
export async function executeBatch(this: IExecuteFunctions, client: EBoekhoudenClient): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const outcomes: JournalOutcome[] = new Array(items.length);
	const pending: Pending[] = [];

	for (let index = 0; index < items.length; index++) {
		const raw = (items[index].json ?? {}) as IDataObject;
		let run: RunOptions;
		try {
			run = readRunOptions(this, index);
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error, index);
			outcomes[index] = { ...baseOutcome(raw, ''), reason: (error as Error).message, errorCode: 'CONFIGURATION' };
			continue;
		}
		let prepared: PreparedJournal;
		try {
			const readResult = prepareJournal(readJournal(raw));
			if (!readResult.ok) {
				outcomes[index] = { ...baseOutcome(raw, ''), reason: readResult.reason, errorCode: readResult.errorCode };
				continue;
			}
			prepared = readResult.prepared;
		} catch (error) {
			if (!(error instanceof JournalInputError)) throw asNodeError(this.getNode(), error, index);
			outcomes[index] = { ...baseOutcome(raw, ''), reason: error.message, errorCode: 'INVALID_JOURNAL' };
			continue;
		}
		if (prepared.totals.droppedZeroLines > 0) {
			this.logger.debug(`Journal ${prepared.key}: ${prepared.totals.droppedZeroLines} zero-amount line(s) left out`);
		}
		if (run.config.closedUntil !== '' && prepared.journal.date <= run.config.closedUntil) {
			outcomes[index] = {
				...baseOutcome(raw, prepared.key, prepared),
				status: 'skipped-closed',
				reason: `Journal date ${prepared.journal.date} is on or before Closed Until ${run.config.closedUntil}; nothing was sent`,
			};
			continue;
		}
		pending.push({ index, run, prepared });
	}

	if (pending.length > 0) {
		let poster: JournalPoster | undefined;
		try {
			poster = new JournalPoster(client, pending);
			await poster.probe(pending);
		} catch (error) {
			if (isCredentialError(error) || !(error instanceof Error)) throw asNodeError(this.getNode(), error);
			const e = error as Error & { description?: string };
			for (const p of pending) {
				outcomes[p.index] = {
					...baseOutcome(items[p.index].json, p.prepared.key, p.prepared),
					reason: `Could not read the already-posted journals from e-Boekhouden, so nothing was booked: ${e.message}`,
					description: e.description ?? undefined,
				};
			}
			poster = undefined;
		}
		if (poster) {
			for (const p of pending) {
				try {
					outcomes[p.index] = await poster.handle(p, items[p.index].json);
				} catch (error) {
					if (isCredentialError(error)) throw asNodeError(this.getNode(), error, p.index);
					const e = error as Error & { description?: string };
					outcomes[p.index] = {
						...baseOutcome(items[p.index].json, p.prepared.key, p.prepared),
						reason: e.message,
						description: e.description ?? undefined,
					};
				}
			}
		}
	}

	const counts: Record<string, number> = {};
	for (const o of outcomes) counts[o.status] = (counts[o.status] ?? 0) + 1;
	this.logger.info('e-Boekhouden payroll journals processed', { ...counts, requests: client.requestCount });

	return [outcomes.map((json, item) => ({ json: stripUndefined(json), pairedItem: { item } }))];
}

function stripUndefined(o: JournalOutcome): IDataObject {
	const out: IDataObject = {};
	for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
	return out;
}
