/**
 * Nextens emulator: the project's assumed partner REST contract (docs/vendors/nextens-contract.md Part B), mounted
 * under /api/v1. Token auth, strict validation with one deterministic first error, client lookups by
 * BSN / fiscaal nummer + volgnummer / exact name, create and full-replacement update with versions,
 * SBA list and detail (with an XBRL instance). Development tooling only: never imported by product code.
 */
import { randomBytes } from 'node:crypto';

import { jsonBodySubject } from '../common/requestLog';
import type { EmulatorService, ServiceContext, VendorRequest, VendorResponse } from '../common/types';
import {
	NEXTENS_BASE_PATH,
	NEXTENS_CLIENT_ID_PREFIX,
	NEXTENS_IF_MATCH_WILDCARD,
	NEXTENS_LIST_DEFAULT_LIMIT,
	NEXTENS_LIST_MAX_LIMIT,
	NEXTENS_MASK_BSN_IN_MESSAGES,
	NEXTENS_REJECT_UNKNOWN_QUERY_PARAMETERS,
	NEXTENS_SBA_ID_PREFIX,
	NEXTENS_UNSUPPORTED_METHOD_STATUS,
} from '../assumptions';
import * as ids from './identifiers';
import {
	apiError,
	bsnErrorMessage,
	buildClient,
	fiscaalNummerErrorMessage,
	nameKey,
	sameWritable,
	SOORTEN,
	validateClientBody,
	writableOf,
	type ApiError,
	type StoredClient,
	MIDDELEN,
} from './clients';
import { canonicalTimestamp, compareIds, detail, listItem, normaliseSbaInput, SBA_STATUSES, compareSba, type StoredSba } from './sba';
import {
	clientFiscaalNummer,
	clientFromSeed,
	findClientIndex,
	formatId,
	insertClient,
	insertSba,
	normaliseMachtigingen,
	stateFromSeed,
	type NextensState,
} from './state';
import { demoSeed } from './demo';

export type { NextensState, NextensSeed } from './state';
export { generateNextensSeed } from './seedGenerator';
export { demoSeed } from './demo';

export const NEXTENS_SERVICE_KNOBS = {
	/** Header that carries the token (the node's credential makes it configurable, B.1). */
	authHeader: 'Authorization',
	/** Prefix before the token; matched case-insensitively. */
	authPrefix: 'Bearer ',
};

// ---- responses -----------------------------------------------------------------------------------

const JSON_TYPE = 'application/json; charset=utf-8';

function requestId(): string {
	return randomBytes(4).toString('hex');
}

function reply(status: number, body: unknown, headers: Record<string, string> = {}): VendorResponse {
	return {
		status,
		body: body as object,
		headers: { 'Content-Type': JSON_TYPE, 'X-Request-Id': requestId(), ...headers },
	};
}

function errorReply(e: ApiError, headers: Record<string, string> = {}): VendorResponse {
	return reply(e.status, { code: e.code, message: e.message, field: e.field }, headers);
}

const notFound = (what: string): VendorResponse => errorReply(apiError(404, 'NOT_FOUND', what, null));
const invalidQuery = (field: string, message: string): VendorResponse => errorReply(apiError(422, 'INVALID_QUERY', message, field));

function maskBsn(value: string): string {
	return NEXTENS_MASK_BSN_IN_MESSAGES ? `*****${value.slice(-4)}` : value;
}

// ---- routing ----------------------------------------------------------------------------------------

type Route =
	| { kind: 'clients' }
	| { kind: 'client'; id: string }
	| { kind: 'sbas' }
	| { kind: 'sba'; id: string }
	| { kind: 'none' };

function route(path: string): Route {
	if (path !== NEXTENS_BASE_PATH && !path.startsWith(NEXTENS_BASE_PATH + '/')) return { kind: 'none' };
	const rest = path.slice(NEXTENS_BASE_PATH.length);
	if (rest === '/clients') return { kind: 'clients' };
	if (rest === '/sba') return { kind: 'sbas' };
	const m = /^\/(clients|sba)\/([^/]+)$/.exec(rest);
	if (!m) return { kind: 'none' };
	let decoded: string;
	try {
		decoded = decodeURIComponent(m[2]);
	} catch {
		return { kind: 'none' };
	}
	return m[1] === 'clients' ? { kind: 'client', id: decoded } : { kind: 'sba', id: decoded };
}

