/**
 * The request log of an emulator host. An entry says which request it was (method, path, redacted query, a digest
 * of the raw body, a service-chosen subject) and how it ended; it never holds a secret or a full identifier.
 */
import { createHash } from 'node:crypto';

import type { RequestLog, RequestLogEntry, RequestOutcome, VendorRequest } from './types';

export interface BodyDigest {
	bodyBytes: number;
	bodySha256: string;
}

export function digestBody(raw: Buffer): BodyDigest {
	return { bodyBytes: raw.length, bodySha256: createHash('sha256').update(raw).digest('hex') };
}

/** Query parameters whose value is a credential: the value is replaced by `[redacted]`. */
const SECRET_PARAM = /token|password|passwd|pwd|secret|api[-_]?key|auth|session|signature|credential|^key$|^sig$/i;
/** Query parameters holding a personal identifier (BSN, or a fiscaal nummer that may be one): only the last 4 stay. */
const IDENTIFIER_PARAM = /^(bsn|burgerservicenummer|sofinummer|fiscaalnummer)$/i;
const MAX_QUERY_CHARS = 500;

/** `*****6782`: the last four characters of an identifier, enough to tell records apart. */
export function maskIdentifier(value: string): string {
	return `*****${value.slice(-4)}`;
}

function decodeComponent(raw: string): string {
	try {
		return decodeURIComponent(raw.replace(/\+/g, ' '));
	} catch {
		return raw;
	}
}

/** The query string as received, with secret values redacted and identifiers masked (`name[op]` counts as `name`). */
export function redactQuery(rawQuery: string): string {
	if (rawQuery === '') return '';
	const pairs = rawQuery.split('&').map((pair) => {
		const eq = pair.indexOf('=');
		if (eq === -1) return pair;
		const rawName = pair.slice(0, eq);
		const name = decodeComponent(rawName).replace(/\[.*$/, '');
		if (SECRET_PARAM.test(name)) return `${rawName}=[redacted]`;
		if (IDENTIFIER_PARAM.test(name)) return `${rawName}=${maskIdentifier(decodeComponent(pair.slice(eq + 1)))}`;
		return pair;
	});
	const query = pairs.join('&');
	return query.length > MAX_QUERY_CHARS ? `${query.slice(0, MAX_QUERY_CHARS)}…` : query;
}

const MAX_SUBJECT_VALUE_CHARS = 60;

/**
 * `name=value` pairs of the listed top-level scalar fields of a JSON object body, in the listed order (values cut to
 * 60 characters, `masked` ones as `*****6782`); undefined when the body is no JSON object or has none of them.
 * Only listed fields are read, so a secret elsewhere in the body never reaches the log.
 */
export function jsonBodySubject(body: string, fields: ReadonlyArray<readonly [string, 'plain' | 'masked']>): string | undefined {
	if (!body.trimStart().startsWith('{')) return undefined;
	const parsed = JSON.parse(body) as Record<string, unknown>;
	const parts: string[] = [];
	for (const [name, how] of fields) {
		const value = parsed[name];
		if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
		const text = how === 'masked' ? maskIdentifier(String(value)) : String(value).slice(0, MAX_SUBJECT_VALUE_CHARS);
		parts.push(`${name}=${text}`);
	}
	return parts.length ? parts.join(' ') : undefined;
}

export class RequestRecorder {
	private log: RequestLog = { total: 0, byOperation: {}, restarts: 0, entries: [] };
	private readonly slack: number;

	constructor(
		private readonly maxEntries: number,
		private readonly subjectOf?: (req: VendorRequest) => string | undefined,
	) {
		this.slack = Math.max(16, Math.ceil(maxEntries / 4));
	}

	record(req: VendorRequest, body: BodyDigest, operation: string, status: number, outcome: RequestOutcome): void {
		const log = this.log;
		log.total++;
		log.byOperation[operation] = (log.byOperation[operation] ?? 0) + 1;
		const entry: RequestLogEntry = {
			at: new Date().toISOString(),
			method: req.method,
			path: req.path,
			query: redactQuery(req.rawQuery),
			operation,
			status,
			outcome,
			bodyBytes: body.bodyBytes,
			bodySha256: body.bodySha256,
		};
		const subject = this.subject(req);
		if (subject !== undefined) entry.subject = subject;
		log.entries.push(entry);
		// trim in batches (amortised O(1)); snapshot() trims exactly
		if (log.entries.length > this.maxEntries + this.slack) log.entries.splice(0, log.entries.length - this.maxEntries);
	}

	noteRestart(): void {
		this.log.restarts++;
	}

	snapshot(): RequestLog {
		const entries = this.log.entries;
		if (entries.length > this.maxEntries) entries.splice(0, entries.length - this.maxEntries);
		return this.log;
	}

	clear(): void {
		this.log = { total: 0, byOperation: {}, restarts: 0, entries: [] };
	}

	private subject(req: VendorRequest): string | undefined {
		if (!this.subjectOf) return undefined;
		try {
			return this.subjectOf(req);
		} catch {
			return undefined; // a body the service cannot read has no subject; the request itself is answered as usual
		}
	}
}
