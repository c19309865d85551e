/**
 * A small, strict XML reader for the Nmbrs emulator (no dependencies).
 *
 * It reads what a SOAP 1.1 request can contain: an optional declaration, comments, processing
 * instructions, elements with namespaced attributes, text, CDATA, the five predefined entities and
 * numeric character references. A DOCTYPE is refused, like .NET with DtdProcessing.Prohibit.
 * Errors carry a .NET System.Xml.XmlException-style message with a 1-based line and position, so the
 * emulator can answer malformed requests the way an ASMX service does.
 */

export interface XmlAttribute {
	name: string;
	prefix: string;
	local: string;
	ns: string;
	value: string;
}

export interface XmlElement {
	name: string;
	prefix: string;
	local: string;
	/** Resolved namespace URI ('' when none). */
	ns: string;
	attrs: XmlAttribute[];
	children: Array<XmlElement | string>;
	line: number;
	column: number;
}

export class XmlParseError extends Error {
	constructor(
		readonly reason: string,
		readonly line: number,
		readonly column: number,
		/** false for messages .NET prints without the "Line x, position y." suffix. */
		withPosition = true,
	) {
		super(withPosition ? `${reason} Line ${line}, position ${column}.` : reason);
		this.name = 'XmlParseError';
	}
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

const NAME_START = /[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;
const NAME_CHAR = /[-.0-9A-Za-z_:\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C-\u200D\u203F-\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;

const NAME_RE = new RegExp(`${NAME_START.source}${NAME_CHAR.source}*`, 'y');

interface OpenElement {
	el: XmlElement;
	/** Namespace bindings in scope (prefix => uri, '' = default). */
	scope: Map<string, string>;
	rawAttrs: Array<{ name: string; value: string; line: number; column: number }>;
}

/** Parse a complete document; returns the root element. Throws XmlParseError. */
export function parseXml(input: string): XmlElement {
	return new Reader(input).document();
}

class Reader {
	private readonly s: string;
	private i = 0;
	/** Offsets of line starts, for line/position reporting. */
	private lineStarts: number[] | undefined;

	constructor(input: string) {
		// XML end-of-line handling: CRLF and lone CR become LF. Positions are computed on this text.
		let s = input.indexOf('\r') === -1 ? input : input.replace(/\r\n?/g, '\n');
		if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
		this.s = s;
	}

	private pos(offset: number): { line: number; column: number } {
		if (!this.lineStarts) {
			this.lineStarts = [0];
			for (let k = 0; k < this.s.length; k++) if (this.s.charCodeAt(k) === 10) this.lineStarts.push(k + 1);
		}
		let lo = 0;
		let hi = this.lineStarts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (this.lineStarts[mid] <= offset) lo = mid;
			else hi = mid - 1;
		}
		return { line: lo + 1, column: offset - this.lineStarts[lo] + 1 };
	}

	private fail(reason: string, offset = this.i): never {
		const p = this.pos(offset);
		throw new XmlParseError(reason, p.line, p.column);
	}

	private unexpectedEof(open: OpenElement[]): never {
		if (open.length === 0) this.fail('Unexpected end of file has occurred.', this.s.length);
		const names = open
			.map((o) => o.el.name)
			.reverse()
			.join(', ');
		this.fail(`Unexpected end of file has occurred. The following elements are not closed: ${names}.`, this.s.length);
	}

	private isWs(c: number): boolean {
		return c === 32 || c === 10 || c === 9 || c === 13;
	}

	private skipWs(): void {
		while (this.i < this.s.length && this.isWs(this.s.charCodeAt(this.i))) this.i++;
	}

	private readName(): string {
		const start = this.i;
		const first = this.s[this.i];
		if (first === undefined) return '';
		NAME_RE.lastIndex = start;
		const m = NAME_RE.exec(this.s);
		if (!m) {
			this.fail(`Name cannot begin with the '${first}' character, hexadecimal value 0x${first.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}.`);
		}
		this.i = start + m[0].length;
		const ch = this.s[this.i];
		if (ch !== undefined && ch !== '>' && ch !== '/' && ch !== '=' && !this.isWs(ch.charCodeAt(0))) {
			this.fail(`The '${ch}' character, hexadecimal value 0x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}, cannot be included in a name.`);
		}
		return m[0];
	}

	/** Decode entity and character references in text or an attribute value (raw slice at `offset`). */
	private decode(raw: string, offset: number): string {
		if (raw.indexOf('&') === -1) return raw;
		let out = '';
		let k = 0;
		while (k < raw.length) {
			const amp = raw.indexOf('&', k);
			if (amp === -1) {
				out += raw.slice(k);
				break;
			}
			out += raw.slice(k, amp);
			const semi = raw.indexOf(';', amp);
			if (semi === -1) this.fail("An error occurred while parsing EntityName.", offset + amp + 1);
			const ref = raw.slice(amp + 1, semi);
			if (ref.startsWith('#')) {
				const hex = ref[1] === 'x';
				const digits = hex ? ref.slice(2) : ref.slice(1);
				const valid = hex ? /^[0-9a-fA-F]+$/.test(digits) : /^[0-9]+$/.test(digits);
				const code = valid ? parseInt(digits, hex ? 16 : 10) : NaN;
				if (!valid) {
					this.fail(`Invalid syntax for a ${hex ? 'hexadecimal' : 'decimal'} numeric entity reference.`, offset + amp + 1);
				}
				if (
					!(code === 9 || code === 10 || code === 13 || (code >= 32 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff))
				) {
					const hexValue = code.toString(16).toUpperCase().padStart(2, '0');
					this.fail(`'${code < 32 ? '.' : '?'}', hexadecimal value 0x${hexValue}, is an invalid character.`, offset + amp + 1);
				}
				out += String.fromCodePoint(code);
			} else {
				switch (ref) {
					case 'lt':
						out += '<';
						break;
					case 'gt':
						out += '>';
						break;
					case 'amp':
						out += '&';
						break;
					case 'quot':
						out += '"';
						break;
					case 'apos':
						out += "'";
						break;
					default:
						if (ref === '' || !NAME_START.test(ref[0])) this.fail('An error occurred while parsing EntityName.', offset + amp + 1);
						this.fail(`Reference to undeclared entity '${ref}'.`, offset + amp + 1);
				}
			}
			k = semi + 1;
		}
		return out;
	}

	document(): XmlElement {
		const s = this.s;
		// Declaration (only at the very start).
		if (s.startsWith('<?xml') && (s.length === 5 || this.isWs(s.charCodeAt(5)) || s[5] === '?')) {
			const end = s.indexOf('?>');
			if (end === -1) this.unexpectedEof([]);
			const decl = s.slice(5, end);
			if (!/^\s+version\s*=\s*(["'])1\.0\1(\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*$/.test(decl)) {
				this.fail('Syntax for an XML declaration is invalid.', 3);
			}
			this.i = end + 2;
		}
		let root: XmlElement | undefined;
		for (;;) {
			this.skipWs();
			if (this.i >= s.length) break;
			if (s[this.i] !== '<') {
				this.fail('Data at the root level is invalid.');
			}
			const next = s[this.i + 1];
			if (next === '?') {
				this.pi();
				continue;
			}
			if (next === '!') {
				if (s.startsWith('<!--', this.i)) {
					this.comment();
					continue;
				}
				if (s.startsWith('<!DOCTYPE', this.i)) {
					this.fail(
						'For security reasons DTD is prohibited in this XML document. To enable DTD processing set the DtdProcessing property on XmlReaderSettings to Parse.',
						this.i + 2,
					);
				}
				this.fail('Data at the root level is invalid.', this.i + 1);
			}
			if (root) this.fail('There are multiple root elements.', this.i + 1);
			root = this.element();
		}
		if (!root) {
			throw new XmlParseError('Root element is missing.', 0, 0, false);
		}
		return root;
	}

	private pi(): void {
		const start = this.i;
		const end = this.s.indexOf('?>', this.i + 2);
		if (end === -1) this.unexpectedEof([]);
		const target = /^[^\s?]+/.exec(this.s.slice(start + 2, end))?.[0] ?? '';
		if (target.toLowerCase() === 'xml') {
			this.fail(
				'Unexpected XML declaration. The XML declaration must be the first node in the document, and no whitespace characters are allowed to appear before it.',
				start + 2,
			);
		}
		this.i = end + 2;
	}

	private comment(): void {
		const end = this.s.indexOf('-->', this.i + 4);
		if (end === -1) this.unexpectedEof([]);
		const body = this.s.slice(this.i + 4, end);
		if (body.includes('--') || body.endsWith('-')) this.fail("An XML comment cannot contain '--', and '-' cannot be the last character.", this.i + 4 + Math.max(0, body.indexOf('--')));
		this.i = end + 3;
	}

	/** Parses one element and its content (iteratively, so deep nesting cannot overflow the stack). */
	private element(): XmlElement {
		const s = this.s;
		const open: OpenElement[] = [];
		let root: XmlElement | undefined;
		const openTag = (): void => {
			// at '<' of a start tag
			const tagStart = this.i;
			this.i++;
			const namePos = this.pos(this.i);
			const name = this.readName();
			if (name === '') this.unexpectedEof(open);
			const rawAttrs: OpenElement['rawAttrs'] = [];
			let selfClosing = false;
			for (;;) {
				const before = this.i;
				this.skipWs();
				if (this.i >= s.length) this.unexpectedEof(open);
				const ch = s[this.i];
				if (ch === '>') {
					this.i++;
					break;
				}
				if (ch === '/') {
					if (s[this.i + 1] !== '>') this.fail(`'${s[this.i + 1] ?? ''}' is an unexpected token. The expected token is '>'.`, this.i + 1);
					this.i += 2;
					selfClosing = true;
					break;
				}
				if (before === this.i) {
					this.fail(`'${ch}' is an unexpected token. The expected token is '>' or '/>'.`.replace("''", "'"), this.i);
				}
				const attrOffset = this.i;
				const ap = this.pos(attrOffset);
				const aname = this.readName();
				this.skipWs();
				if (s[this.i] !== '=') this.fail(`'${s[this.i] ?? ''}' is an unexpected token. The expected token is '='.`);
				this.i++;
				this.skipWs();
				const q = s[this.i];
				if (q !== '"' && q !== "'") this.fail(`'${q ?? ''}' is an unexpected token. The expected token is '"' or '''.`);
				const vend = s.indexOf(q, this.i + 1);
				if (vend === -1) this.fail('There is an unclosed literal string.', this.i);
				const raw = s.slice(this.i + 1, vend);
				const lt = raw.indexOf('<');
				if (lt !== -1) this.fail("'<', hexadecimal value 0x3C, is an invalid attribute character.", this.i + 1 + lt);
				const value = this.decode(raw, this.i + 1).replace(/[\t\n]/g, ' ');
				if (rawAttrs.some((a) => a.name === aname)) {
					this.fail(`'${aname}' is a duplicate attribute name.`, attrOffset);
				}
				rawAttrs.push({ name: aname, value, line: ap.line, column: ap.column });
				this.i = vend + 1;
			}
			const parentScope = open.length ? open[open.length - 1].scope : new Map<string, string>([['xml', XML_NS]]);
			let scope = parentScope;
			for (const a of rawAttrs) {
				if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) {
					if (scope === parentScope) scope = new Map(parentScope);
					const p = a.name === 'xmlns' ? '' : a.name.slice(6);
					if (p !== '' && a.value === '') this.fail(`Invalid namespace declaration.`, tagStart + 1);
					scope.set(p, a.value);
				}
			}
			const [prefix, local] = splitName(name);
			const ns = prefix === '' ? (scope.get('') ?? '') : scope.get(prefix);
			if (ns === undefined) {
				throw new XmlParseError(`'${prefix}' is an undeclared prefix.`, namePos.line, namePos.column);
			}
			const attrs: XmlAttribute[] = rawAttrs.map((a) => {
				const [ap, al] = splitName(a.name);
				let ans = '';
				if (a.name === 'xmlns' || ap === 'xmlns') ans = XMLNS_NS;
				else if (ap !== '') {
					const u = scope.get(ap);
					if (u === undefined) throw new XmlParseError(`'${ap}' is an undeclared prefix.`, a.line, a.column);
					ans = u;
				}
				return { name: a.name, prefix: ap, local: al, ns: ans, value: a.value };
			});
			const el: XmlElement = { name, prefix, local, ns, attrs, children: [], line: namePos.line, column: namePos.column };
			if (open.length) open[open.length - 1].el.children.push(el);
			else root = el;
			if (!selfClosing) open.push({ el, scope, rawAttrs });
		};

		openTag();
		while (open.length) {
			if (this.i >= s.length) this.unexpectedEof(open);
			const lt = s.indexOf('<', this.i);
			if (lt === -1) {
				this.i = s.length;
				this.unexpectedEof(open);
			}
			if (lt > this.i) {
				const raw = s.slice(this.i, lt);
				const gtgt = raw.indexOf(']]>');
				if (gtgt !== -1) this.fail("']]>' is not allowed in character data.", this.i + gtgt);
				this.pushText(open, this.decode(raw, this.i));
				this.i = lt;
			}
			const next = s[lt + 1];
			if (next === '/') {
				const top = open[open.length - 1];
				this.i = lt + 2;
				const endPos = this.i;
				const name = this.readName();
				this.skipWs();
				if (this.i >= s.length) this.unexpectedEof(open);
				if (s[this.i] !== '>') this.fail(`'${s[this.i]}' is an unexpected token. The expected token is '>'.`);
				if (name !== top.el.name) {
					this.fail(
						`The '${top.el.name}' start tag on line ${top.el.line} position ${top.el.column} does not match the end tag of '${name}'.`,
						endPos,
					);
				}
				this.i++;
				open.pop();
			} else if (next === '!') {
				if (s.startsWith('<!--', lt)) {
					this.i = lt;
					this.comment();
				} else if (s.startsWith('<![CDATA[', lt)) {
					const end = s.indexOf(']]>', lt + 9);
					if (end === -1) this.unexpectedEof(open);
					this.pushText(open, s.slice(lt + 9, end));
					this.i = end + 3;
				} else if (s.startsWith('<!DOCTYPE', lt)) {
					this.fail('Unexpected DTD declaration.', lt + 2);
				} else {
					this.fail("Name cannot begin with the '!' character, hexadecimal value 0x21.", lt + 1);
				}
			} else if (next === '?') {
				this.i = lt;
				this.pi();
			} else {
				this.i = lt;
				openTag();
			}
		}
		return root as XmlElement;
	}

	private pushText(open: OpenElement[], text: string): void {
		if (text === '') return;
		const children = open[open.length - 1].el.children;
		const last = children.length - 1;
		if (last >= 0 && typeof children[last] === 'string') children[last] = (children[last] as string) + text;
		else children.push(text);
	}
}

function splitName(name: string): [string, string] {
	const c = name.indexOf(':');
	return c === -1 ? ['', name] : [name.slice(0, c), name.slice(c + 1)];
}

// ---- helpers on the tree -----------------------------------------------------------------------

export function childElements(el: XmlElement): XmlElement[] {
	return el.children.filter((c): c is XmlElement => typeof c !== 'string');
}

/** First child element with this local name and namespace (exact match, case-sensitive). */
export function child(el: XmlElement, local: string, ns?: string): XmlElement | undefined {
	for (const c of el.children) {
		if (typeof c !== 'string' && c.local === local && (ns === undefined || c.ns === ns)) return c;
	}
	return undefined;
}

/** Concatenated text of the element and its descendants. */
export function textOf(el: XmlElement): string {
	let out = '';
	for (const c of el.children) out += typeof c === 'string' ? c : textOf(c);
	return out;
}

// ---- writing -----------------------------------------------------------------------------------

/** Escape text content the way .NET's XmlWriter does (&, <, > in element content). */
export function escapeText(value: string): string {
	if (!/[&<>]/.test(value)) return value;
	return value.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Escape an attribute value (double-quoted). */
export function escapeAttr(value: string): string {
	return value.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/** `<name>text</name>`, or `<name />` when the text is empty (XmlSerializer writes empty strings this way). */
export function leaf(name: string, value: string | number | boolean): string {
	const text = String(value);
	return text === '' ? `<${name} />` : `<${name}>${escapeText(text)}</${name}>`;
}
