/**
 * Nextens emulator state and the `--seed` loader. A seed uses the API's own shapes (see README,
 * "Nextens seed schema"); every client goes through the same validation and normalisation as a POST,
 * so a seed cannot hold data the API itself would refuse.
 */
import {
	buildClient,
	MACHTIGING_STATUSES,
	MIDDELEN,
	READ_ONLY_FIELDS,
	validateClientBody,
	type SbaMachtiging,
	type StoredClient,
} from './clients';
import { canonicalTimestamp, compareIds, compareSba, normaliseSbaInput, type StoredSba } from './sba';
import { NEXTENS_CLIENT_ID_PREFIX, NEXTENS_DEFAULT_TOKENS, NEXTENS_SBA_ID_PREFIX } from '../assumptions';

export interface NextensState {
	/** Accepted API tokens (Authorization: Bearer <token>). */
	tokens: string[];
	/** Sorted by id (compareIds). */
	clients: StoredClient[];
	/** Sorted by ontvangenOp, then id. */
	sbas: StoredSba[];
	/** Next number for `kl_` + 6-digit ids. */
	nextClientNumber: number;
	/** Next number for `sba_` + 6-digit ids. */
	nextSbaNumber: number;
}

export interface NextensSeed {
	tokens?: string[];
	clients?: unknown[];
	sbas?: unknown[];
	nextClientNumber?: number;
	nextSbaNumber?: number;
}

/** Timestamp given to seed clients that name none. */
export const SEED_DEFAULT_TIMESTAMP = '2024-01-01T00:00:00.000Z';

export function formatId(prefix: string, n: number): string {
	return prefix + String(n).padStart(6, '0');
}

function numberOf(idValue: string, prefix: string): number {
	if (!idValue.startsWith(prefix)) return 0;
	const rest = idValue.slice(prefix.length);
	return /^\d+$/.test(rest) ? Number(rest) : 0;
}

export function clientFiscaalNummer(c: StoredClient): string | null {
	return c.soort === 'persoon' ? c.bsn : c.fiscaalNummer;
}

function todayUtc(): string {
	return new Date().toISOString().slice(0, 10);
}

export function normaliseMachtigingen(raw: unknown, where: string): SbaMachtiging[] {
	if (raw === undefined || raw === null) return [];
	if (!Array.isArray(raw)) throw new Error(`${where}.sbaMachtigingen must be an array`);
	return raw.map((m, i) => {
		const at = `${where}.sbaMachtigingen[${i}]`;
		if (typeof m !== 'object' || m === null || Array.isArray(m)) throw new Error(`${at} must be an object`);
		const r = m as Record<string, unknown>;
		for (const k of Object.keys(r)) {
			if (!['middel', 'jaar', 'status', 'ophalenInNextens'].includes(k)) throw new Error(`${at}: unknown field ${k}`);
		}
		if (!(MIDDELEN as readonly unknown[]).includes(r.middel)) throw new Error(`${at}.middel must be IB, VPB or BTW`);
		if (typeof r.jaar !== 'number' || !Number.isInteger(r.jaar)) throw new Error(`${at}.jaar must be an integer`);
		if (!(MACHTIGING_STATUSES as readonly unknown[]).includes(r.status)) {
			throw new Error(`${at}.status must be one of ${MACHTIGING_STATUSES.join(', ')}`);
		}
		if (r.ophalenInNextens !== undefined && typeof r.ophalenInNextens !== 'boolean') {
			throw new Error(`${at}.ophalenInNextens must be a boolean`);
		}
		return {
			middel: r.middel as SbaMachtiging['middel'],
			jaar: r.jaar,
			status: r.status as SbaMachtiging['status'],
			// ASSUMPTION (seed only): an omitted flag is true for an active registration.
			ophalenInNextens: r.ophalenInNextens === undefined ? r.status === 'actief' : r.ophalenInNextens,
		};
	});
}

