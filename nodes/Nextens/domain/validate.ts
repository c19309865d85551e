/**
 * Local validation of a normalised client payload with the server's rules and in the server's
 * order (docs/vendors/nextens-contract.md §B.2 and §B.3 "validation order": soort, common fields, soort-specific
 * fields in table order, then the address fields in table order). The first failure is returned as
 * `{code, field, message}`: the contract's error body, naming the field and the rule. Nothing of an
 * invalid record is sent. Pure: no n8n imports.
 */
import {
	isIsoCountryCode,
	normaliseBsn,
	normaliseBtwId,
	normaliseIban,
	normaliseKvk,
	normalisePostcode,
	normaliseRsin,
} from '../../common/identifiers';
import { crmFieldLabel } from './crmFields';
import type { Adres, ClientPayload, FieldError, OrganisationPayload, PersonPayload, Soort, Telefoonnummers } from './types';

class Invalid {
	constructor(readonly error: FieldError) {}
}

/** Masks a value that may be a BSN: only the last four characters stay visible. */
export function maskTail(value: string): string {
	const s = value.replace(/[\s.-]/g, '');
	return s.length <= 4 ? '****' : '*****' + s.slice(-4);
}

function makeFail(soort: Soort) {
	return (code: string, field: string, rule: string): never => {
		const label = crmFieldLabel(soort, field);
		throw new Invalid({ code, field, message: label ? `${label} (${field}): ${rule}` : `${field}: ${rule}` });
	};
}

function isBlank(v: unknown): boolean {
	return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** Today's date as YYYY-MM-DD in UTC (the server's clock for "not in the future"). */
export function todayUtc(now: Date = new Date()): string {
	return now.toISOString().slice(0, 10);
}

function isCalendarDate(input: string): boolean {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input);
	if (!m) return false;
	const mo = Number(m[2]);
	const d = Number(m[3]);
	if (mo < 1 || mo > 12 || d < 1) return false;
	return d <= new Date(Date.UTC(Number(m[1]), mo, 0)).getUTCDate();
}

export function isValidEmail(input: string): boolean {
	const at = input.indexOf('@');
	return at > 0 && at === input.lastIndexOf('@') && at < input.length - 1;
}

export function isValidTelefoon(input: string): boolean {
	return /^[0-9+() -]+$/.test(input);
}

/**
 * Returns the first validation error of the payload, in server order, or null when the payload is
 * valid. `today` (YYYY-MM-DD) is used for the "birth date not in the future" rule.
 */
export function validatePayload(payload: ClientPayload, today: string = todayUtc()): FieldError | null {
	try {
		check(payload, today);
		return null;
	} catch (e) {
		if (e instanceof Invalid) return e.error;
		return { code: 'INVALID_FORMAT', field: null, message: `The record could not be checked: ${String(e)}` };
	}
}

/** The field checks of one payload; each failing check throws {@link Invalid} with the field and the rule. */
class Checker {
	readonly fail: (code: string, field: string, rule: string) => never;

	constructor(soort: Soort) {
		this.fail = makeFail(soort);
	}

	str(value: unknown, field: string, max: number, required = false): void {
		if (isBlank(value)) {
			if (required) this.fail('REQUIRED', field, 'is required.');
			return;
		}
		if (typeof value !== 'string') this.fail('INVALID_FORMAT', field, 'must be text.');
		const s = (value as string).trim();
		if (s.length > max) this.fail('TOO_LONG', field, `must be at most ${max} characters (it has ${s.length}).`);
	}

	identifier(
		value: unknown,
		field: string,
		normalise: (s: string) => string | null,
		code: string,
		rule: (s: string) => string,
	): void {
		if (isBlank(value)) return;
		const s = String(value).trim();
		if (normalise(s) === null) this.fail(code, field, rule(s));
	}

	telefoon(value: unknown, field: string): void {
		this.str(value, field, 20);
		if (!isBlank(value) && !isValidTelefoon(String(value).trim())) {
			this.fail('INVALID_TELEFOON', field, 'may only contain digits, spaces and + ( ) -.');
		}
	}

	address(value: Adres | null, path: string): void {
		if (value === null || value === undefined) return;
		this.str(value.straatnaam, `${path}.straatnaam`, 100, true);
		const hn = value.huisnummer;
		if (isBlank(hn)) this.fail('REQUIRED', `${path}.huisnummer`, 'is required.');
		if (typeof hn !== 'number' || !Number.isInteger(hn) || hn < 1 || hn > 99999) {
			this.fail('INVALID_FORMAT', `${path}.huisnummer`, `must be a whole number from 1 to 99999 (got "${String(hn)}").`);
		}
		this.str(value.huisnummertoevoeging, `${path}.huisnummertoevoeging`, 10);
		const land = isBlank(value.landcode) ? 'NL' : String(value.landcode).trim().toUpperCase();
		if (land === 'NL') {
			this.identifier(value.postcode, `${path}.postcode`, normalisePostcode, 'INVALID_POSTCODE', (s) =>
				`must look like 1234 AB (got "${s}"; the first digit is never 0 and SA, SD, SS are never issued).`,
			);
			if (isBlank(value.postcode)) this.fail('REQUIRED', `${path}.postcode`, 'is required when the country is NL.');
		} else {
			this.str(value.postcode, `${path}.postcode`, 10);
		}
		this.str(value.plaats, `${path}.plaats`, 80, true);
		if (!isBlank(value.landcode) && !isIsoCountryCode(String(value.landcode).trim().toUpperCase())) {
			this.fail(
				'INVALID_LANDCODE',
				`${path}.landcode`,
				`"${String(value.landcode)}" is neither an ISO 3166-1 country code (NL, BE, DE, ...) nor a known country name.`,
			);
		}
	}
}

