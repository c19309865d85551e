import type {
	IAdditionalCredentialOptions,
	IAllExecuteFunctions,
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	INode,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import type { RateLimiter } from './rateLimiter';

/** What every transport gets back: 4xx/5xx are results, not exceptions, so each service maps its own codes. */
export interface HttpResult {
	statusCode: number;
	headers: Record<string, string>;
	body: unknown;
}

export interface RequestPolicy {
	/** Safe to send again after a 5xx or a network error (reads). Defaults to true for GET/HEAD only. */
	idempotent: boolean;
	/** How many times a 5xx / network failure of an idempotent request is retried. */
	transportRetries: number;
	/** How many 429 answers are waited out before the 429 is returned to the caller. */
	maxRateLimitWaits: number;
	/** Upper bound for one wait on `Retry-After`, in seconds. */
	maxRetryAfterSeconds: number;
	/** First back-off step after a transport failure; doubles every retry. */
	backoffBaseMs: number;
	timeoutMs: number;
	limiter?: RateLimiter;
	/**
	 * The credential as the caller read it once for this execution. n8n otherwise loads and decrypts the
	 * credential from its database for every request, which dominates the cost of large batches.
	 */
	credentials?: ICredentialDataDecryptedObject;
}

/** The context parts the transport needs; any execute, poll, load-options or list-search context has them. */
export interface RequestContext {
	getNode(): INode;
	helpers: {
		httpRequestWithAuthentication(
			this: IAllExecuteFunctions,
			credentialsType: string,
			requestOptions: IHttpRequestOptions,
			additionalCredentialOptions?: IAdditionalCredentialOptions,
		): Promise<unknown>;
	};
}

const DEFAULTS: Omit<RequestPolicy, 'idempotent'> = {
	transportRetries: 3,
	maxRateLimitWaits: 5,
	maxRetryAfterSeconds: 120,
	backoffBaseMs: 500,
	timeoutMs: 60_000,
};

const NETWORK_ERROR_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENOTFOUND',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** Finds a network failure code anywhere in the error chain n8n builds around an axios error. */
export function networkErrorCode(error: unknown): string | undefined {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const e = current as {
			code?: unknown;
			httpCode?: unknown;
			message?: unknown;
			messages?: unknown;
			cause?: unknown;
			reason?: unknown;
		};
		// n8n's NodeApiError keeps the network code in `httpCode` and the original texts in `messages`.
		for (const code of [e.code, e.httpCode]) {
			if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return code;
		}
		const texts = [e.message, ...(Array.isArray(e.messages) ? e.messages : [])];
		for (const text of texts) {
			if (typeof text !== 'string') continue;
			if (/socket hang up/i.test(text)) return 'ECONNRESET';
			if (/timeout of \d+ms exceeded|timed out/i.test(text)) return 'ETIMEDOUT';
			const match = /\b(E[A-Z]{4,})\b/.exec(text);
			if (match && NETWORK_ERROR_CODES.has(match[1])) return match[1];
		}
		current = e.cause ?? e.reason;
	}
	return undefined;
}

/** `Retry-After` as seconds (integer or HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date = new Date()): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
	const at = Date.parse(trimmed);
	if (Number.isNaN(at)) return undefined;
	return Math.max(0, (at - now.getTime()) / 1000);
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const result: Record<string, string> = {};
	if (headers && typeof headers === 'object') {
		for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
			if (value === undefined || value === null) continue;
			result[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
		}
	}
	return result;
}

/**
 * Sends one request through n8n's authenticated HTTP helper and waits out what is safe to wait out:
 * 429 answers (honouring `Retry-After`, capped) and, for idempotent requests, 5xx answers and network
 * failures with exponential back-off. Everything else comes back as an {@link HttpResult}.
 */
export async function sendRequest(
	ctx: RequestContext,
	credentialType: string,
	options: IHttpRequestOptions,
	policyOverrides: Partial<RequestPolicy> = {},
): Promise<HttpResult> {
	const method = (options.method ?? 'GET').toUpperCase();
	const policy: RequestPolicy = {
		...DEFAULTS,
		idempotent: method === 'GET' || method === 'HEAD',
		...policyOverrides,
	};
	let rateLimitWaits = 0;
	let transportFailures = 0;
	const credentialOptions: IAdditionalCredentialOptions | undefined = policy.credentials
		? { credentialsDecrypted: { id: '', name: credentialType, type: credentialType, data: policy.credentials } }
		: undefined;

	for (;;) {
		if (policy.limiter) await policy.limiter.acquire();
		let result: HttpResult | undefined;
		let networkError: { code: string; error: unknown } | undefined;
		try {
			const response = (await ctx.helpers.httpRequestWithAuthentication.call(
				ctx as unknown as IAllExecuteFunctions,
				credentialType,
				{
					timeout: policy.timeoutMs,
					...options,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
				},
				credentialOptions,
			)) as { statusCode?: number; status?: number; headers?: unknown; body?: unknown };
			result = {
				statusCode: Number(response.statusCode ?? response.status ?? 0),
				headers: lowerCaseHeaders(response.headers),
				body: response.body,
			};
		} catch (error) {
			const code = networkErrorCode(error);
			if (!code) throw error instanceof NodeApiError ? error : new NodeApiError(ctx.getNode(), error as JsonObject);
			networkError = { code, error };
		}

		if (result && result.statusCode === 429 && rateLimitWaits < policy.maxRateLimitWaits) {
			rateLimitWaits++;
			const retryAfter = parseRetryAfter(result.headers['retry-after']) ?? 2 ** rateLimitWaits;
			await sleep(Math.min(retryAfter, policy.maxRetryAfterSeconds) * 1000);
			continue;
		}

		const retryable = networkError !== undefined || (result !== undefined && result.statusCode >= 500);
		if (retryable && policy.idempotent && transportFailures < policy.transportRetries) {
			transportFailures++;
			await sleep(policy.backoffBaseMs * 2 ** (transportFailures - 1));
			continue;
		}

		if (networkError) {
			const url = `${options.baseURL ?? ''}${options.url}`;
			const error = new NodeApiError(ctx.getNode(), networkError.error as JsonObject, {
				description: policy.idempotent
					? `The request failed ${transportFailures + 1} times. Check the base URL in the credential and whether the service is up, then run the workflow again.`
					: 'The request was not repeated automatically because it changes data. Run the workflow again: already finished work is recognised and not done twice.',
			});
			// Set afterwards: NodeApiError swaps any message naming a network code for a generic text.
			error.message = `Could not reach ${url} (${networkError.code})`;
			throw error;
		}
		return result as HttpResult;
	}
}

/** The body as an object, whatever n8n handed back (parsed JSON, a JSON string, or nothing). */
export function bodyAsObject(body: unknown): IDataObject {
	if (body && typeof body === 'object' && !Buffer.isBuffer(body)) return body as IDataObject;
	if (typeof body === 'string' && body.trim().startsWith('{')) {
		try {
			return JSON.parse(body) as IDataObject;
		} catch {
			return {};
		}
	}
	return {};
}
