/**
 * Upsert of one CRM record into Nextens (docs/vendors/nextens-contract.md §B.5 and issue 5), written against a
 * small port so it runs without n8n (unit tests) and inside the node (transport/client.ts).
 *
 * Matching: an explicit Nextens id updates that client directly. Person: BSN, else (or when the BSN
 * is not found and the name fallback is on) the exact name, then the BSN is written. Organisation:
 * fiscaal nummer + volgnummer (empty = 1), else the exact company name. More than one name match,
 * or a name match whose stored BSN / fiscaal nummer differs, is never written: it fails with the
 * ids found. No match: create. A record equal to what Nextens holds is `unchanged` (no write).
 *
 * Transient failures (5xx, network) restart the record from the lookup, so a POST is only ever
 * repeated after a new lookup has shown that the client still does not exist. Pure: no n8n imports.
 */
import { maskBsn } from '../../common/mask';
import { changedFields, createBody, desiredBody, isUnchanged } from './diff';
import type { UpsertMode } from './diff';
import { displayName } from './normalise';
import type { ApiFailure, LookupQuery, NextensPort } from './port';
import { isTransient } from './port';
import type { ClientPayload, MatchedBy, StoredClient, UpsertResult, UpsertStatus } from './types';
import { upsertResult } from './types';
import { describeApiFailure, failure, fromApi } from './upsertFailures';
import type { Advice, RecordResult } from './upsertFailures';

export interface UpsertInput {
	payload: ClientPayload;
	provided?: ReadonlySet<string>;
	crmId: string | null;
	/** The link kept from an earlier run or set by hand: update this client without matching. */
	nextensId?: string | null;
}

export interface UpsertOptions {
	mode: UpsertMode;
	/** When a BSN / fiscaal nummer is present but not found, also try the exact name (default true). */
	nameFallback: boolean;
	/** Lookup-and-write rounds after transient failures (default 4). */
	maxRounds?: number;
}

type MatchFound = { kind: 'match'; client: StoredClient; matchedBy: MatchedBy };

type Match = MatchFound | { kind: 'none' } | { kind: 'fail'; result: RecordResult } | { kind: 'transient'; error: ApiFailure };

function keyOf(payload: ClientPayload): { kind: 'bsn' | 'fiscaalNummer'; query: LookupQuery } | null {
	if (payload.soort === 'persoon') return payload.bsn ? { kind: 'bsn', query: { bsn: payload.bsn } } : null;
	if (!payload.fiscaalNummer) return null;
	const vn = typeof payload.volgnummer === 'number' ? payload.volgnummer : 1;
	return { kind: 'fiscaalNummer', query: { fiscaalNummer: payload.fiscaalNummer, volgnummer: vn } };
}

/** The keys an upsert of this record may touch (for {@link KeyedMutex}). */
export function lockKeys(input: UpsertInput): string[] {
	const keys = [`naam:${input.payload.soort}:${displayName(input.payload)}`];
	const key = keyOf(input.payload);
	if (key) keys.push(`${key.kind}:${JSON.stringify(key.query)}`);
	if (input.nextensId) keys.push(`id:${input.nextensId}`);
	return keys;
}

const LINK_ANYWAY = 'to link the record to this client anyway, set its Nextens ID.';

/** Whether a client found by name holds a different key than the CRM record. */
function keyConflict(payload: ClientPayload, client: StoredClient): Advice | null {
	const named = `Nextens client ${client.id} has the exact name "${displayName(payload)}"`;
	if (payload.soort === 'persoon') {
		const stored = typeof client.bsn === 'string' ? client.bsn : null;
		if (payload.bsn && stored && stored !== payload.bsn) {
			return {
				message: `${named} but BSN ${maskBsn(stored)}, while the CRM has BSN ${maskBsn(payload.bsn)}. Nothing was written.`,
				description: `Check which BSN is right; ${LINK_ANYWAY}`,
			};
		}
		return null;
	}
	const stored = typeof client.fiscaalNummer === 'string' ? client.fiscaalNummer : null;
	if (!payload.fiscaalNummer || !stored) return null;
	const storedVn = typeof client.volgnummer === 'number' ? client.volgnummer : 1;
	const wantedVn = typeof payload.volgnummer === 'number' ? payload.volgnummer : 1;
	if (stored !== payload.fiscaalNummer || storedVn !== wantedVn) {
		return {
			message: `${named} but fiscaal nummer ${maskBsn(stored)} / volgnummer ${storedVn}, while the CRM has ${maskBsn(payload.fiscaalNummer)} / volgnummer ${wantedVn}. Nothing was written.`,
			description: `Check which number is right; ${LINK_ANYWAY}`,
		};
	}
	return null;
}

