/**
 * Shared types of the local vendor emulators (Nmbrs, e-Boekhouden, Nextens).
 * The emulators are development tooling: never imported by product code.
 */

export type DeepPartial<T> = T extends Array<infer U>
	? Array<U>
	: T extends object
		? { [K in keyof T]?: DeepPartial<T[K]> }
		: T;

export interface Knobs {
	/** Added before every vendor response: fixedMs + uniform random [0, jitterMs). */
	latency: { fixedMs: number; jitterMs: number };
	/** Token bucket: refills at requestsPerSecond, holds at most `burst` tokens. Empty => 429 + Retry-After (integer seconds >= 1). */
	rateLimit: { enabled: boolean; requestsPerSecond: number; burst: number };
	/**
	 * errorRate: chance of a 5xx; burst: the next N vendor requests get a 5xx (counts down);
	 * hangRate: request never answered (socket kept open until the client gives up);
	 * resetRate: socket destroyed without a response; operations: if set, faults apply only to
	 * these operation names. A seeded PRNG makes the sequence reproducible.
	 * lostResponseRate (optional, default 0): the request IS handled (state changed and persisted), then the
	 * socket is destroyed without a response — the "committed, but the client never heard" case.
	 * rateLimitedRate (optional, default 0): chance of the vendor's own 429 (the token bucket's answer) with
	 * `Retry-After: retryAfterSeconds` (default 1).
	 * restartAfter (optional, default 0 = off): counts down per vendor request like `burst`; when it reaches 0 the
	 * emulator restarts once (see RunningEmulator.restart). Needs a state file.
	 */
	faults: {
		seed: number;
		errorRate: number;
		burst: number;
		hangRate: number;
		resetRate: number;
		operations?: string[] | null;
		lostResponseRate?: number;
		rateLimitedRate?: number;
		retryAfterSeconds?: number;
		restartAfter?: number;
	};
	/** Service knobs, e.g. { closedUntil: '2025-03-31', sessionLifetimeSeconds: 3600 }. */
	service: Record<string, unknown>;
}

export interface VendorRequest {
	method: string;
	/** Path without the query string, e.g. '/v1/mutation/12'. Not percent-decoded. */
	path: string;
	query: URLSearchParams;
	/** The query string as received, without the leading '?'. */
	rawQuery: string;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

export interface VendorResponse {
	status: number;
	headers?: Record<string, string>;
	/** object => serialised as JSON with content-type application/json; string => sent as-is. */
	body?: string | object;
}

export interface ServiceContext<S> {
	state: S;
	knobs: Knobs;
	now(): Date;
	/** Call after any state change: the state is written to the state file before the response goes out. */
	changed(): void;
}

export interface EmulatorService<S> {
	name: 'nmbrs' | 'eboekhouden' | 'nextens';
	defaultServiceKnobs: Record<string, unknown>;
	/** seed undefined => deterministic demo data. S must be JSON-serialisable. */
	createState(seed?: unknown): S;
	/** Request-log name, e.g. 'CompanyService.Run_GetList' or 'POST /v1/mutation'. */
	operation(req: VendorRequest): string;
	handle(req: VendorRequest, ctx: ServiceContext<S>): VendorResponse | Promise<VendorResponse>;
	/** The 5xx this vendor sends. */
	faultResponse(req: VendorRequest): VendorResponse;
	rateLimitedResponse(req: VendorRequest, retryAfterSeconds: number): VendorResponse;
	/** Default: one bucket per emulator. */
	rateLimitKey?(req: VendorRequest): string;
	/** GET /__admin/state */
	publicState(state: S): unknown;
	/**
	 * A short, secret-free description of the record a request is about, for the request log (e.g. a masked BSN,
	 * an invoice number). May throw on a body it cannot read (then the entry has no subject).
	 */
	logSubject?(req: VendorRequest): string | undefined;
	/** `* /__admin/service/<sub>` => adminRoute(method, sub, ...); undefined => 404. */
	adminRoute?(
		method: string,
		subPath: string,
		req: VendorRequest,
		ctx: ServiceContext<S>,
	): VendorResponse | undefined | Promise<VendorResponse | undefined>;
}

export type RequestOutcome = 'ok' | 'fault' | 'rate-limited' | 'hang' | 'reset' | 'lost-response';

export interface RequestLogEntry {
	at: string;
	method: string;
	path: string;
	/** The query string as received (no '?'), secret values `[redacted]`, BSN / fiscaal nummer masked `*****6782`. */
	query: string;
	operation: string;
	/** 0 for hang and reset (no response sent); the handler's status for lost-response (handled, not sent). */
	status: number;
	outcome: RequestOutcome;
	/** Size and SHA-256 (hex) of the raw request body; an empty body is 0 bytes with the SHA-256 of nothing. */
	bodyBytes: number;
	bodySha256: string;
	/** The service's `logSubject` (absent when it has none for this request). */
	subject?: string;
}

export interface RequestLog {
	total: number;
	byOperation: Record<string, number>;
	/** Simulated restarts since the log was cleared (faults.restartAfter, restart(), POST /__admin/restart). */
	restarts: number;
	/** The most recent entries (bounded, see StartOptions.maxLogEntries); counts are never truncated. */
	entries: RequestLogEntry[];
}

export interface RunningEmulator<S> {
	name: string;
	url: string;
	port: number;
	/** The live state object (replaced by reset()). */
	readonly state: S;
	readonly knobs: Knobs;
	setKnobs(patch: DeepPartial<Knobs>): void;
	requests(): RequestLog;
	clearRequests(): void;
	reset(seed?: unknown): void;
	/**
	 * Simulates a process restart: destroys every open socket (in-flight requests are reset and not carried out),
	 * drops the in-memory state and token buckets, reloads the state file as a fresh process would and restarts the
	 * fault PRNG from faults.seed. Knobs and the request log stay. Throws without a state file.
	 */
	restart(): void;
	close(): Promise<void>;
}

export interface StartOptions {
	/** 0 (default) = a free port. */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	knobs?: DeepPartial<Knobs>;
	seed?: unknown;
	/** Persist after every changed() before the response is sent; loaded at start if present (then `seed` is ignored). */
	stateFile?: string;
	/** fsync the state file on every write (survives a machine crash, not only a process restart). Default false. */
	fsync?: boolean;
	/** Bound on kept request-log entries (counts are unbounded). Default 10000. */
	maxLogEntries?: number;
	/** Clock for the service (tests may pin it). Default: the real clock. */
	now?: () => Date;
}