const nineDigitRule = (name: string) => (s: string) => {
	const digits = s.replace(/[\s.-]/g, '');
	if (/^\d{9}$/.test(digits)) return `${name} ${maskTail(s)} fails the 11-proef.`;
	if (/^\d{7,8}$/.test(digits)) {
		return `${name} ${maskTail(s)} fails the 11-proef, also with its leading zeros restored (${digits.length} digits padded to 9); check the number in the source.`;
	}
	return `${name} must have 9 digits (7 or 8 digits are padded with leading zeros; this one has ${digits.length} characters); re-enter the full number including leading zeros.`;
};

function checkPerson(c: Checker, payload: PersonPayload, today: string): void {
	c.str(payload.achternaam, 'achternaam', 255, true);
	c.str(payload.tussenvoegsel, 'tussenvoegsel', 50);
	c.str(payload.voorletters, 'voorletters', 20);
	c.str(payload.voornaam, 'voornaam', 80);
	c.identifier(payload.bsn, 'bsn', normaliseBsn, 'INVALID_BSN', nineDigitRule('BSN'));
	if (!isBlank(payload.geboortedatum)) {
		const d = String(payload.geboortedatum).trim();
		if (!isCalendarDate(d)) c.fail('INVALID_DATE', 'geboortedatum', `must be a date as YYYY-MM-DD (got "${d}").`);
		if (d > today) c.fail('INVALID_DATE', 'geboortedatum', `must not be in the future (got ${d}).`);
	}
	c.str(payload.geslacht, 'geslacht', 20);
	if (!isBlank(payload.geslacht) && !['man', 'vrouw', 'onbekend'].includes(String(payload.geslacht))) {
		c.fail('INVALID_ENUM', 'geslacht', `must be man, vrouw or onbekend (got "${String(payload.geslacht)}").`);
	}
	const tel: Telefoonnummers | null = payload.telefoonnummers;
	if (tel) {
		c.telefoon(tel.algemeen, 'telefoonnummers.algemeen');
		c.telefoon(tel.mobiel, 'telefoonnummers.mobiel');
		c.telefoon(tel.zakelijk, 'telefoonnummers.zakelijk');
	}
	c.address(payload.correspondentieadres, 'correspondentieadres');
}

function checkOrganisation(c: Checker, payload: OrganisationPayload): void {
	c.str(payload.naam, 'naam', 255, true);
	c.identifier(payload.kvkNummer, 'kvkNummer', normaliseKvk, 'INVALID_KVK', (s) =>
		`must be exactly 8 digits (got "${s}"; a 12-digit vestigingsnummer is not a KvK number).`,
	);
	c.identifier(payload.fiscaalNummer, 'fiscaalNummer', normaliseRsin, 'INVALID_FISCAAL_NUMMER', nineDigitRule('Fiscaal nummer'));
	const vn = payload.volgnummer;
	if (!isBlank(vn) && (typeof vn !== 'number' || !Number.isInteger(vn) || vn < 1 || vn > 999)) {
		c.fail('INVALID_FORMAT', 'volgnummer', `must be a whole number from 1 to 999 (got "${String(vn)}").`);
	}
	c.identifier(payload.btwNummer, 'btwNummer', normaliseBtwId, 'INVALID_BTW', (s) =>
		`must look like NL123456789B01 and pass the 11-proef or the mod 97 check (got "${s}").`,
	);
	c.identifier(payload.iban, 'iban', normaliseIban, 'INVALID_IBAN', (s) =>
		`is not a valid IBAN (format or mod 97 check digits; got "${s}").`,
	);
	c.telefoon(payload.telefoonnummer, 'telefoonnummer');
	c.address(payload.bezoekadres, 'bezoekadres');
	c.address(payload.correspondentieadres, 'correspondentieadres');
}

/** The server's order: soort, the common fields, the soort's fields in table order, then its addresses. */
function check(payload: ClientPayload, today: string): void {
	const c = new Checker(payload.soort);
	c.str(payload.klantnummer, 'klantnummer', 20);
	c.str(payload.email, 'email', 254);
	if (!isBlank(payload.email) && !isValidEmail(String(payload.email).trim())) {
		c.fail('INVALID_EMAIL', 'email', 'must contain one @ with a name before it and a domain after it.');
	}
	if (payload.soort === 'persoon') checkPerson(c, payload, today);
	else checkOrganisation(c, payload);
}
