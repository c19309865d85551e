/**
 * A fake n8n context for the Nmbrs node and trigger whose `httpRequestWithAuthentication` applies the
 * real credential's `authenticate` function and sends a real HTTP request (to the Nmbrs emulator).
 */
import * as http from 'http';
import * as https from 'https';

import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';

import { NmbrsApi } from '../../../credentials/NmbrsApi.credentials';

export interface SentRequest {
	url: string;
	headers: Record<string, unknown>;
	body: string;
	statusCode?: number;
}

export interface FakeOptions {
	credentials: IDataObject;
	params: Record<string, unknown> | ((name: string, itemIndex: number) => unknown);
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	mode?: 'manual' | 'trigger';
	/** Which getNodeParameter signature to emulate: execute (name, itemIndex, fallback, options) or poll/load options (name, fallback, options). */
	kind?: 'execute' | 'poll';
	staticData?: IDataObject;
	timezone?: string;
}

export interface LogEntry {
	level: string;
	message: string;
	meta?: unknown;
}

export const NODE: INode = {
	id: 'nmbrs-test',
	name: 'Nmbrs',
	type: 'n8n-nodes-nl-accountancy.nmbrs',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** Sends one request like n8n's httpRequest with returnFullResponse + ignoreHttpStatusErrors. */
export async function send(options: IHttpRequestOptions): Promise<{ statusCode: number; headers: IDataObject; body: string }> {
	const url = new URL(options.url, options.baseURL ? `${options.baseURL.replace(/\/$/, '')}/` : undefined);
	const target = options.baseURL ? new URL(`${options.baseURL.replace(/\/$/, '')}${options.url}`) : url;
	const body = typeof options.body === 'string' ? options.body : options.body === undefined ? '' : JSON.stringify(options.body);
	const lib = target.protocol === 'https:' ? https : http;
	return await new Promise((resolve, reject) => {
		const req = lib.request(
			target,
			{ method: options.method ?? 'GET', headers: { ...(options.headers as Record<string, string>), 'content-length': Buffer.byteLength(body) } },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({ statusCode: res.statusCode ?? 0, headers: res.headers as IDataObject, body: Buffer.concat(chunks).toString('utf8') }),
				);
				res.on('error', reject);
			},
		);
		req.setTimeout(options.timeout ?? 60000, () => {
			const error = Object.assign(new Error(`timeout of ${options.timeout}ms exceeded`), { code: 'ETIMEDOUT' });
			req.destroy(error);
		});
		req.on('error', reject);
		req.end(body);
	});
}

export function makeContext(options: FakeOptions) {
	const sent: SentRequest[] = [];
	const logs: LogEntry[] = [];
	const credentialType = new NmbrsApi();
	const staticData = options.staticData ?? {};
	const param = (name: string, itemIndex: number): unknown =>
		typeof options.params === 'function' ? options.params(name, itemIndex) : options.params[name];
	const log = (level: string) => (message: string, meta?: unknown) => logs.push({ level, message, meta });

	const ctx = {
		getNode: () => NODE,
		getInputData: () => options.items ?? [{ json: {} }],
		continueOnFail: () => options.continueOnFail ?? false,
		getTimezone: () => options.timezone ?? 'Europe/Amsterdam',
		getMode: () => options.mode ?? 'trigger',
		getWorkflowStaticData: () => staticData,
		logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
		getNodeParameter(name: string, itemIndexOrFallback?: unknown, fallback?: unknown, opts?: { extractValue?: boolean }) {
			// Execute: (name, itemIndex, fallback, options); poll/load options: (name, fallback, options).
			const isExecute = (options.kind ?? 'execute') === 'execute';
			const itemIndex = isExecute ? (itemIndexOrFallback as number) : 0;
			const fb = isExecute ? fallback : itemIndexOrFallback;
			const extract = isExecute ? opts?.extractValue : (fallback as { extractValue?: boolean } | undefined)?.extractValue;
			let value = param(name, itemIndex);
			if (value === undefined) value = fb;
			if (value === undefined) throw new Error(`Could not get parameter "${name}"`);
			if (extract && value && typeof value === 'object' && '__rl' in (value as object)) return (value as { value: unknown }).value;
			return value;
		},
		getCurrentNodeParameter(name: string, opts?: { extractValue?: boolean }) {
			const value = param(name, 0);
			if (opts?.extractValue && value && typeof value === 'object' && '__rl' in (value as object)) return (value as { value: unknown }).value;
			return value;
		},
		helpers: {
			async httpRequestWithAuthentication(type: string, requestOptions: IHttpRequestOptions) {
				if (type !== 'nmbrsApi') throw new Error(`unexpected credential type ${type}`);
				const authed = await credentialType.authenticate(options.credentials as ICredentialDataDecryptedObject, requestOptions);
				const entry: SentRequest = {
					url: `${authed.baseURL ?? ''}${authed.url}`,
					headers: authed.headers ?? {},
					body: String(authed.body ?? ''),
				};
				sent.push(entry);
				const response = await send(authed);
				entry.statusCode = response.statusCode;
				if (!authed.ignoreHttpStatusErrors && response.statusCode >= 400) {
					throw Object.assign(new Error(`Request failed with status code ${response.statusCode}`), { httpCode: response.statusCode });
				}
				return authed.returnFullResponse ? response : response.body;
			},
		},
	};
	return { ctx, sent, logs, staticData };
}

/** A resource locator value. */
export function rl(value: string | number, mode: 'list' | 'id' = 'list') {
	return { __rl: true, mode, value: String(value) };
}

export const DEMO_CREDENTIALS = (baseUrl: string): IDataObject => ({
	username: 'payroll@voorbeeld.nl',
	token: 'demo-nmbrs-token',
	domain: 'voorbeeld',
	environment: 'custom',
	baseUrl,
});
