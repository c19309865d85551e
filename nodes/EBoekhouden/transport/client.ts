import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestMethods, INode, JsonObject, NodeApiError } from 'n8n-workflow';

import {
	EBOEKHOUDEN_AUTHORIZATION_SCHEME,
	EBOEKHOUDEN_DEFAULT_SESSION_SECONDS,
	EBOEKHOUDEN_MAX_PAGE_SIZE,
	EBOEKHOUDEN_PAGE_UNTIL_SHORT_PAGE,
	EBOEKHOUDEN_SESSION_REFRESH_MARGIN_SECONDS,
	EBOEKHOUDEN_SOURCE_PATTERN,
} from '../../common/assumptions';
import { inputError, vendorError } from '../../common/failures';
import { Pacer } from '../../common/transport/pacer';
import type { HttpResult, Limiter, RequestContext, RequestPolicy } from '../../common/transport/request';
import { bodyAsObject, sendRequest } from '../../common/transport/request';
import { classifyAnswer, classifyError, type ClassifiedError } from './errors';

export const CREDENTIAL_TYPE = 'eBoekhoudenApi';

/** Sends of one request at most when it keeps meeting 401s its session's expiry explains (see request()). */
const MAX_SENDS_AFTER_401 = 4;
export const DEFAULT_BASE_URL = 'https://api.e-boekhouden.nl';

/**
 * An e-Boekhouden error answer as an n8n error in the pack's failure words: `context.code` is the
 * e-Boekhouden code (`MUT_104`) or `HTTP_<status>`. A refused credential stops the run.
 */
export function apiError(
	node: INode,
	classified: ClassifiedError,
	body: unknown,
	extras: { itemIndex?: number; stopRun?: boolean } = {},
): NodeApiError {
	const response = (body && typeof body === 'object' ? body : { status: classified.status }) as JsonObject;
	return vendorError(
		node,
		response,
		{
			code: classified.code ?? `HTTP_${classified.status}`,
			message: classified.message,
			description: classified.traceId ? `${classified.description} (trace id ${classified.traceId})` : classified.description,
		},
		{ httpCode: classified.status, itemIndex: extras.itemIndex, stopRun: extras.stopRun ?? classified.errorClass === 'credential' },
	);
}

export interface ClientContext extends RequestContext {
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
	logger?: { debug(message: string, meta?: object): void; warn(message: string, meta?: object): void };
}

export interface ClientOptions {
	/** Paces the execution's requests; by default a {@link Pacer} without a cap that slows down after 429s. */
	limiter?: Limiter;
	clock?: () => number;
	timeoutMs?: number;
	/** Bound on the total 429 waits of one request (node option "Max Wait When Rate Limited (Seconds)"). */
	maxRateLimitWaitSeconds?: number;
}

export interface RequestArgs {
	qs?: IDataObject;
	body?: IDataObject;
	itemIndex?: number;
	policy?: Partial<RequestPolicy>;
}

/** Read the credential's base URL without a trailing slash. */
export function baseUrlOf(credentials: ICredentialDataDecryptedObject): string {
	const raw = typeof credentials.baseUrl === 'string' && credentials.baseUrl.trim() !== '' ? credentials.baseUrl : DEFAULT_BASE_URL;
	return raw.trim().replace(/\/+$/, '');
}

/** The source check e-Boekhouden applies, with a message that says what to fix; undefined when valid. */
export function sourceProblem(source: unknown): string | undefined {
	if (typeof source !== 'string' || !EBOEKHOUDEN_SOURCE_PATTERN.test(source)) {
		return `The Source "${String(source ?? '')}" in the e-Boekhouden credential is not valid: use 1–10 letters, digits, underscores or spaces (no hyphens or other characters), e.g. n8nNodes`;
	}
	return undefined;
}

/**
 * One e-Boekhouden API client per execution. It creates the session lazily on the first request,
 * reuses it for every item and for requests in flight at the same time, renews it shortly before it expires
 * and once after a 401 (once for all requests refused with the same token), and ends it in `close()`. The
 * credential is read once. Nothing is kept beyond the execution that created it.
 */
export class EBoekhoudenClient {
	/** Requests sent to e-Boekhouden by this client (including session calls), for run statistics. */
	requestCount = 0;

	private session?: { token: string; expiresAt: number };

	private sessionPromise?: Promise<string>;

	private baseUrl?: string;

