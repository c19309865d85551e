import {
	attribute,
	child,
	childText,
	children,
	escapeXmlAttribute,
	escapeXmlText,
	find,
	parseXml,
	path,
	stripXmlDeclaration,
	text,
	writeXml,
	xmlTextElement,
	XmlError,
} from '../../../nodes/common/xml';

describe('parseXml: well-formed input', () => {
	it('reads elements, attributes, text and prefixes', () => {
		const root = parseXml(
			'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><R a="1" b=\'two\'>hi</R></soap:Body></soap:Envelope>',
		);
		expect(root.name).toBe('soap:Envelope');
		expect(root.localName).toBe('Envelope');
		expect(root.prefix).toBe('soap');
		const r = path(root, 'Body', 'R');
		expect(r?.attributes).toEqual({ a: '1', b: 'two' });
		expect(text(r)).toBe('hi');
	});

	it('matches by local name whatever the prefix', () => {
		for (const prefix of ['soap:', 's:', 'SOAP-ENV:', '']) {
			const root = parseXml(`<${prefix}Envelope><${prefix}Body><x/></${prefix}Body></${prefix}Envelope>`);
			expect(child(root, 'Body')).toBeDefined();
			expect(path(root, 'Body', 'x')).toBeDefined();
		}
	});

	it('decodes the five predefined entities and numeric references', () => {
		const root = parseXml('<a t="&lt;&amp;&gt;">&amp;&lt;&gt;&quot;&apos;&#65;&#x42;&#x1F600;&#233;</a>');
		expect(text(root)).toBe('&<>"\'AB\u{1F600}é');
		expect(root.attributes.t).toBe('<&>');
	});

	it('decodes &lt; &gt; &amp; next to each other exactly once, and refuses near misses', () => {
		expect(text(parseXml('<a>&amp;lt;&lt;&gt;&amp;&amp;amp;x</a>'))).toBe('&lt;<>&&amp;x');
		expect(() => parseXml('<a>&ltx;</a>')).toThrow(/Undefined entity "&ltx;"/);
		expect(() => parseXml('<a>&am;</a>')).toThrow(/Undefined entity "&am;"/);
		expect(() => parseXml('<a>&lt</a>')).toThrow(/Unterminated entity reference/);
		expect(() => parseXml('<a>&LT;</a>')).toThrow(/Undefined entity "&LT;"/);
	});

	it('reads ASCII and non-ASCII names, and refuses names that start with a digit, "-" or "."', () => {
		const root = parseXml('<ns:a-b.c_d1 x:y-z="1"><café élan="é"/></ns:a-b.c_d1>');
		expect(root.localName).toBe('a-b.c_d1');
		expect(root.attributes['x:y-z']).toBe('1');
		expect(root.children[0]).toMatchObject({ name: 'café', attributes: { élan: 'é' } });
		for (const bad of ['<1a/>', '<-a/>', '<.a/>', '<a 1b="x"/>']) expect(() => parseXml(bad)).toThrow(XmlError);
	});

	it('keeps CDATA content literally and joins adjacent text', () => {
		const root = parseXml('<a>x<![CDATA[<b>&amp;</b>]]>y</a>');
		expect(text(root)).toBe('x<b>&amp;</b>y');
		expect(root.children).toHaveLength(1);
	});

	it('skips comments, processing instructions and the declaration', () => {
		const root = parseXml('\uFEFF<?xml version="1.0"?><!-- c --><?pi x?><a><!-- inner --><?p?>v</a><!-- after -->');
		expect(text(root)).toBe('v');
	});

	it('reads the escaped journal string a SOAP result carries (reference §4.4)', () => {
		const soap =
			'<Journals_GetByRunCompanyResult>&lt;?xml version="1.0" encoding="utf-16"?&gt;\n&lt;transactions&gt;&lt;transaction&gt;&lt;header&gt;&lt;date&gt;20250131&lt;/date&gt;&lt;/header&gt;&lt;lines&gt;&lt;line&gt;&lt;dim1&gt;4000&lt;/dim1&gt;&lt;value&gt;5200.00&lt;/value&gt;&lt;/line&gt;&lt;/lines&gt;&lt;/transaction&gt;&lt;/transactions&gt;</Journals_GetByRunCompanyResult>';
		const inner = text(parseXml(soap));
		expect(inner.startsWith('<?xml version="1.0" encoding="utf-16"?>')).toBe(true);
		const doc = parseXml(stripXmlDeclaration(inner));
		expect(doc.localName).toBe('transactions');
		expect(childText(path(doc, 'transaction', 'header'), 'date')).toBe('20250131');
		expect(childText(find(doc, 'line'), 'value')).toBe('5200.00');
	});

	it('parses a utf-16 declaration without trusting it (already decoded text)', () => {
		expect(text(parseXml('<?xml version="1.0" encoding="utf-16"?><a>ë</a>'))).toBe('ë');
	});

	it('normalises line endings and attribute whitespace', () => {
		const root = parseXml('<a v="x\ty\nz">l1\r\nl2\rl3</a>');
		expect(text(root)).toBe('l1\nl2\nl3');
		expect(root.attributes.v).toBe('x y z');
	});

	it('offers children / child / childText / attribute helpers', () => {
		const root = parseXml('<r xmlns:i="urn:i"><c i:type="detail">1</c><c>2</c><d> 3 </d><e/></r>');
		expect(children(root, 'c').map((c) => text(c))).toEqual(['1', '2']);
		expect(children(root)).toHaveLength(4);
		expect(childText(root, 'd')).toBe('3');
		expect(childText(root, 'e')).toBe('');
		expect(childText(root, 'missing')).toBeUndefined();
		expect(attribute(child(root, 'c'), 'type')).toBe('detail');
		expect(children(undefined, 'x')).toEqual([]);
		expect(text(undefined)).toBe('');
	});

	it('returns the first match in document order with find()', () => {
		const root = parseXml('<r><a><x>1</x></a><x>2</x></r>');
		expect(text(find(root, 'x'))).toBe('1');
	});
});

