/**
 * Nmbrs SOAP API v3 emulator (CompanyService + DebtorService), after docs/vendors/nmbrs-soap.md.
 * Development tooling only: never imported by product code.
 */
import type { EmulatorService, ServiceContext, VendorRequest, VendorResponse } from '../common/types';
import {
	NMBRS_ACCEPT_UNQUOTED_SOAPACTION,
	NMBRS_ENVIRONMENT_GET_ACCEPTS_WITH_DOMAIN,
	NMBRS_FAIR_USE,
	NMBRS_INJECTED_FAULT_STATUS,
	NMBRS_INVALID_PERIOD_FAULT,
	NMBRS_MISSING_DOMAIN_FAULT,
	NMBRS_NAMESPACE_HOSTS,
	NMBRS_NO_JOURNAL_RESULT,
	NMBRS_NON_V2_OTHER_YEAR_RESULT,
	NMBRS_RESPONSE_ECHOES_REQUEST_NAMESPACE,
	NMBRS_UNKNOWN_COMPANY_FAULT,
	NMBRS_UNKNOWN_RUN_FAULT,
	NMBRS_UNSUPPORTED_MEDIA_STATUS,
	NMBRS_USER_NOT_IN_DOMAIN_FAULT,
	NMBRS_V2_YEAR_PARAMS,
} from '../assumptions';
import { nmbrsAdminRoute } from './admin';
import { demoSeed } from './demo';
import { journalDocument, journalReportDocument } from './journal';
import { helpPage, OPERATIONS, serviceNamespace, wsdl, type ServiceName } from './operations';
import { html, nmbrsFault, readFault, soapFault, soapResult, soapStringResult, SOAP11_NS, SOAP12_NS, unknownActionFault } from './soap';
import { DEFAULT_FAULT_MESSAGES, normaliseSeed, type NmbrsCompany, type NmbrsState, type NmbrsUser } from './state';
import { child, childElements, leaf, parseXml, textOf, XmlParseError, type XmlElement } from './xml';

export { generateNmbrsSeed, demoSeed, NMBRS_DEMO_LEDGERS, NMBRS_DEMO_COST_CENTERS, NMBRS_DEMO_NOW } from './demo';
export type { NmbrsSeed, GenerateOptions } from './demo';
export type { NmbrsState, NmbrsCompany, NmbrsRun, NmbrsJournal, NmbrsJournalLine, NmbrsUser } from './state';
export { parseXml, textOf, child, childElements } from './xml';

const PATH_RE = /^\/soap\/v3\/(CompanyService|DebtorService)\.asmx$/i;

function serviceOf(path: string): ServiceName | undefined {
	const m = PATH_RE.exec(path);
	if (!m) return undefined;
	return m[1].toLowerCase() === 'companyservice' ? 'CompanyService' : 'DebtorService';
}

function header(req: VendorRequest, name: string): string | undefined {
	const v = req.headers[name];
	return Array.isArray(v) ? v[0] : v;
}

/** The service namespace in the host form used, or undefined when `uri` is not one of them. */
function matchNamespace(uri: string, service: ServiceName): string | undefined {
	for (const host of NMBRS_NAMESPACE_HOSTS) {
		const ns = serviceNamespace(service, host);
		if (uri === ns) return ns;
	}
	return undefined;
}

interface Action {
	raw: string;
	operation?: string;
	ns?: string;
}

function parseAction(req: VendorRequest, service: ServiceName): Action {
	const raw = header(req, 'soapaction');
	if (raw === undefined) return { raw: '' };
	let value = raw.trim();
	if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
	else if (!NMBRS_ACCEPT_UNQUOTED_SOAPACTION) return { raw: value };
	const slash = value.lastIndexOf('/');
	if (slash === -1) return { raw: value };
	const ns = matchNamespace(value.slice(0, slash), service);
	const op = value.slice(slash + 1);
	if (!ns || !Object.prototype.hasOwnProperty.call(OPERATIONS[service], op)) return { raw: value };
	return { raw: value, operation: op, ns };
}

// ---- fair-use throttling (real Nmbrs behaviour, off by default) -------------------------------------------

const recentCalls = new WeakMap<object, number[]>();