function operation(req: VendorRequest): string {
	const r = route(req.path);
	switch (r.kind) {
		case 'clients': {
			if (req.method !== 'GET') return `${req.method} /clients`;
			for (const key of req.query.keys()) {
				if (key === 'bsn' || key === 'fiscaalNummer' || key === 'naam') return `GET /clients?${key}`;
			}
			return 'GET /clients';
		}
		case 'client':
			return `${req.method} /clients/{id}`;
		case 'sbas':
			return `${req.method} /sba`;
		case 'sba':
			return `${req.method} /sba/{id}`;
		default:
			return `${req.method} (unknown path)`;
	}
}

function header(req: VendorRequest, name: string): string | undefined {
	const v = req.headers[name.toLowerCase()];
	return Array.isArray(v) ? v[0] : v;
}

function presentedToken(req: VendorRequest, knobs: Record<string, unknown>): string | null {
	const headerName = typeof knobs.authHeader === 'string' ? knobs.authHeader : NEXTENS_SERVICE_KNOBS.authHeader;
	const prefix = typeof knobs.authPrefix === 'string' ? knobs.authPrefix : NEXTENS_SERVICE_KNOBS.authPrefix;
	const value = header(req, headerName);
	if (value === undefined) return null;
	if (value.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) return null;
	const token = value.slice(prefix.length).trim();
	return token === '' ? null : token;
}

// ---- query parsing ----------------------------------------------------------------------------------

function queryProblem(
	query: URLSearchParams,
	allowed: readonly string[],
): VendorResponse | null {
	const seen = new Set<string>();
	for (const key of query.keys()) {
		if (!allowed.includes(key)) {
			if (NEXTENS_REJECT_UNKNOWN_QUERY_PARAMETERS) return invalidQuery(key, `Unknown query parameter ${key}.`);
			continue;
		}
		if (seen.has(key)) return invalidQuery(key, `Query parameter ${key} may appear only once.`);
		seen.add(key);
	}
	return null;
}

function paging(query: URLSearchParams): { limit: number; offset: number } | VendorResponse {
	let limit = NEXTENS_LIST_DEFAULT_LIMIT;
	let offset = 0;
	const l = query.get('limit');
	if (l !== null) {
		if (!/^\d+$/.test(l) || Number(l) < 1 || Number(l) > NEXTENS_LIST_MAX_LIMIT) {
			return invalidQuery('limit', `limit must be an integer from 1 to ${NEXTENS_LIST_MAX_LIMIT}.`);
		}
		limit = Number(l);
	}
	const o = query.get('offset');
	if (o !== null) {
		if (!/^\d+$/.test(o) || !Number.isSafeInteger(Number(o))) return invalidQuery('offset', 'offset must be an integer >= 0.');
		offset = Number(o);
	}
	return { limit, offset };
}

function page<T, U>(items: readonly T[], p: { limit: number; offset: number }, map: (t: T) => U): object {
	const slice = items.slice(p.offset, p.offset + p.limit).map(map);
	return { items: slice, count: slice.length, total: items.length };
}

const nameKeys = new WeakMap<StoredClient, string>();
function clientNameKey(c: StoredClient): string {
	let k = nameKeys.get(c);
	if (k === undefined) {
		k = nameKey(c.weergavenaam);
		nameKeys.set(c, k);
	}
	return k;
}

/**
 * Lookup indexes over the id-sorted client list (lists stay in id order). Cached per clients array; the client
 * writes keep it up to date (`indexAdd`, `indexRemove`), other changes drop it (`invalidate`); rebuilt if the array length
 * changed behind its back (e.g. a test editing emu.state directly). The writes check duplicate keys in it, so a
 * write costs the same with 100 clients as with 100,000.
 */
interface ClientIndex {
	length: number;
	bsn: Map<string, StoredClient[]>;
	fiscaal: Map<string, StoredClient[]>;
	naam: Map<string, StoredClient[]>;
}
const indexes = new WeakMap<StoredClient[], ClientIndex>();

function invalidate(state: NextensState): void {
	indexes.delete(state.clients);
}

