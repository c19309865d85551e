/**
 * A small, safe XML reader and writer (no dependencies, no n8n imports).
 *
 * Reader: elements, attributes, text, CDATA, the five predefined entities (`&amp; &lt; &gt; &quot;
 * &apos;`) and numeric character references. Comments, processing instructions and the `<?xml …?>`
 * declaration are skipped. A leading byte order mark is stripped. Document type declarations
 * (`<!DOCTYPE`) and entity declarations (`<!ENTITY`) are REFUSED, so entity expansion attacks
 * ("billion laughs") and external entities (XXE) cannot happen; any other named entity reference is
 * an error. Nesting depth and input size are bounded. The parser is iterative (no recursion), so
 * hostile nesting cannot exhaust the call stack.
 *
 * Namespaces: prefixes are kept on the element (`prefix`, `name`) but lookups match by local name
 * only (`child(el, 'Body')` finds `soap:Body`, `s:Body` and `Body`), which is how SOAP responses are
 * read without depending on the prefix a server chooses.
 *
 * Writer: `escapeXmlText` / `escapeXmlAttribute` escape `& < > " '`; `writeXml` serialises a tree.
 */

export interface XmlElement {
	type: 'element';
	/** Qualified name as written, e.g. `soap:Envelope`. */
	name: string;
	/** Part after the colon, e.g. `Envelope`. */
	localName: string;
	/** Part before the colon, '' when none. */
	prefix: string;
	/** Attributes by qualified name, values decoded. */
	attributes: Record<string, string>;
	children: XmlNode[];
}

export interface XmlText {
	type: 'text';
	value: string;
}

export type XmlNode = XmlElement | XmlText;

export interface XmlParseOptions {
	/** Deepest element nesting accepted (root = 1). Default 256. */
	maxDepth?: number;
	/** Longest input accepted, in characters. Default 64 MiB. */
	maxLength?: number;
}

export class XmlError extends Error {
	constructor(
		message: string,
		readonly position?: number,
	) {
		super(position === undefined ? message : `${message} (at character ${position})`);
		this.name = 'XmlError';
	}
}

const DEFAULT_MAX_DEPTH = 256;
const DEFAULT_MAX_LENGTH = 64 * 1024 * 1024;

const PREDEFINED_ENTITIES: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
};

