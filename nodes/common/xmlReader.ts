/**
 * The XML reader behind `parseXml` (see xml.ts for what it accepts and refuses). Pure; no n8n imports.
 */

import { commonEntity, isNameChar, isNameStart, isWhitespace, isXmlChar, PREDEFINED_ENTITIES, splitName } from './xmlChars';

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
		/**
		 * True when the document was refused for safety, not because it is malformed: a document type declaration
		 * (DOCTYPE), an entity or markup declaration, or a reference to an entity that only a DTD could define.
		 */
		readonly unsafe = false,
	) {
		super(position === undefined ? message : `${message} (at character ${position})`);
		this.name = 'XmlError';
	}
}

const DEFAULT_MAX_DEPTH = 256;
const DEFAULT_MAX_LENGTH = 64 * 1024 * 1024;

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

	/** Refuses a document for safety (see {@link XmlError.unsafe}). */
	private refuse(message: string, at = this.pos): never {
		throw new XmlError(message, at, true);
	}

	private startsWith(token: string): boolean {
		return this.src.startsWith(token, this.pos);
	}

	private skipWhitespace(): void {
		while (this.pos < this.src.length && isWhitespace(this.src[this.pos])) this.pos++;
	}

	private readName(): string {
		const src = this.src;
		const start = this.pos;
		if (start >= src.length || !isNameStart(src, start)) this.fail('Expected a name');
		do this.pos++;
		while (this.pos < src.length && isNameChar(src, this.pos));
		return src.slice(start, this.pos);
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
			const common = commonEntity(raw, amp, semi);
			if (common !== undefined) {
				out += common;
				i = semi + 1;
				continue;
			}
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
				this.refuse(
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
		this.refuse(
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
			this.refuse('Entity and markup declarations are not accepted');
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
		const stack: XmlElement[] = [];
		let root: XmlElement | undefined;
		const src = this.src;
		while (this.pos < src.length) {
			// the character after a '<' picks the branch; -1: text
			const next = src.charCodeAt(this.pos) === 0x3c /* < */ ? src.charCodeAt(this.pos + 1) : -1;
			if (next === -1) this.readText(stack);
			else if (next === 0x21 /* ! */ || next === 0x3f /* ? */) {
				if (this.startsWith('<![CDATA[')) this.readCdata(stack);
				else if (!this.skipMarkup()) this.fail('Unsupported markup declaration');
			} else if (next === 0x2f /* / */) this.readEndTag(stack);
			else {
				if (stack.length === 0 && root) this.fail('Only one root element is allowed');
				const el = this.readStartTag(stack);
				root = root ?? el;
			}
		}
		if (stack.length > 0) this.fail(`Element "${stack[stack.length - 1].name}" is not closed`);
		if (!root) this.fail('The document has no root element');
		return root;
	}

	private readText(stack: XmlElement[]): void {
		const lt = this.src.indexOf('<', this.pos);
		const textEnd = lt === -1 ? this.src.length : lt;
		const raw = this.src.slice(this.pos, textEnd);
		if (stack.length === 0) {
			if (raw.trim() !== '') this.fail('Text is not allowed outside the root element');
		} else {
			if (raw.indexOf(']]>') !== -1) this.fail('"]]>" is not allowed in text', this.pos + raw.indexOf(']]>'));
			appendText(stack[stack.length - 1], this.decode(raw, this.pos));
		}
		this.pos = textEnd;
	}

	private readCdata(stack: XmlElement[]): void {
		if (stack.length === 0) this.fail('CDATA is not allowed outside the root element');
		const end = this.src.indexOf(']]>', this.pos + 9);
		if (end === -1) this.fail('Unterminated CDATA section');
		appendText(stack[stack.length - 1], this.checkChars(this.src.slice(this.pos + 9, end), this.pos + 9));
		this.pos = end + 3;
	}

	private readEndTag(stack: XmlElement[]): void {
		const at = this.pos;
		this.pos += 2;
		const name = this.readName();
		this.skipWhitespace();
		if (this.src[this.pos] !== '>') this.fail(`Expected ">" to close "${name}"`);
		this.pos++;
		const open = stack.pop();
		if (!open) this.fail(`Unexpected closing tag "${name}"`, at);
		if (open.name !== name) this.fail(`Closing tag "${name}" does not match "${open.name}"`, at);
	}

	/** Reads a start tag, attaches the element to its parent (or makes it the root) and opens it unless self-closing. */
	private readStartTag(stack: XmlElement[]): XmlElement {
		this.pos++;
		const name = this.readName();
		const { prefix, localName } = splitName(name);
		// A prototype-less record: an attribute named "__proto__" stays an ordinary key.
		const attributes = Object.create(null) as Record<string, string>;
		const el: XmlElement = { type: 'element', name, localName, prefix, attributes, children: [] };
		const selfClosing = this.readAttributes(el);
		if (stack.length > 0) stack[stack.length - 1].children.push(el);
		if (!selfClosing) {
			if (stack.length + 1 > this.maxDepth) this.fail(`Elements are nested deeper than ${this.maxDepth} levels`);
			stack.push(el);
		}
		return el;
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
