/**
 * Client schema of the assumed Nextens contract (docs/vendors/nextens-contract.md §B.2): strict field checks,
 * server-side normalisation and the deterministic first-error validation order of §B.3
 * (soort, unknown fields, common fields, soort-specific fields, then the address fields).
 */
import * as id from './identifiers';
import { NEXTENS_READ_ONLY_FIELDS_IN_BODY } from '../assumptions';

export type Soort = 'persoon' | 'organisatie';
export const SOORTEN: readonly Soort[] = ['persoon', 'organisatie'];
export const MIDDELEN = ['IB', 'VPB', 'BTW'] as const;
export type Middel = (typeof MIDDELEN)[number];
export const MACHTIGING_STATUSES = ['aangevraagd', 'actief', 'geweigerd', 'ingetrokken', 'verlopen'] as const;
export const GESLACHTEN = ['man', 'vrouw', 'onbekend'] as const;

export interface Adres {
	straatnaam: string;
	huisnummer: number;
	huisnummertoevoeging: string | null;
	postcode: string | null;
	plaats: string;
	landcode: string;
}

export interface Telefoonnummers {
	algemeen: string | null;
	mobiel: string | null;
	zakelijk: string | null;
}

export interface SbaMachtiging {
	middel: Middel;
	jaar: number;
	status: (typeof MACHTIGING_STATUSES)[number];
	ophalenInNextens: boolean;
}

export interface PersonFields {
	achternaam: string;
	tussenvoegsel: string | null;
	voorletters: string | null;
	voornaam: string | null;
	bsn: string | null;
	geboortedatum: string | null;
	geslacht: (typeof GESLACHTEN)[number] | null;
	klantnummer: string | null;
	correspondentieadres: Adres | null;
	telefoonnummers: Telefoonnummers | null;
	email: string | null;
}

export interface OrganisationFields {
	naam: string;
	kvkNummer: string | null;
	fiscaalNummer: string | null;
	volgnummer: number | null;
	btwNummer: string | null;
	iban: string | null;
	klantnummer: string | null;
	bezoekadres: Adres | null;
	correspondentieadres: Adres | null;
	telefoonnummer: string | null;
	email: string | null;
}

interface ReadOnly {
	sbaMachtigingen: SbaMachtiging[];
	versie: number;
	aangemaaktOp: string;
	gewijzigdOp: string;
}

export type PersonClient = { id: string; soort: 'persoon'; weergavenaam: string } & PersonFields & ReadOnly;
export type OrganisationClient = { id: string; soort: 'organisatie'; weergavenaam: string } & OrganisationFields & ReadOnly;
export type StoredClient = PersonClient | OrganisationClient;

export type WritableFields =
	| { soort: 'persoon'; fields: PersonFields }
	| { soort: 'organisatie'; fields: OrganisationFields };

export interface ApiError {
	status: number;
	code: string;
	message: string;
	field: string | null;
}

export function apiError(status: number, code: string, message: string, field: string | null = null): ApiError {
	return { status, code, message, field };
}

const fail = (code: string, message: string, field: string | null): ApiError => apiError(422, code, message, field);

// ---- field lists (table order of B.2) ------------------------------------------------------------

export const COMMON_WRITABLE = ['klantnummer', 'email'] as const;
export const PERSON_ONLY = [
	'achternaam',
	'tussenvoegsel',
	'voorletters',
	'voornaam',
	'bsn',
	'geboortedatum',
	'geslacht',
	'correspondentieadres',
	'telefoonnummers',
] as const;
export const ORGANISATION_ONLY = [
	'naam',
	'kvkNummer',
	'fiscaalNummer',
	'volgnummer',
	'btwNummer',
	'iban',
	'bezoekadres',
	'correspondentieadres',
	'telefoonnummer',
] as const;
export const READ_ONLY_FIELDS = ['id', 'weergavenaam', 'sbaMachtigingen', 'versie', 'aangemaaktOp', 'gewijzigdOp'] as const;
export const ADRES_FIELDS = ['straatnaam', 'huisnummer', 'huisnummertoevoeging', 'postcode', 'plaats', 'landcode'] as const;
export const TELEFOON_FIELDS = ['algemeen', 'mobiel', 'zakelijk'] as const;

