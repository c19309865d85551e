/**
 * CRM record (flat fields of the resource mapper) -> Nextens client payload (docs/vendors/nextens-contract.md §B.5
 * step 1): trim, Unicode NFC, empty -> null, identifiers in their stored form (BSN padded, IBAN
 * without spaces, postcode `1234 AB`, country name -> ISO code), the mailing address falling back to
 * the visit address. A value that cannot be normalised is kept as trimmed text so that validation
 * reports it with the server's code, field and order. Pure: no n8n imports.
 */
import {
	countryToIso,
	isPaddedBsn,
	normaliseBsn,
	normaliseBtwId,
	normaliseIban,
	normaliseKvk,
	normalisePostcode,
	normaliseRsin,
} from '../../common/identifiers';
import type {
	Adres,
	ClientPayload,
	OrganisationPayload,
	PersonPayload,
	Soort,
	Telefoonnummers,
} from './types';
import { ORGANISATION_WRITABLE, PERSON_WRITABLE } from './types';

/** Writable fields built from several CRM fields; the others a CRM record carries under their own name. */
const COMPOSITE_FIELDS: ReadonlySet<string> = new Set(['bezoekadres', 'correspondentieadres', 'telefoonnummers']);

/** The single-value writable fields the record provides (an absent field keeps its Nextens value). */
function providedFields(record: CrmRecord, writable: readonly string[]): Set<string> {
	return new Set(writable.filter((key) => !COMPOSITE_FIELDS.has(key) && record[key] !== undefined));
}

export interface NormaliseOptions {
	/** Extra country names -> ISO codes on top of the built-in table. */
	countryNames?: Record<string, string>;
}

export interface NormalisedRecord {
	payload: ClientPayload;
	/**
	 * Top-level writable fields the record supplies (mapped, possibly empty). Fields it does not
	 * supply keep their Nextens value on an update.
	 */
	provided: Set<string>;
	/** Identifier fields (`bsn`, `fiscaalNummer`) accepted only after their lost leading zeros were restored. */
	paddedFields: string[];
}

type CrmRecord = Record<string, unknown>;

/** Trimmed NFC text; undefined when the key is absent, null when empty. */
export function text(value: unknown): string | null | undefined {
	if (value === undefined) return undefined;
	if (value === null) return null;
	let s: string;
	if (typeof value === 'string') s = value;
	else if (typeof value === 'number' || typeof value === 'boolean') s = String(value);
	else if (value instanceof Date) s = value.toISOString();
	else s = JSON.stringify(value);
	s = s.normalize('NFC').trim();
	return s === '' ? null : s;
}

function orNull(value: string | null | undefined): string | null {
	return value === undefined ? null : value;
}

function identifier(value: unknown, fn: (s: string) => string | null): string | null {
	const s = orNull(text(value));
	if (s === null) return null;
	return fn(s) ?? s;
}

const GESLACHT: Record<string, string> = {
	m: 'man',
	man: 'man',
	male: 'man',
	mannelijk: 'man',
	heer: 'man',
	dhr: 'man',
	'dhr.': 'man',
	v: 'vrouw',
	vrouw: 'vrouw',
	f: 'vrouw',
	female: 'vrouw',
	vrouwelijk: 'vrouw',
	mevrouw: 'vrouw',
	mevr: 'vrouw',
	'mevr.': 'vrouw',
	o: 'onbekend',
	x: 'onbekend',
	onbekend: 'onbekend',
	unknown: 'onbekend',
	anders: 'onbekend',
	other: 'onbekend',
};

function geslacht(value: unknown): string | null {
	const s = orNull(text(value));
	if (s === null) return null;
	return GESLACHT[s.toLowerCase()] ?? s;
}

