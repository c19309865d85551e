/**
 * A fake n8n execute / poll context for node tests: `helpers.httpRequestWithAuthentication` does real
 * HTTP (fetch) and applies the credential's generic auth as n8n would (header expressions evaluated
 * against the credential data), with `returnFullResponse` / `ignoreHttpStatusErrors` semantics.
 */
import type { IDataObject, IHttpRequestOptions, INode, INodeExecutionData } from 'n8n-workflow';

import { NextensApi } from '../../../credentials/NextensApi.credentials';

export interface FakeCredentials {
	token: string;
	baseUrl: string;
	officeName?: string;
}

export interface HttpCall {
	method: string;
	url: string;
	status: number;
}

/** Evaluates `={{ ... }}` against `$credentials` (test-only stand-in for n8n's expression engine). */
function resolveExpression(value: string, credentials: FakeCredentials): string {
	const m = /^=\{\{([\s\S]*)\}\}$/.exec(value);
	if (!m) return value;
	// eslint-disable-next-line @typescript-eslint/no-implied-eval
	return String(new Function('$credentials', `return (${m[1]});`)(credentials));
}

function authHeaders(credentials: FakeCredentials): Record<string, string> {
	const auth = new NextensApi().authenticate;
	const headers: Record<string, string> = {};
	for (const [k, v] of Object.entries(auth.properties.headers ?? {})) headers[k] = resolveExpression(String(v), credentials);
	return headers;
}

export function buildUrl(options: IHttpRequestOptions): string {
	const base = (options.baseURL ?? '').replace(/\/+$/, '');
	const url = new URL(base + options.url);
	for (const [k, v] of Object.entries((options.qs ?? {}) as IDataObject)) {
		if (v === undefined || v === null) continue;
		url.searchParams.set(k, String(v));
	}
	return url.toString();
}

export async function realHttp(
	credentials: FakeCredentials,
	options: IHttpRequestOptions,
	calls: HttpCall[],
): Promise<unknown> {
	const headers: Record<string, string> = {};
	for (const [k, v] of Object.entries(options.headers ?? {})) headers[k] = String(v);
	Object.assign(headers, authHeaders(credentials));
	let body: string | undefined;
	if (options.body !== undefined && options.body !== null) {
		body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
		headers['Content-Type'] ??= 'application/json; charset=utf-8';
	}
	const url = buildUrl(options);
	const method = (options.method ?? 'GET').toUpperCase();
	let response: Response;
	try {
		response = await fetch(url, {
			method,
			headers,
			body,
			signal: AbortSignal.timeout(options.timeout ?? 60_000),
		});
	} catch (error) {
		// Shaped like the axios errors n8n's helper throws: undici socket errors -> ECONNRESET "socket hang up".
		const e = error as Error & { cause?: { code?: string } };
		const timeout = e.name === 'TimeoutError';
		const cause = e.cause?.code ?? '';
		const code = timeout ? 'ETIMEDOUT' : cause.startsWith('UND_ERR') || cause === '' ? 'ECONNRESET' : cause;
		const wrapped = new Error(
			timeout ? `timeout of ${options.timeout}ms exceeded` : code === 'ECONNRESET' ? 'socket hang up' : code,
		) as Error & { code?: string };
		wrapped.code = code;
		calls.push({ method, url, status: 0 });
		throw wrapped;
	}
	const text = await response.text();
	let parsed: unknown = text;
	if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') parsed = JSON.parse(text);
	calls.push({ method, url, status: response.status });
	const responseHeaders: Record<string, string> = {};
	response.headers.forEach((v, k) => (responseHeaders[k] = v));
	if (!options.ignoreHttpStatusErrors && response.status >= 400) {
		throw Object.assign(new Error(`Request failed with status code ${response.status}`), { httpCode: response.status });
	}
	if (options.returnFullResponse) return { statusCode: response.status, headers: responseHeaders, body: parsed };
	return parsed;
}

export type ParamSource = Record<string, unknown> | ((name: string, itemIndex: number) => unknown);

function getPath(obj: unknown, path: string): unknown {
	let cur: unknown = obj;
	for (const part of path.split('.')) {
		if (cur === undefined || cur === null || typeof cur !== 'object') return undefined;
		cur = (cur as Record<string, unknown>)[part];
	}
	return cur;
}

export interface FakeContextOptions {
	credentials: FakeCredentials;
	/** Parameters for all items, or one object per item. */
	params: Record<string, unknown> | Array<Record<string, unknown>>;
	items?: IDataObject[];
	continueOnFail?: boolean;
	mode?: 'manual' | 'trigger';
	staticData?: IDataObject;
}

export function fakeContext(options: FakeContextOptions) {
	const calls: HttpCall[] = [];
	const items: INodeExecutionData[] = (options.items ?? [{}]).map((json) => ({ json }));
	const staticData = options.staticData ?? {};
	const node: INode = {
		id: 'n1',
		name: 'Nextens',
		type: 'n8n-nodes-nl-accountancy.nextens',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const logs: string[] = [];
	const log = (level: string) => (message: string) => logs.push(`${level}: ${message}`);
	const param = (name: string, itemIndex: number) => {
		const source = Array.isArray(options.params) ? options.params[itemIndex] ?? options.params[0] : options.params;
		return getPath(source, name);
	};
	const ctx = {
		calls,
		logs,
		staticData,
		getNode: () => node,
		getInputData: () => items,
		continueOnFail: () => options.continueOnFail ?? false,
		getMode: () => options.mode ?? 'trigger',
		getWorkflowStaticData: () => staticData,
		getCredentials: async () => ({ ...options.credentials }),
		// execute: (name, itemIndex, fallback); poll / load options: (name, fallback)
		getNodeParameter: (name: string, a?: unknown, b?: unknown) => {
			const itemIndex = typeof a === 'number' ? a : 0;
			const fallback = typeof a === 'number' ? b : a;
			const value = param(name, itemIndex);
			if (value === undefined) {
				if (fallback !== undefined) return fallback;
				throw new Error(`Could not get parameter "${name}"`);
			}
			return value;
		},
		logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
		helpers: {
			httpRequestWithAuthentication: async (_credentialType: string, requestOptions: IHttpRequestOptions) =>
				realHttp(options.credentials, requestOptions, calls),
			prepareBinaryData: async (data: Buffer, fileName?: string, mimeType?: string) => ({
				data: data.toString('base64'),
				fileName,
				mimeType: mimeType ?? 'application/octet-stream',
				fileSize: String(data.length),
			}),
		},
	};
	return ctx;
}
