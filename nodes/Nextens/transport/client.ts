/**
 * The only place that talks HTTP to Nextens (assumed partner contract, docs/vendors/nextens-contract.md Part B).
 * Every call goes through the shared request loop (429 + Retry-After within the node's total wait, retries of
 * idempotent calls, the per-execution pacer with the Requests per Second cap); this file only says how a 429 is waited
 * out ({@link classifyNextens}) and the limits. A 401 stops the whole run with a credential error (a stop-run
 * `vendorError`); every other error comes back as `{status, code, message, field}` for the caller to turn into an item.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';

import { vendorError } from '../../common/failures';
import { maskBsnsInText } from '../../common/mask';
import { bodyAsObject, classifyDefault, parseRetryAfter, sendWithPolicy } from '../../common/transport/request';
import type { Classify, HttpResult } from '../../common/transport/request';
import { Pacer } from '../../common/transport/pacer';
import { rateLimitExhausted } from '../../common/transport/rateLimit';
import {
	NEXTENS_CREDENTIAL,
	NEXTENS_DEFAULT_REQUESTS_PER_SECOND,
	NEXTENS_LIST_MAX_LIMIT,
} from '../../common/assumptions';
import type { ApiFailure, ClientLister, ListPage, LookupQuery, NextensPort, Outcome } from '../domain/port';
import type { StoredClient } from '../domain/types';

export type { ListPage } from '../domain/port';

/** B.5: 429 -> wait `Retry-After`, at most this long per wait (the total per request is the node option). */
const MAX_RETRY_AFTER_SECONDS = 120;

/** The shared rules, except that a 429 without a usable `Retry-After` waits 1, 2, 4, ... seconds (B.5). */
export const classifyNextens: Classify = (attempt, state) =>
	attempt.kind === 'result' && attempt.result.statusCode === 429
		? { action: 'wait', seconds: parseRetryAfter(attempt.result.headers['retry-after']) ?? 2 ** state.waits }
		: classifyDefault(attempt, state);

export type NextensContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

export interface NextensClientOptions {
	/** The execution's pace: at most this many calls per second, slower after 429s (see Pacer). */
	requestsPerSecond?: number;
	timeoutMs?: number;
	/** Bound on the total 429 waits of one request (node option "Max Wait When Rate Limited (Seconds)"). */
	maxRateLimitWaitSeconds?: number;
}

export interface SbaFilters {
	klantId?: string;
	jaar?: number;
	middel?: string;
	status?: string;
	since?: string;
}

/** Base URL from the credential without a trailing slash. */
export function normaliseBaseUrl(value: unknown): string {
	return String(value ?? '').trim().replace(/\/+$/, '');
}

/**
 * The pacing of one run: at most `requestsPerSecond` calls (the pacer lives only as long as the client),
 * each answer awaited at most `timeoutSeconds`.
 */
export function runPacing(
	requestsPerSecond = NEXTENS_DEFAULT_REQUESTS_PER_SECOND,
	timeoutSeconds?: number,
): NextensClientOptions {
	return {
		requestsPerSecond,
		timeoutMs: timeoutSeconds ? timeoutSeconds * 1000 : undefined,
	};
}

function apiFailureOf(result: HttpResult): ApiFailure {
	const body = bodyAsObject(result.body);
	return {
		status: result.statusCode,
		code: typeof body.code === 'string' ? body.code : result.statusCode >= 500 ? 'INTERNAL' : `HTTP_${result.statusCode}`,
		message: maskBsnsInText(typeof body.message === 'string' ? body.message : `HTTP ${result.statusCode}`),
		field: typeof body.field === 'string' ? body.field : null,
	};
}

export class NextensClient implements NextensPort, ClientLister {
	private readonly pacer: Pacer;

