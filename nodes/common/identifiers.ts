/**
 * Dutch identifiers: normalise first, then validate, then store the normalised form
 * (see docs/vendors/dutch-identifiers.md). Every validator returns the normalised string, or null when the
 * input is invalid. They never throw. Pure module: no n8n imports.
 */

const ISO_3166_ALPHA2: ReadonlySet<string> = new Set(
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

/**
 * BSN: 7, 8 or 9 digits, not all zeros, 11-proef with last weight -1. A spreadsheet that took the number for a number
 * dropped its leading zeros (004495445 -> 4495445), so 7 and 8 digits are left-padded with zeros to 9 and accepted
 * only when the padded number passes the 11-proef. Shorter numbers cannot be repaired.
 */
export function normaliseBsn(input: string): string | null {
	const s = String(input).replace(/[\s.-]/g, '');
	if (!/^\d{7,9}$/.test(s)) return null;
	const n = s.padStart(9, '0');
	if (n === '000000000') return null;
	let sum = 0;
	for (let i = 0; i < 8; i++) sum += (9 - i) * Number(n[i]);
	sum -= Number(n[8]);
	return sum % 11 === 0 ? n : null;
}

/** True when {@link normaliseBsn} accepts `input` only after adding leading zeros (7 or 8 digits). */
export function isPaddedBsn(input: unknown): boolean {
	const s = String(input ?? '').replace(/[\s.-]/g, '');
	return /^\d{7,8}$/.test(s) && normaliseBsn(s) !== null;
}

/** RSIN / fiscaal nummer: the same normalisation and 11-proef as the BSN. */
export const normaliseRsin = normaliseBsn;
export const normaliseFiscaalNummer = normaliseBsn;

/** KvK-nummer: exactly 8 digits, no checksum, no padding. */
export function normaliseKvk(input: string): string | null {
	const s = String(input).replace(/[\s.]/g, '');
	return /^\d{8}$/.test(s) ? s : null;
}

/** Remainder mod 97 of a [0-9A-Z] string with letters A=10..Z=35, computed digit by digit. */
function mod97(s: string): number {
	let r = 0;
	for (const ch of s) {
		const v = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
		for (const d of v) r = (r * 10 + Number(d)) % 97;
	}
	return r;
}

/** Btw-id NL#########B##: classic 11-proef rule (suffix >= 01) OR mod 97 over the whole string. */
export function normaliseBtwId(input: string): string | null {
	let s = String(input).replace(/[\s.-]/g, '').toUpperCase();
	if (!s.startsWith('NL')) s = 'NL' + s;
	const m = /^NL(\d{9})B(\d{2})$/.exec(s);
	if (!m) return null;
	const classic = normaliseBsn(m[1]) !== null && Number(m[2]) > 0;
	const modulo97 = mod97(s) === 1;
	return classic || modulo97 ? s : null;
}

/** IBAN: generic ISO 13616 checksum; an NL IBAN must be exactly 18 characters. */
export function normaliseIban(input: string): string | null {
	const s = String(input).replace(/\s/g, '').toUpperCase();
	if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return null;
	if (s.startsWith('NL') && !/^NL\d{2}[A-Z]{4}\d{10}$/.test(s)) return null;
	return mod97(s.slice(4) + s.slice(0, 4)) === 1 ? s : null;
}

/** IBAN display form in groups of four: `NL91 ABNA 0417 1643 00`. */
export function formatIban(iban: string): string {
	return iban.replace(/(.{4})/g, '$1 ').trim();
}

/** Dutch postcode -> "1234 AB"; the letter pairs SA, SD and SS are never issued. */
export function normalisePostcode(input: string): string | null {
	let s = String(input).replace(/[\s-]/g, '').toUpperCase();
	if (s.startsWith('NL')) s = s.slice(2);
	const m = /^([1-9]\d{3})([A-Z]{2})$/.exec(s);
	if (!m || ['SA', 'SD', 'SS'].includes(m[2])) return null;
	return `${m[1]} ${m[2]}`;
}

/** ISO 3166-1 alpha-2 country code (UK, EU, XK and alpha-3 codes are not accepted). */
export function normaliseCountry(input: string): string | null {
	const s = String(input).trim().toUpperCase();
	return ISO_3166_ALPHA2.has(s) ? s : null;
}

export function isIsoCountryCode(code: string): boolean {
	return ISO_3166_ALPHA2.has(code);
}

/**
 * Country names as CRMs send them (Simplicate sends "Nederland") -> ISO 3166-1 alpha-2.
 * Keys are compared after {@link countryNameKey}: lower case, accents removed, punctuation dropped,
 * whitespace collapsed. Dutch and English names of the countries an office meets in practice.
 */
export const COUNTRY_NAMES: Readonly<Record<string, string>> = {
	nederland: 'NL',
	'the netherlands': 'NL',
	netherlands: 'NL',
	holland: 'NL',
	belgie: 'BE',
	belgium: 'BE',
	duitsland: 'DE',
	germany: 'DE',
	deutschland: 'DE',
	frankrijk: 'FR',
	france: 'FR',
	luxemburg: 'LU',
	luxembourg: 'LU',
	'verenigd koninkrijk': 'GB',
	'united kingdom': 'GB',
	'groot brittannie': 'GB',
	engeland: 'GB',
	ierland: 'IE',
	ireland: 'IE',
	spanje: 'ES',
	spain: 'ES',
	portugal: 'PT',
	italie: 'IT',
	italy: 'IT',
	oostenrijk: 'AT',
	austria: 'AT',
	zwitserland: 'CH',
	switzerland: 'CH',
	denemarken: 'DK',
	denmark: 'DK',
	zweden: 'SE',
	sweden: 'SE',
	noorwegen: 'NO',
	norway: 'NO',
	finland: 'FI',
	ijsland: 'IS',
	iceland: 'IS',
	polen: 'PL',
	poland: 'PL',
	tsjechie: 'CZ',
	'czech republic': 'CZ',
	czechia: 'CZ',
	slowakije: 'SK',
	slovakia: 'SK',
	hongarije: 'HU',
	hungary: 'HU',
	roemenie: 'RO',
	romania: 'RO',
	bulgarije: 'BG',
	bulgaria: 'BG',
	griekenland: 'GR',
	greece: 'GR',
	kroatie: 'HR',
	croatia: 'HR',
	slovenie: 'SI',
	slovenia: 'SI',
	estland: 'EE',
	estonia: 'EE',
	letland: 'LV',
	latvia: 'LV',
	litouwen: 'LT',
	lithuania: 'LT',
	malta: 'MT',
	cyprus: 'CY',
	turkije: 'TR',
	turkey: 'TR',
	marokko: 'MA',
	morocco: 'MA',
	suriname: 'SR',
	aruba: 'AW',
	curacao: 'CW',
	'sint maarten': 'SX',
	'caribisch nederland': 'BQ',
	bonaire: 'BQ',
	'sint eustatius': 'BQ',
	saba: 'BQ',
	'verenigde staten': 'US',
	'united states': 'US',
	'united states of america': 'US',
	canada: 'CA',
	australie: 'AU',
	australia: 'AU',
	'nieuw zeeland': 'NZ',
	'new zealand': 'NZ',
	china: 'CN',
	japan: 'JP',
	india: 'IN',
	indonesie: 'ID',
	indonesia: 'ID',
	'zuid afrika': 'ZA',
	'south africa': 'ZA',
	brazilie: 'BR',
	brazil: 'BR',
	oekraine: 'UA',
	ukraine: 'UA',
	rusland: 'RU',
	russia: 'RU',
	israel: 'IL',
	singapore: 'SG',
	'verenigde arabische emiraten': 'AE',
	'united arab emirates': 'AE',
	mexico: 'MX',
	argentinie: 'AR',
	argentina: 'AR',
	liechtenstein: 'LI',
	monaco: 'MC',
};

/** Key used to compare country names: lower case, accents removed, punctuation dropped, spaces collapsed. */
export function countryNameKey(name: string): string {
	return String(name)
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[.,'’()-]/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

/**
 * A country as a CRM sends it (ISO code "NL"/"nl", or a name "Nederland"/"België") -> ISO 3166-1
 * alpha-2, or null when it is neither a valid code nor a known name. `extraNames` adds or
 * overrides names (keys are compared through {@link countryNameKey}).
 */
export function countryToIso(input: string, extraNames?: Record<string, string>): string | null {
	const trimmed = String(input).trim();
	if (trimmed === '') return null;
	const code = normaliseCountry(trimmed);
	if (code !== null) return code;
	const key = countryNameKey(trimmed);
	if (extraNames) {
		for (const [name, value] of Object.entries(extraNames)) {
			if (countryNameKey(name) === key) return normaliseCountry(value);
		}
	}
	return Object.prototype.hasOwnProperty.call(COUNTRY_NAMES, key) ? COUNTRY_NAMES[key] : null;
}
