/**
 * The one fake n8n context of the unit tests. It builds what a node method gets as `this`: an execute
 * context (IExecuteFunctions), a poll context (IPollFunctions) or a load-options / list-search context
 * (ILoadOptionsFunctions), with
 * - parameters per item (one object, one object per item, or a function of name and item index; dotted
 *   names and `extractValue` of resource locators as n8n reads them),
 * - the credential (getCredentials) and the node (getNode), continueOnFail, getMode, getTimezone,
 *   getWorkflowStaticData, a logger that keeps what was logged, and helpers.prepareBinaryData,
 * - helpers.httpRequestWithAuthentication, which applies the credential the way n8n does (the credential
 *   type's `authenticate` function, or its generic header / query / body expressions) and then either
 *   sends a real HTTP request (to an emulator) or takes the next canned answer.
 * Network failures and HTTP errors are shaped like the axios errors n8n's request helper throws.
 */
import type {
	IAdditionalCredentialOptions,
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	INodeExecutionData,
	IPollFunctions,
} from 'n8n-workflow';
import get from 'lodash/get';

/** Parameters for all items, one object per item (an item beyond the list reads the first), or a function of name and item index. */
export type ParamSource =
	| Record<string, unknown>
	| Array<Record<string, unknown>>
	| ((name: string, itemIndex: number) => unknown);

/** One request as it went over the wire (real HTTP only). */
export interface SentRequest {
	method: string;
	/** The full URL, query included. */
	url: string;
	/** Path and query of `url`, e.g. `/v1/mutation?type=7`. */
	path: string;
	/** Headers after the credential was applied. */
	headers: Record<string, string>;
	/** The body text that was sent ('' for none). */
	body: string;
	/** The HTTP status; 0 while waiting and when no answer came (reset, timeout). */
	status: number;
}

export interface LogEntry {
	level: string;
	message: string;
	meta?: unknown;
}

/** A canned answer: a full response (`headers` defaults to `{}`) or an error to throw. */
export type CannedAnswer = { statusCode: number; body: unknown; headers?: Record<string, unknown> } | Error;

/** How httpRequestWithAuthentication answers once the credential is applied. */
export type Transport =
	| { kind: 'http' }
	| { kind: 'canned'; answers: CannedAnswer[] };

/** Send real HTTP requests (the default). */
export const realHttp: Transport = { kind: 'http' };

/** Answer each request with the next of these answers, in order; the array is consumed. */
export function canned(answers: CannedAnswer[]): Transport {
	return { kind: 'canned', answers };
}

/** A node as getNode() returns it. */
export function fakeNode(overrides: Partial<INode> = {}): INode {
	return { id: 'n1', name: 'Test', type: 'test', typeVersion: 1, position: [0, 0], parameters: {}, ...overrides };
}

/** What a vendor's tests share: the node getNode() returns and the credential type requests are authenticated with. */
export interface Vendor {
	node: INode;
	credentialType: ICredentialType;
}

export interface FakeContextOptions {
	/** The node and credential type; without it the node is a generic test node and requests are not authenticated. */
	vendor?: Vendor;
	/** The decrypted credential data getCredentials() returns and requests are authenticated with. */
	credentials?: IDataObject;
	params?: ParamSource;
	/** The input items' json (default: one empty item). */
	items?: IDataObject[];
	continueOnFail?: boolean;
	/** getMode(): 'trigger' (default), 'manual', 'cli', ... */
	mode?: string;
	/** getWorkflowStaticData('node'); kept and changed in place. */
	staticData?: IDataObject;
	/** getTimezone() (default Europe/Amsterdam). */
	timezone?: string;
	/** Real HTTP (default) or canned answers. */
	transport?: Transport;
	/** Called before each real request is sent (after the credential is applied, `body` as the node built it); may act on the emulator. */
	beforeRequest?: (request: { method: string; url: string; path: string; body: unknown }) => Promise<void> | void;
}

export interface FakeContext<C> {
	ctx: C;
	/** Every httpRequestWithAuthentication call: the options exactly as the node passed them. */
	calls: IHttpRequestOptions[];
	/** The requests that went over the wire, in the order they were sent. */
	sent: SentRequest[];
	logs: LogEntry[];
	staticData: IDataObject;
	credentials: IDataObject;
}

type Kind = 'execute' | 'poll' | 'loadOptions';

/** A fake IExecuteFunctions: getNodeParameter(name, itemIndex, fallback, options). */
export function executeContext(options: FakeContextOptions = {}): FakeContext<IExecuteFunctions> {
	return build<IExecuteFunctions>('execute', options);
}

/** A fake IPollFunctions: getNodeParameter(name, fallback, options). */
export function pollContext(options: FakeContextOptions = {}): FakeContext<IPollFunctions> {
	return build<IPollFunctions>('poll', options);
}