/** `YYYY-MM-DD`, an ISO timestamp (date part) or Dutch `DD-MM-YYYY` / `DD/MM/YYYY` -> `YYYY-MM-DD`. */
function datum(value: unknown): string | null {
	const s = orNull(text(value));
	if (s === null) return null;
	let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(s);
	if (m) return `${m[1]}-${m[2]}-${m[3]}`;
	m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s);
	if (m) return `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
	return s;
}

function integerOrText(value: unknown): number | string | null {
	if (typeof value === 'number' && Number.isInteger(value)) return value;
	const s = orNull(text(value));
	if (s === null) return null;
	return /^\d+$/.test(s) ? Number(s) : s;
}

function rawAddress(record: CrmRecord, prefix: string) {
	return {
		straatnaam: record[`${prefix}Straatnaam`],
		huisnummer: record[`${prefix}Huisnummer`],
		toevoeging: record[`${prefix}Toevoeging`],
		postcode: record[`${prefix}Postcode`],
		plaats: record[`${prefix}Plaats`],
		land: record[`${prefix}Land`],
	};
}

function addressProvided(record: CrmRecord, prefix: string): boolean {
	return Object.values(rawAddress(record, prefix)).some((v) => v !== undefined);
}

/** Builds an Adres from `<prefix>Straatnaam` etc.; null when no part (other than the country) is filled. */
export function normaliseAddress(
	record: CrmRecord,
	prefix: string,
	options: NormaliseOptions = {},
): Adres | null {
	const raw = rawAddress(record, prefix);
	let straatnaam = orNull(text(raw.straatnaam));
	let huisnummer = integerOrText(raw.huisnummer);
	let toevoeging = orNull(text(raw.toevoeging));
	const plaats = orNull(text(raw.plaats));
	const postcodeText = orNull(text(raw.postcode));
	if ([straatnaam, huisnummer, toevoeging, postcodeText, plaats].every((v) => v === null)) return null;

	// "Keizersgracht 123 A" in the street field and no house number: split it.
	if (straatnaam !== null && huisnummer === null) {
		const m = /^(.*?\D)\s+(\d{1,5})(?:\s*-?\s*([A-Za-z0-9]{1,10}))?$/.exec(straatnaam);
		if (m) {
			straatnaam = m[1].trim();
			huisnummer = Number(m[2]);
			if (toevoeging === null && m[3]) toevoeging = m[3];
		}
	}
	// "123A" / "123-2" / "123 bis" in the house-number field: split off the addition.
	if (typeof huisnummer === 'string') {
		const m = /^(\d{1,5})\s*[-/]?\s*([A-Za-z0-9][A-Za-z0-9 ]{0,9})$/.exec(huisnummer);
		if (m && toevoeging === null) {
			huisnummer = Number(m[1]);
			toevoeging = m[2].trim();
		}
	}

	const landText = orNull(text(raw.land));
	const landcode = landText === null ? 'NL' : (countryToIso(landText, options.countryNames) ?? landText);
	let postcode = postcodeText;
	if (postcode !== null && landcode === 'NL') postcode = normalisePostcode(postcode) ?? postcode;
	return { straatnaam, huisnummer, huisnummertoevoeging: toevoeging, postcode, plaats, landcode };
}

function normalisePerson(record: CrmRecord, options: NormaliseOptions): NormalisedRecord {
	const provided = providedFields(record, PERSON_WRITABLE);
	if (addressProvided(record, 'correspondentie') || addressProvided(record, 'bezoek')) {
		provided.add('correspondentieadres');
	}
	if (['telefoonAlgemeen', 'telefoonMobiel', 'telefoonZakelijk'].some((k) => record[k] !== undefined)) {
		provided.add('telefoonnummers');
	}
	const telefoonnummers: Telefoonnummers = {
		algemeen: orNull(text(record.telefoonAlgemeen)),
		mobiel: orNull(text(record.telefoonMobiel)),
		zakelijk: orNull(text(record.telefoonZakelijk)),
	};
	const payload: PersonPayload = {
		soort: 'persoon',
		klantnummer: orNull(text(record.klantnummer)),
		email: orNull(text(record.email)),
		achternaam: orNull(text(record.achternaam)),
		tussenvoegsel: orNull(text(record.tussenvoegsel)),
		voorletters: orNull(text(record.voorletters)),
		voornaam: orNull(text(record.voornaam)),
		bsn: identifier(record.bsn, normaliseBsn),
		geboortedatum: datum(record.geboortedatum),
		geslacht: geslacht(record.geslacht),
		correspondentieadres:
			normaliseAddress(record, 'correspondentie', options) ?? normaliseAddress(record, 'bezoek', options),
		telefoonnummers,
	};
	return { payload, provided, paddedFields: isPaddedBsn(text(record.bsn)) ? ['bsn'] : [] };
}

function normaliseOrganisation(record: CrmRecord, options: NormaliseOptions): NormalisedRecord {
	const provided = providedFields(record, ORGANISATION_WRITABLE);
	const bezoekadres = normaliseAddress(record, 'bezoek', options);
	if (addressProvided(record, 'bezoek')) provided.add('bezoekadres');
	if (addressProvided(record, 'correspondentie') || addressProvided(record, 'bezoek')) {
		provided.add('correspondentieadres');
	}
	const fiscaalNummer = identifier(record.fiscaalNummer, normaliseRsin);
	let volgnummer = integerOrText(record.volgnummer);
	if (fiscaalNummer !== null && volgnummer === null) {
		volgnummer = 1; // an empty volgnummer equals volgnummer 1 (A.3)
		provided.add('volgnummer');
	}
	const payload: OrganisationPayload = {
		soort: 'organisatie',
		klantnummer: orNull(text(record.klantnummer)),
		email: orNull(text(record.email)),
		naam: orNull(text(record.naam)),
		kvkNummer: identifier(record.kvkNummer, normaliseKvk),
		fiscaalNummer,
		volgnummer,
		btwNummer: identifier(record.btwNummer, normaliseBtwId),
		iban: identifier(record.iban, normaliseIban),
		bezoekadres,
		// Simplicate: a company without a separate mailing address sends its visit address.
		correspondentieadres:
			normaliseAddress(record, 'correspondentie', options) ?? (bezoekadres ? { ...bezoekadres } : null),
		telefoonnummer: orNull(text(record.telefoonnummer)),
	};
	return { payload, provided, paddedFields: isPaddedBsn(text(record.fiscaalNummer)) ? ['fiscaalNummer'] : [] };
}

export function normaliseRecord(
	soort: Soort,
	record: CrmRecord,
	options: NormaliseOptions = {},
): NormalisedRecord {
	return soort === 'persoon' ? normalisePerson(record, options) : normaliseOrganisation(record, options);
}

/**
 * `weergavenaam` as Nextens computes it (B.2): persons: non-empty parts of [voorletters, or voornaam
 * when voorletters is empty; tussenvoegsel; achternaam] joined by one space; organisations: naam.
 */
export function displayName(payload: ClientPayload): string {
	if (payload.soort === 'organisatie') return collapse(payload.naam ?? '');
	const first = payload.voorletters ?? payload.voornaam;
	return collapse([first, payload.tussenvoegsel, payload.achternaam].filter((p) => p).join(' '));
}

/** The name comparison of the lookup: trimmed, inner whitespace collapsed, NFC. Case-sensitive. */
export function collapse(name: string): string {
	return name.normalize('NFC').replace(/\s+/g, ' ').trim();
}
