import {
	applyNmbrsAuth,
	authHeaderKind,
	buildAuthHeader,
	injectAuthHeader,
	resolveBaseUrl,
} from '../../../nodes/Nmbrs/domain/auth';
import { classifyFault, isUnknownOperationFault } from '../../../nodes/Nmbrs/domain/faults';
import { parseCompanies, parseRuns, runInRange, sortRuns } from '../../../nodes/Nmbrs/domain/models';
import {
	AUTH_HEADER_MARKER,
	buildEnvelope,
	extractFaultCode,
	parseSoapAction,
	parseSoapResponse,
	redactTokenElements,
	serviceFromUrl,
	soapAction,
} from '../../../nodes/Nmbrs/domain/soap';
import { child, childText, parseXml, path } from '../../../nodes/common/xml';
import { EXAMPLE_RUN } from '../kit/journals';

const creds = { username: 'payroll@voorbeeld.nl', token: 'demo-nmbrs-token', domain: 'voorbeeld', environment: 'production' };

const envelope = (body: string) =>
	`<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soap:Body>${body}</soap:Body></soap:Envelope>`;

const fault = (text: string) =>
	envelope(`<soap:Fault><faultcode>soap:Server</faultcode><faultstring>${text}</faultstring><detail /></soap:Fault>`);

describe('envelope building', () => {
	it('writes the operation in the service namespace with ordered, escaped parameters', () => {
		const xml = buildEnvelope('CompanyService', 'Run_GetList', [
			['CompanyId', 12345],
			['Year', 2025],
		]);
		expect(xml).toContain(AUTH_HEADER_MARKER);
		const root = parseXml(xml);
		const op = path(root, 'Body', 'Run_GetList');
		expect(op?.attributes.xmlns).toBe('https://api.nmbrs.nl/soap/v3/CompanyService');
		expect(childText(op, 'CompanyId')).toBe('12345');
		expect(childText(op, 'Year')).toBe('2025');
		expect(xml.indexOf('<CompanyId>')).toBeLessThan(xml.indexOf('<Year>'));
		const hostile = buildEnvelope('CompanyService', 'X', [['Name', '</Name><Evil/>&']]);
		expect(childText(path(parseXml(hostile), 'Body', 'X'), 'Name')).toBe('</Name><Evil/>&');
	});

	it('names the SOAPAction with quotes in the production namespace', () => {
		expect(soapAction('CompanyService', 'List_GetAll')).toBe('"https://api.nmbrs.nl/soap/v3/CompanyService/List_GetAll"');
		expect(parseSoapAction('"https://api.nmbrs.nl/soap/v3/DebtorService/Environment_Get"')).toEqual({
			service: 'DebtorService',
			operation: 'Environment_Get',
		});
		expect(parseSoapAction('https://api-sandbox.nmbrs.nl/soap/v3/CompanyService/Run_GetList')).toEqual({
			service: 'CompanyService',
			operation: 'Run_GetList',
		});
		expect(parseSoapAction(undefined)).toBeUndefined();
		expect(serviceFromUrl('/soap/v3/DebtorService.asmx')).toBe('DebtorService');
	});
});

