import { EBOEKHOUDEN_TEXT_MAX } from '../../common/assumptions';

/**
 * Idempotency keys. The state of "what has been posted" lives in e-Boekhouden itself, in the
 * `invoiceNumber` (key + version) and `entryNumber` (content hash) of each memoriaal, so it
 * survives crashes, retries, parallel executions and the loss of n8n's own database.
 *
 * - first posting of a run journal:      NMBRS-{companyId}-{year}-{runId}
 * - reversal of the version before n:    NMBRS-{companyId}-{year}-{runId}-REV{n}
 * - version n (n >= 1) after a change:   NMBRS-{companyId}-{year}-{runId}-C{n}
 *
 * The entry number (boekstuknummer), which list items do return, carries the content hash of the
 * version: `NMBRS {companyId}/{runId} #{hash}`; a reversal carries the hash of the version it
 * reverses with an `R` marker: `NMBRS {companyId}/{runId} R{n} #{hash}`.
 */

export const KEY_PREFIX = 'NMBRS-';
export const HASH_LENGTH = 16;

export type VersionKind = 'original' | 'reversal' | 'correction';

export interface ParsedInvoiceNumber {
	base: string;
	kind: VersionKind;
	/** 0 for the original, n for -REV{n} / -C{n} */
	n: number;
}

function positiveInteger(value: unknown, name: string): number {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
		throw new Error(`${name} must be a whole number, got ${JSON.stringify(value)}`);
	}
	return n;
}

/** The stable key of one Nmbrs run journal: NMBRS-{companyId}-{year}-{runId}. */
export function journalKey(companyId: number, year: number, runId: number): string {
	const key = `${KEY_PREFIX}${positiveInteger(companyId, 'companyId')}-${positiveInteger(year, 'year')}-${positiveInteger(runId, 'runId')}`;
	// the longest suffix used is -REV{n}; keep room for it within the 50-character limit
	if (key.length > EBOEKHOUDEN_TEXT_MAX - 8) throw new Error(`Journal key ${key} is too long`);
	return key;
}

export function reversalKey(base: string, n: number): string {
	return `${base}-REV${n}`;
}

export function correctionKey(base: string, n: number): string {
	return `${base}-C${n}`;
}

/** The invoice number of version n (0 = the original). */
export function versionKey(base: string, n: number): string {
	return n === 0 ? base : correctionKey(base, n);
}

const KEY_PATTERN = /^(NMBRS-\d+-\d+-\d+)(?:-(REV|C)(\d+))?$/;

/** Parse an invoice number written by this node; null for anything else. */
export function parseInvoiceNumber(invoiceNumber: unknown): ParsedInvoiceNumber | null {
	if (typeof invoiceNumber !== 'string') return null;
	const m = KEY_PATTERN.exec(invoiceNumber.trim());
	if (!m) return null;
	if (!m[2]) return { base: m[1], kind: 'original', n: 0 };
	const n = Number(m[3]);
	if (n < 1) return null;
	return { base: m[1], kind: m[2] === 'REV' ? 'reversal' : 'correction', n };
}

export function shortHash(hash: string): string {
	return hash.slice(0, HASH_LENGTH).toLowerCase();
}

/** Entry number of a posted version: `NMBRS {companyId}/{runId} #{hash}` (≤ 50 characters). */
export function entryNumberFor(companyId: number, runId: number, hash: string, reversalOf?: number): string {
	const marker = reversalOf === undefined ? '' : ` R${reversalOf}`;
	return `NMBRS ${companyId}/${runId}${marker} #${shortHash(hash)}`.slice(0, EBOEKHOUDEN_TEXT_MAX);
}

/** The content hash stored in an entry number, or null. */
export function hashFromEntryNumber(entryNumber: unknown): string | null {
	if (typeof entryNumber !== 'string') return null;
	const m = /#([0-9a-f]{8,64})\s*$/i.exec(entryNumber);
	return m ? m[1].toLowerCase() : null;
}
