/**
 * Contract tests of the Nmbrs SOAP v3 emulator against docs/vendors/nmbrs-soap.md: real SOAP over HTTP to an
 * emulator on a free port. The envelopes shown there (§3, §4.x, §6.1) are used verbatim where they exist.
 */
import { startEmulator, type RunningEmulator } from '../../emulators/common';
import { nmbrsService, generateNmbrsSeed, type NmbrsState } from '../../emulators/nmbrs';
import { child, childElements, parseXml, textOf, type XmlElement } from '../../emulators/nmbrs/xml';

const CS = 'https://api.nmbrs.nl/soap/v3/CompanyService';
const DS = 'https://api.nmbrs.nl/soap/v3/DebtorService';
const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
const USER = 'payroll@voorbeeld.nl';
const TOKEN = 'demo-nmbrs-token';

let em: RunningEmulator<NmbrsState>;

beforeAll(async () => {
	em = await startEmulator(nmbrsService, { port: 0 });
});
afterAll(async () => {
	await em.close();
});
beforeEach(async () => {
	em.reset();
	em.setKnobs({ faults: { errorRate: 0, burst: 0, hangRate: 0, resetRate: 0 }, rateLimit: { enabled: false } });
});

function authWithDomain(ns = CS, user = USER, token = TOKEN, domain: string | null = 'voorbeeld'): string {
	return (
		`<AuthHeaderWithDomain xmlns="${ns}"><Username>${user}</Username><Token>${token}</Token>` +
		(domain === null ? '' : `<Domain>${domain}</Domain>`) +
		'</AuthHeaderWithDomain>'
	);
}

function envelope(header: string, body: string): string {
	return (
		'<?xml version="1.0" encoding="utf-8"?>\n' +
		'<soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n' +
		'               xmlns:xsd="http://www.w3.org/2001/XMLSchema"\n' +
		'               xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">\n' +
		`  <soap:Header>\n    ${header}\n  </soap:Header>\n  <soap:Body>\n    ${body}\n  </soap:Body>\n</soap:Envelope>`
	);
}

interface SoapReply {
	status: number;
	contentType: string;
	text: string;
	doc?: XmlElement;
}

async function post(service: 'CompanyService' | 'DebtorService', body: string, soapAction: string | null, contentType = 'text/xml; charset=utf-8'): Promise<SoapReply> {
	const headers: Record<string, string> = { 'content-type': contentType };
	if (soapAction !== null) headers.SOAPAction = soapAction;
	const res = await fetch(`${em.url}/soap/v3/${service}.asmx`, { method: 'POST', headers, body });
	const text = await res.text();
	let doc: XmlElement | undefined;
	try {
		doc = parseXml(text);
	} catch {
		doc = undefined;
	}
	return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, doc };
}

/** A CompanyService call with the demo credentials (or the given header). */
async function company(operation: string, params = '', header = authWithDomain(), ns = CS): Promise<SoapReply> {
	return post('CompanyService', envelope(header, `<${operation} xmlns="${ns}">${params}</${operation}>`), `"${ns}/${operation}"`);
}

function bodyOf(reply: SoapReply): XmlElement {
	expect(reply.doc).toBeDefined();
	const body = child(reply.doc!, 'Body', SOAP);
	expect(body).toBeDefined();
	return body!;
}

/** The Result element of a successful call (checks the ASMX response naming and namespace). */
function result(reply: SoapReply, operation: string, ns = CS): XmlElement | undefined {
	expect(reply.status).toBe(200);
	expect(reply.contentType).toMatch(/^text\/xml; charset=utf-8/);
	const response = childElements(bodyOf(reply))[0];
	expect(response.local).toBe(`${operation}Response`);
	expect(response.ns).toBe(ns);
	return child(response, `${operation}Result`, ns);
}

function fields(el: XmlElement): Record<string, string> {
	const out: Record<string, string> = {};
	for (const c of childElements(el)) out[c.local] = textOf(c);
	return out;
}

/** faultcode + faultstring of a SOAP 1.1 fault reply. */
function faultOf(reply: SoapReply): { faultcode: string; faultstring: string } {
	const f = child(bodyOf(reply), 'Fault', SOAP);
	expect(f).toBeDefined();
	return { faultcode: textOf(child(f!, 'faultcode')!), faultstring: textOf(child(f!, 'faultstring')!) };
}

function expectNmbrsFault(reply: SoapReply, code: number, message?: string): void {
	expect(reply.status).toBe(500);
	const f = faultOf(reply);
	expect(f.faultcode).toBe('soap:Server');
	expect(f.faultstring).toMatch(new RegExp(`^Server was unable to process request\\. ---> ${code}: `));
	if (message) expect(f.faultstring).toBe(`Server was unable to process request. ---> ${code}: ${message}`);
	// The client's extraction regex from §6.1 must find the code.
	expect(/--->\s*(\d{3,5}):\s*([^\r\n]*)/.exec(f.faultstring)?.[1]).toBe(String(code));
}

interface JLine {
	dim1: string;
	dim2?: string;
	dim3?: string;
	value: string;
	debitcredit: string;
	description: string;
}

function toCents(v: string): number {
	const m = /^(-?)(\d+)\.(\d{2})$/.exec(v);
	if (!m) throw new Error(`bad amount ${v}`);
	const c = Number(m[2]) * 100 + Number(m[3]);
	return m[1] ? -c : c;
}

/** Reads the journal string the way §5.4 prescribes (strip declaration, parse, read lines). */
function readJournal(text: string): { root: XmlElement; header: Record<string, string>; lines: JLine[] } {
	expect(text.startsWith('<?xml version="1.0" encoding="utf-16"?>')).toBe(true);
	const root = parseXml(text.replace(/^\uFEFF?<\?xml[^>]*\?>/, ''));
	const tx = childElements(root);
	expect(tx).toHaveLength(1);
	const header = fields(child(tx[0], 'header')!);
	const lines = childElements(child(tx[0], 'lines')!).map((l) => {
		expect(l.local).toBe('line');
		return fields(l) as unknown as JLine;
	});
	return { root, header, lines };
}