describe('authentication (credential authenticate function)', () => {
	it('uses AuthHeader only for DebtorService.Environment_Get', () => {
		expect(authHeaderKind('DebtorService', 'Environment_Get')).toBe('AuthHeader');
		expect(authHeaderKind('CompanyService', 'List_GetAll')).toBe('AuthHeaderWithDomain');
		expect(authHeaderKind('DebtorService', 'List_GetAll')).toBe('AuthHeaderWithDomain');
	});

	it('injects AuthHeaderWithDomain (Username, Token, Domain) in the service namespace', () => {
		const options = applyNmbrsAuth(creds, {
			url: '/soap/v3/CompanyService.asmx',
			headers: { SOAPAction: soapAction('CompanyService', 'List_GetAll') },
			body: buildEnvelope('CompanyService', 'List_GetAll'),
		});
		expect(options.baseURL).toBe('https://api.nmbrs.nl');
		const header = path(parseXml(options.body as string), 'Header', 'AuthHeaderWithDomain');
		expect(header?.attributes.xmlns).toBe('https://api.nmbrs.nl/soap/v3/CompanyService');
		expect(header?.children.map((c) => (c.type === 'element' ? c.localName : ''))).toEqual(['Username', 'Token', 'Domain']);
		expect(childText(header, 'Token')).toBe('demo-nmbrs-token');
		expect(childText(header, 'Domain')).toBe('voorbeeld');
	});

	it('injects AuthHeader without Domain for Environment_Get', () => {
		const options = applyNmbrsAuth(creds, {
			url: '/soap/v3/DebtorService.asmx',
			headers: { soapaction: soapAction('DebtorService', 'Environment_Get') },
			body: buildEnvelope('DebtorService', 'Environment_Get'),
		});
		const root = parseXml(options.body as string);
		const header = path(root, 'Header', 'AuthHeader');
		expect(header?.attributes.xmlns).toBe('https://api.nmbrs.nl/soap/v3/DebtorService');
		expect(child(header, 'Domain')).toBeUndefined();
		expect(childText(header, 'Username')).toBe('payroll@voorbeeld.nl');
	});

	it('escapes credential values so they cannot break the envelope', () => {
		const header = buildAuthHeader('AuthHeaderWithDomain', 'CompanyService', {
			username: 'a&b@x.nl',
			token: '</Token><Admin>1</Admin>',
			domain: '"x"',
		});
		const root = parseXml(header);
		expect(childText(root, 'Token')).toBe('</Token><Admin>1</Admin>');
		expect(childText(root, 'Username')).toBe('a&b@x.nl');
		expect(child(root, 'Admin')).toBeUndefined();
	});

	it('does not mutate the request options and leaves non-string bodies alone', () => {
		const original = { url: '/soap/v3/CompanyService.asmx', body: buildEnvelope('CompanyService', 'List_GetAll') };
		const copy = { ...original };
		applyNmbrsAuth(creds, original);
		expect(original).toEqual(copy);
		expect(applyNmbrsAuth(creds, { url: '/x', body: { a: 1 } }).body).toEqual({ a: 1 });
	});

	it('inserts a header before the Body when the marker is missing', () => {
		const withoutMarker = envelope('<List_GetAll/>');
		const result = injectAuthHeader(withoutMarker, '<A/>');
		expect(result).toContain('<soap:Header><A/></soap:Header><soap:Body>');
	});

	it('resolves the base URL per environment', () => {
		expect(resolveBaseUrl({ environment: 'production' })).toBe('https://api.nmbrs.nl');
		expect(resolveBaseUrl({ environment: 'sandbox' })).toBe('https://api-sandbox.nmbrs.nl');
		expect(resolveBaseUrl({ environment: 'custom', baseUrl: 'http://127.0.0.1:5101/' })).toBe('http://127.0.0.1:5101');
		expect(resolveBaseUrl({ environment: 'custom', baseUrl: 'http://127.0.0.1:5101/soap/v3' })).toBe('http://127.0.0.1:5101');
		expect(() => resolveBaseUrl({ environment: 'custom', baseUrl: 'localhost' })).toThrow(/not an http/);
		expect(resolveBaseUrl({})).toBe('https://api.nmbrs.nl');
		// An explicit base URL (the credential test sets one) is kept.
		expect(applyNmbrsAuth(creds, { url: '/x', baseURL: 'http://h' }).baseURL).toBe('http://h');
	});
});

describe('response and fault parsing', () => {
	it('returns the Result element by local name', () => {
		const xml = envelope(
			'<List_GetAllResponse xmlns="https://api.nmbrs.nl/soap/v3/CompanyService"><List_GetAllResult><Company><ID>1</ID><Name>A</Name></Company></List_GetAllResult></List_GetAllResponse>',
		);
		const response = parseSoapResponse(xml, 'List_GetAll');
		expect(response.kind).toBe('result');
		if (response.kind === 'result') expect(parseCompanies(response.result)).toHaveLength(1);
	});

	it('treats an empty or absent Result as empty', () => {
		const empty = parseSoapResponse(envelope('<List_GetAllResponse><List_GetAllResult /></List_GetAllResponse>'), 'List_GetAll');
		const absent = parseSoapResponse(envelope('<List_GetAllResponse />'), 'List_GetAll');
		for (const r of [empty, absent]) {
			expect(r.kind).toBe('result');
			if (r.kind === 'result') expect(parseCompanies(r.result)).toEqual([]);
		}
	});

	it('extracts code and message from a SOAP 1.1 fault', () => {
		const response = parseSoapResponse(fault('Server was unable to process request. ---&gt; 1001: Invalid Authentication'), 'List_GetAll');
		expect(response).toEqual({
			kind: 'fault',
			fault: {
				code: 1001,
				message: 'Invalid Authentication',
				faultString: 'Server was unable to process request. ---> 1001: Invalid Authentication',
				faultCode: 'soap:Server',
			},
		});
	});

	it('reads a SOAP 1.2 fault', () => {
		const xml =
			'<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body><soap:Fault><soap:Code><soap:Value>soap:Receiver</soap:Value></soap:Code><soap:Reason><soap:Text xml:lang="en">Server was unable to process request. ---&gt; 2004: Unauthorized access</soap:Text></soap:Reason></soap:Fault></soap:Body></soap:Envelope>';
		const response = parseSoapResponse(xml, 'Run_GetList');
		expect(response.kind === 'fault' && response.fault.code).toBe(2004);
		expect(response.kind === 'fault' && response.fault.faultCode).toBe('soap:Receiver');
	});

	it('handles the code-less SSO variant and unknown faults', () => {
		expect(extractFaultCode('Server was unable to process request. ---> Invalid combination email/password')).toEqual({
			code: null,
			message: 'Invalid combination email/password',
		});
		expect(extractFaultCode('Something else')).toEqual({ code: null, message: 'Something else' });
		expect(extractFaultCode('9999: Unkown')).toEqual({ code: 9999, message: 'Unkown' });
	});

	it('marks non-SOAP bodies as invalid', () => {
		expect(parseSoapResponse('', 'X').kind).toBe('invalid');
		expect(parseSoapResponse('<html><body>Bad gateway</body></html>', 'X').kind).toBe('invalid');
		expect(parseSoapResponse('<soap:Envelope><soap:Body>', 'X').kind).toBe('invalid');
		expect(parseSoapResponse(envelope('<Other/>'), 'X')).toEqual({ kind: 'invalid', reason: 'The SOAP body has no XResponse element' });
	});
});

