/**
 * The Create or Update use case for a batch of CRM records: decides once whether to read the whole
 * client list into a local index (see {@link shouldPrefetch}), then checks, normalises and upserts one
 * record at a time, records touching the same keys one after the other ({@link KeyedMutex}).
 * Pure: no n8n imports.
 */
import { NEXTENS_LIST_MAX_LIMIT } from '../../common/assumptions';
import { createGate, gatedPort, mapWithConcurrency } from '../../common/pool';
import { ClientIndex, shouldPrefetch } from './clientIndex';
import { KeyedMutex } from './keyedMutex';
import { normaliseRecord } from './normalise';
import type { ClientLister, NextensPort } from './port';
import type { Soort, StoredClient, UpsertResult } from './types';
import { upsertResult } from './types';
import { lockKeys, upsertClient } from './upsert';
import type { UpsertOptions } from './upsert';
import { invalidRecord } from './upsertFailures';
import { todayUtc, validatePayload } from './validate';

export type LookupStrategy = 'auto' | 'perRecord' | 'prefetch';

/** One CRM record as the node read it: its type, its mapped CRM fields and its links. */
export interface CrmRecord {
	soort: Soort;
	fields: Record<string, unknown>;
	crmId: string | null;
	nextensId: string | null;
}

/**
 * Reads all clients into a local index when that saves calls; the first page also tells how many there
 * are, and the other pages are then read `concurrency` at a time. Undefined: look up every record in Nextens (also when the list cannot be read; `warn` says why).
 */
export async function loadClientIndex(
	lister: ClientLister,
	records: number,
	strategy: LookupStrategy,
	warn: (message: string) => void,
	concurrency = 1,
): Promise<ClientIndex | undefined> {
	if (strategy === 'perRecord' || records === 0 || (strategy === 'auto' && records < 10)) return undefined;
	const unreadable = (code: string) => {
		warn(`Nextens: could not read the client list (${code}); looking up each record instead`);
		return undefined;
	};
	const first = await lister.listClients({}, NEXTENS_LIST_MAX_LIMIT, 0);
	if (!first.ok) return unreadable(first.error.code);
	const items = Array.isArray(first.value.items) ? first.value.items : [];
	const total = typeof first.value.total === 'number' ? first.value.total : items.length;
	if (strategy === 'auto' && !shouldPrefetch(records, total, NEXTENS_LIST_MAX_LIMIT)) return undefined;
	// The first page gave the total, so the other pages are read side by side, `concurrency` at a time.
	const offsets: number[] = [];
	for (let offset = items.length; items.length > 0 && offset < total; offset += NEXTENS_LIST_MAX_LIMIT) offsets.push(offset);
	const pages = await mapWithConcurrency(offsets, concurrency, async (offset) => await lister.listClients({}, NEXTENS_LIST_MAX_LIMIT, offset));
	const all: StoredClient[] = [...items];
	for (const page of pages) {
		if (!page.ok) return unreadable(page.error.code);
		if (Array.isArray(page.value.items)) all.push(...page.value.items);
	}
	return new ClientIndex(all);
}

/** One batch of Create or Update: open it once, then {@link ClientSync.upsert} each record. */
export class ClientSync {
	private readonly mutex = new KeyedMutex();

	private readonly today = todayUtc();

	private constructor(
		private readonly port: NextensPort,
		private readonly index: ClientIndex | undefined,
	) {}

	/**
	 * `concurrency` is the number of calls to Nextens in flight at once: every call waits for a place at one gate, so
	 * callers may upsert more records at a time than that (their checks and comparisons then happen while they wait).
	 */
	static async open(
		nextens: NextensPort & ClientLister,
		records: number,
		strategy: LookupStrategy,
		warn: (message: string) => void,
		concurrency = 1,
	): Promise<ClientSync> {
		const index = await loadClientIndex(nextens, records, strategy, warn, concurrency);
		return new ClientSync(gatedPort(nextens, createGate(concurrency)), index);
	}

	/** Checks the record (nothing of an invalid record is sent), then creates or updates it. */
	async upsert(record: CrmRecord, options: UpsertOptions): Promise<UpsertResult> {
		const { payload, provided, paddedFields } = normaliseRecord(record.soort, record.fields);
		const invalid = validatePayload(payload, this.today);
		if (invalid) {
			return upsertResult({ ...invalidRecord(invalid), nextensId: record.nextensId, crmId: record.crmId, paddedFields });
		}
		const input = { payload, provided, crmId: record.crmId, nextensId: record.nextensId };
		const result = await this.mutex.run(lockKeys(input), () =>
			upsertClient(this.index ? this.index.portFor(this.port) : this.port, input, options),
		);
		return { ...result, paddedFields };
	}
}