/** The index entries of a client: [map, key] pairs. */
function entriesOf(idx: ClientIndex, c: StoredClient): Array<[Map<string, StoredClient[]>, string]> {
	const out: Array<[Map<string, StoredClient[]>, string]> = [[idx.naam, clientNameKey(c)]];
	if (c.soort === 'persoon' && c.bsn !== null) out.push([idx.bsn, c.bsn]);
	if (c.soort === 'organisatie' && c.fiscaalNummer !== null) out.push([idx.fiscaal, `${c.fiscaalNummer}/${c.volgnummer}`]);
	return out;
}

function indexAdd(idx: ClientIndex, c: StoredClient): void {
	for (const [m, k] of entriesOf(idx, c)) {
		const list = m.get(k);
		if (!list) m.set(k, [c]);
		else {
			let i = list.length; // in id order; new ids are the largest, so this is an append
			while (i > 0 && compareIds(list[i - 1].id, c.id) > 0) i--;
			list.splice(i, 0, c);
		}
	}
}

function indexRemove(idx: ClientIndex, c: StoredClient): void {
	for (const [m, k] of entriesOf(idx, c)) {
		const list = m.get(k) ?? [];
		const i = list.indexOf(c);
		if (i >= 0) list.splice(i, 1);
		if (list.length === 0) m.delete(k);
	}
}

function indexOf(clients: StoredClient[]): ClientIndex {
	const cached = indexes.get(clients);
	if (cached && cached.length === clients.length) return cached;
	const idx: ClientIndex = { length: clients.length, bsn: new Map(), fiscaal: new Map(), naam: new Map() };
	for (const c of clients) indexAdd(idx, c);
	indexes.set(clients, idx);
	return idx;
}

/** The stored client that already holds `c`'s BSN or fiscaal nummer + volgnummer (null when none). */
function keyConflict(idx: ClientIndex, c: StoredClient): { field: 'bsn' | 'fiscaalNummer'; existing: StoredClient } | null {
	if (c.soort === 'persoon') {
		const existing = c.bsn === null ? undefined : idx.bsn.get(c.bsn)?.find((o) => o.id !== c.id);
		return existing ? { field: 'bsn', existing } : null;
	}
	const existing = c.fiscaalNummer === null ? undefined : idx.fiscaal.get(`${c.fiscaalNummer}/${c.volgnummer}`)?.find((o) => o.id !== c.id);
	return existing ? { field: 'fiscaalNummer', existing } : null;
}

/** Stores a new client in id order and adds it to the index. */
function insertIndexed(state: NextensState, idx: ClientIndex, c: StoredClient): void {
	insertClient(state.clients, c);
	indexAdd(idx, c);
	idx.length = state.clients.length;
}

// ---- handlers -----------------------------------------------------------------------------------------

const CLIENT_QUERY = ['bsn', 'fiscaalNummer', 'volgnummer', 'naam', 'soort', 'limit', 'offset'] as const;
const LOOKUPS = ['bsn', 'fiscaalNummer', 'naam'];

function listClients(req: VendorRequest, state: NextensState): VendorResponse {
	const q = req.query;
	const problem = queryProblem(q, CLIENT_QUERY);
	if (problem) return problem;
	const lookups = [...q.keys()].filter((k) => LOOKUPS.includes(k));
	if (lookups.length > 1) {
		return invalidQuery(lookups[1], `Use only one of bsn, fiscaalNummer and naam per request (got ${lookups.join(' and ')}).`);
	}
	if (q.has('volgnummer') && !q.has('fiscaalNummer')) return invalidQuery('volgnummer', 'volgnummer is only allowed with fiscaalNummer.');
	if (q.has('soort') && !q.has('naam')) return invalidQuery('soort', 'soort is only allowed with naam.');

	let matches: StoredClient[];
	const bsn = q.get('bsn');
	const fiscaal = q.get('fiscaalNummer');
	const naam = q.get('naam');
	if (bsn !== null) {
		const n = ids.bsn(bsn.trim());
		if (n === null) return errorReply(apiError(422, 'INVALID_BSN', bsn.trim() === '' ? 'bsn must not be empty.' : bsnErrorMessage(bsn.trim()), 'bsn'));
		matches = indexOf(state.clients).bsn.get(n) ?? [];
	} else if (fiscaal !== null) {
		const n = ids.fiscaalNummer(fiscaal.trim());
		if (n === null) {
			return errorReply(
				apiError(422, 'INVALID_FISCAAL_NUMMER', fiscaal.trim() === '' ? 'fiscaalNummer must not be empty.' : fiscaalNummerErrorMessage(fiscaal.trim()), 'fiscaalNummer'),
			);
		}
		let volgnummer = 1;
		const v = q.get('volgnummer');
		if (v !== null && v.trim() !== '') {
			if (!/^\d+$/.test(v.trim()) || Number(v) < 1 || Number(v) > 999) return invalidQuery('volgnummer', 'volgnummer must be an integer from 1 to 999.');
			volgnummer = Number(v);
		}
		matches = indexOf(state.clients).fiscaal.get(`${n}/${volgnummer}`) ?? [];
	} else if (naam !== null) {
		const key = nameKey(naam);
		if (key === '') return invalidQuery('naam', 'naam must not be empty.');
		const soort = q.get('soort');
		if (soort !== null && !(SOORTEN as readonly string[]).includes(soort)) return invalidQuery('soort', 'soort must be persoon or organisatie.');
		const named = indexOf(state.clients).naam.get(key) ?? [];
		matches = soort === null ? named : named.filter((c) => c.soort === soort);
	} else {
		matches = state.clients;
	}
	const p = paging(q);
	if ('status' in p) return p;
	return reply(200, page(matches, p, (c) => c));
}