async function fairUse(ctx: ServiceContext<NmbrsState>): Promise<void> {
	const cfg = ctx.knobs.service.fairUse as { enabled?: boolean; callsPerSecond?: number; delayMs?: number } | undefined;
	if (!cfg?.enabled) return;
	const now = Date.now();
	let calls = recentCalls.get(ctx.state);
	if (!calls) {
		calls = [];
		recentCalls.set(ctx.state, calls);
	}
	while (calls.length && calls[0] <= now - 1000) calls.shift();
	calls.push(now);
	if (calls.length > (cfg.callsPerSecond ?? NMBRS_FAIR_USE.callsPerSecond)) {
		await new Promise((resolve) => setTimeout(resolve, cfg.delayMs ?? NMBRS_FAIR_USE.delayMs));
	}
}

// ---- request reading -------------------------------------------------------------------------------

class RequestFault extends Error {
	constructor(readonly response: VendorResponse) {
		super('request fault');
	}
}

function fault(code: number, message = DEFAULT_FAULT_MESSAGES[code] ?? 'Unkown'): never {
	throw new RequestFault(nmbrsFault(code, message));
}

const INT32 = /^[+-]?\d+$/;

/** An element-qualified int parameter; absent => 0 (XmlSerializer default). */
function intParam(op: XmlElement, name: string): number {
	const el = child(op, name, op.ns);
	if (!el) return 0;
	const text = textOf(el).trim();
	if (!INT32.test(text)) throw new RequestFault(readFault(el.line, el.column, 'Input string was not in a correct format.'));
	const n = Number(text);
	if (n > 2147483647 || n < -2147483648) {
		throw new RequestFault(readFault(el.line, el.column, 'Value was either too large or too small for an Int32.'));
	}
	return n;
}

function hasParam(op: XmlElement, name: string): boolean {
	return child(op, name, op.ns) !== undefined;
}

interface Call {
	service: ServiceName;
	operation: string;
	/** Namespace form to answer in. */
	ns: string;
	op: XmlElement;
	auth?: { kind: 'AuthHeader' | 'AuthHeaderWithDomain'; username: string; token: string; domain: string | undefined };
}

function readCall(req: VendorRequest, service: ServiceName, action: Action): Call {
	let root: XmlElement;
	try {
		root = parseXml(req.body);
	} catch (error) {
		if (error instanceof XmlParseError) {
			// .NET reports a missing root as (0, 0) without a position suffix.
			throw new RequestFault(readFault(error.line, error.column, error.message));
		}
		throw error;
	}
	if (root.local !== 'Envelope' || (root.ns !== SOAP11_NS && root.ns !== SOAP12_NS)) {
		throw new RequestFault(readFault(root.line, root.column, `<${root.local} xmlns='${root.ns}'> was not expected.`));
	}
	if (root.ns === SOAP12_NS) {
		throw new RequestFault(
			soapFault(500, 'soap:VersionMismatch', `Possible SOAP version mismatch: Envelope namespace ${SOAP12_NS} was unexpected. Expecting ${SOAP11_NS}.`),
		);
	}
	const body = child(root, 'Body', SOAP11_NS);
	if (!body) throw new RequestFault(readFault(root.line, root.column, "Element 'Body' with namespace 'http://schemas.xmlsoap.org/soap/envelope/' was not found."));
	const op = childElements(body)[0];
	const operation = action.operation as string;
	if (!op) throw new RequestFault(readFault(body.line, body.column, `Element '${operation}' with namespace '${action.ns}' was not found.`));
	const opNs = matchNamespace(op.ns, service);
	if (op.local !== operation || !opNs) {
		throw new RequestFault(readFault(op.line, op.column, `<${op.local} xmlns='${op.ns}'> was not expected.`));
	}
	const call: Call = {
		service,
		operation,
		ns: NMBRS_RESPONSE_ECHOES_REQUEST_NAMESPACE ? opNs : serviceNamespace(service),
		op,
	};
	const soapHeader = child(root, 'Header', SOAP11_NS);
	if (soapHeader) {
		for (const h of childElements(soapHeader)) {
			const hNs = matchNamespace(h.ns, service);
			if (hNs && (h.local === 'AuthHeaderWithDomain' || h.local === 'AuthHeader')) {
				const field = (n: string): string | undefined => {
					const el = child(h, n, h.ns);
					return el ? textOf(el) : undefined;
				};
				const candidate = {
					kind: h.local,
					username: (field('Username') ?? '').trim(),
					token: (field('Token') ?? '').trim(),
					domain: h.local === 'AuthHeaderWithDomain' ? field('Domain')?.trim() : undefined,
				} as NonNullable<Call['auth']>;
				// The header this operation binds wins over the other one.
				const wanted = service === 'DebtorService' ? 'AuthHeader' : 'AuthHeaderWithDomain';
				if (!call.auth || candidate.kind === wanted) call.auth = candidate;
				continue;
			}
			const mu = h.attrs.find((a) => a.local === 'mustUnderstand' && a.ns === SOAP11_NS);
			if (mu && (mu.value.trim() === '1' || mu.value.trim() === 'true')) {
				throw new RequestFault(soapFault(500, 'soap:MustUnderstand', `SOAP header ${h.local} was not understood.`));
			}
		}
	}
	return call;
}

