/**
 * The one transport policy of the pack: every vendor request goes through {@link sendWithPolicy}, which paces it
 * (a {@link Limiter}, normally the execution's `Pacer`), waits out 429 / Retry-After as long as the waits stay
 * within a total bound, and retries with back-off as the vendor's {@link Classify} hook says, within the budgets of a
 * {@link RequestPolicy}. Vendors only classify; none keeps its own loop.
 */
import type {
	IAdditionalCredentialOptions,
	IAllExecuteFunctions,
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	INode,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { vendorError } from '../failures';
import { lowerCaseHeaders, networkErrorCode, parseRetryAfter } from './answers';
import { DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS, MIN_COUNTED_WAIT_SECONDS } from './rateLimit';

export { bodyAsObject, networkErrorCode, parseRetryAfter } from './answers';

/** What every transport gets back: 4xx/5xx are results, not exceptions, so each service maps its own codes. */
export interface HttpResult {
	statusCode: number;
	headers: Record<string, string>;
	body: unknown;
	/** On a 429 that was handed back: the seconds waited on 429s and the bound that stopped further waits. */
	rateLimitWait?: { waitedSeconds: number; maxWaitSeconds: number };
}

/**
 * What paces requests in front of a service. `acquire` is awaited before every attempt. The request that got a 429
 * always waits its (capped) `Retry-After` itself; a limiter that implements `rateLimited` is told about each one
 * and may hold back the execution's other requests too (see the Pacer).
 */
export interface Limiter {
	acquire(): Promise<void>;
	/** Told when the attempt that `acquire` let go has ended, however it ended (a place in flight is free again). */
	release?(): void;
	rateLimited?(retryAfterSeconds: number): void;
	/** Told when a request ends with an answer that was not rate limited. */
	succeeded?(): void;
}

/** One attempt as the classification hook sees it: an HTTP answer (any status) or a network failure. */
export type Attempt = { kind: 'result'; result: HttpResult } | { kind: 'network'; code: string; error: unknown };

/** The counts so far for this request, and whether it is safe to send again. */
export interface AttemptState {
	idempotent: boolean;
	/** 429 answers waited out so far. */
	waits: number;
	/** Seconds of 429 waits so far, as counted against `maxRateLimitWaitSeconds`. */
	waitedSeconds: number;
	/** Back-off retries so far (5xx, network failures). */
	transportFailures: number;
	/** Retries without back-off so far (a vendor's retryable fault). */
	plainRetries: number;
}

/**
 * What to do with an attempt: `done` hands it back; `retry` sends again after exponential back-off (counted
 * against `transportRetries`) or, with `backoff: false`, after one back-off step (counted against
 * `plainRetries`); `wait` waits out a rate limit of `seconds` (capped at `maxRetryAfterSeconds`, added to the total
 * that `maxRateLimitWaitSeconds` bounds). When the budget is used up the attempt is handed back as it is.
 */
export type Verdict = { action: 'done' } | { action: 'retry'; backoff?: boolean } | { action: 'wait'; seconds: number };

export type Classify = (attempt: Attempt, state: AttemptState) => Verdict;

export interface RequestPolicy {
	/** Safe to send again after a 5xx or a network error (reads). Defaults to true for GET/HEAD only. */
	idempotent: boolean;
	/** How many `retry` verdicts with back-off are allowed (by default: 5xx / network failures of idempotent requests). */
	transportRetries: number;
	/** How many times a `retry` without back-off is allowed (vendor faults that are worth one more try). */
	plainRetries: number;
	/**
	 * Bound on the total of one request's 429 waits, in seconds: a 429 is waited out as long as the waits so far plus
	 * this one stay within it (each wait counts at least {@link MIN_COUNTED_WAIT_SECONDS}); otherwise it is handed
	 * back. The node option "Max Wait When Rate Limited (Seconds)"; 0 hands every 429 back at once.
	 */
	maxRateLimitWaitSeconds: number;
	/** Upper bound for one wait on `Retry-After`, in seconds. */
	maxRetryAfterSeconds: number;
	/** First back-off step after a transport failure; doubles every retry. */
	backoffBaseMs: number;
	timeoutMs: number;
	limiter?: Limiter;
	/** The vendor's rules for what to retry or wait out; {@link classifyDefault} when absent. */
	classify?: Classify;
	/** Told before every retry or wait (for debug logs). */
	onRetry?: (verdict: Exclude<Verdict, { action: 'done' }>, state: AttemptState, attempt: Attempt) => void;
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
	plainRetries: 0,
	maxRateLimitWaitSeconds: DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS,
	maxRetryAfterSeconds: 120,
	backoffBaseMs: 500,
	timeoutMs: 60_000,
};

/**
 * The rules when a vendor gives none: 429 is waited out (`Retry-After`, else 2, 4, 8, ... seconds); 5xx answers
 * and network failures are retried with back-off only when the request is idempotent.
 */
export const classifyDefault: Classify = (attempt, state) => {
	if (attempt.kind === 'network') return state.idempotent ? { action: 'retry' } : { action: 'done' };
	const { statusCode, headers } = attempt.result;
	if (statusCode === 429) {
		return { action: 'wait', seconds: parseRetryAfter(headers['retry-after']) ?? 2 ** (state.waits + 1) };
	}
	if (statusCode >= 500 && state.idempotent) return { action: 'retry' };
	return { action: 'done' };
};

/** The outcome of one request after all retries and waits: the last attempt, the counts behind it, the bound used. */
export interface Sent {
	attempt: Attempt;
	state: AttemptState;
	maxRateLimitWaitSeconds: number;
}

function resolvePolicy(options: IHttpRequestOptions, overrides: Partial<RequestPolicy>): RequestPolicy {
	const method = (options.method ?? 'GET').toUpperCase();
	return { ...DEFAULTS, idempotent: method === 'GET' || method === 'HEAD', ...overrides };
}

/** One try through n8n's helper: the answer whatever its status, a network failure, or a thrown NodeApiError. */
async function attemptOnce(
	ctx: RequestContext,
	credentialType: string,
	options: IHttpRequestOptions,
	policy: RequestPolicy,
): Promise<Attempt> {
	const credentialOptions: IAdditionalCredentialOptions | undefined = policy.credentials
		? { credentialsDecrypted: { id: '', name: credentialType, type: credentialType, data: policy.credentials } }
		: undefined;
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx as unknown as IAllExecuteFunctions,
			credentialType,
			{ timeout: policy.timeoutMs, ...options, returnFullResponse: true, ignoreHttpStatusErrors: true },
			credentialOptions,
		)) as { statusCode?: number; status?: number; headers?: unknown; body?: unknown };
		const result: HttpResult = {
			statusCode: Number(response.statusCode ?? response.status ?? 0),
			headers: lowerCaseHeaders(response.headers),
			body: response.body,
		};
		return { kind: 'result', result };
	} catch (error) {
		const code = networkErrorCode(error);
		if (!code) throw error instanceof NodeApiError ? error : new NodeApiError(ctx.getNode(), error as JsonObject);
		return { kind: 'network', code, error };
	}
}

