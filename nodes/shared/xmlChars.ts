/** XML 1.0 name and character rules the reader and writer share. Pure. */

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