function duplicateError(field: 'bsn' | 'fiscaalNummer', c: StoredClient, existing: StoredClient): ApiError {
	if (field === 'bsn' && c.soort === 'persoon' && c.bsn) {
		return apiError(409, 'DUPLICATE_KEY', `bsn ${maskBsn(c.bsn)} is already used by ${existing.id}.`, 'bsn');
	}
	const o = c as Extract<StoredClient, { soort: 'organisatie' }>;
	return apiError(
		409,
		'DUPLICATE_KEY',
		`fiscaalNummer ${o.fiscaalNummer} / volgnummer ${o.volgnummer} is already used by ${existing.id}.`,
		'fiscaalNummer',
	);
}

function parseBody(req: VendorRequest): { ok: true; value: unknown } | { ok: false; response: VendorResponse } {
	try {
		return { ok: true, value: JSON.parse(req.body) };
	} catch {
		return { ok: false, response: errorReply(apiError(422, 'INVALID_JSON', 'The request body is not valid JSON.', null)) };
	}
}

function createClient(req: VendorRequest, ctx: ServiceContext<NextensState>): VendorResponse {
	const parsed = parseBody(req);
	if (!parsed.ok) return parsed.response;
	const now = ctx.now();
	const result = validateClientBody(parsed.value, { mode: 'create' }, now.toISOString().slice(0, 10));
	if (!result.ok) return errorReply(result.error);
	const state = ctx.state;
	const candidateId = formatId(NEXTENS_CLIENT_ID_PREFIX, state.nextClientNumber);
	const ts = now.toISOString();
	const client = buildClient(candidateId, result.value, { sbaMachtigingen: [], versie: 1, aangemaaktOp: ts, gewijzigdOp: ts });
	const idx = indexOf(state.clients);
	const conflict = keyConflict(idx, client);
	if (conflict) return errorReply(duplicateError(conflict.field, client, conflict.existing));
	state.nextClientNumber++;
	insertIndexed(state, idx, client);
	ctx.changed();
	return reply(201, client, { Location: `/clients/${client.id}` });
}

function parseIfMatch(value: string): number | '*' | null {
	const v = value.trim();
	if (v === NEXTENS_IF_MATCH_WILDCARD) return '*';
	const m = /^(?:W\/)?"?(\d+)"?$/.exec(v);
	return m ? Number(m[1]) : null;
}

