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

export { parseXml, XmlError } from './xmlReader';
export type { XmlElement, XmlNode, XmlParseOptions, XmlText } from './xmlReader';
import { NAME_CHAR, NAME_START, splitName } from './xmlChars';
import { XmlError } from './xmlReader';
import type { XmlElement, XmlNode } from './xmlReader';

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