const NAME_START = /[A-Za-z_:\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;
const NAME_CHAR = /[-.0-9A-Za-z_:\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C-\u200D\u203F-\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;

function isWhitespace(ch: string): boolean {
	return ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r';
}

/** True for a code point XML 1.0 allows in a document. */
function isXmlChar(cp: number): boolean {
	return (
		cp === 0x9 ||
		cp === 0xa ||
		cp === 0xd ||
		(cp >= 0x20 && cp <= 0xd7ff) ||
		(cp >= 0xe000 && cp <= 0xfffd) ||
		(cp >= 0x10000 && cp <= 0x10ffff)
	);
}

function splitName(name: string): { prefix: string; localName: string } {
	const colon = name.indexOf(':');
	if (colon === -1) return { prefix: '', localName: name };
	return { prefix: name.slice(0, colon), localName: name.slice(colon + 1) };
}

/**
 * Removes a leading byte order mark and a leading `<?xml …?>` declaration (with surrounding
 * whitespace). The text is already decoded: the declared encoding (often `utf-16` in Nmbrs journal
 * strings) is meaningless here and must not be trusted.
 */
export function stripXmlDeclaration(input: string): string {
	let text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
	const trimmed = text.replace(/^\s+/, '');
	if (/^<\?xml[\s?]/.test(trimmed)) {
		const end = trimmed.indexOf('?>');
		if (end === -1) throw new XmlError('Unterminated XML declaration');
		text = trimmed.slice(end + 2);
	}
	return text;
}

class Reader {
	private pos = 0;

	private readonly maxDepth: number;

	constructor(
		private readonly src: string,
		options: XmlParseOptions,
	) {
		this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
	}

	private fail(message: string, at = this.pos): never {
		throw new XmlError(message, at);
	}

	private startsWith(token: string): boolean {
		return this.src.startsWith(token, this.pos);
	}

	private skipWhitespace(): void {
		while (this.pos < this.src.length && isWhitespace(this.src[this.pos])) this.pos++;
	}

	private readName(): string {
		const start = this.pos;
		if (this.pos >= this.src.length || !NAME_START.test(this.src[this.pos])) {
			this.fail('Expected a name');
		}
		this.pos++;
		while (this.pos < this.src.length && NAME_CHAR.test(this.src[this.pos])) this.pos++;
		return this.src.slice(start, this.pos);
	}

	/** Decodes entity and character references in raw text (no `<` allowed by the caller). */
	private decode(raw: string, offset: number): string {
		if (raw.indexOf('&') === -1) return this.checkChars(raw, offset);
		let out = '';
		let i = 0;
		while (i < raw.length) {
			const amp = raw.indexOf('&', i);
			if (amp === -1) {
				out += raw.slice(i);
				break;
			}
			out += raw.slice(i, amp);
			const semi = raw.indexOf(';', amp);
			if (semi === -1 || semi - amp > 12) this.fail('Unterminated entity reference', offset + amp);
			const ref = raw.slice(amp + 1, semi);
			if (ref.startsWith('#')) {
				const isHex = ref[1] === 'x';
				const digits = isHex ? ref.slice(2) : ref.slice(1);
				if (!(isHex ? /^[0-9A-Fa-f]+$/ : /^[0-9]+$/).test(digits)) {
					this.fail(`Invalid character reference "&${ref};"`, offset + amp);
				}
				const cp = parseInt(digits, isHex ? 16 : 10);
				if (!isXmlChar(cp)) this.fail(`Character reference "&${ref};" is not allowed in XML`, offset + amp);
				out += String.fromCodePoint(cp);
			} else if (Object.prototype.hasOwnProperty.call(PREDEFINED_ENTITIES, ref)) {
				out += PREDEFINED_ENTITIES[ref];
			} else {
				this.fail(
					`Undefined entity "&${ref};": only the five predefined XML entities are accepted`,
					offset + amp,
				);
			}
			i = semi + 1;
		}
		return this.checkChars(out, offset);
	}

	private checkChars(value: string, offset: number): string {
		// eslint-disable-next-line no-control-regex
		const bad = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.exec(value);
		if (bad) this.fail('Character not allowed in XML', offset + bad.index);
		return value;
	}

	private refuseDtd(): never {
		this.fail(
			'Document type declarations (DOCTYPE) are not accepted: entity declarations could expand without bound or read external files',
		);
	}

	/** Skips a comment, processing instruction or declaration; refuses DTDs. Returns true if skipped. */
	private skipMarkup(): boolean {
		if (this.startsWith('<!--')) {
			const end = this.src.indexOf('-->', this.pos + 4);
			if (end === -1) this.fail('Unterminated comment');
			this.pos = end + 3;
			return true;
		}
		if (this.startsWith('<?')) {
			const end = this.src.indexOf('?>', this.pos + 2);
			if (end === -1) this.fail('Unterminated processing instruction');
			this.pos = end + 2;
			return true;
		}
		if (this.startsWith('<!DOCTYPE') || this.startsWith('<!doctype')) this.refuseDtd();
		if (this.startsWith('<!ENTITY') || this.startsWith('<!ELEMENT') || this.startsWith('<!ATTLIST')) {
			this.fail('Entity and markup declarations are not accepted');
		}
		return false;
	}

	private readAttributes(el: XmlElement): boolean {
		// returns true when the tag is self-closing
		for (;;) {
			const before = this.pos;
			this.skipWhitespace();
			if (this.pos >= this.src.length) this.fail('Unterminated start tag');
			if (this.startsWith('/>')) {
				this.pos += 2;
				return true;
			}
			if (this.src[this.pos] === '>') {
				this.pos++;
				return false;
			}
			if (before === this.pos) this.fail('Expected whitespace between attributes');
			const nameAt = this.pos;
			const name = this.readName();
			this.skipWhitespace();
			if (this.src[this.pos] !== '=') this.fail(`Expected "=" after attribute "${name}"`);
			this.pos++;
			this.skipWhitespace();
			const quote = this.src[this.pos];
			if (quote !== '"' && quote !== "'") this.fail(`Attribute "${name}" value must be quoted`);
			const end = this.src.indexOf(quote, this.pos + 1);
			if (end === -1) this.fail('Unterminated attribute value');
			const raw = this.src.slice(this.pos + 1, end);
			if (raw.indexOf('<') !== -1) this.fail(`"<" is not allowed in attribute "${name}"`);
			if (Object.prototype.hasOwnProperty.call(el.attributes, name)) {
				this.fail(`Duplicate attribute "${name}"`, nameAt);
			}
			// Attribute value normalisation: literal whitespace characters become spaces.
			el.attributes[name] = this.decode(raw.replace(/[\t\n\r]/g, ' '), this.pos + 1);
			this.pos = end + 1;
		}
	}

	parse(): XmlElement {
		const src = this.src;
		const stack: XmlElement[] = [];
		let root: XmlElement | undefined;

		for (;;) {
			if (this.pos >= src.length) break;
			const lt = src.indexOf('<', this.pos);
			const textEnd = lt === -1 ? src.length : lt;
			if (textEnd > this.pos) {
				const raw = src.slice(this.pos, textEnd);
				if (stack.length === 0) {
					if (raw.trim() !== '') this.fail('Text is not allowed outside the root element');
				} else {
					if (raw.indexOf(']]>') !== -1) this.fail('"]]>" is not allowed in text', this.pos + raw.indexOf(']]>'));
					appendText(stack[stack.length - 1], this.decode(raw, this.pos));
				}
				this.pos = textEnd;
				continue;
			}
			// At a '<'.
			if (this.startsWith('<![CDATA[')) {
				if (stack.length === 0) this.fail('CDATA is not allowed outside the root element');
				const end = src.indexOf(']]>', this.pos + 9);
				if (end === -1) this.fail('Unterminated CDATA section');
				appendText(stack[stack.length - 1], this.checkChars(src.slice(this.pos + 9, end), this.pos + 9));
				this.pos = end + 3;
				continue;
			}
			if (this.skipMarkup()) continue;
			if (this.startsWith('<!')) this.fail('Unsupported markup declaration');
			if (this.startsWith('</')) {
				const at = this.pos;
				this.pos += 2;
				const name = this.readName();
				this.skipWhitespace();
				if (src[this.pos] !== '>') this.fail(`Expected ">" to close "${name}"`);
				this.pos++;
				const open = stack.pop();
				if (!open) this.fail(`Unexpected closing tag "${name}"`, at);
				if (open.name !== name) this.fail(`Closing tag "${name}" does not match "${open.name}"`, at);
				continue;
			}
			// Start tag.
			if (stack.length === 0 && root) this.fail('Only one root element is allowed');
			this.pos++;
			const name = this.readName();
			const { prefix, localName } = splitName(name);
			// A prototype-less record: an attribute named "__proto__" stays an ordinary key.
			const attributes = Object.create(null) as Record<string, string>;
			const el: XmlElement = { type: 'element', name, localName, prefix, attributes, children: [] };
			const selfClosing = this.readAttributes(el);
			if (stack.length === 0) root = el;
			else stack[stack.length - 1].children.push(el);
			if (!selfClosing) {
				if (stack.length + 1 > this.maxDepth) {
					this.fail(`Elements are nested deeper than ${this.maxDepth} levels`);
				}
				stack.push(el);
			}
		}
		if (stack.length > 0) this.fail(`Element "${stack[stack.length - 1].name}" is not closed`);
		if (!root) this.fail('The document has no root element');
		return root;
	}
}

function appendText(el: XmlElement, value: string): void {
	if (value === '') return;
	const last = el.children[el.children.length - 1];
	if (last && last.type === 'text') last.value += value;
	else el.children.push({ type: 'text', value });
}

/**
 * Parses a complete XML document and returns its root element. Throws {@link XmlError} for malformed
 * input, DTDs, entity declarations, undefined entities, excessive nesting or size.
 */
export function parseXml(input: string, options: XmlParseOptions = {}): XmlElement {
	if (typeof input !== 'string') throw new XmlError('XML input must be a string');
	const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
	if (input.length > maxLength) {
		throw new XmlError(`XML input is larger than ${maxLength} characters`);
	}
	// End-of-line handling (XML 1.0 §2.11) and a leading BOM.
	let text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
	text = text.replace(/\r\n?/g, '\n');
	return new Reader(text, options).parse();
}

// ---- lookup helpers (local-name matching) ---------------------------------------------------

/** The element children of `el`, optionally only those with this local name. */
export function children(el: XmlElement | undefined, localName?: string): XmlElement[] {
	if (!el) return [];
	const result: XmlElement[] = [];
	for (const node of el.children) {
		if (node.type === 'element' && (localName === undefined || node.localName === localName)) {
			result.push(node);
		}
	}
	return result;
}

/** The first element child with this local name. */
export function child(el: XmlElement | undefined, localName: string): XmlElement | undefined {
	if (!el) return undefined;
	for (const node of el.children) {
		if (node.type === 'element' && node.localName === localName) return node;
	}
	return undefined;
}

/** Follows a path of local names: `path(envelope, 'Body', 'Fault')`. */
export function path(el: XmlElement | undefined, ...localNames: string[]): XmlElement | undefined {
	let current = el;
	for (const name of localNames) current = child(current, name);
	return current;
}

/** The first descendant (depth first, including `el`) with this local name. */
export function find(el: XmlElement | undefined, localName: string): XmlElement | undefined {
	if (!el) return undefined;
	const stack: XmlElement[] = [el];
	while (stack.length) {
		const current = stack.pop() as XmlElement;
		if (current.localName === localName) return current;
		const kids = children(current);
		for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
	}
	return undefined;
}

/** All text inside `el` (its own and its descendants'), in document order; '' for undefined. */
export function text(el: XmlElement | undefined): string {
	if (!el) return '';
	let out = '';
	const stack: XmlNode[] = [el];
	while (stack.length) {
		const node = stack.pop() as XmlNode;
		if (node.type === 'text') out += node.value;
		else for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
	}
	return out;
}

/** Trimmed text of the first child with this local name, or undefined when there is no such child. */
export function childText(el: XmlElement | undefined, localName: string): string | undefined {
	const found = child(el, localName);
	return found ? text(found).trim() : undefined;
}

/** An attribute by local name (prefix ignored). */
export function attribute(el: XmlElement | undefined, localName: string): string | undefined {
	if (!el) return undefined;
	for (const [name, value] of Object.entries(el.attributes)) {
		if (splitName(name).localName === localName && !name.startsWith('xmlns')) return value;
	}
	return undefined;
}

// ---- writer -----------------------------------------------------------------------------------

/** Escapes text content: `& < > " '` all become references. */
export function escapeXmlText(value: unknown): string {
	return String(value ?? '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

/** Escapes an attribute value; literal tab / newline / CR are written as references so they survive. */
export function escapeXmlAttribute(value: unknown): string {
	return escapeXmlText(value).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/**
 * Throws for characters XML 1.0 cannot carry at all (for example NUL), so a writer never emits a
 * document its own reader would refuse.
 */
function assertWritable(value: string): string {
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(value)) {
		throw new XmlError('Value contains a control character that XML cannot represent');
	}
	return value;
}

function assertName(name: string): string {
	if (name === '' || !NAME_START.test(name[0]) || ![...name].every((ch) => NAME_CHAR.test(ch))) {
		throw new XmlError(`"${name}" is not a valid XML name`);
	}
	return name;
}

/** A node to write: an element description or a plain string (text, escaped on output). */
export type XmlWriteNode =
	| string
	| number
	| boolean
	| {
			name: string;
			attributes?: Record<string, string | number | boolean | undefined>;
			children?: XmlWriteNode[];
	  };

/** Serialises a node tree; every text and attribute value is escaped, names are validated. */
export function writeXml(node: XmlWriteNode): string {
	if (typeof node !== 'object') return escapeXmlText(assertWritable(String(node)));
	let out = `<${assertName(node.name)}`;
	for (const [key, value] of Object.entries(node.attributes ?? {})) {
		if (value === undefined) continue;
		out += ` ${assertName(key)}="${escapeXmlAttribute(assertWritable(String(value)))}"`;
	}
	const kids = node.children ?? [];
	if (kids.length === 0) return `${out} />`;
	out += '>';
	for (const kid of kids) out += writeXml(kid);
	return `${out}</${node.name}>`;
}

/** `<name>escaped value</name>` for simple parameter elements. */
export function xmlTextElement(name: string, value: string | number | boolean): string {
	return writeXml({ name, children: [String(value)] });
}