// ---- authentication and rights -------------------------------------------------------------------------

interface Session {
	user: NmbrsUser;
	domain: string;
}

function authenticate(state: NmbrsState, call: Call): Session {
	const a = call.auth;
	const acceptable =
		call.service === 'DebtorService'
			? a && (a.kind === 'AuthHeader' || NMBRS_ENVIRONMENT_GET_ACCEPTS_WITH_DOMAIN)
			: a && a.kind === 'AuthHeaderWithDomain';
	if (!a || !acceptable || a.username === '' || a.token === '') fault(1001);
	if (a.domain) {
		const env = state.environments.find((e) => e.domain.toLowerCase() === a.domain!.toLowerCase());
		if (!env) fault(2043);
		const user = state.users.find((u) => u.username.toLowerCase() === a.username.toLowerCase() && u.token === a.token);
		if (!user) fault(1001);
		const domain = user.domains.find((d) => d.toLowerCase() === env.domain.toLowerCase());
		if (!domain) fault(NMBRS_USER_NOT_IN_DOMAIN_FAULT);
		return { user, domain };
	}
	const user = state.users.find((u) => u.username.toLowerCase() === a.username.toLowerCase() && u.token === a.token);
	if (!user) fault(1001);
	if (user.domains.length > 1) fault(NMBRS_MISSING_DOMAIN_FAULT);
	return { user, domain: user.domains[0] };
}

function visibleCompanies(state: NmbrsState, s: Session): NmbrsCompany[] {
	return state.companies
		.filter((c) => c.domain.toLowerCase() === s.domain.toLowerCase() && (s.user.companyIds === null || s.user.companyIds.includes(c.id)))
		.sort((a, b) => a.number - b.number || a.id - b.id);
}

function companyFor(state: NmbrsState, s: Session, id: number): NmbrsCompany {
	const c = state.companies.find((x) => x.id === id && x.domain.toLowerCase() === s.domain.toLowerCase());
	if (!c) fault(NMBRS_UNKNOWN_COMPANY_FAULT);
	if (s.user.companyIds !== null && !s.user.companyIds.includes(id)) fault(2004);
	return c;
}

// ---- operations ----------------------------------------------------------------------------------------

function companyXml(c: NmbrsCompany): string {
	return (
		'<Company>' +
		leaf('ID', c.id) +
		leaf('Number', c.number) +
		leaf('Name', c.name) +
		leaf('PhoneNumber', c.phoneNumber) +
		leaf('FaxNumber', c.faxNumber) +
		leaf('Email', c.email) +
		leaf('Website', c.website) +
		leaf('LoonaangifteTijdvak', c.loonaangifteTijdvak) +
		leaf('KvkNr', c.kvkNr) +
		'</Company>'
	);
}

