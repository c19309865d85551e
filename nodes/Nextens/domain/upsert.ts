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
import { maskBsn, maskBsnsInText } from '../../shared/mask';
import { changedFields, createBody, desiredBody, isUnchanged } from './diff';
import type { UpsertMode } from './diff';
import { displayName } from './normalise';
import type { ClientPayload, MatchedBy, Soort, StoredClient, UpsertResult } from './types';

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

/** What the upsert needs from Nextens. A 401 must be thrown by the port (it stops the batch). */
export interface NextensPort {
	getClient(id: string): Promise<Outcome<StoredClient>>;
	findClients(query: LookupQuery): Promise<Outcome<StoredClient[]>>;
	createClient(body: Record<string, unknown>): Promise<Outcome<StoredClient>>;
	updateClient(id: string, body: Record<string, unknown>, versie?: number): Promise<Outcome<StoredClient>>;
}

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

export function isTransient(error: ApiFailure): boolean {
	return error.status === 0 || error.status >= 500;
}

type Match =
	| { kind: 'match'; client: StoredClient; matchedBy: MatchedBy }
	| { kind: 'none' }
	| { kind: 'fail'; result: Omit<UpsertResult, 'crmId'> }
	| { kind: 'transient'; error: ApiFailure };

function failure(
	code: string,
	message: string,
	extra: Partial<UpsertResult> = {},
): Omit<UpsertResult, 'crmId'> {
	return { action: 'failed', nextensId: null, matchedBy: 'none', code, field: null, message, ...extra };
}

/** A readable text for an error Nextens returned, with what to do about it. */
export function describeApiFailure(error: ApiFailure, soort: Soort): string {
	const text = maskBsnsInText(error.message || error.code);
	const key = soort === 'persoon' ? 'BSN' : 'fiscaal nummer + volgnummer';
	switch (error.code) {
		case 'DUPLICATE_KEY':
			return `Nextens refused the record: ${text} Another Nextens client already has this ${key}. Check the ${key} in the CRM, or link this record to that client through its Nextens ID.`;
		case 'VERSION_CONFLICT':
			return `Nextens refused the update: ${text} The client was changed in Nextens at the same moment. Run the workflow again.`;
		case 'RATE_LIMITED':
			return `Nextens kept answering "too many requests" (${text}). Lower "Requests per Second" or "Concurrency" and run the workflow again; records already written are recognised as unchanged.`;
		case 'NOT_FOUND':
			return `Nextens answered "not found": ${text}`;
		case 'UNKNOWN_FIELD':
		case 'IMMUTABLE_FIELD':
		case 'INVALID_JSON':
			return `Nextens refused the request: ${text} This points at a mapping problem; check the client type and the mapped fields.`;
		default:
			if (isTransient(error)) {
				return `Nextens did not answer successfully (${error.status === 0 ? 'no answer' : `HTTP ${error.status}`}: ${text}). Run the workflow again later; records already written are recognised and not written twice.`;
			}
			return `Nextens refused the record: ${text}${error.field ? ` Correct the field ${error.field} in the CRM and send the record again.` : ''}`;
	}
}

function fromApi(error: ApiFailure, soort: Soort, extra: Partial<UpsertResult> = {}): Omit<UpsertResult, 'crmId'> {
	return failure(error.code, describeApiFailure(error, soort), { field: error.field, ...extra });
}

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

/** Whether a client found by name holds a different key than the CRM record. */
function keyConflict(payload: ClientPayload, client: StoredClient): string | null {
	if (payload.soort === 'persoon') {
		const stored = typeof client.bsn === 'string' ? client.bsn : null;
		if (payload.bsn && stored && stored !== payload.bsn) {
			return `Nextens client ${client.id} has the exact name "${displayName(payload)}" but BSN ${maskBsn(stored)}, while the CRM has BSN ${maskBsn(payload.bsn)}. Nothing was written. Check which BSN is right; to link the record to this client anyway, set its Nextens ID.`;
		}
		return null;
	}
	const stored = typeof client.fiscaalNummer === 'string' ? client.fiscaalNummer : null;
	if (!payload.fiscaalNummer || !stored) return null;
	const storedVn = typeof client.volgnummer === 'number' ? client.volgnummer : 1;
	const wantedVn = typeof payload.volgnummer === 'number' ? payload.volgnummer : 1;
	if (stored !== payload.fiscaalNummer || storedVn !== wantedVn) {
		return `Nextens client ${client.id} has the exact name "${displayName(payload)}" but fiscaal nummer ${maskBsn(stored)} / volgnummer ${storedVn}, while the CRM has ${maskBsn(payload.fiscaalNummer)} / volgnummer ${wantedVn}. Nothing was written. Check which number is right; to link the record to this client anyway, set its Nextens ID.`;
	}
	return null;
}

