/** XML 1.0 name, character and predefined entity rules the reader and writer share. Pure. */

export const NAME_START = /[A-Za-z_:\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;
export const NAME_CHAR = /[-.0-9A-Za-z_:\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C-\u200D\u203F-\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;

export function isWhitespace(ch: string): boolean {
	return ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r';
}

/** True for a code point XML 1.0 allows in a document. */
export function isXmlChar(cp: number): boolean {
	return (
		cp === 0x9 ||
		cp === 0xa ||
		cp === 0xd ||
		(cp >= 0x20 && cp <= 0xd7ff) ||
		(cp >= 0xe000 && cp <= 0xfffd) ||
		(cp >= 0x10000 && cp <= 0x10ffff)
	);
}

export function splitName(name: string): { prefix: string; localName: string } {
	const colon = name.indexOf(':');
	if (colon === -1) return { prefix: '', localName: name };
	return { prefix: name.slice(0, colon), localName: name.slice(colon + 1) };
}

export const PREDEFINED_ENTITIES: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
};

/** `&lt;`, `&gt;` or `&amp;` at `amp` (the bulk of escaped XML inside a SOAP string result), without slicing. */
export function commonEntity(raw: string, amp: number, semi: number): string | undefined {
	const first = raw.charCodeAt(amp + 1);
	if (semi === amp + 3 && raw.charCodeAt(amp + 2) === 0x74 /* t */) {
		if (first === 0x6c /* l */) return '<';
		if (first === 0x67 /* g */) return '>';
	}
	if (semi === amp + 4 && first === 0x61 /* a */ && raw.charCodeAt(amp + 2) === 0x6d && raw.charCodeAt(amp + 3) === 0x70) return '&';
	return undefined;
}

/** ASCII name characters (XML 1.0 NameStartChar / NameChar); other characters go through the full patterns. */
export function isNameStart(src: string, at: number): boolean {
	const c = src.charCodeAt(at);
	if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a;
	return NAME_START.test(src[at]);
}

export function isNameChar(src: string, at: number): boolean {
	const c = src.charCodeAt(at);
	if (c < 0x80) {
		return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x3a || c === 0x2d || c === 0x2e;
	}
	return NAME_CHAR.test(src[at]);
}