/** A fake ILoadOptionsFunctions (also for list search): getNodeParameter(name, fallback, options), getCurrentNodeParameter. */
export function loadOptionsContext(options: FakeContextOptions = {}): FakeContext<ILoadOptionsFunctions> {
	return build<ILoadOptionsFunctions>('loadOptions', options);
}

/** Runs a node's execute() in a fake execute context; `output` is the first output. */
export async function runExecute(
	node: { execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> },
	options: FakeContextOptions = {},
): Promise<FakeContext<IExecuteFunctions> & { output: INodeExecutionData[] }> {
	const fake = executeContext(options);
	const output = await node.execute.call(fake.ctx);
	return { ...fake, output: output[0] };
}

// ---------------------------------------------------------------------------------------------------
// Parameters

function lookup(source: Record<string, unknown> | undefined, name: string): unknown {
	if (source === undefined) return undefined;
	if (name in source) return source[name];
	let current: unknown = source;
	for (const part of name.split('.')) {
		if (current === undefined || current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[part];
	}
	return current;
}

function readParam(source: ParamSource | undefined, name: string, itemIndex: number): unknown {
	if (typeof source === 'function') return source(name, itemIndex);
	if (Array.isArray(source)) return lookup(source[itemIndex] ?? source[0], name);
	return lookup(source, name);
}

function extract(value: unknown, options?: { extractValue?: boolean }): unknown {
	if (options?.extractValue && value && typeof value === 'object' && '__rl' in value) return (value as unknown as { value: unknown }).value;
	return value;
}

/** A resource locator value as n8n stores it. */
export function rl(value: string | number, mode: 'list' | 'id' = 'list') {
	return { __rl: true, mode, value: String(value) };
}

// ---------------------------------------------------------------------------------------------------
// Credentials

/** Evaluates an n8n expression `={{ ... }}` over `$credentials` (a test stand-in for n8n's expression engine); other values are returned as they are. */
export function credentialExpression(value: unknown, credentials: IDataObject): unknown {
	if (typeof value !== 'string') return value;
	const m = /^=\{\{([\s\S]*)\}\}$/.exec(value);
	if (!m) return value;
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- a test stand-in for the expression engine
	return new Function('$credentials', `return (${m[1]});`)(credentials);
}

/** Applies a credential type to request options as n8n does before sending. */
export async function authenticate(
	credentialType: ICredentialType,
	credentials: IDataObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const auth = credentialType.authenticate;
	if (auth === undefined) return requestOptions;
	if (typeof auth === 'function') return await auth(credentials as ICredentialDataDecryptedObject, requestOptions);
	const generic = auth as IAuthenticateGeneric;
	const resolve = (values: IDataObject | undefined): IDataObject => {
		const out: IDataObject = {};
		for (const [k, v] of Object.entries(values ?? {})) out[k] = String(credentialExpression(v, credentials));
		return out;
	};
	const options = { ...requestOptions };
	if (generic.properties.headers) options.headers = { ...options.headers, ...resolve(generic.properties.headers) };
	if (generic.properties.qs) options.qs = { ...options.qs, ...resolve(generic.properties.qs) };
	if (generic.properties.body) options.body = { ...(options.body as IDataObject), ...resolve(generic.properties.body) };
	return options;
}

/**
 * Runs a credential type's test request as n8n's credential test does: expressions in the request
 * resolved over the credential, the credential applied, sent over real HTTP; answers whatever the status.
 */
export async function runCredentialTest(credentialType: ICredentialType, credentials: IDataObject) {
	const request = credentialType.test?.request;
	if (!request) throw new Error(`credential type ${credentialType.name} has no test request`);
	const resolved: IHttpRequestOptions = {
		url: String(credentialExpression(request.url ?? '', credentials)),
		json: request.json,
		baseURL: request.baseURL === undefined ? undefined : String(credentialExpression(request.baseURL, credentials)),
		method: request.method,
		headers: request.headers as IDataObject | undefined,
		qs: request.qs as IDataObject | undefined,
		body: request.body as IHttpRequestOptions['body'],
	};
	const options = await authenticate(credentialType, credentials, resolved);
	return { options, response: await send(options) };
}

/** What n8n's credential test shows: status and message (the text after "Couldn't connect with these settings"). */
export interface CredentialTestVerdict {
	status: 'OK' | 'Error';
	message: string;
}

/** The n8n versions the pack supports, by how their credential tester treats an HTTP error answer. */
export type TesterVersion = '1.123.81' | '2.8.4' | '2.41.1';
export const TESTER_VERSIONS: TesterVersion[] = ['1.123.81', '2.8.4', '2.41.1'];

/** n8n's NodeApiError text per HTTP status (what 1.123 and 2.8 show for an error answer). */
const N8N_STATUS_MESSAGES: Record<string, string> = {
	'400': 'Bad request - please check your parameters',
	'401': 'Authorization failed - please check your credentials',
	'403': 'Forbidden - perhaps check your credentials?',
	'404': 'The resource you are requesting could not be found',
	'405': 'Method not allowed - please check you are using the right HTTP method',
	'429': 'The service is receiving too many requests from you',
	'500': 'The service was not able to process your request',
	'503': 'Service unavailable - try again later or consider setting this node to retry automatically (in the node settings)',
};

/**
 * Runs a credential type's test as n8n's credential tester judges it (CredentialsTester.testCredentials; checked
 * against n8n's own RoutingNode of each version): an error thrown while applying the credential shows its message;
 * no answer shows a network text; a non-2xx answer (unless the request sets `ignoreHttpStatusErrors`) shows, on 2.41,
 * the first `responseCode` rule for its status, else the status text; on 1.123 and 2.8 the error class drops the
 * answer, so n8n's own text for the status shows and `responseCode` rules never apply. A 2xx answer shows the first
 * `responseSuccessBody` rule whose `key` (lodash path) has `value`, else "Connection successful!".
 */
export async function credentialTestVerdict(
	credentialType: ICredentialType,
	credentials: IDataObject,
	version: TesterVersion = '2.41.1',
): Promise<CredentialTestVerdict> {
	const rules = (credentialType.test?.rules ?? []) as Array<{ type: string; properties: { value?: unknown; key?: string; message: string } }>;
	let response: FullResponse;
	try {
		response = (await runCredentialTest(credentialType, credentials)).response;
	} catch (error) {
		const e = error as Error & { code?: string };
		if (!e.code) return { status: 'Error', message: e.message };
		return { status: 'Error', message: version === '2.41.1' ? e.code : `network error ${e.code}` };
	}
	const ignoreStatus = credentialType.test?.request.ignoreHttpStatusErrors === true;
	if (!ignoreStatus && (response.statusCode < 200 || response.statusCode > 299)) {
		if (version !== '2.41.1') {
			return { status: 'Error', message: N8N_STATUS_MESSAGES[String(response.statusCode)] ?? `HTTP ${response.statusCode}` };
		}
		const rule = rules.find((r) => r.type === 'responseCode' && r.properties.value === response.statusCode);
		return { status: 'Error', message: rule ? rule.properties.message : `status text of HTTP ${response.statusCode}` };
	}
	for (const rule of rules) {
		if (rule.type === 'responseSuccessBody' && get(response.body, rule.properties.key ?? '') === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

// ---------------------------------------------------------------------------------------------------
// HTTP

function joinUrl(baseURL: string | undefined, url: string): string {
	if (!baseURL || /^[a-z][a-z\d+\-.]*:\/\//i.test(url)) return url;
	return `${baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
	return Object.keys(headers).some((k) => k.toLowerCase() === name.toLowerCase());
}

export interface FullResponse {
	statusCode: number;
	headers: Record<string, string>;
	body: unknown;
}

/**
 * Sends one request over real HTTP with n8n's request-helper semantics: `qs`, a JSON body for objects,
 * `timeout`, `returnFullResponse`, `ignoreHttpStatusErrors`; a JSON answer is parsed unless text was asked for.
 */
export async function httpRequest(options: IHttpRequestOptions, record?: (request: SentRequest) => void): Promise<unknown> {
	const url = new URL(joinUrl(options.baseURL, options.url));
	for (const [k, v] of Object.entries(options.qs ?? {})) {
		if (v !== undefined && v !== null) url.searchParams.set(k, String(v));
	}
	const method = (options.method ?? 'GET').toUpperCase();
	const headers: Record<string, string> = {};
	for (const [k, v] of Object.entries(options.headers ?? {})) if (v !== undefined) headers[k] = String(v);
	let body: string | Buffer | undefined;
	if (options.body !== undefined && options.body !== null && method !== 'GET') {
		if (typeof options.body === 'string' || Buffer.isBuffer(options.body)) body = options.body;
		else {
			body = JSON.stringify(options.body);
			if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json';
		}
	}
	const entry: SentRequest = { method, url: url.toString(), path: url.pathname + url.search, headers, body: body?.toString() ?? '', status: 0 };
	record?.(entry);
	let response: Response;
	try {
		response = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(options.timeout ?? 60_000) });
	} catch (error) {
		// Shaped like the axios errors n8n's helper throws: undici socket errors -> ECONNRESET "socket hang up".
		const e = error as Error & { cause?: { code?: string } };
		const timeout = e.name === 'TimeoutError';
		const cause = e.cause?.code ?? '';
		const code = timeout ? 'ETIMEDOUT' : cause.startsWith('UND_ERR') || cause === '' ? 'ECONNRESET' : cause;
		const message = timeout ? `timeout of ${options.timeout}ms exceeded` : code === 'ECONNRESET' ? 'socket hang up' : code;
		throw Object.assign(new Error(message), { code });
	}
	const text = await response.text();
	entry.status = response.status;
	let parsed: unknown = text;
	const json = (response.headers.get('content-type') ?? '').includes('json');
	if (json && text !== '' && options.encoding !== 'text') parsed = JSON.parse(text);
	const responseHeaders: Record<string, string> = {};
	response.headers.forEach((v, k) => (responseHeaders[k] = v));
	if (!options.ignoreHttpStatusErrors && response.status >= 400) {
		throw Object.assign(new Error(`Request failed with status code ${response.status}`), { httpCode: response.status });
	}
	return options.returnFullResponse ? { statusCode: response.status, headers: responseHeaders, body: parsed } : parsed;
}

/** One real request outside any node (admin calls to an emulator, the credential test): the full response, whatever the status. */
export async function send(options: IHttpRequestOptions): Promise<FullResponse> {
	return (await httpRequest({ ...options, returnFullResponse: true, ignoreHttpStatusErrors: true })) as FullResponse;
}

// ---------------------------------------------------------------------------------------------------
// The context

function build<C>(kind: Kind, options: FakeContextOptions): FakeContext<C> {
	const node = options.vendor?.node ?? fakeNode();
	const credentialType = options.vendor?.credentialType;
	const credentials = options.credentials ?? {};
	const staticData = options.staticData ?? {};
	const transport = options.transport ?? realHttp;
	const items: INodeExecutionData[] = (options.items ?? [{}]).map((json) => ({ json }));
	const calls: IHttpRequestOptions[] = [];
	const sent: SentRequest[] = [];
	const logs: LogEntry[] = [];
	const log = (level: string) => (message: string, meta?: unknown) => logs.push({ level, message, meta });

	function getNodeParameter(name: string, ...args: unknown[]): unknown {
		// execute: (name, itemIndex, fallback, options); poll and load options: (name, fallback, options).
		const [itemIndex, fallback, opts] = kind === 'execute' ? [args[0] as number, args[1], args[2]] : [0, args[0], args[1]];
		let value = readParam(options.params, name, itemIndex);
		if (value === undefined) value = fallback;
		if (value === undefined) throw new Error(`Could not get parameter "${name}"`);
		return extract(value, opts as { extractValue?: boolean } | undefined);
	}

	async function httpRequestWithAuthentication(
		type: string,
		requestOptions: IHttpRequestOptions,
		additional?: IAdditionalCredentialOptions,
	): Promise<unknown> {
		calls.push(requestOptions);
		if (transport.kind === 'canned') {
			const answer = transport.answers.shift();
			if (!answer) throw new Error('no more canned answers');
			if (answer instanceof Error) throw answer;
			return { headers: {}, ...answer };
		}
		if (credentialType && type !== credentialType.name) throw new Error(`unexpected credential type ${type}`);
		const data = (additional?.credentialsDecrypted?.data as IDataObject | undefined) ?? credentials;
		const authed = credentialType ? await authenticate(credentialType, data, requestOptions) : requestOptions;
		if (options.beforeRequest) {
			const url = new URL(joinUrl(authed.baseURL, authed.url));
			for (const [k, v] of Object.entries(authed.qs ?? {})) if (v !== undefined && v !== null) url.searchParams.set(k, String(v));
			await options.beforeRequest({ method: (authed.method ?? 'GET').toUpperCase(), url: url.toString(), path: url.pathname + url.search, body: authed.body });
		}
		return await httpRequest(authed, (entry) => sent.push(entry));
	}

	const ctx = {
		getNode: () => node,
		getInputData: () => items,
		continueOnFail: () => options.continueOnFail ?? false,
		getMode: () => options.mode ?? 'trigger',
		getTimezone: () => options.timezone ?? 'Europe/Amsterdam',
		getWorkflowStaticData: () => staticData,
		getCredentials: async (type: string) => {
			if (credentialType && type !== credentialType.name) throw new Error(`unexpected credential type ${type}`);
			return { ...credentials };
		},
		getNodeParameter,
		getCurrentNodeParameter: (name: string, opts?: { extractValue?: boolean }) => extract(readParam(options.params, name, 0), opts),
		logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
		helpers: {
			httpRequestWithAuthentication,
			prepareBinaryData: async (data: Buffer, fileName?: string, mimeType?: string) => ({
				data: data.toString('base64'),
				fileName,
				mimeType: mimeType ?? 'application/octet-stream',
				fileSize: String(data.length),
			}),
		},
	};
	return { ctx: ctx as unknown as C, calls, sent, logs, staticData, credentials };
}