function journalResponse(call: Call, company: NmbrsCompany, runId: number, year: number | 'active'): VendorResponse {
	const run = company.runs.find((r) => r.id === runId);
	if (!run) fault(NMBRS_UNKNOWN_RUN_FAULT);
	const wantedYear = year === 'active' ? company.activeYear : year;
	let text = '';
	if (run.year === wantedYear) text = journalDocument(company, run);
	else if (year === 'active' && NMBRS_NON_V2_OTHER_YEAR_RESULT === 'fault') fault(NMBRS_UNKNOWN_RUN_FAULT);
	return soapStringResult(call.operation, call.ns, text, NMBRS_NO_JOURNAL_RESULT === 'absent');
}

function dispatch(state: NmbrsState, call: Call, s: Session): VendorResponse {
	const op = call.op;
	switch (call.operation) {
		case 'Environment_Get':
			return soapResult(call.operation, call.ns, leaf('SubDomain', s.domain));
		case 'List_GetAll':
			return soapResult(call.operation, call.ns, visibleCompanies(state, s).map(companyXml).join(''));
		case 'Run_GetList': {
			const company = companyFor(state, s, intParam(op, 'CompanyId'));
			const year = intParam(op, 'Year');
			const runs = company.runs.filter((r) => r.year === year).sort((a, b) => a.number - b.number || a.id - b.id);
			const xml = runs
				.map(
					(r) =>
						'<RunInfo>' +
						leaf('ID', r.id) +
						leaf('Number', r.number) +
						leaf('Year', r.year) +
						leaf('PeriodStart', r.periodStart) +
						leaf('PeriodEnd', r.periodEnd) +
						leaf('Description', r.description) +
						leaf('RunAt', r.runAt) +
						leaf('IsLocked', r.isLocked) +
						'</RunInfo>',
				)
				.join('');
			return soapResult(call.operation, call.ns, xml);
		}
		case 'Journals_GetByRunCompany': {
			const company = companyFor(state, s, intParam(op, 'CompanyId'));
			return journalResponse(call, company, intParam(op, 'RunId'), 'active');
		}
		case 'Journals_GetByRunCompany_v2': {
			const company = companyFor(state, s, intParam(op, 'CompanyId'));
			const runId = intParam(op, 'RunId');
			const yearName = NMBRS_V2_YEAR_PARAMS.find((n) => hasParam(op, n)) ?? NMBRS_V2_YEAR_PARAMS[0];
			return journalResponse(call, company, runId, intParam(op, yearName));
		}
		case 'Reports_GetJournalsReportByCompany': {
			const company = companyFor(state, s, intParam(op, 'CompanyId'));
			const start = intParam(op, 'StartPeriod');
			const end = intParam(op, 'EndPeriod');
			const year = intParam(op, 'Year');
			const max = company.loonaangifteTijdvak === 'Week4' ? 13 : 12;
			if (start < 1 || end < start || end > max) fault(NMBRS_INVALID_PERIOD_FAULT);
			return soapStringResult(call.operation, call.ns, journalReportDocument(company, year, start, end), false);
		}
		default:
			return unknownActionFault(`${call.ns}/${call.operation}`);
	}
}

function takePendingFault(state: NmbrsState, operation: string): VendorResponse | undefined {
	const k = state.pendingFaults.findIndex((f) => f.remaining > 0 && (!f.operation || f.operation === operation));
	if (k === -1) return undefined;
	const f = state.pendingFaults[k];
	f.remaining--;
	if (f.remaining <= 0) state.pendingFaults.splice(k, 1);
	return nmbrsFault(f.code, f.message);
}

function hostOf(req: VendorRequest): string {
	return header(req, 'host') ?? '127.0.0.1';
}

function handleGet(req: VendorRequest, service: ServiceName): VendorResponse {
	const keys = [...req.query.keys()].map((k) => k.toLowerCase());
	if (keys.includes('wsdl')) {
		return {
			status: 200,
			headers: { 'content-type': 'text/xml; charset=utf-8' },
			body: wsdl(service, `http://${hostOf(req)}${req.path}`),
		};
	}
	const opKey = [...req.query.keys()].find((k) => k.toLowerCase() === 'op');
	const page = helpPage(service, opKey ? (req.query.get(opKey) ?? '') : null);
	if (!page) return html(500, 'Runtime Error', '<h2>Server Error</h2>');
	return html(200, page.title, page.body);
}