function balance(lines: JLine[]): { debit: number; credit: number } {
	let debit = 0;
	let credit = 0;
	for (const l of lines) {
		if (l.debitcredit === 'debit') debit += toCents(l.value);
		else if (l.debitcredit === 'credit') credit += toCents(l.value);
		else throw new Error(`side ${l.debitcredit}`);
	}
	return { debit, credit };
}

// ------------------------------------------------------------------------------------------------------------

describe('envelopes and routing (§1, §3)', () => {
	it('answers the §3 List_GetAll envelope with the companies of the environment, fields in WSDL order', async () => {
		const reply = await post(
			'CompanyService',
			envelope(authWithDomain(), '<List_GetAll xmlns="https://api.nmbrs.nl/soap/v3/CompanyService" />'),
			'"https://api.nmbrs.nl/soap/v3/CompanyService/List_GetAll"',
		);
		const res = result(reply, 'List_GetAll')!;
		expect(reply.text.startsWith('<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"')).toBe(true);
		const companies = childElements(res);
		expect(companies.map((c) => c.local)).toEqual(['Company', 'Company', 'Company', 'Company']);
		expect(childElements(companies[0]).map((c) => c.local)).toEqual([
			'ID', 'Number', 'Name', 'PhoneNumber', 'FaxNumber', 'Email', 'Website', 'LoonaangifteTijdvak', 'KvkNr',
		]);
		const list = companies.map(fields);
		expect(list[0]).toMatchObject({ ID: '12345', Number: '1', Name: 'Bakkerij De Korenschoof B.V.', LoonaangifteTijdvak: 'Month', FaxNumber: '' });
		expect(list.map((c) => c.LoonaangifteTijdvak)).toContain('Week4');
		expect(list.map((c) => c.Name)).not.toContain('Kapsalon Knip & Krul'); // other environment
		expect(em.requests().byOperation['CompanyService.List_GetAll']).toBe(1);
	});

	it('accepts the sandbox namespace form and answers in it', async () => {
		const ns = 'https://api-sandbox.nmbrs.nl/soap/v3/CompanyService';
		const reply = await company('List_GetAll', '', authWithDomain(ns), ns);
		expect(childElements(result(reply, 'List_GetAll', ns)!)).toHaveLength(4);
	});

	it('rejects an unknown SOAPAction like ASMX (soap:Client, HTTP 500)', async () => {
		const reply = await post('CompanyService', envelope(authWithDomain(), `<Foo_Get xmlns="${CS}" />`), `"${CS}/Foo_Get"`);
		expect(reply.status).toBe(500);
		expect(faultOf(reply)).toEqual({
			faultcode: 'soap:Client',
			faultstring: `Server did not recognize the value of HTTP Header SOAPAction: ${CS}/Foo_Get.`,
		});
	});

	it('rejects a missing SOAPAction, a DebtorService action on CompanyService and a wrong-case operation', async () => {
		const body = envelope(authWithDomain(), `<List_GetAll xmlns="${CS}" />`);
		const missing = await post('CompanyService', body, null);
		expect(faultOf(missing)).toEqual({ faultcode: 'soap:Client', faultstring: 'Server did not recognize the value of HTTP Header SOAPAction: .' });
		const other = await post('CompanyService', body, `"${DS}/Environment_Get"`);
		expect(faultOf(other).faultstring).toBe(`Server did not recognize the value of HTTP Header SOAPAction: ${DS}/Environment_Get.`);
		const wrongCase = await post('CompanyService', body, `"${CS}/list_getall"`);
		expect(faultOf(wrongCase).faultcode).toBe('soap:Client');
	});

	it('checks that the body operation matches the SOAPAction', async () => {
		const reply = await post('CompanyService', envelope(authWithDomain(), `<List_GetAll xmlns="${CS}" />`), `"${CS}/Run_GetList"`);
		expect(reply.status).toBe(500);
		const f = faultOf(reply);
		expect(f.faultcode).toBe('soap:Client');
		expect(f.faultstring).toMatch(/^Server was unable to read request\. ---> There is an error in XML document \(\d+, \d+\)\. ---> <List_GetAll xmlns='https:\/\/api\.nmbrs\.nl\/soap\/v3\/CompanyService'> was not expected\.$/);
	});

	it('serves a WSDL and the ASMX help page', async () => {
		const res = await fetch(`${em.url}/soap/v3/CompanyService.asmx?WSDL`);
		expect(res.status).toBe(200);
		const doc = parseXml(await res.text());
		expect(doc.local).toBe('definitions');
		const text = JSON.stringify(doc);
		for (const op of ['List_GetAll', 'Run_GetList', 'Journals_GetByRunCompany', 'Journals_GetByRunCompany_v2', 'Reports_GetJournalsReportByCompany']) {
			expect(text).toContain(`${CS}/${op}`);
		}
		const dwsdl = await (await fetch(`${em.url}/soap/v3/DebtorService.asmx?wsdl`)).text();
		expect(dwsdl).toContain(`soapAction="${DS}/Environment_Get"`);
		const help = await fetch(`${em.url}/soap/v3/CompanyService.asmx`);
		expect(help.status).toBe(200);
		expect(await help.text()).toContain('Run_GetList');
	});

	it('answers 404 for other paths and 415 for a non-XML body', async () => {
		expect((await fetch(`${em.url}/soap/v3/EmployeeService.asmx`, { method: 'POST', body: '' })).status).toBe(404);
		const json = await post('CompanyService', '{}', `"${CS}/List_GetAll"`, 'application/json');
		expect(json.status).toBe(415);
	});

	it('does not understand an unknown header marked mustUnderstand', async () => {
		const reply = await company('List_GetAll', '', authWithDomain() + '<Extra xmlns="urn:x" soap:mustUnderstand="1" />');
		expect(reply.status).toBe(500);
		expect(faultOf(reply)).toEqual({ faultcode: 'soap:MustUnderstand', faultstring: 'SOAP header Extra was not understood.' });
	});
});