	private constructor(
		private readonly ctx: NextensContext,
		private readonly baseUrl: string,
		private readonly options: NextensClientOptions,
		/** Read once per execution and handed to every request (see RequestPolicy.credentials). */
		private readonly credentials: ICredentialDataDecryptedObject,
	) {
		this.pacer = new Pacer({ requestsPerSecond: options.requestsPerSecond });
	}

	static async create(ctx: NextensContext, options: NextensClientOptions = {}): Promise<NextensClient> {
		const credentials = await ctx.getCredentials(NEXTENS_CREDENTIAL);
		return new NextensClient(ctx, normaliseBaseUrl(credentials.baseUrl), options, credentials);
	}

	/**
	 * The same credential with its own pacing and timeout (an operation's Requests per Second / Timeout options);
	 * the node's 429 wait bound stays unless `options` sets one.
	 */
	withPacing(options: NextensClientOptions): NextensClient {
		const merged = { maxRateLimitWaitSeconds: this.options.maxRateLimitWaitSeconds, ...options };
		return new NextensClient(this.ctx, this.baseUrl, merged, this.credentials);
	}

	/** One request; 401 throws (credential problem), network failures come back as status 0. */
	async request(
		method: IHttpRequestMethods,
		path: string,
		extra: { qs?: IDataObject; body?: IDataObject; headers?: IDataObject; idempotent?: boolean } = {},
	): Promise<HttpResult> {
		const { attempt, state, maxRateLimitWaitSeconds } = await sendWithPolicy(
			this.ctx,
			NEXTENS_CREDENTIAL,
			{
				method,
				baseURL: this.baseUrl,
				url: path,
				qs: extra.qs,
				body: extra.body,
				headers: { Accept: 'application/json', ...(extra.headers ?? {}) },
				json: true,
			},
			{
				// The pacer is told about every 429 and pauses the whole execution for its Retry-After.
				limiter: this.pacer,
				classify: classifyNextens,
				maxRetryAfterSeconds: MAX_RETRY_AFTER_SECONDS,
				credentials: this.credentials,
				...(this.options.maxRateLimitWaitSeconds !== undefined ? { maxRateLimitWaitSeconds: this.options.maxRateLimitWaitSeconds } : {}),
				...(this.options.timeoutMs ? { timeoutMs: this.options.timeoutMs } : {}),
				...(extra.idempotent !== undefined ? { idempotent: extra.idempotent } : {}),
			},
		);
		if (attempt.kind === 'network') {
			this.ctx.logger.warn(`Nextens ${method} ${path}: no answer (${attempt.code})`);
			return { statusCode: 0, headers: {}, body: { code: 'NETWORK', message: `No answer from Nextens (${attempt.code}).`, field: null } };
		}
		const result = attempt.result;
		const requestId = result.headers['x-request-id'];
		if (result.statusCode >= 400) {
			this.ctx.logger.debug(`Nextens ${method} ${path} -> ${result.statusCode}${requestId ? ` (X-Request-Id ${requestId})` : ''}`);
		}
		if (result.statusCode === 429) {
			// The wait bound is spent: the record gets RATE_LIMITED with how long it waited and what to change.
			const message = rateLimitExhausted(state.waitedSeconds, maxRateLimitWaitSeconds);
			return { ...result, body: { ...bodyAsObject(result.body), code: 'RATE_LIMITED', message, field: null } };
		}
		if (result.statusCode === 401) {
			const failure = apiFailureOf(result);
			throw vendorError(
				this.ctx.getNode(),
				failure as unknown as JsonObject,
				{
					code: failure.code.startsWith('HTTP_') ? 'UNAUTHORIZED' : failure.code,
					message: 'Nextens did not accept the token (401 Unauthorized)',
					description:
						'Check the "Nextens API" credential: copy the token again in Nextens under Instellingen > Koppelingen and check the base URL. The run was stopped so that no further records were sent.',
				},
				{ stopRun: true, httpCode: 401 },
			);
		}
		return result;
	}