const PERSON_ALLOWED = new Set<string>(['soort', ...COMMON_WRITABLE, ...PERSON_ONLY]);
const ORGANISATION_ALLOWED = new Set<string>(['soort', ...COMMON_WRITABLE, ...ORGANISATION_ONLY]);
const PERSON_ONLY_SET = new Set<string>(PERSON_ONLY);
const ORGANISATION_ONLY_SET = new Set<string>(ORGANISATION_ONLY);
const READ_ONLY_SET = new Set<string>(READ_ONLY_FIELDS);
const ADRES_SET = new Set<string>(ADRES_FIELDS);
const TELEFOON_SET = new Set<string>(TELEFOON_FIELDS);

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Thrown inside the validator and caught at its edge: keeps the first-error logic linear. */
class Fail {
	constructor(readonly error: ApiError) {}
}
function stop(code: string, message: string, field: string | null): never {
	throw new Fail(fail(code, message, field));
}

// ---- primitive checks ----------------------------------------------------------------------------

/** Optional string: null/undefined/"" (after trim) => null; else trimmed, max length. */
function optString(v: unknown, path: string, max: number): string | null {
	if (v === undefined || v === null) return null;
	if (typeof v !== 'string') stop('INVALID_FORMAT', `${path} must be a string.`, path);
	const s = v.trim();
	if (s === '') return null;
	if (s.length > max) stop('TOO_LONG', `${path} must be at most ${max} characters.`, path);
	return s;
}

function reqString(v: unknown, path: string, max: number): string {
	const s = optString(v, path, max);
	if (s === null) stop('REQUIRED', `${path} is required.`, path);
	return s;
}

/** Optional string that must pass an identifier normaliser. */
function optIdentifier(
	v: unknown,
	path: string,
	normalise: (s: string) => string | null,
	code: string,
	message: (s: string) => string,
): string | null {
	if (v === undefined || v === null) return null;
	if (typeof v !== 'string') stop('INVALID_FORMAT', `${path} must be a string.`, path);
	const s = v.trim();
	if (s === '') return null;
	const n = normalise(s);
	if (n === null) stop(code, message(s), path);
	return n;
}

function optInteger(v: unknown, path: string, min: number, max: number): number | null {
	if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return null;
	if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
		stop('INVALID_FORMAT', `${path} must be an integer from ${min} to ${max}.`, path);
	}
	return v;
}

function bsnMessage(label: string): (s: string) => string {
	return (s) => {
		const digits = s.replace(/[\s.-]/g, '');
		if (/^\d{8,9}$/.test(digits)) return `${label} fails the 11-proef.`;
		return `${label} must have 9 digits (8 digits are left-padded with a 0); re-enter the full number including leading zeros.`;
	};
}

export function bsnErrorMessage(s: string): string {
	return bsnMessage('BSN')(s);
}
export function fiscaalNummerErrorMessage(s: string): string {
	return bsnMessage('Fiscaal nummer')(s);
}

function telefoon(v: unknown, path: string): string | null {
	const s = optString(v, path, 20);
	if (s !== null && !id.telefoon(s)) {
		stop('INVALID_TELEFOON', `${path} may only contain digits, spaces and + ( ) -.`, path);
	}
	return s;
}