describe('malformed requests (.NET ASMX read faults)', () => {
	const readPrefix = /^Server was unable to read request\. ---> There is an error in XML document \((\d+), (\d+)\)\. ---> /;

	it('answers unclosed elements with soap:Client and an XmlException-style message', async () => {
		const reply = await post('CompanyService', envelope(authWithDomain(), `<List_GetAll xmlns="${CS}">`), `"${CS}/List_GetAll"`);
		expect(reply.status).toBe(500);
		const f = faultOf(reply);
		expect(f.faultcode).toBe('soap:Client');
		expect(f.faultstring).toMatch(readPrefix);
		expect(f.faultstring).toMatch(/The 'List_GetAll' start tag on line \d+ position \d+ does not match the end tag of 'soap:Body'\. Line \d+, position \d+\.$/);
	});

	it('reports truncated documents, garbage and an empty body', async () => {
		const full = envelope(authWithDomain(), `<List_GetAll xmlns="${CS}" />`);
		const truncated = await post('CompanyService', full.slice(0, full.length - 20), `"${CS}/List_GetAll"`);
		expect(faultOf(truncated).faultstring).toMatch(/---> Unexpected end of file has occurred\. The following elements are not closed: soap:Body, soap:Envelope\. Line \d+, position \d+\.$/);
		const literal = await post('CompanyService', full.slice(0, 80), `"${CS}/List_GetAll"`);
		expect(faultOf(literal).faultstring).toMatch(/---> There is an unclosed literal string\. Line 2, position \d+\.$/);
		const garbage = await post('CompanyService', 'hello', `"${CS}/List_GetAll"`);
		expect(faultOf(garbage).faultstring).toBe(
			'Server was unable to read request. ---> There is an error in XML document (1, 1). ---> Data at the root level is invalid. Line 1, position 1.',
		);
		const empty = await post('CompanyService', '', `"${CS}/List_GetAll"`);
		expect(faultOf(empty).faultstring).toBe('Server was unable to read request. ---> There is an error in XML document (0, 0). ---> Root element is missing.');
	});

	it('refuses a DTD', async () => {
		const body = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>' + envelope(authWithDomain(), `<List_GetAll xmlns="${CS}" />`).replace(/^<\?xml[^>]*\?>/, '');
		const reply = await post('CompanyService', body, `"${CS}/List_GetAll"`);
		expect(reply.status).toBe(500);
		expect(faultOf(reply).faultstring).toMatch(/For security reasons DTD is prohibited in this XML document\./);
	});

	it('rejects undeclared entities and prefixes', async () => {
		const ent = await company('Run_GetList', '<CompanyId>&foo;</CompanyId><Year>2025</Year>');
		expect(faultOf(ent).faultstring).toMatch(/Reference to undeclared entity 'foo'\. Line \d+, position \d+\.$/);
		const pre = await company('Run_GetList', '<x:CompanyId>1</x:CompanyId>');
		expect(faultOf(pre).faultstring).toMatch(/'x' is an undeclared prefix\./);
	});

	it('rejects an int parameter that is not a number', async () => {
		const reply = await company('Run_GetList', '<CompanyId>abc</CompanyId><Year>2025</Year>');
		const f = faultOf(reply);
		expect(f.faultcode).toBe('soap:Client');
		expect(f.faultstring).toMatch(readPrefix);
		expect(f.faultstring).toMatch(/---> Input string was not in a correct format\.$/);
	});

	it('ignores wrongly cased or unqualified parameters (they default to 0 => no rights on company 0)', async () => {
		expectNmbrsFault(await company('Run_GetList', '<CompanyID>12345</CompanyID><Year>2025</Year>'), 2004);
		const unqualified = await post(
			'CompanyService',
			envelope(authWithDomain(), `<n:Run_GetList xmlns:n="${CS}"><CompanyId>12345</CompanyId><Year>2025</Year></n:Run_GetList>`),
			`"${CS}/Run_GetList"`,
		);
		expectNmbrsFault(unqualified, 2004);
		const prefixed = await post(
			'CompanyService',
			envelope(authWithDomain(), `<n:Run_GetList xmlns:n="${CS}"><n:CompanyId>12345</n:CompanyId><n:Year>2025</n:Year></n:Run_GetList>`),
			`"${CS}/Run_GetList"`,
		);
		expect(childElements(result(prefixed, 'Run_GetList')!).length).toBeGreaterThan(0);
	});
});