/** A lookup that did not answer: transient (look again next round) or a failed record. */
function lookupFailed(error: ApiFailure, payload: ClientPayload, extra: Partial<UpsertResult> = {}): Match {
	return isTransient(error) ? { kind: 'transient', error } : { kind: 'fail', result: fromApi(error, payload.soort, extra) };
}

async function matchById(port: NextensPort, payload: ClientPayload, id: string): Promise<Match> {
	const soort = payload.soort;
	const got = await port.getClient(id);
	if (!got.ok) {
		if (isTransient(got.error) || got.error.status !== 404) return lookupFailed(got.error, payload, { matchedBy: 'id' });
		const advice = {
			message: `Nextens client ${id} (the Nextens ID given with this record) does not exist.`,
			description: 'Correct or clear the Nextens ID of this record; without an id the record is matched on its key and name.',
		};
		return { kind: 'fail', result: failure('NOT_FOUND', advice, { field: 'nextensId', matchedBy: 'id' }) };
	}
	if (got.value.soort !== soort) {
		const advice = {
			message: `Nextens client ${id} is a ${got.value.soort}, but this record is sent as a ${soort}. Nothing was written.`,
			description: 'Check the Nextens ID or the client type.',
		};
		return { kind: 'fail', result: failure('SOORT_MISMATCH', advice, { field: 'soort', matchedBy: 'id', nextensId: id }) };
	}
	return { kind: 'match', client: got.value, matchedBy: 'id' };
}

/** Match on BSN or fiscaal nummer + volgnummer; undefined: no key, or not found (try the name). */
async function matchByKey(port: NextensPort, payload: ClientPayload): Promise<Match | undefined> {
	const key = keyOf(payload);
	if (!key) return undefined;
	const found = await port.findClients(key.query);
	if (!found.ok) return lookupFailed(found.error, payload);
	if (found.value.length === 1) return { kind: 'match', client: found.value[0], matchedBy: key.kind };
	if (found.value.length === 0) return undefined;
	const ids = found.value.map((c) => c.id);
	const advice = {
		message: `${ids.length} Nextens clients have this ${key.kind === 'bsn' ? 'BSN' : 'fiscaal nummer + volgnummer'} (${ids.join(', ')}). Nothing was written.`,
		description: 'Merge them in Nextens or set the Nextens ID of this record.',
	};
	return { kind: 'fail', result: failure('AMBIGUOUS_MATCH', advice, { ids, matchedBy: key.kind }) };
}

async function matchByName(port: NextensPort, payload: ClientPayload): Promise<Match> {
	const soort = payload.soort;
	const naam = displayName(payload);
	const byName = await port.findClients({ naam, soort });
	if (!byName.ok) return lookupFailed(byName.error, payload);
	if (byName.value.length === 0) return { kind: 'none' };
	if (byName.value.length > 1) {
		const ids = byName.value.map((c) => c.id);
		const advice = {
			message: `${ids.length} Nextens clients have the exact name "${naam}" (${ids.join(', ')}). Nothing was written.`,
			description: `Add the ${soort === 'persoon' ? 'BSN' : 'fiscaal nummer (RSIN)'} to the CRM record, or set its Nextens ID to the right client.`,
		};
		return { kind: 'fail', result: failure('AMBIGUOUS_MATCH', advice, { ids, matchedBy: 'name' }) };
	}
	const client = byName.value[0];
	const conflict = keyConflict(payload, client);
	if (conflict) return { kind: 'fail', result: failure('KEY_CONFLICT', conflict, { ids: [client.id], matchedBy: 'name' }) };
	return { kind: 'match', client, matchedBy: 'name' };
}

async function findMatch(port: NextensPort, input: UpsertInput, options: UpsertOptions): Promise<Match> {
	if (input.nextensId) return matchById(port, input.payload, input.nextensId);
	const byKey = await matchByKey(port, input.payload);
	if (byKey) return byKey;
	if (keyOf(input.payload) && !options.nameFallback) return { kind: 'none' };
	return matchByName(port, input.payload);
}