function adres(v: unknown, path: string): Adres | null {
	if (v === undefined || v === null) return null;
	if (!isObject(v)) stop('INVALID_FORMAT', `${path} must be an object or null.`, path);
	const straatnaam = reqString(v.straatnaam, `${path}.straatnaam`, 100);
	let huisnummer: number;
	if (v.huisnummer === undefined || v.huisnummer === null) {
		stop('REQUIRED', `${path}.huisnummer is required.`, `${path}.huisnummer`);
	} else {
		const n = optInteger(v.huisnummer, `${path}.huisnummer`, 1, 99999);
		if (n === null) stop('REQUIRED', `${path}.huisnummer is required.`, `${path}.huisnummer`);
		huisnummer = n;
	}
	const huisnummertoevoeging = optString(v.huisnummertoevoeging, `${path}.huisnummertoevoeging`, 10);
	const rawLand = v.landcode;
	const effectiveLand =
		rawLand === undefined || rawLand === null || (typeof rawLand === 'string' && rawLand.trim() === '')
			? 'NL'
			: typeof rawLand === 'string'
				? rawLand.trim().toUpperCase()
				: '';
	let postcode: string | null;
	if (effectiveLand === 'NL') {
		postcode = optIdentifier(v.postcode, `${path}.postcode`, id.postcodeNl, 'INVALID_POSTCODE', () => 'Postcode must look like 1234 AB.');
		if (postcode === null) stop('REQUIRED', `${path}.postcode is required when landcode is NL.`, `${path}.postcode`);
	} else {
		postcode = optString(v.postcode, `${path}.postcode`, 10);
	}
	const plaats = reqString(v.plaats, `${path}.plaats`, 80);
	let landcode = 'NL';
	if (!(rawLand === undefined || rawLand === null)) {
		if (typeof rawLand !== 'string') stop('INVALID_FORMAT', `${path}.landcode must be a string.`, `${path}.landcode`);
		if (rawLand.trim() !== '') {
			const lc = id.landcode(rawLand);
			if (lc === null) {
				stop('INVALID_LANDCODE', `Landcode must be an ISO 3166-1 alpha-2 country code such as NL, BE or DE.`, `${path}.landcode`);
			}
			landcode = lc;
		}
	}
	return { straatnaam, huisnummer, huisnummertoevoeging, postcode, plaats, landcode };
}

function telefoonnummers(v: unknown, path: string): Telefoonnummers | null {
	if (v === undefined || v === null) return null;
	if (!isObject(v)) stop('INVALID_FORMAT', `${path} must be an object or null.`, path);
	const t = {
		algemeen: telefoon(v.algemeen, `${path}.algemeen`),
		mobiel: telefoon(v.mobiel, `${path}.mobiel`),
		zakelijk: telefoon(v.zakelijk, `${path}.zakelijk`),
	};
	// like "" -> null: an object without any number is stored as null
	return t.algemeen === null && t.mobiel === null && t.zakelijk === null ? null : t;
}

function checkUnknownFields(body: Record<string, unknown>, soort: Soort): void {
	const allowed = soort === 'persoon' ? PERSON_ALLOWED : ORGANISATION_ALLOWED;
	const other = soort === 'persoon' ? ORGANISATION_ONLY_SET : PERSON_ONLY_SET;
	for (const key of Object.keys(body)) {
		if (allowed.has(key)) continue;
		if (READ_ONLY_SET.has(key) && NEXTENS_READ_ONLY_FIELDS_IN_BODY === 'ignore') continue;
		if (READ_ONLY_SET.has(key)) stop('UNKNOWN_FIELD', `Field ${key} is read-only.`, key);
		if (other.has(key)) stop('UNKNOWN_FIELD', `Field ${key} is not allowed for soort ${soort}.`, key);
		stop('UNKNOWN_FIELD', `Unknown field ${key}.`, key);
	}
	const nested: Array<[string, ReadonlySet<string>]> =
		soort === 'persoon'
			? [
					['telefoonnummers', TELEFOON_SET],
					['correspondentieadres', ADRES_SET],
				]
			: [
					['bezoekadres', ADRES_SET],
					['correspondentieadres', ADRES_SET],
				];
	for (const [name, fields] of nested) {
		const value = body[name];
		if (!isObject(value)) continue;
		for (const key of Object.keys(value)) {
			if (!fields.has(key)) stop('UNKNOWN_FIELD', `Unknown field ${name}.${key}.`, `${name}.${key}`);
		}
	}
}

// ---- the validator -------------------------------------------------------------------------------

export type ValidationMode = { mode: 'create' } | { mode: 'update'; storedSoort: Soort };

/**
 * Validates and normalises a POST/PUT body. `today` is the server's UTC date (YYYY-MM-DD) for the
 * "geboortedatum not in the future" rule. Returns the first error in the documented order.
 */
export function validateClientBody(
	body: unknown,
	mode: ValidationMode,
	today: string,
): { ok: true; value: WritableFields } | { ok: false; error: ApiError } {
	try {
		return { ok: true, value: validate(body, mode, today) };
	} catch (e) {
		if (e instanceof Fail) return { ok: false, error: e.error };
		throw e;
	}
}

