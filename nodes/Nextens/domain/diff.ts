/**
 * Comparing what the CRM wants with what Nextens holds, and building the body of a full-replacement
 * PUT (docs/vendors/nextens-contract.md §B.3/§B.5): canonical writable fields, equality (-> `unchanged`, zero
 * writes), the changed field paths, overwrite mode (CRM leading) and "fill empty fields only" mode.
 * Pure: no n8n imports.
 */
import {
	NEXTENS_KEEP_STORED_KEY_ON_NAME_MATCH,
	NEXTENS_UNMAPPED_FIELDS_KEEP_VALUE,
} from '../../common/assumptions';
import { ADRES_FIELDS, TELEFOON_FIELDS, writableFields } from './types';
import type { ClientPayload, Soort } from './types';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function scalar(v: unknown): unknown {
	if (v === undefined || v === null) return null;
	if (typeof v === 'string') {
		const s = v.trim();
		return s === '' ? null : s;
	}
	return v;
}

function canonicalAddress(v: unknown): Obj | null {
	if (!isObj(v)) return null;
	const out: Obj = {};
	for (const f of ADRES_FIELDS) out[f] = scalar(v[f]);
	if (ADRES_FIELDS.filter((f) => f !== 'landcode').every((f) => out[f] === null)) return null;
	if (out.landcode === null) out.landcode = 'NL';
	else if (typeof out.landcode === 'string') out.landcode = out.landcode.toUpperCase();
	if (typeof out.huisnummer === 'string' && /^\d+$/.test(out.huisnummer)) out.huisnummer = Number(out.huisnummer);
	return out;
}

function canonicalTelefoon(v: unknown): Obj | null {
	if (!isObj(v)) return null;
	const out: Obj = {};
	for (const f of TELEFOON_FIELDS) out[f] = scalar(v[f]);
	return TELEFOON_FIELDS.every((f) => out[f] === null) ? null : out;
}

/** The writable fields of a client (stored or wanted) in one canonical form, plus `soort`. */
export function canonical(soort: Soort, client: Obj): Obj {
	const out: Obj = { soort };
	for (const f of writableFields(soort)) {
		const v = client[f];
		if (f === 'correspondentieadres' || f === 'bezoekadres') out[f] = canonicalAddress(v);
		else if (f === 'telefoonnummers') out[f] = canonicalTelefoon(v);
		else out[f] = scalar(v);
	}
	if (soort === 'organisatie') {
		if (typeof out.volgnummer === 'string' && /^\d+$/.test(out.volgnummer)) out.volgnummer = Number(out.volgnummer);
		if (out.fiscaalNummer !== null && out.volgnummer === null) out.volgnummer = 1;
	}
	return out;
}

function same(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (!isObj(a) || !isObj(b)) return false;
	const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
	for (const k of keys) if (!same(a[k], b[k])) return false;
	return true;
}

/** Dot paths of the writable fields that differ (`correspondentieadres.postcode`, `email`). */
export function changedFields(soort: Soort, wanted: Obj, stored: Obj): string[] {
	const a = canonical(soort, wanted);
	const b = canonical(soort, stored);
	const paths: string[] = [];
	for (const f of writableFields(soort)) {
		const x = a[f];
		const y = b[f];
		if (same(x, y)) continue;
		if (isObj(x) && isObj(y)) {
			for (const k of Object.keys(x)) if (!same(x[k], y[k])) paths.push(`${f}.${k}`);
		} else {
			paths.push(f);
		}
	}
	return paths;
}

export function isUnchanged(soort: Soort, wanted: Obj, stored: Obj): boolean {
	return changedFields(soort, wanted, stored).length === 0;
}

export type UpsertMode = 'overwrite' | 'fillEmpty';

export interface DesiredOptions {
	mode: UpsertMode;
	/** Fields the CRM record supplies; in overwrite mode the others keep their Nextens value. */
	provided?: ReadonlySet<string>;
}

/**
 * The full body to PUT for a matched client:
 * - overwrite (CRM leading): every supplied field takes the CRM value (an empty value clears it);
 *   fields the record does not supply keep the Nextens value;
 * - fillEmpty: only fields that are empty in Nextens take the CRM value (phone numbers one by one,
 *   an address as a whole).
 * In both modes a key Nextens holds (BSN; fiscaal nummer + volgnummer) is never erased by a record
 * that has none: the match was made on the name and the key stays.
 */
export function desiredBody(wanted: ClientPayload, stored: Obj, options: DesiredOptions): Obj {
	const soort = wanted.soort;
	const w = canonical(soort, wanted as unknown as Obj);
	const s = canonical(soort, stored);
	const out: Obj = { soort };
	for (const f of writableFields(soort)) {
		if (options.mode === 'fillEmpty') {
			if (f === 'telefoonnummers' && isObj(s[f])) {
				const merged: Obj = {};
				const sw = (w[f] as Obj | null) ?? {};
				for (const k of TELEFOON_FIELDS) merged[k] = (s[f] as Obj)[k] ?? sw[k] ?? null;
				out[f] = merged;
			} else {
				out[f] = s[f] ?? w[f];
			}
		} else {
			const keep = NEXTENS_UNMAPPED_FIELDS_KEEP_VALUE && options.provided && !options.provided.has(f);
			out[f] = keep ? s[f] : w[f];
		}
	}
	if (!NEXTENS_KEEP_STORED_KEY_ON_NAME_MATCH) {
		// no key preservation: the CRM value (possibly empty) is written as it is
	} else if (soort === 'persoon') {
		if (out.bsn === null && s.bsn !== null) out.bsn = s.bsn;
	} else if (out.fiscaalNummer === null && s.fiscaalNummer !== null) {
		out.fiscaalNummer = s.fiscaalNummer;
		out.volgnummer = s.volgnummer;
	} else if (out.fiscaalNummer === s.fiscaalNummer && out.volgnummer === null) {
		out.volgnummer = s.volgnummer;
	}
	if (soort === 'organisatie' && out.fiscaalNummer !== null && out.volgnummer === null) out.volgnummer = 1;
	return out;
}

/** The body of a POST: the CRM payload in canonical form. */
export function createBody(wanted: ClientPayload): Obj {
	return canonical(wanted.soort, wanted as unknown as Obj);
}
