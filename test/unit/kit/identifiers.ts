/**
 * Identifier test vectors: every row of the table in docs/vendors/dutch-identifiers.md §9 (BSN, RSIN,
 * KvK number, VAT id, IBAN, postcode, country code), as [kind, input, normalised form or null when invalid].
 * The node's rules (nodes/common/identifiers.ts) and the Nextens emulator's (emulators/nextens/identifiers.ts)
 * are both held to it.
 */
export type IdentifierKind = 'bsn' | 'rsin' | 'kvk' | 'btw' | 'iban' | 'postcode' | 'country';

export type IdentifierVector = [kind: IdentifierKind, input: string, expected: string | null];

export const IDENTIFIER_VECTORS: IdentifierVector[] = [
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

/** `count` BSNs that pass the elfproef (§1), counting up from `from`. */
export function validBsns(count: number, from = 999990000): string[] {
	const valid: string[] = [];
	for (let n = from; valid.length < count; n++) {
		const s = String(n);
		let sum = 0;
		for (let i = 0; i < 8; i++) sum += (9 - i) * Number(s[i]);
		sum -= Number(s[8]);
		if (sum % 11 === 0) valid.push(s);
	}
	return valid;
}
