import {
	countryToIso,
	formatIban,
	normaliseBsn,
	normaliseBtwId,
	normaliseCountry,
	normaliseIban,
	normaliseKvk,
	normalisePostcode,
	normaliseRsin,
} from '../../nodes/shared/identifiers';

type Row = [kind: string, input: string, expected: string | null];

// docs/vendors/dutch-identifiers.md §9, every row.
const TABLE: Row[] = [
	['bsn', '111222333', '111222333'],
	['bsn', '123456782', '123456782'],
	['bsn', '249566758', '249566758'],
	['bsn', '12345672', '012345672'],
	['bsn', '1112.22.333', '111222333'],
	['bsn', '123456789', null],
	['bsn', '111222334', null],
	['bsn', '000000000', null],
	['bsn', '1234567890', null],
	['bsn', '1234567', null],
	['bsn', '12345678A', null],
	['rsin', '004495445', '004495445'],
	['rsin', '002455799', null],
	['kvk', '12345678', '12345678'],
	['kvk', '6959 9084', '69599084'],
	['kvk', '1234567', null],
	['kvk', '123456789', null],
	['kvk', '000012345678', null],
	['btw', 'NL004495445B01', 'NL004495445B01'],
	['btw', 'nl 0044.95.445.b.01', 'NL004495445B01'],
	['btw', '004495445B01', 'NL004495445B01'],
	['btw', 'NL002455799B11', 'NL002455799B11'],
	['btw', 'NL000099998B57', 'NL000099998B57'],
	['btw', 'NL123456789B01', null],
	['btw', 'NL004495445B00', null],
	['btw', 'NL000099998B58', null],
	['btw', 'NL4495445B01', null],
	['iban', 'NL91ABNA0417164300', 'NL91ABNA0417164300'],
	['iban', 'nl91 abna 0417 1643 00', 'NL91ABNA0417164300'],
	['iban', 'NL20INGB0001234567', 'NL20INGB0001234567'],
	['iban', 'NL39RABO0300065264', 'NL39RABO0300065264'],
	['iban', 'DE89370400440532013000', 'DE89370400440532013000'],
	['iban', 'NL91ABNA0417164301', null],
	['iban', 'NL91ABNA041716430', null],
	['iban', 'NL00ABNA0417164300', null],
	['postcode', '1234 AB', '1234 AB'],
	['postcode', '1234ab', '1234 AB'],
	['postcode', 'NL-2611ET', '2611 ET'],
	['postcode', '1015cj', '1015 CJ'],
	['postcode', '0123 AB', null],
	['postcode', '2611 SS', null],
	['postcode', '1234 SA', null],
	['postcode', '1234 SD', null],
	['postcode', '12345 AB', null],
	['postcode', '1234 A1', null],
	['country', 'NL', 'NL'],
	['country', 'nl', 'NL'],
	['country', 'BQ', 'BQ'],
	['country', 'GB', 'GB'],
	['country', 'UK', null],
	['country', 'EU', null],
	['country', 'XK', null],
	['country', 'NLD', null],
];

const FN: Record<string, (s: string) => string | null> = {
	bsn: normaliseBsn,
	rsin: normaliseRsin,
	kvk: normaliseKvk,
	btw: normaliseBtwId,
	iban: normaliseIban,
	postcode: normalisePostcode,
	country: normaliseCountry,
};

describe('Dutch identifiers (dutch-identifiers.md §9)', () => {
	test.each(TABLE)('%s %j -> %j', (kind, input, expected) => {
		expect(FN[kind](input)).toBe(expected);
	});

	test('§1 worked examples and the all-zero rule', () => {
		expect(normaliseBsn('111222333')).toBe('111222333');
		expect(normaliseBsn('00000000')).toBeNull();
		expect(normaliseBsn('111-222-333')).toBe('111222333');
	});

	test('IBAN display form', () => {
		expect(formatIban('NL91ABNA0417164300')).toBe('NL91 ABNA 0417 1643 00');
	});
});

describe('country names -> ISO codes', () => {
	test.each([
		['Nederland', 'NL'],
		['nederland ', 'NL'],
		['België', 'BE'],
		['Belgie', 'BE'],
		['Duitsland', 'DE'],
		['Verenigd Koninkrijk', 'GB'],
		['Curaçao', 'CW'],
		['The Netherlands', 'NL'],
		['nl', 'NL'],
		['DE', 'DE'],
	])('%j -> %s', (input, code) => {
		expect(countryToIso(input)).toBe(code);
	});

	test('unknown names and invalid codes are rejected', () => {
		expect(countryToIso('Atlantis')).toBeNull();
		expect(countryToIso('UK')).toBeNull();
		expect(countryToIso('NLD')).toBeNull();
		expect(countryToIso('')).toBeNull();
		expect(countryToIso('   ')).toBeNull();
	});

	test('extra names extend the table', () => {
		expect(countryToIso('Hollandia', { hollandia: 'nl' })).toBe('NL');
		expect(countryToIso('Atlantis', { Atlantis: 'XX' })).toBeNull();
	});
});