	/** The credential, read once per execution and handed to every request (see RequestPolicy.credentials). */
	private credentials?: ICredentialDataDecryptedObject;

	private readonly limiter: Limiter;

	constructor(
		private readonly ctx: ClientContext,
		private readonly options: ClientOptions = {},
	) {
		this.limiter = options.limiter ?? new Pacer({ clock: options.clock });
	}

	node(): INode {
		return this.ctx.getNode();
	}

	private now(): number {
		return this.options.clock ? this.options.clock() : Date.now();
	}

	private async base(): Promise<string> {
		if (this.baseUrl === undefined) {
			const credentials = await this.ctx.getCredentials(CREDENTIAL_TYPE);
			const problem = sourceProblem(credentials.source);
			if (problem) {
				throw inputError(
					this.ctx.getNode(),
					{ code: 'INVALID_SOURCE', message: problem, description: 'Open the e-Boekhouden credential, correct the Source field and save it.' },
					{ stopRun: true },
				);
			}
			this.baseUrl = baseUrlOf(credentials);
			this.credentials = credentials;
		}
		return this.baseUrl;
	}

	private async send(method: IHttpRequestMethods, path: string, args: RequestArgs, token?: string): Promise<HttpResult> {
		const base = await this.base();
		this.requestCount++;
		const headers: IDataObject = { Accept: 'application/json' };
		if (token !== undefined) headers.Authorization = `${EBOEKHOUDEN_AUTHORIZATION_SCHEME}${token}`;
		return await sendRequest(
			this.ctx,
			CREDENTIAL_TYPE,
			{
				method,
				url: `${base}${path}`,
				qs: args.qs,
				body: args.body,
				json: true,
				headers: headers as Record<string, string>,
			},
			{
				limiter: this.limiter,
				credentials: this.credentials,
				...(this.options.timeoutMs ? { timeoutMs: this.options.timeoutMs } : {}),
				...(this.options.maxRateLimitWaitSeconds !== undefined ? { maxRateLimitWaitSeconds: this.options.maxRateLimitWaitSeconds } : {}),
				...args.policy,
			},
		);
	}

	/** POST /v1/session (the credential's `authenticate` puts the API token and source in the body). */
	private async createSession(): Promise<string> {
		const result = await this.send('POST', '/v1/session', { body: {}, policy: { idempotent: true } });
		const body = bodyAsObject(result.body);
		if (result.statusCode >= 200 && result.statusCode < 300 && typeof body.token === 'string' && body.token !== '') {
			const expiresIn =
				typeof body.expiresIn === 'number' && body.expiresIn > 0 ? body.expiresIn : EBOEKHOUDEN_DEFAULT_SESSION_SECONDS;
			this.session = {
				token: body.token,
				// renew a margin before expiry; for very short sessions, halfway through
				expiresAt: this.now() + (expiresIn - Math.min(EBOEKHOUDEN_SESSION_REFRESH_MARGIN_SECONDS, expiresIn / 2)) * 1000,
			};
			return body.token;
		}
		const classified = classifyAnswer(result);
		if (classified.errorClass !== 'configuration' && classified.errorClass !== 'transient' && classified.errorClass !== 'rateLimited') {
			classified.errorClass = 'credential';
			if (!classified.code?.startsWith('API_SESSION_')) {
				classified.description =
					'e-Boekhouden did not start a session with this credential. Check the API token (and that it belongs to an active administration) and the Base URL in the e-Boekhouden credential.';
			}
		}
		if (classified.code === 'SECURITY_001') {
			// At session start a refusal of access means the API token itself is not accepted.
			classified.errorClass = 'credential';
			classified.message = 'e-Boekhouden did not accept the API token';
			classified.description =
				'Open the e-Boekhouden credential and paste a valid API token (e-Boekhouden: Beheer > Inrichting > Koppelingen > API). Check that the token has not been removed or given an end date that has passed.';
		}
		// No session, no request: whatever the reason, the run stops.
		throw apiError(this.ctx.getNode(), classified, body, { stopRun: true });
	}

	/**
	 * The session token. Requests in flight at the same time share one session: a new one is started only when
	 * there is none, it is about to expire, or it is the token a request was just refused with (`refused`); a
	 * start already under way is awaited, never repeated, so N requests refused together renew the session once.
	 */
	private async token(refused?: string): Promise<string> {
		const session = this.session;
		if (session && session.token !== refused && this.now() < session.expiresAt) return session.token;
		if (!this.sessionPromise) {
			this.session = undefined;
			this.sessionPromise = this.createSession().finally(() => {
				this.sessionPromise = undefined;
			});
		}
		return await this.sessionPromise;
	}