function updateClient(req: VendorRequest, clientId: string, ctx: ServiceContext<NextensState>): VendorResponse {
	const state = ctx.state;
	const index = findClientIndex(state.clients, clientId);
	if (index < 0) return notFound(`Client ${clientId} does not exist.`);
	const stored = state.clients[index];
	const ifMatch = header(req, 'if-match');
	if (ifMatch !== undefined) {
		const expected = parseIfMatch(ifMatch);
		if (expected === null) {
			return errorReply(apiError(422, 'INVALID_FORMAT', 'If-Match must be the versie in quotes, e.g. "3".', 'If-Match'));
		}
		if (expected !== '*' && expected !== stored.versie) {
			return errorReply(
				apiError(409, 'VERSION_CONFLICT', `Client ${clientId} is at versie ${stored.versie}, not ${expected}; read it again.`, null),
			);
		}
	}
	const parsed = parseBody(req);
	if (!parsed.ok) return parsed.response;
	const now = ctx.now();
	const result = validateClientBody(parsed.value, { mode: 'update', storedSoort: stored.soort }, now.toISOString().slice(0, 10));
	if (!result.ok) return errorReply(result.error);
	if (sameWritable(writableOf(stored), result.value)) return reply(200, stored);
	const updated = buildClient(stored.id, result.value, {
		sbaMachtigingen: stored.sbaMachtigingen,
		versie: stored.versie + 1,
		aangemaaktOp: stored.aangemaaktOp,
		gewijzigdOp: now.toISOString(),
	});
	const idx = indexOf(state.clients);
	const conflict = keyConflict(idx, updated);
	if (conflict) return errorReply(duplicateError(conflict.field, updated, conflict.existing));
	state.clients[index] = updated;
	indexRemove(idx, stored);
	indexAdd(idx, updated);
	ctx.changed();
	return reply(200, updated);
}

const SBA_QUERY = ['klantId', 'jaar', 'middel', 'status', 'since', 'limit', 'offset'] as const;

function listSbas(req: VendorRequest, state: NextensState): VendorResponse {
	const q = req.query;
	const problem = queryProblem(q, SBA_QUERY);
	if (problem) return problem;
	const klantId = q.get('klantId');
	if (klantId !== null && klantId.trim() === '') return invalidQuery('klantId', 'klantId must not be empty.');
	const jaarRaw = q.get('jaar');
	if (jaarRaw !== null && !/^\d{4}$/.test(jaarRaw)) return invalidQuery('jaar', 'jaar must be a 4-digit year.');
	const middel = q.get('middel');
	if (middel !== null && !(MIDDELEN as readonly string[]).includes(middel)) return invalidQuery('middel', 'middel must be IB, VPB or BTW.');
	const status = q.get('status');
	if (status !== null && !(SBA_STATUSES as readonly string[]).includes(status)) {
		return invalidQuery('status', `status must be one of ${SBA_STATUSES.join(', ')}.`);
	}
	const sinceRaw = q.get('since');
	let since: string | null = null;
	if (sinceRaw !== null) {
		// an unencoded "+01:00" arrives as " 01:00" (form decoding); take it back
		since = canonicalTimestamp(sinceRaw.trim().replace(/ (\d{2}:?\d{2})$/, '+$1'));
		if (since === null) return invalidQuery('since', 'since must be an ISO 8601 timestamp, e.g. 2025-01-01T00:00:00.000Z.');
	}
	const p = paging(q);
	if ('status' in p) return p;
	const jaar = jaarRaw === null ? null : Number(jaarRaw);
	const kid = klantId === null ? null : klantId.trim();
	// sbas are sorted by ontvangenOp: start at the first one >= since
	let start = 0;
	if (since !== null) {
		let lo = 0;
		let hi = state.sbas.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (state.sbas[mid].ontvangenOp < since) lo = mid + 1;
			else hi = mid;
		}
		start = lo;
	}
	const candidates = start === 0 ? state.sbas : state.sbas.slice(start);
	const matches = candidates.filter(
		(s) =>
			(kid === null || s.klantId === kid) &&
			(jaar === null || s.jaar === jaar) &&
			(middel === null || s.middel === middel) &&
			(status === null || s.status === status) &&
			(since === null || s.ontvangenOp >= since),
	);
	return reply(200, page(matches, p, listItem));
}

function dispatch(req: VendorRequest, ctx: ServiceContext<NextensState>): VendorResponse {
	const r = route(req.path);
	if (r.kind === 'none') return notFound(`No such path: ${req.method} ${req.path}.`);
	const token = presentedToken(req, ctx.knobs.service);
	if (token === null || !ctx.state.tokens.includes(token)) {
		return errorReply(apiError(401, 'UNAUTHORIZED', 'Missing, malformed or unknown token.', null), {
			'WWW-Authenticate': 'Bearer',
		});
	}
	const m = req.method;
	const unsupported = (): VendorResponse =>
		errorReply(apiError(NEXTENS_UNSUPPORTED_METHOD_STATUS, 'NOT_FOUND', `No such path: ${m} ${req.path}.`, null));
	switch (r.kind) {
		case 'clients':
			if (m === 'GET') return listClients(req, ctx.state);
			if (m === 'POST') return createClient(req, ctx);
			return unsupported();
		case 'client': {
			if (m === 'GET') {
				const i = findClientIndex(ctx.state.clients, r.id);
				return i < 0 ? notFound(`Client ${r.id} does not exist.`) : reply(200, ctx.state.clients[i]);
			}
			if (m === 'PUT') return updateClient(req, r.id, ctx);
			return unsupported();
		}
		case 'sbas':
			return m === 'GET' ? listSbas(req, ctx.state) : unsupported();
		case 'sba': {
			if (m !== 'GET') return unsupported();
			const s = ctx.state.sbas.find((x) => x.id === r.id);
			return s ? reply(200, detail(s)) : notFound(`SBA ${r.id} does not exist.`);
		}
	}
}