async function handle(req: VendorRequest, ctx: ServiceContext<NmbrsState>): Promise<VendorResponse> {
	const service = serviceOf(req.path);
	if (!service) {
		return html(404, 'The resource cannot be found.', `<h1>Server Error in '/' Application.</h1><h2>The resource cannot be found.</h2><p>Requested URL: ${req.path}</p>`);
	}
	if (req.method === 'GET') return handleGet(req, service);
	if (req.method !== 'POST') return html(405, 'Method Not Allowed', '<h2>405 - HTTP verb used to access this page is not allowed.</h2>');
	const contentType = (header(req, 'content-type') ?? '').toLowerCase();
	if (!contentType.startsWith('text/xml')) {
		return html(NMBRS_UNSUPPORTED_MEDIA_STATUS, 'Unsupported Media Type', `<h2>Unsupported media type '${contentType}'. Send SOAP 1.1 as text/xml.</h2>`);
	}
	await fairUse(ctx);
	const action = parseAction(req, service);
	if (!action.operation) return unknownActionFault(action.raw);
	try {
		const call = readCall(req, service, action);
		const injected = takePendingFault(ctx.state, call.operation);
		if (injected) {
			ctx.changed();
			return injected;
		}
		const session = authenticate(ctx.state, call);
		if (session.user.deniedOperations.includes(call.operation)) fault(1002);
		return dispatch(ctx.state, call, session);
	} catch (error) {
		if (error instanceof RequestFault) return error.response;
		throw error;
	}
}

const LOGGED_SOAP_PARAMETERS = /<(?:[\w.-]+:)?(CompanyId|RunId|Year|intYear|StartPeriod|EndPeriod)>\s*(-?\d+)\s*</g;

/** Request-log subject: the call's numeric parameters (`CompanyId=12345 RunId=987`); the auth header is never read. */
function soapLogSubject(req: VendorRequest): string | undefined {
	const parts = [...req.body.matchAll(LOGGED_SOAP_PARAMETERS)].map((m) => `${m[1]}=${m[2]}`);
	return parts.length ? parts.join(' ') : undefined;
}

export const nmbrsService: EmulatorService<NmbrsState> = {
	name: 'nmbrs',
	defaultServiceKnobs: { fairUse: { enabled: false, callsPerSecond: NMBRS_FAIR_USE.callsPerSecond, delayMs: NMBRS_FAIR_USE.delayMs } },
	createState(seed?: unknown): NmbrsState {
		return normaliseSeed(seed === undefined || seed === null ? demoSeed() : seed);
	},
	operation(req: VendorRequest): string {
		const service = serviceOf(req.path);
		if (!service) return `${req.method} ${req.path}`;
		if (req.method === 'GET') return `${service}.${req.query.has('wsdl') || req.query.has('WSDL') ? 'WSDL' : 'help'}`;
		const action = parseAction(req, service);
		return `${service}.${action.operation ?? '(unknown action)'}`;
	},
	logSubject: soapLogSubject,
	handle,
	faultResponse(): VendorResponse {
		return {
			status: NMBRS_INJECTED_FAULT_STATUS,
			headers: { 'content-type': 'text/html; charset=us-ascii' },
			body: '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">\r\n<HTML><HEAD><TITLE>Service Unavailable</TITLE>\r\n<META HTTP-EQUIV="Content-Type" Content="text/html; charset=us-ascii"></HEAD>\r\n<BODY><h2>Service Unavailable</h2>\r\n<hr><p>HTTP Error 503. The service is unavailable.</p>\r\n</BODY></HTML>\r\n',
		};
	},
	rateLimitedResponse(_req: VendorRequest, retryAfterSeconds: number): VendorResponse {
		return {
			status: 429,
			headers: { 'content-type': 'text/html; charset=us-ascii', 'retry-after': String(retryAfterSeconds) },
			body: '<HTML><HEAD><TITLE>Too Many Requests</TITLE></HEAD><BODY><h2>Too Many Requests</h2><hr><p>HTTP Error 429. The request rate is too high.</p></BODY></HTML>',
		};
	},
	publicState(state: NmbrsState): unknown {
		return state;
	},
	adminRoute: nmbrsAdminRoute,
};

export default nmbrsService;
