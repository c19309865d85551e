/**
 * A fake n8n execute / load-options context for the e-Boekhouden node: parameters from a plain
 * object, and `helpers.httpRequestWithAuthentication` doing real HTTP (fetch) against the
 * e-Boekhouden emulator after applying the credential's own `authenticate` function, the way n8n
 * does. Network failures are reported like axios reports them in n8n (ECONNRESET / ETIMEDOUT).
 */
import type { IDataObject, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';

import { EBoekhoudenApi } from '../../../credentials/EBoekhoudenApi.credentials';
import { EBoekhouden } from '../../../nodes/EBoekhouden/EBoekhouden.node';

export interface SentRequest {
	method: string;
	url: string;
	body?: unknown;
	status: number;
}

export interface FakeOptions {
	baseUrl: string;
	apiToken?: string;
	source?: string;
	params: Record<string, unknown> | ((name: string, itemIndex: number) => unknown);
	items?: IDataObject[];
	continueOnFail?: boolean;
	/** Called before each request is sent (after authentication); may act on the emulator. */
	beforeRequest?: (req: { method: string; url: string; body?: unknown }) => Promise<void> | void;
}

export function fakeContext(opts: FakeOptions) {
	const credentials = { apiToken: opts.apiToken ?? 'demo-eboekhouden-token', source: opts.source ?? 'n8nNodes', baseUrl: opts.baseUrl };
	const credentialType = new EBoekhoudenApi();
	const sent: SentRequest[] = [];
	const logs: Array<{ level: string; message: string; meta?: unknown }> = [];
	const items: INodeExecutionData[] = (opts.items ?? [{}]).map((json) => ({ json }));
	const node = { id: 'n1', name: 'e-Boekhouden', type: 'n8n-nodes-nl-accountancy.eBoekhouden', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };

	function param(name: string, itemIndex: number, fallback?: unknown): unknown {
		const value = typeof opts.params === 'function' ? opts.params(name, itemIndex) : opts.params[name];
		if (value === undefined) {
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		}
		return value;
	}

	async function httpRequestWithAuthentication(type: string, requestOptions: IHttpRequestOptions): Promise<unknown> {
		if (type !== 'eBoekhoudenApi') throw new Error(`unexpected credential type ${type}`);
		const options = await (credentialType.authenticate as (c: IDataObject, o: IHttpRequestOptions) => Promise<IHttpRequestOptions>)(
			credentials,
			requestOptions,
		);
		const url = new URL(`${options.baseURL ?? ''}${options.url}`);
		for (const [k, v] of Object.entries(options.qs ?? {})) {
			if (v !== undefined && v !== null) url.searchParams.set(k, String(v));
		}
		const headers: Record<string, string> = {};
		for (const [k, v] of Object.entries(options.headers ?? {})) if (v !== undefined) headers[k] = String(v);
		let body: string | undefined;
		if (options.body !== undefined && options.method !== 'GET') {
			body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
			headers['Content-Type'] = 'application/json';
		}
		await opts.beforeRequest?.({ method: options.method ?? 'GET', url: url.pathname + url.search, body: options.body });
		let res: Response;
		try {
			res = await fetch(url, { method: options.method ?? 'GET', headers, body, signal: AbortSignal.timeout(options.timeout ?? 60000) });
		} catch (error) {
			const e = error as Error;
			const code = e.name === 'TimeoutError' ? 'ETIMEDOUT' : 'ECONNRESET';
			sent.push({ method: options.method ?? 'GET', url: url.pathname + url.search, body: options.body, status: 0 });
			throw Object.assign(new Error(code === 'ETIMEDOUT' ? `timeout of ${options.timeout}ms exceeded` : 'socket hang up'), { code });
		}
		const text = await res.text();
		let parsed: unknown = text;
		if (text !== '' && (res.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
		sent.push({ method: options.method ?? 'GET', url: url.pathname + url.search, body: options.body, status: res.status });
		const responseHeaders: Record<string, string> = {};
		res.headers.forEach((v, k) => (responseHeaders[k] = v));
		if (!options.ignoreHttpStatusErrors && res.status >= 400) throw Object.assign(new Error(`HTTP ${res.status}`), { httpCode: res.status });
		return options.returnFullResponse ? { statusCode: res.status, headers: responseHeaders, body: parsed } : parsed;
	}

	const ctx = {
		getInputData: () => items,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => param(name, itemIndex, fallback),
		getCurrentNodeParameter: (name: string) => param(name, 0, undefined),
		getNode: () => node,
		continueOnFail: () => opts.continueOnFail ?? false,
		getCredentials: async () => credentials,
		logger: {
			debug: (message: string, meta?: unknown) => logs.push({ level: 'debug', message, meta }),
			info: (message: string, meta?: unknown) => logs.push({ level: 'info', message, meta }),
			warn: (message: string, meta?: unknown) => logs.push({ level: 'warn', message, meta }),
			error: (message: string, meta?: unknown) => logs.push({ level: 'error', message, meta }),
		},
		helpers: {
			httpRequestWithAuthentication,
		},
	};
	return { ctx, sent, logs, credentials };
}

/** Run the node's execute() with a fake context. */
export async function runNode(opts: FakeOptions) {
	const fake = fakeContext(opts);
	const node = new EBoekhouden();
	const output = await node.execute.call(fake.ctx as never);
	return { ...fake, output: output[0] };
}