describe('authentication and rights (§2, §6)', () => {
	it('emits the exact §6.1 fault for a wrong token', async () => {
		const reply = await company('List_GetAll', '', authWithDomain(CS, USER, 'wrong'));
		expect(reply.status).toBe(500);
		expect(reply.contentType).toMatch(/^text\/xml; charset=utf-8/);
		expect(reply.text).toBe(
			'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>Server was unable to process request. ---&gt; 1001: Invalid Authentication</faultstring><detail /></soap:Fault></soap:Body></soap:Envelope>',
		);
	});

	it('answers 1001 for an unknown user, a missing header and the old AuthHeader on CompanyService', async () => {
		expectNmbrsFault(await company('List_GetAll', '', authWithDomain(CS, 'nobody@voorbeeld.nl')), 1001, 'Invalid Authentication');
		expectNmbrsFault(await company('List_GetAll', '', ''), 1001);
		expectNmbrsFault(await company('List_GetAll', '', `<AuthHeader xmlns="${CS}"><Username>${USER}</Username><Token>${TOKEN}</Token></AuthHeader>`), 1001);
		// A header in another namespace is not the auth header.
		expectNmbrsFault(await company('List_GetAll', '', authWithDomain(DS)), 1001);
	});

	it('matches the username case-insensitively and the token exactly; the domain case-insensitively', async () => {
		expect(result(await company('List_GetAll', '', authWithDomain(CS, 'Payroll@Voorbeeld.NL', TOKEN, 'Voorbeeld')), 'List_GetAll')).toBeDefined();
		expectNmbrsFault(await company('List_GetAll', '', authWithDomain(CS, USER, TOKEN.toUpperCase())), 1001);
	});

	it('answers 2043 for an unknown domain and 1001 for a domain the user is not in', async () => {
		expectNmbrsFault(await company('List_GetAll', '', authWithDomain(CS, USER, TOKEN, 'onbekend')), 2043, 'Invalid Domain');
		expectNmbrsFault(await company('List_GetAll', '', authWithDomain(CS, USER, TOKEN, 'zuidkantoor')), 1001);
	});

	it('allows a missing Domain for a single-environment user, 2042 for a user of several environments', async () => {
		expect(childElements(result(await company('List_GetAll', '', authWithDomain(CS, USER, TOKEN, null)), 'List_GetAll')!)).toHaveLength(4);
		expect(childElements(result(await company('List_GetAll', '', authWithDomain(CS, USER, TOKEN, '')), 'List_GetAll')!)).toHaveLength(4);
		const multi = (d: string | null): string => authWithDomain(CS, 'multi@voorbeeld.nl', 'demo-nmbrs-token-multi', d);
		expectNmbrsFault(await company('List_GetAll', '', multi(null)), 2042, 'This username belongs to multiple environments');
		const zuid = childElements(result(await company('List_GetAll', '', multi('zuidkantoor')), 'List_GetAll')!).map(fields);
		expect(zuid.map((c) => c.Name)).toEqual(['Kapsalon Knip & Krul']);
	});

	it('limits a user to its companies (2004) and its API template (1002)', async () => {
		const junior = authWithDomain(CS, 'junior@voorbeeld.nl', 'demo-nmbrs-token-junior');
		const visible = childElements(result(await company('List_GetAll', '', junior), 'List_GetAll')!).map((c) => fields(c).ID);
		expect(visible).toEqual(['12345', '12347']);
		expectNmbrsFault(await company('Run_GetList', '<CompanyId>12346</CompanyId><Year>2025</Year>', junior), 2004, 'Unauthorized access');
		expectNmbrsFault(await company('Journals_GetByRunCompany_v2', '<CompanyId>12346</CompanyId><RunId>1000</RunId><Year>2025</Year>', junior), 2004);
		expect(result(await company('Run_GetList', '<CompanyId>12345</CompanyId><Year>2025</Year>', junior), 'Run_GetList')).toBeDefined();
		expectNmbrsFault(
			await company('Reports_GetJournalsReportByCompany', '<CompanyId>12345</CompanyId><StartPeriod>1</StartPeriod><EndPeriod>1</EndPeriod><Year>2025</Year>', junior),
			1002,
			'Unauthorized access',
		);
	});

	it('answers 2004 for a company of another environment and for an unknown company', async () => {
		expectNmbrsFault(await company('Run_GetList', '<CompanyId>22001</CompanyId><Year>2025</Year>'), 2004);
		expectNmbrsFault(await company('Run_GetList', '<CompanyId>99999</CompanyId><Year>2025</Year>'), 2004);
	});

	it('emits queued faults (9999, a codeless login fault) once, then answers normally', async () => {
		const res = await fetch(`${em.url}/__admin/service/faults`, {
			method: 'POST',
			body: JSON.stringify([{ code: 9999, operation: 'List_GetAll' }, { code: null, operation: 'Run_GetList' }]),
		});
		expect(res.status).toBe(201);
		expectNmbrsFault(await company('List_GetAll'), 9999, 'Unkown');
		expect(result(await company('List_GetAll'), 'List_GetAll')).toBeDefined();
		const login = await company('Run_GetList', '<CompanyId>12345</CompanyId><Year>2025</Year>');
		expect(faultOf(login).faultstring).toBe('Server was unable to process request. ---> Invalid combination email/password');
		expect(result(await company('Run_GetList', '<CompanyId>12345</CompanyId><Year>2025</Year>'), 'Run_GetList')).toBeDefined();
	});
});

describe('DebtorService.Environment_Get (§4.1)', () => {
	const envGet = `<Environment_Get xmlns="${DS}" />`;
	const authHeader = (user = USER, token = TOKEN): string =>
		`<AuthHeader xmlns="https://api.nmbrs.nl/soap/v3/DebtorService">\n      <Username>${user}</Username><Token>${token}</Token>\n    </AuthHeader>`;

	it('returns the SubDomain for the §4.1 envelope with AuthHeader', async () => {
		const reply = await post('DebtorService', envelope(authHeader(), envGet), `"${DS}/Environment_Get"`);
		const res = result(reply, 'Environment_Get', DS)!;
		expect(fields(res)).toEqual({ SubDomain: 'voorbeeld' });
	});

	it('also accepts AuthHeaderWithDomain (ASSUMPTION) and needs a Domain for a multi-environment user', async () => {
		const withDomain = await post('DebtorService', envelope(authWithDomain(DS), envGet), `"${DS}/Environment_Get"`);
		expect(fields(result(withDomain, 'Environment_Get', DS)!)).toEqual({ SubDomain: 'voorbeeld' });
		const multi = await post('DebtorService', envelope(authHeader('multi@voorbeeld.nl', 'demo-nmbrs-token-multi'), envGet), `"${DS}/Environment_Get"`);
		expectNmbrsFault(multi, 2042);
		const multiDomain = await post('DebtorService', envelope(authWithDomain(DS, 'multi@voorbeeld.nl', 'demo-nmbrs-token-multi', 'ZUIDKANTOOR'), envGet), `"${DS}/Environment_Get"`);
		expect(fields(result(multiDomain, 'Environment_Get', DS)!)).toEqual({ SubDomain: 'zuidkantoor' });
	});

	it('answers 1001 for a wrong token', async () => {
		expectNmbrsFault(await post('DebtorService', envelope(authHeader(USER, 'x'), envGet), `"${DS}/Environment_Get"`), 1001);
	});
});

