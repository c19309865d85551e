/**
 * Dutch identifier rules as the Nextens emulator applies them (docs/vendors/dutch-identifiers.md). Written for the
 * emulator on purpose: the emulator never imports product code, so a bug in the product's validators
 * cannot hide behind the same bug here. Every function normalises first and returns the normalised
 * value, or null when the input is invalid. None of them throw.
 */

const ISO_3166_ALPHA2 = new Set(
	(
		'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD ' +
		'CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF ' +
		'GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN ' +
		'KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA ' +
		'NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI ' +
		'SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI ' +
		'VN VU WF WS YE YT ZA ZM ZW'
	).split(' '),
);

/** Weighted sum of the BSN 11-proef (weights 9..2 and -1 for the last digit). */
export function elfproefSum(nineDigits: string): number {
	let sum = 0;
	for (let i = 0; i < 8; i++) sum += (9 - i) * (nineDigits.charCodeAt(i) - 48);
	return sum - (nineDigits.charCodeAt(8) - 48);
}

/** BSN (and RSIN / fiscaal nummer): separators removed, 8 or 9 digits, left-padded to 9, 11-proef. */
export function bsn(input: string): string | null {
	const s = input.replace(/[\s.-]/g, '');
	if (!/^\d{8,9}$/.test(s)) return null;
	const n = s.length === 8 ? '0' + s : s;
	if (n === '000000000') return null;
	return elfproefSum(n) % 11 === 0 ? n : null;
}

/** RSIN / fiscaal nummer: the same rule as the BSN. */
export const fiscaalNummer = bsn;

/** KvK-nummer: exactly 8 digits after removing spaces and dots; no checksum, no padding. */
export function kvk(input: string): string | null {
	const s = input.replace(/[\s.]/g, '');
	return /^\d{8}$/.test(s) ? s : null;
}

/** Remainder mod 97 of a [0-9A-Z] string, letters A=10..Z=35, computed digit by digit. */
export function mod97(s: string): number {
	let r = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c >= 65 && c <= 90) {
			const v = c - 55; // two digits
			r = (r * 100 + v) % 97;
		} else {
			r = (r * 10 + (c - 48)) % 97;
		}
	}
	return r;
}

/** Btw-id: NL + 9 digits + B + 2 digits; classic rule (11-proef body, suffix >= 01) or mod 97 over the whole string. */
export function btwId(input: string): string | null {
	let s = input.replace(/[\s.-]/g, '').toUpperCase();
	if (!s.startsWith('NL')) s = 'NL' + s;
	const m = /^NL(\d{9})B(\d{2})$/.exec(s);
	if (!m) return null;
	const classic = bsn(m[1]) !== null && Number(m[2]) > 0;
	return classic || mod97(s) === 1 ? s : null;
}

/** IBAN (ISO 13616): whitespace removed, upper-case, generic form, NL exactly 18 characters, mod 97 = 1. */
export function iban(input: string): string | null {
	const s = input.replace(/\s/g, '').toUpperCase();
	if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return null;
	if (s.startsWith('NL') && !/^NL\d{2}[A-Z]{4}\d{10}$/.test(s)) return null;
	return mod97(s.slice(4) + s.slice(0, 4)) === 1 ? s : null;
}

/** Check digits for an IBAN (used to build valid demo data): 98 - mod97(bban + country + "00"). */
export function ibanFor(country: string, bban: string): string {
	const check = 98 - mod97(bban + country + '00');
	return `${country}${String(check).padStart(2, '0')}${bban}`;
}

/** Dutch postcode -> "1234 AB". First digit never 0; SA, SD and SS are never issued. */
export function postcodeNl(input: string): string | null {
	let s = input.replace(/[\s-]/g, '').toUpperCase();
	if (s.startsWith('NL')) s = s.slice(2);
	const m = /^([1-9]\d{3})([A-Z]{2})$/.exec(s);
	if (!m || m[2] === 'SA' || m[2] === 'SD' || m[2] === 'SS') return null;
	return `${m[1]} ${m[2]}`;
}

/** ISO 3166-1 alpha-2 country code, upper-cased. */
export function landcode(input: string): string | null {
	const s = input.trim().toUpperCase();
	return ISO_3166_ALPHA2.has(s) ? s : null;
}

/** E-mail: exactly one '@' with a non-empty local part and a non-empty domain (the contract's whole rule). */
export function email(input: string): boolean {
	const at = input.indexOf('@');
	return at > 0 && at === input.lastIndexOf('@') && at < input.length - 1;
}

/** Telephone number characters: digits, '+', '(', ')', '-' and space. */
export function telefoon(input: string): boolean {
	return /^[0-9+() -]+$/.test(input);
}

/** Calendar date YYYY-MM-DD that exists. */
export function isCalendarDate(input: string): boolean {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input);
	if (!m) return false;
	const y = Number(m[1]);
	const mo = Number(m[2]);
	const d = Number(m[3]);
	if (mo < 1 || mo > 12 || d < 1) return false;
	const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
	return d <= days;
}

/** Smallest valid BSN/RSIN >= start (9 digits), for generating demo and benchmark data. */
export function nextValidBsn(start: number): string {
	for (let n = start; n <= 999999999; n++) {
		const s = String(n).padStart(9, '0');
		if (s !== '000000000' && elfproefSum(s) % 11 === 0) return s;
	}
	throw new Error('no valid BSN above ' + start);
}