	/**
	 * Send an authenticated request and return the answer (4xx/5xx included). A 401 / SECURITY_010 renews the
	 * session and resends. A 401 is explained when the token had expired by the session clock or another request
	 * has renewed the session meanwhile (a request that waited out 429s can outlive its session); a second 401
	 * with a session that was current and unexpired is a credential error (thrown), as is running out of sends.
	 */
	async request(method: IHttpRequestMethods, path: string, args: RequestArgs = {}): Promise<HttpResult> {
		let refused: string | undefined;
		let unexplained = 0;
		for (let send = 1; ; send++) {
			const token = await this.token(refused);
			const result = await this.send(method, path, args, token);
			if (!this.isUnauthenticated(result)) return result;
			const current = this.session;
			if (current?.token === token && this.now() < current.expiresAt) unexplained++;
			if (unexplained >= 2 || send >= MAX_SENDS_AFTER_401) throw this.sessionRefused(result, args.itemIndex);
			this.ctx.logger?.debug('e-Boekhouden session refused; starting a new session and sending once more');
			refused = token;
		}
	}

	private sessionRefused(result: HttpResult, itemIndex?: number): NodeApiError {
		const classified = classifyError(result.statusCode, bodyAsObject(result.body));
		classified.errorClass = 'credential';
		classified.message = 'e-Boekhouden refused the session twice (not authenticated)';
		classified.description =
			'A new session was started and still refused. Check that the API token in the e-Boekhouden credential is valid and not expired, and that the Base URL is right.';
		return apiError(this.ctx.getNode(), classified, result.body, { itemIndex, stopRun: true });
	}

	private isUnauthenticated(result: HttpResult): boolean {
		if (result.statusCode === 401) return true;
		const code = bodyAsObject(result.body).code;
		return code === 'SECURITY_010';
	}

	/** Send and return the body of a 2xx answer; throw a classified {@link apiError} otherwise. */
	async call(method: IHttpRequestMethods, path: string, args: RequestArgs = {}): Promise<unknown> {
		const result = await this.request(method, path, args);
		if (result.statusCode >= 200 && result.statusCode < 300) return result.body;
		throw this.errorFor(result, args.itemIndex);
	}

	errorFor(result: HttpResult, itemIndex?: number): NodeApiError {
		return apiError(this.ctx.getNode(), classifyAnswer(result), bodyAsObject(result.body), { itemIndex });
	}

	/**
	 * A list endpoint, paged with offset until a short page (the envelope's `count` is the page size,
	 * docs/vendors/eboekhouden-rest.md §3). `max` undefined = everything.
	 */
	async list(path: string, qs: IDataObject = {}, max?: number, itemIndex?: number): Promise<IDataObject[]> {
		const all: IDataObject[] = [];
		let offset = 0;
		for (let page = 0; page < 100_000; page++) {
			const limit = max === undefined ? EBOEKHOUDEN_MAX_PAGE_SIZE : Math.min(EBOEKHOUDEN_MAX_PAGE_SIZE, max - all.length);
			if (limit <= 0) break;
			const body = bodyAsObject(await this.call('GET', path, { qs: { ...qs, limit, offset }, itemIndex }));
			const items = Array.isArray(body.items) ? (body.items as IDataObject[]) : [];
			all.push(...items);
			if (items.length < limit) break;
			if (!EBOEKHOUDEN_PAGE_UNTIL_SHORT_PAGE && typeof body.count === 'number' && all.length >= body.count) break;
			offset += items.length;
		}
		return max === undefined ? all : all.slice(0, max);
	}

	/** End the session (best effort: a failure here never fails the execution). */
	async close(): Promise<void> {
		const session = this.session;
		this.session = undefined;
		if (!session) return;
		try {
			await this.send('DELETE', '/v1/session', { policy: { transportRetries: 0, maxRateLimitWaitSeconds: 0, timeoutMs: 10_000 } }, session.token);
		} catch (error) {
			this.ctx.logger?.debug('Ending the e-Boekhouden session failed (ignored)', { error: (error as Error).message });
		}
	}
}
