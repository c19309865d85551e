/**
 * What the domain needs from Nextens, as a small port so the use cases run without n8n (unit tests) and
 * inside the node (transport/client.ts). Failures come back as values; only a 401 is thrown by the port
 * (it stops the whole run). Pure types.
 */
import type { Soort, StoredClient } from './types';

export interface ApiFailure {
	/** HTTP status; 0 for a network failure (no answer). */
	status: number;
	code: string;
	message: string;
	field: string | null;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ApiFailure };

export type LookupQuery =
	| { bsn: string }
	| { fiscaalNummer: string; volgnummer: number }
	| { naam: string; soort: Soort };

/** One page of a list endpoint. */
export interface ListPage<T> {
	items: T[];
	count: number;
	total: number;
}

/** What the upsert of one record needs. A 401 must be thrown by the port (it stops the batch). */
export interface NextensPort {
	getClient(id: string): Promise<Outcome<StoredClient>>;
	findClients(query: LookupQuery): Promise<Outcome<StoredClient[]>>;
	createClient(body: Record<string, unknown>): Promise<Outcome<StoredClient>>;
	updateClient(id: string, body: Record<string, unknown>, versie?: number): Promise<Outcome<StoredClient>>;
}

/** The client list, read page by page (for the prefetched index of a large batch). */
export interface ClientLister {
	listClients(qs: Record<string, string | number>, limit: number, offset: number): Promise<Outcome<ListPage<StoredClient>>>;
}

export function isTransient(error: ApiFailure): boolean {
	return error.status === 0 || error.status >= 500;
}