	private async json<T>(
		method: IHttpRequestMethods,
		path: string,
		extra: Parameters<NextensClient['request']>[2] = {},
	): Promise<Outcome<T>> {
		const result = await this.request(method, path, extra);
		if (result.statusCode >= 200 && result.statusCode < 300) {
			return { ok: true, value: bodyAsObject(result.body) as unknown as T };
		}
		return { ok: false, error: apiFailureOf(result) };
	}

	async getClient(id: string): Promise<Outcome<StoredClient>> {
		return this.json<StoredClient>('GET', `/clients/${encodeURIComponent(id)}`);
	}

	async findClients(query: LookupQuery): Promise<Outcome<StoredClient[]>> {
		const qs: IDataObject = { limit: NEXTENS_LIST_MAX_LIMIT };
		if ('bsn' in query) qs.bsn = query.bsn;
		else if ('fiscaalNummer' in query) {
			qs.fiscaalNummer = query.fiscaalNummer;
			qs.volgnummer = query.volgnummer;
		} else {
			qs.naam = query.naam;
			qs.soort = query.soort;
		}
		const page = await this.json<ListPage<StoredClient>>('GET', '/clients', { qs });
		if (!page.ok) return page;
		return { ok: true, value: Array.isArray(page.value.items) ? page.value.items : [] };
	}

	async createClient(body: Record<string, unknown>): Promise<Outcome<StoredClient>> {
		return this.json<StoredClient>('POST', '/clients', { body: body as IDataObject, idempotent: false });
	}

	async updateClient(id: string, body: Record<string, unknown>, versie?: number): Promise<Outcome<StoredClient>> {
		// A PUT is a full replacement guarded by If-Match: sending it again is safe.
		return this.json<StoredClient>('PUT', `/clients/${encodeURIComponent(id)}`, {
			body: body as IDataObject,
			headers: versie !== undefined ? { 'If-Match': `"${versie}"` } : {},
			idempotent: true,
		});
	}

	async listClients(qs: IDataObject, limit: number, offset: number): Promise<Outcome<ListPage<StoredClient>>> {
		return this.json<ListPage<StoredClient>>('GET', '/clients', { qs: { ...qs, limit, offset } });
	}

	async listSba(filters: SbaFilters, limit: number, offset: number): Promise<Outcome<ListPage<IDataObject>>> {
		const qs: IDataObject = { limit, offset };
		for (const [key, value] of Object.entries(filters)) {
			if (value !== undefined && value !== null && value !== '') qs[key] = value;
		}
		return this.json<ListPage<IDataObject>>('GET', '/sba', { qs });
	}

	/** SBA's matching the filters, paged: all of them, or at most `max`. */
	async listAllSba(filters: SbaFilters, max?: number): Promise<Outcome<IDataObject[]>> {
		return this.collect((limit, offset) => this.listSba(filters, limit, offset), max);
	}

	async getSba(id: string): Promise<Outcome<IDataObject>> {
		return this.json<IDataObject>('GET', `/sba/${encodeURIComponent(id)}`);
	}

	/**
	 * Pages through a list endpoint: everything when `max` is undefined, else at most `max` items.
	 * Each page asks for at most the contract's maximum page size.
	 */
	async collect<T>(
		fetchPage: (limit: number, offset: number) => Promise<Outcome<ListPage<T>>>,
		max?: number,
	): Promise<Outcome<T[]>> {
		const all: T[] = [];
		for (;;) {
			const want = max === undefined ? NEXTENS_LIST_MAX_LIMIT : Math.min(NEXTENS_LIST_MAX_LIMIT, max - all.length);
			if (want <= 0) break;
			const page = await fetchPage(want, all.length);
			if (!page.ok) return page;
			const items = Array.isArray(page.value.items) ? page.value.items : [];
			all.push(...items);
			const total = typeof page.value.total === 'number' ? page.value.total : all.length;
			if (items.length === 0 || all.length >= total) break;
		}
		return { ok: true, value: all };
	}
}