/** What earlier rounds of one record did (a write whose answer was lost, retries used). */
interface Rounds {
	written?: 'created' | 'updated';
	writtenFields?: string[];
	lastError?: ApiFailure;
	notFoundRetries: number;
	duplicateRetries: number;
}

/** A round's end: the record's result, or undefined to look up and try again. */
type Step = RecordResult | undefined;

function succeeded(status: UpsertStatus, nextensId: string, matchedBy: MatchedBy, changed: string[] = []): RecordResult {
	return upsertResult({ status, nextensId, matchedBy, changedFields: changed });
}

async function createRound(port: NextensPort, input: UpsertInput, rounds: Rounds): Promise<Step> {
	const created = await port.createClient(createBody(input.payload));
	if (created.ok) return succeeded('created', created.value.id, 'none');
	rounds.lastError = created.error;
	if (isTransient(created.error)) {
		// The POST may have been applied: only the next lookup can tell. Never POST blindly again.
		rounds.written = 'created';
		return undefined;
	}
	if (created.error.code === 'DUPLICATE_KEY' && rounds.duplicateRetries < 1) {
		rounds.duplicateRetries++; // created in the meantime (e.g. by another record of this batch): look again
		return undefined;
	}
	return fromApi(created.error, input.payload.soort);
}

async function updateRound(port: NextensPort, input: UpsertInput, options: UpsertOptions, match: MatchFound, rounds: Rounds): Promise<Step> {
	const soort = input.payload.soort;
	const { client } = match;
	const matchedBy = rounds.written === 'created' ? 'none' : match.matchedBy;
	const body = desiredBody(input.payload, client, { mode: options.mode, provided: input.provided });
	if (isUnchanged(soort, body, client)) {
		const changed = rounds.written === 'updated' ? rounds.writtenFields : undefined;
		return succeeded(rounds.written ?? 'unchanged', client.id, matchedBy, changed);
	}
	const fields = changedFields(soort, body, client);
	const versie = typeof client.versie === 'number' ? client.versie : undefined;
	const updated = await port.updateClient(client.id, body, versie);
	if (updated.ok) return succeeded(rounds.written === 'created' ? 'created' : 'updated', updated.value.id ?? client.id, matchedBy, fields);
	rounds.lastError = updated.error;
	if (isTransient(updated.error)) {
		rounds.written ??= 'updated';
		rounds.writtenFields = fields;
		return undefined;
	}
	if (updated.error.status === 404 && rounds.notFoundRetries < 1) {
		rounds.notFoundRetries++; // removed between lookup and update: look again once
		return undefined;
	}
	if (updated.error.code === 'VERSION_CONFLICT' && rounds.duplicateRetries < 1) {
		rounds.duplicateRetries++;
		return undefined;
	}
	return fromApi(updated.error, soort, { nextensId: client.id, matchedBy: match.matchedBy });
}

function gaveUp(rounds: Rounds, input: UpsertInput, maxRounds: number): RecordResult {
	const error = rounds.lastError ?? { status: 0, code: 'UNAVAILABLE', message: 'No answer.', field: null };
	const advice = describeApiFailure(error, input.payload.soort);
	return failure(
		isTransient(error) ? 'UNAVAILABLE' : error.code,
		{ ...advice, message: `${advice.message} (gave up after ${maxRounds} rounds of lookup and write)` },
		{ field: error.field },
	);
}

/** Upserts one validated record. Never throws for a business outcome; a 401 thrown by the port passes through. */
export async function upsertClient(port: NextensPort, input: UpsertInput, options: UpsertOptions): Promise<UpsertResult> {
	const maxRounds = Math.max(1, options.maxRounds ?? 4);
	const rounds: Rounds = { notFoundRetries: 0, duplicateRetries: 0 };
	let result: RecordResult | undefined;
	for (let round = 0; round < maxRounds && !result; round++) {
		const match = await findMatch(port, input, options);
		if (match.kind === 'transient') rounds.lastError = match.error;
		else if (match.kind === 'fail') result = match.result;
		else if (match.kind === 'none') result = await createRound(port, input, rounds);
		else result = await updateRound(port, input, options, match, rounds);
	}
	return upsertResult({ ...(result ?? gaveUp(rounds, input, maxRounds)), crmId: input.crmId });
}