async function findMatch(port: NextensPort, input: UpsertInput, options: UpsertOptions): Promise<Match> {
	const { payload } = input;
	const soort = payload.soort;
	if (input.nextensId) {
		const got = await port.getClient(input.nextensId);
		if (!got.ok) {
			if (isTransient(got.error)) return { kind: 'transient', error: got.error };
			if (got.error.status === 404) {
				return {
					kind: 'fail',
					result: failure(
						'NOT_FOUND',
						`Nextens client ${input.nextensId} (the Nextens ID given with this record) does not exist. Correct or clear the Nextens ID of this record; without an id the record is matched on its key and name.`,
						{ field: 'nextensId', matchedBy: 'id' },
					),
				};
			}
			return { kind: 'fail', result: fromApi(got.error, soort, { matchedBy: 'id' }) };
		}
		if (got.value.soort !== soort) {
			return {
				kind: 'fail',
				result: failure(
					'SOORT_MISMATCH',
					`Nextens client ${input.nextensId} is a ${got.value.soort}, but this record is sent as a ${soort}. Nothing was written. Check the Nextens ID or the client type.`,
					{ field: 'soort', matchedBy: 'id', nextensId: input.nextensId },
				),
			};
		}
		return { kind: 'match', client: got.value, matchedBy: 'id' };
	}

	const key = keyOf(payload);
	if (key) {
		const found = await port.findClients(key.query);
		if (!found.ok) {
			return isTransient(found.error)
				? { kind: 'transient', error: found.error }
				: { kind: 'fail', result: fromApi(found.error, soort) };
		}
		if (found.value.length === 1) return { kind: 'match', client: found.value[0], matchedBy: key.kind };
		if (found.value.length > 1) {
			const ids = found.value.map((c) => c.id);
			return {
				kind: 'fail',
				result: failure(
					'AMBIGUOUS_MATCH',
					`${ids.length} Nextens clients have this ${key.kind === 'bsn' ? 'BSN' : 'fiscaal nummer + volgnummer'} (${ids.join(', ')}). Nothing was written. Merge them in Nextens or set the Nextens ID of this record.`,
					{ ids, matchedBy: key.kind },
				),
			};
		}
		if (!options.nameFallback) return { kind: 'none' };
	}

	const naam = displayName(payload);
	const byName = await port.findClients({ naam, soort });
	if (!byName.ok) {
		return isTransient(byName.error)
			? { kind: 'transient', error: byName.error }
			: { kind: 'fail', result: fromApi(byName.error, soort) };
	}
	if (byName.value.length === 0) return { kind: 'none' };
	if (byName.value.length > 1) {
		const ids = byName.value.map((c) => c.id);
		return {
			kind: 'fail',
			result: failure(
				'AMBIGUOUS_MATCH',
				`${ids.length} Nextens clients have the exact name "${naam}" (${ids.join(', ')}). Nothing was written. Add the ${soort === 'persoon' ? 'BSN' : 'fiscaal nummer (RSIN)'} to the CRM record, or set its Nextens ID to the right client.`,
				{ ids, matchedBy: 'name' },
			),
		};
	}
	const client = byName.value[0];
	const conflict = keyConflict(payload, client);
	if (conflict) {
		return { kind: 'fail', result: failure('KEY_CONFLICT', conflict, { ids: [client.id], matchedBy: 'name' }) };
	}
	return { kind: 'match', client, matchedBy: 'name' };
}

/** Upserts one validated record. Never throws for a business outcome; a 401 thrown by the port passes through. */
export async function upsertClient(
	port: NextensPort,
	input: UpsertInput,
	options: UpsertOptions,
): Promise<UpsertResult> {
	const soort = input.payload.soort;
	const maxRounds = Math.max(1, options.maxRounds ?? 4);
	const done = (r: Omit<UpsertResult, 'crmId'>): UpsertResult => ({ ...r, crmId: input.crmId });
	let written: 'created' | 'updated' | undefined;
	let writtenFields: string[] | undefined;
	let lastError: ApiFailure | undefined;
	let notFoundRetries = 0;
	let duplicateRetries = 0;

	for (let round = 0; round < maxRounds; round++) {
		const match = await findMatch(port, input, options);
		if (match.kind === 'transient') {
			lastError = match.error;
			continue;
		}
		if (match.kind === 'fail') return done(match.result);

		if (match.kind === 'none') {
			const created = await port.createClient(createBody(input.payload));
			if (created.ok) {
				return done({ action: 'created', nextensId: created.value.id, matchedBy: 'none' });
			}
			lastError = created.error;
			if (isTransient(created.error)) {
				// The POST may have been applied: only the next lookup can tell. Never POST blindly again.
				written = 'created';
				continue;
			}
			if (created.error.code === 'DUPLICATE_KEY' && duplicateRetries < 1) {
				duplicateRetries++; // created in the meantime (e.g. by another record of this batch): look again
				continue;
			}
			return done(fromApi(created.error, soort));
		}

		const { client, matchedBy } = match;
		const body = desiredBody(input.payload, client, { mode: options.mode, provided: input.provided });
		if (isUnchanged(soort, body, client)) {
			return done({
				action: written ?? 'unchanged',
				nextensId: client.id,
				matchedBy: written === 'created' ? 'none' : matchedBy,
				...(written === 'updated' && writtenFields ? { changedFields: writtenFields } : {}),
			});
		}
		const fields = changedFields(soort, body, client);
		const versie = typeof client.versie === 'number' ? client.versie : undefined;
		const updated = await port.updateClient(client.id, body, versie);
		if (updated.ok) {
			return done({
				action: written === 'created' ? 'created' : 'updated',
				nextensId: updated.value.id ?? client.id,
				matchedBy: written === 'created' ? 'none' : matchedBy,
				changedFields: fields,
			});
		}
		lastError = updated.error;
		if (isTransient(updated.error)) {
			written ??= 'updated';
			writtenFields = fields;
			continue;
		}
		if (updated.error.status === 404 && notFoundRetries < 1) {
			notFoundRetries++; // removed between lookup and update: look again once
			continue;
		}
		if (updated.error.code === 'VERSION_CONFLICT' && duplicateRetries < 1) {
			duplicateRetries++;
			continue;
		}
		return done(fromApi(updated.error, soort, { nextensId: client.id, matchedBy }));
	}
	const error = lastError ?? { status: 0, code: 'UNAVAILABLE', message: 'No answer.', field: null };
	return done(
		failure(
			isTransient(error) ? 'UNAVAILABLE' : error.code,
			`${describeApiFailure(error, soort)} (gave up after ${maxRounds} rounds of lookup and write)`,
			{ field: error.field },
		),
	);
}