describe('runs (§4.3)', () => {
	async function runs(companyId: number, year: number): Promise<Array<Record<string, string>>> {
		const reply = await company('Run_GetList', `\n    <CompanyId>${companyId}</CompanyId>\n    <Year>${year}</Year>\n  `);
		const res = result(reply, 'Run_GetList');
		return res ? childElements(res).map((r) => {
			expect(r.local).toBe('RunInfo');
			expect(childElements(r).map((c) => c.local)).toEqual(['ID', 'Number', 'Year', 'PeriodStart', 'PeriodEnd', 'Description', 'RunAt', 'IsLocked']);
			return fields(r);
		}) : [];
	}

	it('lists monthly runs for 2025 (with a correction run) and 2026 up to November, the latest unlocked', async () => {
		const y2025 = await runs(12345, 2025);
		expect(y2025).toHaveLength(13);
		expect(y2025[0]).toMatchObject({ ID: '987', Number: '1', Year: '2025', PeriodStart: '1', PeriodEnd: '1', Description: 'Run 1 januari', IsLocked: 'true' });
		expect(y2025.map((r) => r.PeriodEnd)).toEqual(['1', '2', '3', '4', '5', '6', '6', '7', '8', '9', '10', '11', '12']);
		expect(y2025.map((r) => Number(r.Number))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
		for (const r of y2025) expect(r.RunAt).toMatch(/^2025-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
		const y2026 = await runs(12345, 2026);
		expect(y2026.map((r) => r.PeriodEnd)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11']);
		expect(y2026[10].IsLocked).toBe('false');
		expect(y2026.slice(0, 10).every((r) => r.IsLocked === 'true')).toBe(true);
		const ids = [...y2025, ...y2026].map((r) => r.ID);
		expect(new Set(ids).size).toBe(ids.length);
		expect(await runs(12345, 2024)).toEqual([]);
	});

	it('lists 13 four-weekly periods for the Week4 company', async () => {
		const y2025 = await runs(12348, 2025);
		expect(y2025.map((r) => Number(r.PeriodEnd))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
		expect(y2025[0].Description).toBe('Run 1 periode 1');
		expect((await runs(12348, 2026)).length).toBe(11);
	});

	it('returns an empty Result element when there are no runs', async () => {
		const reply = await company('Run_GetList', '<CompanyId>12345</CompanyId><Year>2030</Year>');
		expect(reply.text).toContain('<Run_GetListResult />');
	});
});

describe('journals (§4.4, §5)', () => {
	async function journal(op: string, params: string): Promise<{ reply: SoapReply; text: string | undefined }> {
		const reply = await company(op, params);
		const res = result(reply, op);
		return { reply, text: res ? textOf(res) : undefined };
	}

	it('returns the journal as an escaped string with a utf-16 declaration that round-trips to balanced Twinfield XML', async () => {
		// Run 1 of 2026 (the active year) of the bakery.
		const { reply, text } = await journal('Journals_GetByRunCompany', '\n    <CompanyId>12345</CompanyId>\n    <RunId>1000</RunId>\n  ');
		expect(reply.text).toContain('<Journals_GetByRunCompanyResult>&lt;?xml version="1.0" encoding="utf-16"?&gt;');
		expect(reply.text).toContain('&lt;transactions&gt;&lt;transaction&gt;&lt;header&gt;&lt;date&gt;20260131&lt;/date&gt;');
		expect(reply.text).not.toMatch(/<transactions>/); // never as child elements
		const j = readJournal(text!);
		expect(j.root.local).toBe('transactions');
		expect(j.header).toEqual({ date: '20260131', period: '2026/01', description: 'Loonjournaal januari 2026 run 1' });
		for (const l of j.lines) {
			expect(Object.keys(l).filter((k) => !['dim1', 'dim2', 'dim3'].includes(k))).toEqual(['value', 'debitcredit', 'description']);
			expect(l.value).toMatch(/^\d+\.\d{2}$/);
		}
		const b = balance(j.lines);
		expect(b.debit).toBe(b.credit);
		expect(b.debit).toBeGreaterThan(0);
		const codes = new Set(j.lines.map((l) => l.dim1));
		for (const gl of ['4000', '4100', '4110', '4120', '1700', '1710', '1720', '1750', '2100', '']) expect(codes).toContain(gl);
		expect(j.lines.filter((l) => l.dim1 === '4000').map((l) => l.dim2)).toEqual(['KP01', 'KP02', 'KP03']);
		const noGl = j.lines.filter((l) => l.dim1 === '');
		expect(noGl.length).toBeGreaterThan(0);
		expect(noGl.some((l) => toCents(l.value) > 0)).toBe(true);
		expect(j.lines.some((l) => l.value === '0.00')).toBe(true);
		// The "&" in a line description is escaped twice in the transport and once in the inner document.
		expect(reply.text).toContain('woon-/werkverkeer &amp;amp; thuiswerk');
		expect(noGl[0].description).toBe('Reiskosten woon-/werkverkeer & thuiswerk');
	});

	it('non-v2 uses the active year: a 2025 run gives an empty result (ASSUMPTION); v2 with Year or intYear gives it', async () => {
		const old = await journal('Journals_GetByRunCompany', '<CompanyId>12345</CompanyId><RunId>987</RunId>');
		expect(old.reply.text).toContain('<Journals_GetByRunCompanyResult />');
		expect(old.text).toBe('');
		const v2 = await journal('Journals_GetByRunCompany_v2', '<CompanyId>12345</CompanyId><RunId>987</RunId><Year>2025</Year>');
		expect(readJournal(v2.text!).header.date).toBe('20250131');
		const v2int = await journal('Journals_GetByRunCompany_v2', '<CompanyId>12345</CompanyId><RunId>987</RunId><intYear>2025</intYear>');
		expect(v2int.text).toBe(v2.text);
		const wrongYear = await journal('Journals_GetByRunCompany_v2', '<CompanyId>12345</CompanyId><RunId>987</RunId><Year>2026</Year>');
		expect(wrongYear.text).toBe('');
	});

	it('answers 2046 for a run that does not exist in the company', async () => {
		expectNmbrsFault(await company('Journals_GetByRunCompany', '<CompanyId>12345</CompanyId><RunId>123456</RunId>'), 2046);
		// Run 1000 belongs to company 12345, not 12346.
		const other = (await runs12346())[0];
		expect(other).not.toBe('1000');
		expectNmbrsFault(await company('Journals_GetByRunCompany_v2', '<CompanyId>12346</CompanyId><RunId>1000</RunId><Year>2026</Year>'), 2046);
	});

	async function runs12346(): Promise<string[]> {
		const res = result(await company('Run_GetList', '<CompanyId>12346</CompanyId><Year>2026</Year>'), 'Run_GetList')!;
		return childElements(res).map((r) => fields(r).ID);
	}

	it('returns "no journal" (empty string) for a run without journal', async () => {
		const runs = childElements(result(await company('Run_GetList', '<CompanyId>12347</CompanyId><Year>2025</Year>'), 'Run_GetList')!).map(fields);
		const nabetaling = runs.find((r) => r.Description === 'Run 13 december nabetaling')!;
		expect(nabetaling).toBeDefined();
		const j = await journal('Journals_GetByRunCompany_v2', `<CompanyId>12347</CompanyId><RunId>${nabetaling.ID}</RunId><Year>2025</Year>`);
		expect(j.text).toBe('');
	});

	it('every journal of every demo company balances to the cent (read over SOAP)', async () => {
		let count = 0;
		for (const id of [12345, 12346, 12347, 12348]) {
			for (const year of [2025, 2026]) {
				const runs = childElements(result(await company('Run_GetList', `<CompanyId>${id}</CompanyId><Year>${year}</Year>`), 'Run_GetList')!).map(fields);
				for (const r of runs) {
					const j = await journal('Journals_GetByRunCompany_v2', `<CompanyId>${id}</CompanyId><RunId>${r.ID}</RunId><Year>${year}</Year>`);
					if (j.text === '') continue;
					const parsed = readJournal(j.text!);
					const b = balance(parsed.lines);
					expect({ run: r.ID, diff: b.debit - b.credit }).toEqual({ run: r.ID, diff: 0 });
					expect(parsed.header.date).toMatch(new RegExp(`^${year}\\d{4}$`));
					count++;
				}
			}
		}
		expect(count).toBeGreaterThan(90);
	});

	it('a 4-weekly journal is dated at the end of its 28-day period', async () => {
		const runs = childElements(result(await company('Run_GetList', '<CompanyId>12348</CompanyId><Year>2025</Year>'), 'Run_GetList')!).map(fields);
		const j = await journal('Journals_GetByRunCompany_v2', `<CompanyId>12348</CompanyId><RunId>${runs[1].ID}</RunId><Year>2025</Year>`);
		expect(readJournal(j.text!).header).toMatchObject({ date: '20250225', period: '2025/02' });
	});
});

describe('journal report (§4.5)', () => {
	it('returns per-employee items whose totals equal the run journals of the period', async () => {
		const reply = await company(
			'Reports_GetJournalsReportByCompany',
			'<CompanyId>12345</CompanyId><StartPeriod>6</StartPeriod><EndPeriod>6</EndPeriod><Year>2025</Year>',
		);
		const text = textOf(result(reply, 'Reports_GetJournalsReportByCompany')!);
		expect(text.startsWith('<?xml version="1.0" encoding="utf-16"?>')).toBe(true);
		const root = parseXml(text.replace(/^<\?xml[^>]*\?>/, ''));
		expect(childElements(root).map((c) => c.local)).toEqual(['CompanyId', 'StartPeriod', 'EndPeriod', 'Year', 'Items']);
		const items = childElements(child(root, 'Items')!).map(fields);
		expect(Object.keys(items[0])).toEqual([
			'EmployeeName', 'Period', 'Year', 'Run', 'Department', 'CostCenter', 'CostUnit', 'Percentage', 'GeneralLedgerAccount', 'ComponentName', 'Debit', 'Credit',
		]);
		// Period 6 of 2025 has two runs (6 and the correction run 7).
		expect(new Set(items.map((i) => i.Run))).toEqual(new Set(['6', '7']));
		for (const runNumber of ['6', '7']) {
			const mine = items.filter((i) => i.Run === runNumber);
			const debit = mine.reduce((s, i) => s + toCents(i.Debit), 0);
			const credit = mine.reduce((s, i) => s + toCents(i.Credit), 0);
			expect(debit).toBe(credit);
			const runs = childElements(result(await company('Run_GetList', '<CompanyId>12345</CompanyId><Year>2025</Year>'), 'Run_GetList')!).map(fields);
			const run = runs.find((r) => r.Number === runNumber)!;
			const j = textOf(result(await company('Journals_GetByRunCompany_v2', `<CompanyId>12345</CompanyId><RunId>${run.ID}</RunId><Year>2025</Year>`), 'Journals_GetByRunCompany_v2')!);
			expect(balance(readJournal(j).lines).debit).toBe(debit);
		}
	});

	it('answers 2006 for an invalid period range', async () => {
		expectNmbrsFault(
			await company('Reports_GetJournalsReportByCompany', '<CompanyId>12345</CompanyId><StartPeriod>3</StartPeriod><EndPeriod>2</EndPeriod><Year>2025</Year>'),
			2006,
		);
		expectNmbrsFault(
			await company('Reports_GetJournalsReportByCompany', '<CompanyId>12345</CompanyId><StartPeriod>1</StartPeriod><EndPeriod>13</EndPeriod><Year>2025</Year>'),
			2006,
		);
	});
});

describe('admin routes, seed and knobs', () => {
	const admin = async (method: string, sub: string, body?: unknown): Promise<{ status: number; json: any }> => {
		const res = await fetch(`${em.url}/__admin/service/${sub}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
		return { status: res.status, json: await res.json() };
	};
	const v2 = async (companyId: number, runId: number, year: number): Promise<string> =>
		textOf(result(await company('Journals_GetByRunCompany_v2', `<CompanyId>${companyId}</CompanyId><RunId>${runId}</RunId><Year>${year}</Year>`), 'Journals_GetByRunCompany_v2') ?? ({ children: [] } as unknown as XmlElement));

	it('changes a journal between two reads', async () => {
		const before = await v2(12345, 987, 2025);
		const put = await admin('PUT', 'companies/12345/runs/987/journal', {
			lines: [
				{ glCode: '4000', costCenter: 'KP02', side: 'debit', amount: '100.10', description: 'Bruto loon' },
				{ glCode: '2100', side: 'credit', amount: 100.1, description: 'Netto loon' },
			],
		});
		expect(put.status).toBe(200);
		const after = await v2(12345, 987, 2025);
		expect(after).not.toBe(before);
		const j = readJournal(after);
		expect(j.header.date).toBe('20250131');
		expect(j.lines).toEqual([
			{ dim1: '4000', dim2: 'KP02', value: '100.10', debitcredit: 'debit', description: 'Bruto loon' },
			{ dim1: '2100', value: '100.10', debitcredit: 'credit', description: 'Netto loon' },
		]);
		await admin('PUT', 'companies/12345/runs/987/journal', { rawXml: '<transactions><transaction type="odd"/></transactions>' });
		expect(await v2(12345, 987, 2025)).toBe('<transactions><transaction type="odd"/></transactions>');
		await admin('DELETE', 'companies/12345/runs/987/journal');
		expect(await v2(12345, 987, 2025)).toBe('');
		expect((await admin('PUT', 'companies/12345/runs/987/journal', { lines: [{ side: 'both', amount: 1 }] })).status).toBe(400);
	});

	it('adds a run and locks/unlocks runs', async () => {
		const add = await admin('POST', 'companies/12346/runs', {
			year: 2026,
			periodStart: 11,
			periodEnd: 11,
			isLocked: false,
			journal: { lines: [{ glCode: '4000', side: 'debit', amount: '10.00' }, { glCode: '2100', side: 'credit', amount: '10.00' }] },
		});
		expect(add.status).toBe(201);
		expect(add.json).toMatchObject({ number: 12, year: 2026, periodEnd: 11, description: 'Run 12 november', isLocked: false });
		const listed = childElements(result(await company('Run_GetList', '<CompanyId>12346</CompanyId><Year>2026</Year>'), 'Run_GetList')!).map(fields);
		expect(listed[listed.length - 1]).toMatchObject({ ID: String(add.json.id), IsLocked: 'false' });
		expect(readJournal(await v2(12346, add.json.id, 2026)).header.date).toBe('20261130');
		await admin('POST', `companies/12346/runs/${add.json.id}/lock`);
		const locked = childElements(result(await company('Run_GetList', '<CompanyId>12346</CompanyId><Year>2026</Year>'), 'Run_GetList')!).map(fields);
		expect(locked[locked.length - 1].IsLocked).toBe('true');
		await admin('POST', 'companies/12345/runs/987/unlock');
		expect((await admin('GET', 'companies/12345/runs/987')).json.isLocked).toBe(false);
		expect((await admin('GET', 'companies/1/runs')).status).toBe(404);
	});

	it('starts from a --seed document and validates it', async () => {
		const seeded = await startEmulator(nmbrsService, {
			port: 0,
			seed: {
				users: [{ username: 'a@b.nl', token: 't', domains: ['kantoor'], deniedOperations: ['Run_GetList'] }],
				companies: [
					{
						id: 7,
						number: 1,
						name: 'Seed B.V.',
						loonaangifteTijdvak: 'Month',
						kvkNr: '1',
						activeYear: 2024,
						runs: [
							{ id: 70, number: 1, year: 2024, periodStart: 3, periodEnd: 3, description: 'R', runAt: '2024-03-20T10:00:00', isLocked: true, journal: null },
							{ id: 71, year: 2024, periodEnd: 4, journal: { date: '20240430', lines: [{ glCode: '', side: 'debit', amount: '-5.00', description: 'neg' }] } },
						],
					},
				],
			},
		});
		try {
			const call = (op: string, params: string): Promise<SoapReply> =>
				fetch(`${seeded.url}/soap/v3/CompanyService.asmx`, {
					method: 'POST',
					headers: { 'content-type': 'text/xml; charset=utf-8', SOAPAction: `"${CS}/${op}"` },
					body: envelope(authWithDomain(CS, 'a@b.nl', 't', 'kantoor'), `<${op} xmlns="${CS}">${params}</${op}>`),
				}).then(async (r) => {
					const text = await r.text();
					return { status: r.status, contentType: r.headers.get('content-type') ?? '', text, doc: parseXml(text) };
				});
			expect(childElements(result(await call('List_GetAll', ''), 'List_GetAll')!).map(fields)[0]).toMatchObject({ ID: '7', Name: 'Seed B.V.' });
			expectNmbrsFault(await call('Run_GetList', '<CompanyId>7</CompanyId><Year>2024</Year>'), 1002);
			expect(textOf(result(await call('Journals_GetByRunCompany', '<CompanyId>7</CompanyId><RunId>70</RunId>'), 'Journals_GetByRunCompany')!)).toBe('');
			const neg = readJournal(textOf(result(await call('Journals_GetByRunCompany', '<CompanyId>7</CompanyId><RunId>71</RunId>'), 'Journals_GetByRunCompany')!));
			expect(neg.lines).toEqual([{ dim1: '', value: '-5.00', debitcredit: 'debit', description: 'neg' }]);
		} finally {
			await seeded.close();
		}
		expect(() => nmbrsService.createState({ users: [], companies: [{ id: 1, name: 'x', runs: [{ year: 2025, periodEnd: 14 }] }], environments: ['a'] })).toThrow(
			/seed\.companies\[0\]\.runs\[0\]: periods must satisfy/,
		);
		expect(() => nmbrsService.createState({ companies: [{ id: 1 }], environments: ['a'] })).toThrow(/seed\.companies\[0\]\.name/);
	});

	it('demo data and generated scenarios are deterministic and balanced', () => {
		expect(JSON.stringify(nmbrsService.createState())).toBe(JSON.stringify(nmbrsService.createState()));
		const opts = { companies: 20, runsPerCompany: 12, linesPerJournal: 60, year: 2025 };
		const a = generateNmbrsSeed(opts);
		expect(JSON.stringify(generateNmbrsSeed(opts))).toBe(JSON.stringify(a));
		const state = nmbrsService.createState(a);
		expect(state.companies).toHaveLength(20);
		expect(state.companies.some((c) => c.loonaangifteTijdvak === 'Week4')).toBe(true);
		for (const c of state.companies) {
			expect(c.runs).toHaveLength(12);
			for (const r of c.runs) {
				const lines = r.journal!.lines;
				expect(Math.abs(lines.length - 60)).toBeLessThanOrEqual(2);
				const debit = lines.filter((l) => l.side === 'debit').reduce((s, l) => s + l.amountCents, 0);
				const credit = lines.filter((l) => l.side === 'credit').reduce((s, l) => s + l.amountCents, 0);
				expect(debit).toBe(credit);
				expect(lines.some((l) => l.glCode === '')).toBe(true);
			}
		}
		const demo = nmbrsService.createState();
		for (const c of demo.companies)
			for (const r of c.runs) {
				if (!r.journal) continue;
				const d = r.journal.lines.filter((l) => l.side === 'debit').reduce((s, l) => s + l.amountCents, 0);
				const k = r.journal.lines.filter((l) => l.side === 'credit').reduce((s, l) => s + l.amountCents, 0);
				expect(d).toBe(k);
			}
	});

	it('queued faults, the request log and the generic fault/rate-limit knobs', async () => {
		em.clearRequests();
		em.setKnobs({ faults: { burst: 1 } });
		const injected = await company('List_GetAll');
		expect(injected.status).toBe(503);
		expect(injected.text).toContain('Service Unavailable');
		expect(result(await company('List_GetAll'), 'List_GetAll')).toBeDefined();
		em.setKnobs({ rateLimit: { enabled: true, requestsPerSecond: 0.01, burst: 1 } });
		await company('List_GetAll');
		const limited = await fetch(`${em.url}/soap/v3/CompanyService.asmx`, {
			method: 'POST',
			headers: { 'content-type': 'text/xml', SOAPAction: `"${CS}/List_GetAll"` },
			body: envelope(authWithDomain(), `<List_GetAll xmlns="${CS}" />`),
		});
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		const log = em.requests();
		expect(log.byOperation['CompanyService.List_GetAll']).toBe(4);
		expect(log.entries.map((e) => e.outcome)).toEqual(['fault', 'ok', 'ok', 'rate-limited']);
	});

	it('throttles instead of refusing when the fair-use knob is on (§7)', async () => {
		em.setKnobs({ service: { fairUse: { enabled: true, callsPerSecond: 2, delayMs: 300 } } });
		try {
			const t0 = Date.now();
			for (let k = 0; k < 3; k++) expect((await company('List_GetAll')).status).toBe(200);
			expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
		} finally {
			em.setKnobs({ service: { fairUse: { enabled: false } } });
		}
	});
});

describe('state file and the XML reader', () => {
	it('keeps admin changes and queued faults across a restart with a state file', async () => {
		const fs = await import('node:fs');
		const os = await import('node:os');
		const path = await import('node:path');
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmbrs-state-'));
		const stateFile = path.join(dir, 'nmbrs.json');
		try {
			const first = await startEmulator(nmbrsService, { port: 0, stateFile });
			await fetch(`${first.url}/__admin/service/companies/12345/runs/987/journal`, {
				method: 'PUT',
				body: JSON.stringify({ lines: [{ glCode: '4000', side: 'debit', amount: '1.00' }, { glCode: '2100', side: 'credit', amount: '1.00' }] }),
			});
			await fetch(`${first.url}/__admin/service/faults`, { method: 'POST', body: JSON.stringify({ code: 9999, count: 2 }) });
			await first.close();
			const second = await startEmulator(nmbrsService, { port: 0, stateFile });
			try {
				expect(second.state.companies[0].runs[0].journal!.lines.map((l) => l.amountCents)).toEqual([100, 100]);
				expect(second.state.pendingFaults).toEqual([{ code: 9999, message: 'Unkown', remaining: 2 }]);
			} finally {
				await second.close();
			}
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	it('reads namespaces, CDATA, comments, character references and CRLF; refuses bad documents', () => {
		const doc = parseXml(
			'\uFEFF<?xml version="1.0"?>\r\n<!-- c --><a:r xmlns:a="urn:a" xmlns="urn:d"><x y="1 &amp; 2">t&#x41;&#66;&lt;<![CDATA[<raw>&amp;]]></x><?pi x?><a:z/>\r\nline</a:r>',
		);
		expect([doc.local, doc.ns, doc.prefix]).toEqual(['r', 'urn:a', 'a']);
		const x = child(doc, 'x', 'urn:d')!;
		expect(x.attrs[0]).toMatchObject({ local: 'y', ns: '', value: '1 & 2' });
		expect(textOf(x)).toBe('tAB<<raw>&amp;');
		expect(child(doc, 'z', 'urn:a')).toBeDefined();
		expect(textOf(doc).endsWith('\nline')).toBe(true);
		const bad: Array<[string, RegExp]> = [
			['<a><b></a>', /The 'b' start tag on line 1 position 5 does not match the end tag of 'a'\. Line 1, position 9\./],
			['<a/><b/>', /There are multiple root elements\. Line 1, position 6\./],
			['<a x="1" x="2"/>', /'x' is a duplicate attribute name\./],
			['<a x="<"/>', /'<', hexadecimal value 0x3C, is an invalid attribute character\./],
			['<a>&#0;</a>', /hexadecimal value 0x00, is an invalid character\./],
			[' <?xml version="1.0"?><a/>', /Unexpected XML declaration\./],
			['<!DOCTYPE a><a/>', /DTD is prohibited/],
			['<1a/>', /Name cannot begin with the '1' character, hexadecimal value 0x31\./],
			['<a>x</a>y', /Data at the root level is invalid\./],
		];
		for (const [input, message] of bad) expect(() => parseXml(input)).toThrow(message);
	});
});
