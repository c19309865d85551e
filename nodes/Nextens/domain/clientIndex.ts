/**
 * A local index of all Nextens clients, read once per execution (a few list pages), that answers
 * the upsert lookups (BSN, fiscaal nummer + volgnummer, exact name, id) without a call per record.
 * A large batch then costs about one write per changed or new record and nothing for an unchanged
 * one. Writes go to Nextens and update the index, so later records of the same batch see them.
 * When a write of a record fails (conflict, not found, no answer), that record's lookups go to
 * Nextens itself from then on, so a stale index can never cause a wrong or duplicate write.
 * Pure: no n8n imports.
 */
import { collapse } from './normalise';
import type { StoredClient } from './types';
import type { LookupQuery, NextensPort, Outcome } from './port';

function fiscaalKey(fiscaalNummer: string, volgnummer: number): string {
	return `${fiscaalNummer}/${volgnummer}`;
}

export class ClientIndex {
	private readonly byId = new Map<string, StoredClient>();

	private readonly byBsn = new Map<string, Set<string>>();

	private readonly byFiscaal = new Map<string, Set<string>>();

	private readonly byName = new Map<string, Set<string>>();

	constructor(clients: readonly StoredClient[] = []) {
		for (const c of clients) this.put(c);
	}

	get size(): number {
		return this.byId.size;
	}

	private keys(c: StoredClient): Array<[Map<string, Set<string>>, string]> {
		const keys: Array<[Map<string, Set<string>>, string]> = [];
		if (c.soort === 'persoon' && typeof c.bsn === 'string' && c.bsn) keys.push([this.byBsn, c.bsn]);
		if (c.soort === 'organisatie' && typeof c.fiscaalNummer === 'string' && c.fiscaalNummer) {
			const vn = typeof c.volgnummer === 'number' ? c.volgnummer : 1;
			keys.push([this.byFiscaal, fiscaalKey(c.fiscaalNummer, vn)]);
		}
		if (typeof c.weergavenaam === 'string') keys.push([this.byName, `${c.soort}|${collapse(c.weergavenaam)}`]);
		return keys;
	}

	/** Adds or replaces a client (after a create or update). */
	put(c: StoredClient): void {
		this.remove(c.id);
		this.byId.set(c.id, c);
		for (const [map, key] of this.keys(c)) {
			let set = map.get(key);
			if (!set) map.set(key, (set = new Set()));
			set.add(c.id);
		}
	}

	remove(id: string): void {
		const old = this.byId.get(id);
		if (!old) return;
		for (const [map, key] of this.keys(old)) {
			const set = map.get(key);
			set?.delete(id);
			if (set && set.size === 0) map.delete(key);
		}
		this.byId.delete(id);
	}

	get(id: string): StoredClient | undefined {
		return this.byId.get(id);
	}

	/** The answer the list endpoint would give for a lookup, ordered by id as Nextens orders it. */
	find(query: LookupQuery): StoredClient[] {
		let ids: Set<string> | undefined;
		if ('bsn' in query) ids = this.byBsn.get(query.bsn);
		else if ('fiscaalNummer' in query) ids = this.byFiscaal.get(fiscaalKey(query.fiscaalNummer, query.volgnummer));
		else ids = this.byName.get(`${query.soort}|${collapse(query.naam)}`);
		if (!ids) return [];
		return [...ids]
			.map((id) => this.byId.get(id) as StoredClient)
			.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	}

	/** A port for one record: lookups from the index until one of its writes fails, then from Nextens. */
	portFor(live: NextensPort): NextensPort {
		let useLive = false;
		const track = (outcome: Outcome<StoredClient>): Outcome<StoredClient> => {
			if (outcome.ok) this.put(outcome.value);
			else useLive = true;
			return outcome;
		};
		return {
			getClient: async (id: string) => {
				const hit = useLive ? undefined : this.get(id);
				if (hit) return { ok: true, value: hit };
				const got = await live.getClient(id);
				if (got.ok) this.put(got.value);
				else if (got.error.status === 404) this.remove(id);
				return got;
			},
			findClients: async (query: LookupQuery) => {
				if (!useLive) return { ok: true, value: this.find(query) };
				const found = await live.findClients(query);
				if (found.ok) for (const c of found.value) this.put(c);
				return found;
			},
			createClient: async (body: Record<string, unknown>) => track(await live.createClient(body)),
			updateClient: async (id: string, body: Record<string, unknown>, versie?: number) => {
				const outcome = await live.updateClient(id, body, versie);
				if (!outcome.ok && outcome.error.status === 404) this.remove(id);
				return track(outcome);
			},
		};
	}
}

/**
 * Whether reading the whole client list first is cheaper than one or two lookups per record:
 * `pages` list calls against roughly `records` lookups. Small batches (a webhook call) never do.
 */
export function shouldPrefetch(records: number, totalClients: number, pageSize: number, minRecords = 10): boolean {
	if (records < minRecords) return false;
	const pages = Math.max(1, Math.ceil(totalClients / pageSize));
	return pages <= records / 4;
}