describe('fault classification (reference §6.2)', () => {
	const ctx = { service: 'CompanyService', operation: 'Run_GetList', companyId: 777 };
	const classify = (code: number | null, message = 'x', faultString = `---> ${code}: ${message}`) =>
		classifyFault({ code, message, faultString, faultCode: 'soap:Server' }, ctx);

	it.each([
		[1001, 'credential'],
		[1006, 'credential'],
		[2042, 'credential'],
		[2043, 'credential'],
		[1002, 'configuration'],
		[1003, 'configuration'],
		[1004, 'configuration'],
		[2011, 'configuration'],
		[2013, 'configuration'],
		[2004, 'item'],
		[2006, 'item'],
		[2046, 'item'],
		[2030, 'item'],
		[2019, 'retry'],
		[9999, 'retry'],
	])('classifies %s as %s', (code, expected) => {
		expect(classify(code).faultClass).toBe(expected);
	});

	it('writes readable texts for 1001 and 2004', () => {
		const auth = classify(1001, 'Invalid Authentication');
		expect(auth.message).toBe('Nmbrs error 1001: Invalid authentication (Invalid Authentication) [CompanyService.Run_GetList]');
		expect(auth.description).toMatch(/API token/);
		const company = classify(2004, 'Unauthorized access');
		expect(company.message).toMatch(/^Nmbrs error 2004: No access to this company/);
		expect(company.description).toMatch(/cannot see company 777/);
	});

	it('names the missing right for 1002 and the domain for 2042', () => {
		expect(classify(1002).description).toMatch(/allow CompanyService → Run_GetList/);
		expect(classify(2042).description).toMatch(/Domain field/);
	});

	it('marks 9999 retryable and other faults not', () => {
		expect(classify(9999).retryable).toBe(true);
		expect(classify(1001).retryable).toBe(false);
	});

	it('classifies the SSO text as a credential error and anything else as unknown', () => {
		const sso = classify(null, 'Invalid combination email/password', '---> Invalid combination email/password');
		expect(sso.faultClass).toBe('credential');
		const other = classify(null, 'Object reference not set', 'Object reference not set');
		expect(other.faultClass).toBe('unknown');
		expect(other.message).toBe('Nmbrs error: Object reference not set [CompanyService.Run_GetList]');
		expect(classify(4242).faultClass).toBe('unknown');
	});

	it('recognises an unknown-operation fault', () => {
		expect(
			isUnknownOperationFault({
				code: null,
				message: '',
				faultString: 'Server did not recognize the value of HTTP Header SOAPAction: https://api.nmbrs.nl/soap/v3/CompanyService/X.',
				faultCode: 'soap:Client',
			}),
		).toBe(true);
	});

	it('redacts token elements', () => {
		expect(redactTokenElements('<Token>abc</Token> and <ns:Token>def</ns:Token>')).toBe('<Token>***</Token> and <ns:Token>***</ns:Token>');
	});
});

describe('companies and runs', () => {
	const runsXml = parseXml(
		'<Run_GetListResult><RunInfo><ID>1002</ID><Number>2</Number><Year>2025</Year><PeriodStart>2</PeriodStart><PeriodEnd>2</PeriodEnd><Description>Run 2</Description><RunAt>2025-02-25T09:03:41</RunAt><IsLocked>false</IsLocked></RunInfo><RunInfo><ID>987</ID><Number>1</Number><Year>2025</Year><PeriodStart>1</PeriodStart><PeriodEnd>1</PeriodEnd><Description>Run 1 januari</Description><RunAt>2025-01-24T10:12:00</RunAt><IsLocked>true</IsLocked></RunInfo></Run_GetListResult>',
	);

	it('reads RunInfo elements', () => {
		const runs = parseRuns(runsXml);
		expect(runs[1]).toEqual(EXAMPLE_RUN);
		expect(runs[0].isLocked).toBe(false);
		expect(sortRuns(runs).map((r) => r.id)).toEqual([987, 1002]);
	});

	it('selects runs overlapping a year+period range', () => {
		const [feb, jan] = parseRuns(runsXml);
		expect(runInRange(jan, { year: 2025, period: 1 }, { year: 2025, period: 1 })).toBe(true);
		expect(runInRange(feb, { year: 2025, period: 1 }, { year: 2025, period: 1 })).toBe(false);
		expect(runInRange(feb, { year: 2024, period: 6 }, { year: 2025, period: 12 })).toBe(true);
		expect(runInRange({ ...feb, periodStart: 1, periodEnd: 3 }, { year: 2025, period: 3 }, { year: 2025, period: 12 })).toBe(true);
	});
});