/**
 * One client in seed/admin shape -> stored client. The id is assigned by `newId` when absent.
 * Throws an Error with the API's error code and field when the client is invalid.
 */
export function clientFromSeed(raw: unknown, where: string, newId: () => string): StoredClient {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${where} must be a JSON object`);
	const r = raw as Record<string, unknown>;
	const body: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(r)) if (!(READ_ONLY_FIELDS as readonly string[]).includes(k)) body[k] = v;
	const result = validateClientBody(body, { mode: 'create' }, todayUtc());
	if (!result.ok) {
		throw new Error(`${where}: ${result.error.code} at ${result.error.field ?? '(body)'}: ${result.error.message}`);
	}
	let clientId: string;
	if (r.id === undefined || r.id === null) clientId = newId();
	else if (typeof r.id === 'string' && r.id.trim() !== '' && !/[/?#\s]/.test(r.id)) clientId = r.id;
	else throw new Error(`${where}.id must be a non-empty string without / ? # or spaces`);
	const versie = r.versie ?? 1;
	if (typeof versie !== 'number' || !Number.isInteger(versie) || versie < 1) throw new Error(`${where}.versie must be an integer >= 1`);
	const ts = (k: 'aangemaaktOp' | 'gewijzigdOp', fallback: string): string => {
		const v = r[k];
		if (v === undefined || v === null) return fallback;
		const c = typeof v === 'string' ? canonicalTimestamp(v) : null;
		if (!c) throw new Error(`${where}.${k} must be an ISO 8601 timestamp`);
		return c;
	};
	const aangemaaktOp = ts('aangemaaktOp', SEED_DEFAULT_TIMESTAMP);
	const gewijzigdOp = ts('gewijzigdOp', aangemaaktOp);
	return buildClient(clientId, result.value, {
		sbaMachtigingen: normaliseMachtigingen(r.sbaMachtigingen, where),
		versie,
		aangemaaktOp,
		gewijzigdOp,
	});
}

const SEED_KEYS = new Set(['tokens', 'clients', 'sbas', 'nextClientNumber', 'nextSbaNumber']);

