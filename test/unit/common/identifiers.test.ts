import {
	countryToIso,
	formatIban,
	isPaddedBsn,
	normaliseBsn,
	normaliseBtwId,
	normaliseCountry,
	normaliseIban,
	normaliseKvk,
	normalisePostcode,
	normaliseRsin,
} from '../../../nodes/common/identifiers';
import { IDENTIFIER_VECTORS, type IdentifierKind } from '../kit/identifiers';

const FN: Record<IdentifierKind, (s: string) => string | null> = {
	bsn: normaliseBsn,
	rsin: normaliseRsin,
	kvk: normaliseKvk,
	btw: normaliseBtwId,
	iban: normaliseIban,
	postcode: normalisePostcode,
	country: normaliseCountry,
};

describe('Dutch identifiers (dutch-identifiers.md §9)', () => {
	// docs/vendors/dutch-identifiers.md §9, every row.
	test.each(IDENTIFIER_VECTORS)('%s %j -> %j', (kind, input, expected) => {
		expect(FN[kind](input)).toBe(expected);
	});

	test('§1 worked examples and the all-zero rule', () => {
		expect(normaliseBsn('111222333')).toBe('111222333');
		expect(normaliseBsn('00000000')).toBeNull();
		expect(normaliseBsn('111-222-333')).toBe('111222333');
	});

	test('a BSN / RSIN of 7 or 8 digits (leading zeros lost in a spreadsheet) is padded and then checked', () => {
		// Invented numbers that pass the 11-proef once padded.
		expect(normaliseBsn('1234560')).toBe('001234560');
		expect(normaliseRsin('76543213')).toBe('076543213');
		expect(normaliseBsn('1234567')).toBeNull(); // 001234567 fails the 11-proef
		expect(normaliseBsn('123456')).toBeNull(); // 6 digits cannot be repaired
		expect(isPaddedBsn('1234560')).toBe(true);
		expect(isPaddedBsn(1234560)).toBe(true);
		expect(isPaddedBsn('001234560')).toBe(false);
		expect(isPaddedBsn('1234567')).toBe(false);
		expect(isPaddedBsn(undefined)).toBe(false);
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