function validate(body: unknown, mode: ValidationMode, today: string): WritableFields {
	if (!isObject(body)) stop('INVALID_JSON', 'The request body must be a JSON object.', null);

	// soort (required on POST, immutable on PUT)
	let soort: Soort;
	const rawSoort = typeof body.soort === 'string' ? body.soort.trim() : body.soort;
	if (rawSoort === undefined || rawSoort === null || rawSoort === '') {
		if (mode.mode === 'create') stop('REQUIRED', 'soort is required (persoon or organisatie).', 'soort');
		soort = mode.storedSoort;
	} else {
		if (typeof rawSoort !== 'string' || !(SOORTEN as readonly string[]).includes(rawSoort)) {
			stop('INVALID_ENUM', 'soort must be one of: persoon, organisatie.', 'soort');
		}
		soort = rawSoort as Soort;
		if (mode.mode === 'update' && soort !== mode.storedSoort) {
			stop('IMMUTABLE_FIELD', `soort cannot change (the client is a ${mode.storedSoort}).`, 'soort');
		}
	}

	checkUnknownFields(body, soort);

	// common fields
	const klantnummer = optString(body.klantnummer, 'klantnummer', 20);
	const email = optString(body.email, 'email', 254);
	if (email !== null && !id.email(email)) {
		stop('INVALID_EMAIL', 'E-mail address must contain one @ with a name before it and a domain after it.', 'email');
	}

	if (soort === 'persoon') {
		const achternaam = reqString(body.achternaam, 'achternaam', 255);
		const tussenvoegsel = optString(body.tussenvoegsel, 'tussenvoegsel', 50);
		const voorletters = optString(body.voorletters, 'voorletters', 20);
		const voornaam = optString(body.voornaam, 'voornaam', 80);
		const bsn = optIdentifier(body.bsn, 'bsn', id.bsn, 'INVALID_BSN', bsnErrorMessage);
		let geboortedatum: string | null = null;
		if (body.geboortedatum !== undefined && body.geboortedatum !== null) {
			if (typeof body.geboortedatum !== 'string') stop('INVALID_FORMAT', 'geboortedatum must be a string.', 'geboortedatum');
			const d = body.geboortedatum.trim();
			if (d !== '') {
				if (!id.isCalendarDate(d)) stop('INVALID_DATE', 'geboortedatum must be a date as YYYY-MM-DD.', 'geboortedatum');
				if (d > today) stop('INVALID_DATE', 'geboortedatum must not be in the future.', 'geboortedatum');
				geboortedatum = d;
			}
		}
		const g = optString(body.geslacht, 'geslacht', 20);
		if (g !== null && !(GESLACHTEN as readonly string[]).includes(g)) {
			stop('INVALID_ENUM', 'geslacht must be one of: man, vrouw, onbekend.', 'geslacht');
		}
		const tel = telefoonnummers(body.telefoonnummers, 'telefoonnummers');
		const correspondentieadres = adres(body.correspondentieadres, 'correspondentieadres');
		return {
			soort,
			fields: {
				achternaam,
				tussenvoegsel,
				voorletters,
				voornaam,
				bsn,
				geboortedatum,
				geslacht: g as PersonFields['geslacht'],
				klantnummer,
				correspondentieadres,
				telefoonnummers: tel,
				email,
			},
		};
	}

	const naam = reqString(body.naam, 'naam', 255);
	const kvkNummer = optIdentifier(body.kvkNummer, 'kvkNummer', id.kvk, 'INVALID_KVK', () => 'KvK-nummer must be exactly 8 digits.');
	const fiscaalNummer = optIdentifier(
		body.fiscaalNummer,
		'fiscaalNummer',
		id.fiscaalNummer,
		'INVALID_FISCAAL_NUMMER',
		fiscaalNummerErrorMessage,
	);
	let volgnummer = optInteger(body.volgnummer, 'volgnummer', 1, 999);
	if (volgnummer === null && fiscaalNummer !== null) volgnummer = 1;
	const btwNummer = optIdentifier(
		body.btwNummer,
		'btwNummer',
		id.btwId,
		'INVALID_BTW',
		() => 'Btw-nummer must look like NL123456789B01 and pass the 11-proef or the mod 97 check.',
	);
	const iban = optIdentifier(body.iban, 'iban', id.iban, 'INVALID_IBAN', () => 'IBAN is not valid (format or mod 97 check digits).');
	const telefoonnummer = telefoon(body.telefoonnummer, 'telefoonnummer');
	const bezoekadres = adres(body.bezoekadres, 'bezoekadres');
	const correspondentieadres = adres(body.correspondentieadres, 'correspondentieadres');
	return {
		soort,
		fields: {
			naam,
			kvkNummer,
			fiscaalNummer,
			volgnummer,
			btwNummer,
			iban,
			klantnummer,
			bezoekadres,
			correspondentieadres,
			telefoonnummer,
			email,
		},
	};
}