// ---- admin routes (/__admin/service/...) -----------------------------------------------------------------

function adminReply(status: number, body?: unknown): VendorResponse {
	return body === undefined ? { status } : { status, body: body as object };
}

function adminRoute(
	method: string,
	sub: string,
	req: VendorRequest,
	ctx: ServiceContext<NextensState>,
): VendorResponse | undefined {
	const state = ctx.state;
	const parts = sub.replace(/\/+$/, '').split('/').map((p) => decodeURIComponent(p));
	const body = (): unknown => (req.body.trim() === '' ? undefined : JSON.parse(req.body));
	try {
		if (parts[0] === 'clients') {
			if (parts.length === 1 && method === 'GET') {
				return adminReply(200, { items: state.clients, count: state.clients.length, total: state.clients.length });
			}
			if (parts.length === 1 && method === 'POST') {
				const c = clientFromSeed(body(), 'client', () => formatId(NEXTENS_CLIENT_ID_PREFIX, state.nextClientNumber++));
				if (findClientIndex(state.clients, c.id) >= 0) return adminReply(409, { error: `client ${c.id} already exists` });
				const idx = indexOf(state.clients);
				const conflict = keyConflict(idx, c);
				if (conflict) return adminReply(409, { error: `${conflict.field} already used by ${conflict.existing.id}` });
				const n = /^kl_(\d+)$/.exec(c.id);
				if (n && Number(n[1]) >= state.nextClientNumber) state.nextClientNumber = Number(n[1]) + 1;
				insertIndexed(state, idx, c);
				ctx.changed();
				return adminReply(201, c);
			}
			const i = parts.length >= 2 ? findClientIndex(state.clients, parts[1]) : -1;
			if (parts.length === 2 && method === 'GET') return i < 0 ? adminReply(404, { error: 'no such client' }) : adminReply(200, state.clients[i]);
			if (parts.length === 2 && method === 'DELETE') {
				if (i < 0) return adminReply(404, { error: 'no such client' });
				state.clients.splice(i, 1);
				invalidate(state);
				ctx.changed();
				return adminReply(204);
			}
			if (parts.length === 3 && parts[2] === 'sbaMachtigingen' && method === 'PUT') {
				if (i < 0) return adminReply(404, { error: 'no such client' });
				const c = state.clients[i];
				const updated = {
					...c,
					sbaMachtigingen: normaliseMachtigingen(body(), 'body'),
					versie: c.versie + 1,
					gewijzigdOp: ctx.now().toISOString(),
				} as StoredClient;
				state.clients[i] = updated;
				invalidate(state);
				ctx.changed();
				return adminReply(200, updated);
			}
			return undefined;
		}
		if (parts[0] === 'sbas') {
			if (parts.length === 1 && method === 'GET') {
				return adminReply(200, { items: state.sbas.map(listItem), count: state.sbas.length, total: state.sbas.length });
			}
			if (parts.length === 1 && method === 'POST') {
				const input = body();
				const list = Array.isArray(input) ? input : [input];
				const added: StoredSba[] = [];
				for (const raw of list) {
					const s = normaliseSbaInput(raw, {
						clientFiscaalNummer: (klantId) => {
							const i = findClientIndex(state.clients, klantId);
							return i < 0 ? undefined : clientFiscaalNummer(state.clients[i]);
						},
						newId: () => formatId(NEXTENS_SBA_ID_PREFIX, state.nextSbaNumber++),
						now: () => ctx.now().toISOString(),
					});
					if (state.sbas.some((x) => x.id === s.id)) return adminReply(409, { error: `SBA ${s.id} already exists` });
					const n = /^sba_(\d+)$/.exec(s.id);
					if (n && Number(n[1]) >= state.nextSbaNumber) state.nextSbaNumber = Number(n[1]) + 1;
					insertSba(state.sbas, s);
					added.push(s);
				}
				ctx.changed();
				return adminReply(201, Array.isArray(input) ? added.map(listItem) : listItem(added[0]));
			}
			const i = parts.length === 2 ? state.sbas.findIndex((s) => s.id === parts[1]) : -1;
			if (parts.length === 2 && method === 'GET') return i < 0 ? adminReply(404, { error: 'no such SBA' }) : adminReply(200, detail(state.sbas[i]));
			if (parts.length === 2 && method === 'PATCH') {
				if (i < 0) return adminReply(404, { error: 'no such SBA' });
				const patch = body() as Record<string, unknown>;
				const merged = normaliseSbaInput({ ...state.sbas[i], ...patch, id: state.sbas[i].id }, {
					clientFiscaalNummer: (klantId) => {
						const ci = findClientIndex(state.clients, klantId);
						return ci < 0 ? undefined : clientFiscaalNummer(state.clients[ci]);
					},
					newId: () => state.sbas[i].id,
					now: () => ctx.now().toISOString(),
				});
				state.sbas.splice(i, 1);
				insertSba(state.sbas, merged);
				ctx.changed();
				return adminReply(200, listItem(merged));
			}
			if (parts.length === 2 && method === 'DELETE') {
				if (i < 0) return adminReply(404, { error: 'no such SBA' });
				state.sbas.splice(i, 1);
				ctx.changed();
				return adminReply(204);
			}
			return undefined;
		}
		if (parts[0] === 'tokens' && parts.length === 1 && method === 'PUT') {
			const b = body() as { tokens?: unknown };
			if (!b || !Array.isArray(b.tokens) || b.tokens.some((t) => typeof t !== 'string' || t.trim() === '')) {
				return adminReply(400, { error: 'body must be {"tokens": ["..."]}' });
			}
			state.tokens = (b.tokens as string[]).map((t) => t.trim());
			ctx.changed();
			return adminReply(200, { tokenCount: state.tokens.length });
		}
		return undefined;
	} catch (error) {
		return adminReply(400, { error: (error as Error).message });
	}
}