describe('parseXml: refusals and malicious input', () => {
	const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<lolz>&lol3;</lolz>`;

	it('refuses a DTD (billion laughs) with a clear error', () => {
		expect(() => parseXml(billionLaughs)).toThrow(XmlError);
		expect(() => parseXml(billionLaughs)).toThrow(/DOCTYPE/);
	});

	it('refuses an external entity (XXE)', () => {
		const xxe = '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>';
		expect(() => parseXml(xxe)).toThrow(/DOCTYPE/);
	});

	it('marks refusals for safety (DOCTYPE, declarations, undefined entities) apart from malformed XML', () => {
		const unsafe = (xml: string) => {
			try {
				parseXml(xml);
			} catch (error) {
				return (error as XmlError).unsafe;
			}
			return undefined;
		};
		expect(unsafe('<!DOCTYPE a><a/>')).toBe(true);
		expect(unsafe('<a>&nbsp;</a>')).toBe(true);
		expect(unsafe('<a><b></a>')).toBe(false);
	});

	it('refuses a lowercase doctype and a DOCTYPE inside the root', () => {
		expect(() => parseXml('<!doctype a><a/>')).toThrow(/DOCTYPE/);
		expect(() => parseXml('<a><!DOCTYPE a></a>')).toThrow(/DOCTYPE/);
	});

	it('refuses stray entity declarations', () => {
		expect(() => parseXml('<a><!ENTITY x "y"></a>')).toThrow(/declarations/);
	});

	it('refuses undefined entity references instead of passing them through', () => {
		expect(() => parseXml('<a>&lol;</a>')).toThrow(/Undefined entity/);
		expect(() => parseXml('<a b="&nbsp;"/>')).toThrow(/Undefined entity/);
	});

	it('refuses bad character references', () => {
		expect(() => parseXml('<a>&#0;</a>')).toThrow(/not allowed/);
		expect(() => parseXml('<a>&#xD800;</a>')).toThrow(/not allowed/);
		expect(() => parseXml('<a>&#x110000;</a>')).toThrow(/not allowed/);
		expect(() => parseXml('<a>&#xZZ;</a>')).toThrow(/Invalid character reference/);
		expect(() => parseXml('<a>& b</a>')).toThrow(/entity/);
	});

	it('refuses raw control characters', () => {
		expect(() => parseXml('<a>\u0001</a>')).toThrow(/Character not allowed/);
	});

	it('limits nesting depth without overflowing the stack', () => {
		const deep = (n: number) => '<a>'.repeat(n) + '</a>'.repeat(n);
		expect(() => parseXml(deep(256))).not.toThrow();
		expect(() => parseXml(deep(257))).toThrow(/nested deeper than 256/);
		expect(() => parseXml(deep(100_000))).toThrow(/nested deeper/);
		expect(() => parseXml(deep(20), { maxDepth: 10 })).toThrow(/nested deeper than 10/);
		// Self-closing leaves do not count as an extra open level.
		expect(() => parseXml('<a><b/></a>', { maxDepth: 1 })).not.toThrow();
	});

	it('limits input size', () => {
		expect(() => parseXml(`<a>${'x'.repeat(100)}</a>`, { maxLength: 50 })).toThrow(/larger than 50/);
	});

	it('rejects malformed documents', () => {
		const bad = [
			'',
			'   ',
			'<a>',
			'<a></b>',
			'</a>',
			'<a><b></a></b>',
			'<a/><b/>',
			'text<a/>',
			'<a/>text',
			'<a b=1/>',
			'<a b="1" b="2"/>',
			'<a b="<"/>',
			'<a b="1"c="2"/>',
			'<a><!-- x</a>',
			'<a><![CDATA[x</a>',
			'<1a/>',
			'<a>]]></a>',
			'<?xml version="1.0"',
		];
		for (const input of bad) expect(() => parseXml(input)).toThrow(XmlError);
	});

	it('keeps an attribute named __proto__ as a plain key', () => {
		const root = parseXml('<a __proto__="x" b="1"/>');
		expect(root.attributes['__proto__']).toBe('x');
		expect(Object.keys(root.attributes)).toEqual(['__proto__', 'b']);
		expect(({} as Record<string, unknown>).x).toBeUndefined();
	});

	it('rejects non-string input', () => {
		expect(() => parseXml(undefined as unknown as string)).toThrow(XmlError);
	});

	it('reports a position in the message', () => {
		expect(() => parseXml('<a></b>')).toThrow(/at character 3/);
	});
});

describe('stripXmlDeclaration', () => {
	it('removes a BOM, leading whitespace and the declaration', () => {
		expect(stripXmlDeclaration('\uFEFF  <?xml version="1.0" encoding="utf-16"?>\n<a/>')).toBe('\n<a/>');
		expect(stripXmlDeclaration('<a/>')).toBe('<a/>');
		expect(stripXmlDeclaration('<?xml-stylesheet x?><a/>')).toBe('<?xml-stylesheet x?><a/>');
	});
});

describe('writer', () => {
	it('escapes all five special characters in text and attributes', () => {
		expect(escapeXmlText(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f');
		expect(escapeXmlAttribute('x\ty\nz"')).toBe('x&#9;y&#10;z&quot;');
		expect(escapeXmlText(undefined)).toBe('');
	});

	it('writes elements that the reader reads back unchanged', () => {
		const hostile = `</Token><Admin>true</Admin><!DOCTYPE x>&amp;'"`;
		const xml = writeXml({
			name: 'AuthHeaderWithDomain',
			attributes: { xmlns: 'https://api.nmbrs.nl/soap/v3/CompanyService', note: 'a"b\n' },
			children: [{ name: 'Username', children: ['u@x.nl'] }, { name: 'Token', children: [hostile] }],
		});
		const root = parseXml(xml);
		expect(childText(root, 'Token')).toBe(hostile.trim());
		expect(children(root)).toHaveLength(2);
		expect(root.attributes.note).toBe('a"b\n');
	});

	it('writes empty elements self-closed and refuses invalid names and control characters', () => {
		expect(writeXml({ name: 'List_GetAll' })).toBe('<List_GetAll />');
		expect(() => writeXml({ name: 'a b' })).toThrow(XmlError);
		expect(() => writeXml({ name: 'a', attributes: { 'x"y': '1' } })).toThrow(XmlError);
		expect(() => writeXml({ name: 'a', children: ['\u0000'] })).toThrow(XmlError);
		expect(xmlTextElement('Year', 2025)).toBe('<Year>2025</Year>');
	});
});