// ---- derived values ------------------------------------------------------------------------------

export function weergavenaamOf(w: WritableFields): string {
	if (w.soort === 'organisatie') return w.fields.naam;
	const f = w.fields;
	return [f.voorletters ?? f.voornaam, f.tussenvoegsel, f.achternaam].filter((p): p is string => !!p).join(' ');
}

/** Name matching key: trim, collapse internal whitespace to one space, Unicode NFC. Case-sensitive. */
export function nameKey(s: string): string {
	return s.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/** The stored (and returned) client, with the documented key order. */
export function buildClient(
	clientId: string,
	w: WritableFields,
	ro: ReadOnly,
): StoredClient {
	const weergavenaam = weergavenaamOf(w);
	if (w.soort === 'persoon') {
		const f = w.fields;
		return {
			id: clientId,
			soort: 'persoon',
			weergavenaam,
			achternaam: f.achternaam,
			tussenvoegsel: f.tussenvoegsel,
			voorletters: f.voorletters,
			voornaam: f.voornaam,
			bsn: f.bsn,
			geboortedatum: f.geboortedatum,
			geslacht: f.geslacht,
			klantnummer: f.klantnummer,
			correspondentieadres: f.correspondentieadres,
			telefoonnummers: f.telefoonnummers,
			email: f.email,
			sbaMachtigingen: ro.sbaMachtigingen,
			versie: ro.versie,
			aangemaaktOp: ro.aangemaaktOp,
			gewijzigdOp: ro.gewijzigdOp,
		};
	}
	const f = w.fields;
	return {
		id: clientId,
		soort: 'organisatie',
		weergavenaam,
		naam: f.naam,
		kvkNummer: f.kvkNummer,
		fiscaalNummer: f.fiscaalNummer,
		volgnummer: f.volgnummer,
		btwNummer: f.btwNummer,
		iban: f.iban,
		klantnummer: f.klantnummer,
		bezoekadres: f.bezoekadres,
		correspondentieadres: f.correspondentieadres,
		telefoonnummer: f.telefoonnummer,
		email: f.email,
		sbaMachtigingen: ro.sbaMachtigingen,
		versie: ro.versie,
		aangemaaktOp: ro.aangemaaktOp,
		gewijzigdOp: ro.gewijzigdOp,
	};
}

/** The writable part of a stored client, for "did this PUT change anything". */
export function writableOf(c: StoredClient): WritableFields {
	if (c.soort === 'persoon') {
		return {
			soort: 'persoon',
			fields: {
				achternaam: c.achternaam,
				tussenvoegsel: c.tussenvoegsel,
				voorletters: c.voorletters,
				voornaam: c.voornaam,
				bsn: c.bsn,
				geboortedatum: c.geboortedatum,
				geslacht: c.geslacht,
				klantnummer: c.klantnummer,
				correspondentieadres: c.correspondentieadres,
				telefoonnummers: c.telefoonnummers,
				email: c.email,
			},
		};
	}
	return {
		soort: 'organisatie',
		fields: {
			naam: c.naam,
			kvkNummer: c.kvkNummer,
			fiscaalNummer: c.fiscaalNummer,
			volgnummer: c.volgnummer,
			btwNummer: c.btwNummer,
			iban: c.iban,
			klantnummer: c.klantnummer,
			bezoekadres: c.bezoekadres,
			correspondentieadres: c.correspondentieadres,
			telefoonnummer: c.telefoonnummer,
			email: c.email,
		},
	};
}

/** Structural equality of two normalised writable-field sets (independent of key order). */
export function sameWritable(a: WritableFields, b: WritableFields): boolean {
	return deepEqual(a, b);
}

function deepEqual(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const ka = Object.keys(a as object);
	const kb = Object.keys(b as object);
	if (ka.length !== kb.length) return false;
	for (const k of ka) {
		if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
	}
	return true;
}