/**
 * Counts a retry or wait against its budget. Returns the milliseconds to sleep, or undefined when the budget is used
 * up (the attempt is then handed back).
 */
function spend(verdict: Verdict, state: AttemptState, policy: RequestPolicy): number | undefined {
	if (verdict.action === 'wait') {
		const seconds = Math.min(Math.max(verdict.seconds, 0), policy.maxRetryAfterSeconds);
		// A Retry-After of 0 still counts, so that a vendor answering 429 without end cannot hold a record forever.
		const counted = Math.max(seconds, MIN_COUNTED_WAIT_SECONDS);
		if (state.waitedSeconds + counted > policy.maxRateLimitWaitSeconds) return undefined;
		state.waits++;
		state.waitedSeconds += counted;
		policy.limiter?.rateLimited?.(seconds);
		return seconds * 1000;
	}
	if (verdict.action === 'retry' && verdict.backoff === false) {
		if (state.plainRetries >= policy.plainRetries) return undefined;
		state.plainRetries++;
		return policy.backoffBaseMs;
	}
	if (verdict.action === 'retry') {
		if (state.transportFailures >= policy.transportRetries) return undefined;
		state.transportFailures++;
		return policy.backoffBaseMs * 2 ** (state.transportFailures - 1);
	}
	return undefined;
}

/**
 * Sends one request and applies the vendor's rules (`policy.classify`): retries with back-off, waits on 429
 * with `Retry-After` (capped, within the total bound), paces every attempt through `policy.limiter`, within the
 * policy's budgets.
 * Network failures come back as an attempt, not an exception; other failures throw a NodeApiError.
 */
export async function sendWithPolicy(
	ctx: RequestContext,
	credentialType: string,
	options: IHttpRequestOptions,
	policyOverrides: Partial<RequestPolicy> = {},
): Promise<Sent> {
	const policy = resolvePolicy(options, policyOverrides);
	const classify = policy.classify ?? classifyDefault;
	const state: AttemptState = { idempotent: policy.idempotent, waits: 0, waitedSeconds: 0, transportFailures: 0, plainRetries: 0 };
	for (;;) {
		if (policy.limiter) await policy.limiter.acquire();
		let attempt: Attempt;
		try {
			attempt = await attemptOnce(ctx, credentialType, options, policy);
		} finally {
			policy.limiter?.release?.();
		}
		const verdict = classify(attempt, { ...state });
		const delayMs = spend(verdict, state, policy);
		if (delayMs === undefined || verdict.action === 'done') {
			if (attempt.kind === 'result' && attempt.result.statusCode !== 429) policy.limiter?.succeeded?.();
			return { attempt, state, maxRateLimitWaitSeconds: policy.maxRateLimitWaitSeconds };
		}
		policy.onRetry?.(verdict, { ...state }, attempt);
		await sleep(delayMs);
	}
}

/**
 * Sends one request through n8n's authenticated HTTP helper and waits out what is safe to wait out:
 * 429 answers (honouring `Retry-After`, capped, within the total bound) and, for idempotent requests, 5xx answers and network
 * failures with exponential back-off (or whatever `policy.classify` says). Everything else comes back as an
 * {@link HttpResult}; a network failure that is not retried (any more) throws a readable NodeApiError.
 */
export async function sendRequest(
	ctx: RequestContext,
	credentialType: string,
	options: IHttpRequestOptions,
	policyOverrides: Partial<RequestPolicy> = {},
): Promise<HttpResult> {
	const { attempt, state, maxRateLimitWaitSeconds } = await sendWithPolicy(ctx, credentialType, options, policyOverrides);
	if (attempt.kind === 'result' && attempt.result.statusCode === 429) {
		return { ...attempt.result, rateLimitWait: { waitedSeconds: state.waitedSeconds, maxWaitSeconds: maxRateLimitWaitSeconds } };
	}
	if (attempt.kind === 'result') return attempt.result;
	const url = `${options.baseURL ?? ''}${options.url}`;
	throw vendorError(ctx.getNode(), attempt.error as JsonObject, {
		code: 'NETWORK',
		message: `Could not reach ${url} (${attempt.code})`,
		description: state.idempotent
			? `The request failed ${state.transportFailures + 1} times. Check the base URL in the credential and whether the service is up, then run the workflow again.`
			: 'The request was not repeated automatically because it changes data. Run the workflow again: already finished work is recognised and not done twice.',
	});
}