// ---- the service -------------------------------------------------------------------------------------

/** Request-log subject of a client body: which client it was, without a full BSN or fiscaal nummer. */
const LOG_SUBJECT_FIELDS = [
	['soort', 'plain'],
	['bsn', 'masked'],
	['fiscaalNummer', 'masked'],
	['volgnummer', 'plain'],
	['klantnummer', 'plain'],
	['naam', 'plain'],
] as const;

export const nextensService: EmulatorService<NextensState> = {
	name: 'nextens',
	defaultServiceKnobs: { ...NEXTENS_SERVICE_KNOBS },
	createState(seed?: unknown): NextensState {
		return stateFromSeed(seed === undefined || seed === null ? demoSeed() : seed);
	},
	operation,
	logSubject: (req) => jsonBodySubject(req.body, LOG_SUBJECT_FIELDS),
	handle(req, ctx) {
		try {
			return dispatch(req, ctx);
		} catch {
			return errorReply(apiError(500, 'INTERNAL', 'Unexpected server error; safe to retry GET requests.', null));
		}
	},
	faultResponse() {
		return errorReply(apiError(500, 'INTERNAL', 'Unexpected server error; safe to retry GET requests.', null));
	},
	rateLimitedResponse(_req, retryAfterSeconds) {
		return errorReply(
			apiError(429, 'RATE_LIMITED', `Too many requests; retry after ${retryAfterSeconds} seconds.`, null),
			{ 'Retry-After': String(retryAfterSeconds) },
		);
	},
	rateLimitKey(req) {
		// per token (B.3): the raw credential header value identifies the token; absent => one shared bucket
		const auth = req.headers.authorization;
		const value = Array.isArray(auth) ? auth[0] : auth;
		return value ? `token:${value.replace(/^bearer\s+/i, '').trim()}` : 'anonymous';
	},
	publicState(state) {
		return {
			tokenCount: state.tokens.length,
			nextClientNumber: state.nextClientNumber,
			nextSbaNumber: state.nextSbaNumber,
			clients: state.clients,
			sbas: state.sbas.map(listItem),
		};
	},
	adminRoute,
};

export { compareSba };