/** Builds a state from a seed (validated; throws an Error that names the offending record). */
export function stateFromSeed(seed: unknown, nowIso: () => string = () => new Date().toISOString()): NextensState {
	if (typeof seed !== 'object' || seed === null || Array.isArray(seed)) throw new Error('the Nextens seed must be a JSON object');
	const s = seed as Record<string, unknown>;
	for (const k of Object.keys(s)) if (!SEED_KEYS.has(k)) throw new Error(`unknown seed field ${k}`);

	let tokens = [...NEXTENS_DEFAULT_TOKENS];
	if (s.tokens !== undefined) {
		if (!Array.isArray(s.tokens) || s.tokens.some((t) => typeof t !== 'string' || t.trim() === '')) {
			throw new Error('tokens must be an array of non-empty strings');
		}
		tokens = (s.tokens as string[]).map((t) => t.trim());
	}
	for (const k of ['clients', 'sbas'] as const) {
		if (s[k] !== undefined && !Array.isArray(s[k])) throw new Error(`${k} must be an array`);
	}
	const rawClients = (s.clients as unknown[] | undefined) ?? [];
	const rawSbas = (s.sbas as unknown[] | undefined) ?? [];

	// Explicit ids first fix the counter; then clients without an id get the following numbers in order.
	let maxClient = 0;
	for (const c of rawClients) {
		const cid = (c as { id?: unknown } | null)?.id;
		if (typeof cid === 'string') maxClient = Math.max(maxClient, numberOf(cid, NEXTENS_CLIENT_ID_PREFIX));
	}
	let nextClient = maxClient + 1;
	const clients: StoredClient[] = [];
	const seen = new Set<string>();
	rawClients.forEach((raw, i) => {
		const c = clientFromSeed(raw, `clients[${i}]`, () => formatId(NEXTENS_CLIENT_ID_PREFIX, nextClient++));
		if (seen.has(c.id)) throw new Error(`clients[${i}]: duplicate id ${c.id}`);
		seen.add(c.id);
		clients.push(c);
	});
	clients.sort((a, b) => compareIds(a.id, b.id));
	// key uniqueness with maps (a seed may hold many thousands of clients)
	const bsns = new Map<string, string>();
	const fiscaal = new Map<string, string>();
	for (const c of clients) {
		if (c.soort === 'persoon' && c.bsn !== null) {
			const other = bsns.get(c.bsn);
			if (other) throw new Error(`client ${c.id}: DUPLICATE_KEY bsn already used by ${other}`);
			bsns.set(c.bsn, c.id);
		} else if (c.soort === 'organisatie' && c.fiscaalNummer !== null) {
			const key = `${c.fiscaalNummer}/${c.volgnummer}`;
			const other = fiscaal.get(key);
			if (other) throw new Error(`client ${c.id}: DUPLICATE_KEY fiscaalNummer/volgnummer ${key} already used by ${other}`);
			fiscaal.set(key, c.id);
		}
	}
	maxClient = clients.reduce((m, c) => Math.max(m, numberOf(c.id, NEXTENS_CLIENT_ID_PREFIX)), 0);
	const nextClientNumber = Math.max(maxClient + 1, typeof s.nextClientNumber === 'number' ? s.nextClientNumber : 1);

	const byId = new Map(clients.map((c) => [c.id, c]));
	let maxSba = 0;
	for (const r of rawSbas) {
		const sid = (r as { id?: unknown } | null)?.id;
		if (typeof sid === 'string') maxSba = Math.max(maxSba, numberOf(sid, NEXTENS_SBA_ID_PREFIX));
	}
	let nextSba = maxSba + 1;
	const sbaIds = new Set<string>();
	const sbas = rawSbas.map((raw, i) => {
		try {
			const sba = normaliseSbaInput(raw, {
				clientFiscaalNummer: (klantId) => {
					const c = byId.get(klantId);
					return c === undefined ? undefined : clientFiscaalNummer(c);
				},
				newId: () => formatId(NEXTENS_SBA_ID_PREFIX, nextSba++),
				now: nowIso,
			});
			if (sbaIds.has(sba.id)) throw new Error(`duplicate id ${sba.id}`);
			sbaIds.add(sba.id);
			return sba;
		} catch (error) {
			throw new Error(`sbas[${i}]: ${(error as Error).message}`);
		}
	});
	sbas.sort(compareSba);
	maxSba = sbas.reduce((m, x) => Math.max(m, numberOf(x.id, NEXTENS_SBA_ID_PREFIX)), 0);
	const nextSbaNumber = Math.max(maxSba + 1, typeof s.nextSbaNumber === 'number' ? s.nextSbaNumber : 1);

	return { tokens, clients, sbas, nextClientNumber, nextSbaNumber };
}

/** Binary search in the id-sorted client list. */
export function findClientIndex(clients: readonly StoredClient[], clientId: string): number {
	let lo = 0;
	let hi = clients.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		const c = compareIds(clients[mid].id, clientId);
		if (c === 0) return mid;
		if (c < 0) lo = mid + 1;
		else hi = mid - 1;
	}
	// fall back to a scan in case the list was edited out of order (e.g. a hand-edited state file)
	return clients.findIndex((c) => c.id === clientId);
}

/** Inserts keeping id order (appending is the common case: new ids are the largest). */
export function insertClient(clients: StoredClient[], c: StoredClient): void {
	let i = clients.length;
	while (i > 0 && compareIds(clients[i - 1].id, c.id) > 0) i--;
	clients.splice(i, 0, c);
}

export function insertSba(sbas: StoredSba[], s: StoredSba): void {
	let i = sbas.length;
	while (i > 0 && compareSba(sbas[i - 1], s) > 0) i--;
	sbas.splice(i, 0, s);
}
