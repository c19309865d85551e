/**
 * Generic HTTP host for a vendor emulator (node:http only): latency with jitter, token-bucket rate
 * limiting, seeded fault injection, simulated restarts, a request log, the admin API under /__admin and optional
 * persistence of the service state to a file (atomic tmp + rename, written before the response).
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { finished } from 'node:stream';

import { drawFault, faultsApplyTo, injectedRetryAfter, RESTART_NEEDS_STATE_FILE, TokenBuckets } from './faults';
import { parseJson } from './http';
import { clone, deepMerge, isPlainObject } from './merge';
import { openStateFile } from './persistence';
import { Prng } from './prng';
import { digestBody, RequestRecorder, type BodyDigest } from './requestLog';
import type {
	DeepPartial,
	EmulatorService,
	Knobs,
	RequestOutcome,
	RunningEmulator,
	ServiceContext,
	StartOptions,
	VendorRequest,
	VendorResponse,
} from './types';

export type { RunningEmulator, RequestLog, StartOptions } from './types';

export const ADMIN_PREFIX = '/__admin';

export function defaultKnobs(serviceKnobs: Record<string, unknown> = {}): Knobs {
	return {
		latency: { fixedMs: 0, jitterMs: 0 },
		rateLimit: { enabled: false, requestsPerSecond: 50, burst: 50 },
		faults: {
			seed: 1,
			errorRate: 0,
			burst: 0,
			hangRate: 0,
			resetRate: 0,
			operations: null,
			lostResponseRate: 0,
			rateLimitedRate: 0,
			retryAfterSeconds: 1,
			restartAfter: 0,
		},
		service: clone(serviceKnobs),
	};
}

const ADMIN_ROUTES = [
	'GET /__admin/state',
	'GET /__admin/requests',
	'DELETE /__admin/requests',
	'GET /__admin/knobs',
	'PATCH /__admin/knobs',
	'POST /__admin/reset',
	'POST /__admin/restart',
	'* /__admin/service/<sub>',
];

const JSON_TYPE = 'application/json; charset=utf-8';

function send(res: http.ServerResponse, response: VendorResponse): void {
	const headers: Record<string, string> = {};
	let payload = '';
	if (response.body !== undefined && response.body !== null) {
		if (typeof response.body === 'string') {
			payload = response.body;
			headers['content-type'] = 'text/plain; charset=utf-8';
		} else {
			payload = JSON.stringify(response.body);
			headers['content-type'] = JSON_TYPE;
		}
	}
	if (response.headers) {
		for (const [k, v] of Object.entries(response.headers)) headers[k.toLowerCase()] = v;
	}
	headers['content-length'] = String(Buffer.byteLength(payload));
	res.writeHead(response.status, headers);
	res.end(payload);
}

function adminJson(status: number, body: unknown): VendorResponse {
	return { status, body: body as object };
}

function checkKnobs(knobs: Knobs, hasStateFile: boolean): void {
	if ((knobs.faults.restartAfter ?? 0) > 0 && !hasStateFile) throw new Error(`faults.restartAfter: ${RESTART_NEEDS_STATE_FILE}`);
}

export async function startEmulator<S>(
	service: EmulatorService<S>,
	opts: StartOptions = {},
): Promise<RunningEmulator<S>> {
	const host = opts.host ?? '127.0.0.1';
	const clock = opts.now ?? (() => new Date());
	const store = opts.stateFile ? openStateFile(opts.stateFile, service.name, opts.fsync === true) : undefined;

	let knobs: Knobs = deepMerge(defaultKnobs(service.defaultServiceKnobs), opts.knobs ?? {});
	checkKnobs(knobs, store !== undefined);

	// ---- state + persistence -------------------------------------------------------------------
	/** What a freshly started process holds: the state file when there is one, else the seed (then written). */
	const initialState = (): S => {
		const loaded = store ? store.load() : { found: false };
		if (loaded.found) return loaded.state as S;
		const fresh = service.createState(opts.seed);
		store?.save(fresh);
		return fresh;
	};
	let state: S = initialState();
	const persist = (): void => store?.save(state);

	const makeContext = (): ServiceContext<S> & { dirty: boolean } => {
		const ctx = {
			dirty: false,
			state,
			knobs,
			now: clock,
			changed(): void {
				ctx.dirty = true;
			},
		};
		return ctx;
	};
	const flush = (ctx: { dirty: boolean }): void => {
		if (ctx.dirty) persist();
	};

	// ---- randomness ----------------------------------------------------------------------------
	// Separate streams so that latency jitter never shifts the fault sequence.
	let faultPrng = new Prng(knobs.faults.seed);
	let jitterPrng = new Prng(knobs.faults.seed + 0x5bd1e995);
	const reseed = (): void => {
		faultPrng = new Prng(knobs.faults.seed);
		jitterPrng = new Prng(knobs.faults.seed + 0x5bd1e995);
	};

	const buckets = new TokenBuckets();
	const recorder = new RequestRecorder(opts.maxLogEntries ?? 10000, service.logSubject?.bind(service));

	// ---- knobs, reset, restart -------------------------------------------------------------------
	const setKnobs = (patch: DeepPartial<Knobs>): void => {
		const next = deepMerge(knobs, patch);
		checkKnobs(next, store !== undefined);
		const seedBefore = knobs.faults.seed;
		knobs = next;
		const seedGiven = isPlainObject(patch) && isPlainObject(patch.faults) && patch.faults.seed !== undefined;
		if (seedGiven || knobs.faults.seed !== seedBefore) reseed();
		if (isPlainObject(patch) && isPlainObject(patch.rateLimit)) buckets.clear();
	};
	const reset = (seed?: unknown): void => {
		state = service.createState(seed);
		buckets.clear();
		reseed();
		persist();
	};

	const hanging = new Set<Socket>();
	/** Bumped by every restart: a request that started in an earlier generation died with that "process". */
	let generation = 0;
	let closed: Promise<void> | undefined;
	const restart = (): void => {
		if (!store) throw new Error(RESTART_NEEDS_STATE_FILE);
		if (closed) return;
		generation++;
		for (const s of hanging) s.destroy();
		hanging.clear();
		server.closeAllConnections();
		state = initialState();
		buckets.clear();
		reseed();
		recorder.noteRestart();
	};
	/** faults.restartAfter counts down like burst; the restart waits until this request's answer is out. */
	const countTowardRestart = (operation: string, res: http.ServerResponse, outcome: RequestOutcome): void => {
		const f = knobs.faults;
		if (!((f.restartAfter ?? 0) > 0) || !faultsApplyTo(f, operation)) return;
		f.restartAfter = (f.restartAfter ?? 0) - 1;
		if (f.restartAfter > 0) return;
		if (outcome === 'hang') setImmediate(restart);
		else finished(res, () => restart());
	};

	// ---- admin API -------------------------------------------------------------------------------
	const handleAdmin = async (req: VendorRequest, res: http.ServerResponse): Promise<VendorResponse> => {
		const sub = req.path.slice(ADMIN_PREFIX.length).replace(/^\/+/, '');
		const m = req.method;
		if (sub === '' && m === 'GET') return adminJson(200, { service: service.name, routes: ADMIN_ROUTES });
		if (sub === 'state' && m === 'GET') return adminJson(200, service.publicState(state));
		if (sub === 'requests' && m === 'GET') return adminJson(200, recorder.snapshot());
		if (sub === 'requests' && m === 'DELETE') {
			recorder.clear();
			return { status: 204 };
		}
		if (sub === 'knobs' && m === 'GET') return adminJson(200, knobs);
		if (sub === 'knobs' && (m === 'PATCH' || m === 'PUT' || m === 'POST')) {
			const parsed = parseJson(req.body);
			if (!parsed.ok || !isPlainObject(parsed.value)) {
				return adminJson(400, { error: 'Body must be a JSON object (a partial Knobs)' });
			}
			try {
				setKnobs(parsed.value as DeepPartial<Knobs>);
			} catch (error) {
				return adminJson(400, { error: (error as Error).message });
			}
			return adminJson(200, knobs);
		}
		if (sub === 'reset' && m === 'POST') {
			const parsed = parseJson(req.body);
			if (!parsed.ok) return adminJson(400, { error: 'Body must be empty or a JSON seed' });
			try {
				reset(parsed.value);
			} catch (error) {
				return adminJson(400, { error: `Seed rejected: ${(error as Error).message}` });
			}
			return adminJson(200, { reset: true, service: service.name });
		}
		if (sub === 'restart' && m === 'POST') {
			if (!store) return adminJson(409, { error: `Cannot restart: ${RESTART_NEEDS_STATE_FILE}` });
			finished(res, () => restart()); // after this answer is out; its connection closes with the others
			return adminJson(200, { restarting: true, service: service.name, restarts: recorder.snapshot().restarts + 1 });
		}
		if (sub.startsWith('service/') && service.adminRoute) {
			const ctx = makeContext();
			const out = await service.adminRoute(m, sub.slice('service/'.length), req, ctx);
			flush(ctx);
			if (out) return out;
		}
		return adminJson(404, { error: `No admin route ${m} ${req.path}` });
	};

	// ---- vendor requests -------------------------------------------------------------------------
	const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
	/** The vendor's own 429, as the token bucket sends it; injected 429s use the same answer. */
	const rateLimitedAnswer = (vreq: VendorRequest, retryAfter: number): VendorResponse => {
		const r = service.rateLimitedResponse(vreq, retryAfter);
		return { ...r, headers: { ...(r.headers ?? {}), 'retry-after': String(retryAfter) } };
	};
	const runService = async (vreq: VendorRequest): Promise<VendorResponse> => {
		const ctx = makeContext();
		const gen = generation;
		try {
			const response = await service.handle(vreq, ctx);
			if (gen === generation) flush(ctx); // a restarted "process" never writes what the old one was doing
			return response;
		} catch (error) {
			return { status: 500, body: { error: 'Emulator internal error', message: (error as Error).message } };
		}
	};

	const handleVendor = async (vreq: VendorRequest, body: BodyDigest, res: http.ServerResponse, socket: Socket): Promise<void> => {
		const operation = service.operation(vreq);
		const gen = generation;
		const end = (outcome: RequestOutcome, status: number, response?: VendorResponse): void => {
			recorder.record(vreq, body, operation, status, outcome);
			countTowardRestart(operation, res, outcome);
			if (response) send(res, response);
			else if (outcome === 'hang') {
				hanging.add(socket);
				socket.once('close', () => hanging.delete(socket));
			} else socket.destroy();
		};
		const diedInRestart = (): boolean => {
			if (gen === generation) return false;
			recorder.record(vreq, body, operation, 0, 'reset');
			return true;
		};

		if (knobs.rateLimit.enabled) {
			const retryAfter = buckets.take(service.rateLimitKey ? service.rateLimitKey(vreq) : '*', knobs.rateLimit);
			if (retryAfter > 0) {
				const r = rateLimitedAnswer(vreq, retryAfter);
				return end('rate-limited', r.status, r);
			}
		}

		const { fixedMs, jitterMs } = knobs.latency;
		const wait = fixedMs + (jitterMs > 0 ? jitterPrng.next() * jitterMs : 0);
		if (wait > 0) await delay(wait);
		if (diedInRestart()) return;

		const draw = faultsApplyTo(knobs.faults, operation) ? drawFault(knobs.faults, faultPrng) : 'none';
		if (draw === 'reset' || draw === 'hang') return end(draw, 0);
		if (draw === 'fault') {
			const r = service.faultResponse(vreq);
			return end('fault', r.status, r);
		}
		if (draw === 'rate-limited') {
			const r = rateLimitedAnswer(vreq, injectedRetryAfter(knobs.faults));
			return end('rate-limited', r.status, r);
		}

		const response = await runService(vreq);
		if (diedInRestart()) return;
		if (draw === 'lost-response') return end('lost-response', response.status);
		end('ok', response.status, response);
	};

	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const url = req.url ?? '/';
			const q = url.indexOf('?');
			const rawPath = q === -1 ? url : url.slice(0, q);
			const rawQuery = q === -1 ? '' : url.slice(q + 1);
			const raw = chunks.length === 0 ? Buffer.alloc(0) : Buffer.concat(chunks);
			const vreq: VendorRequest = {
				method: (req.method ?? 'GET').toUpperCase(),
				path: rawPath,
				query: new URLSearchParams(rawQuery),
				rawQuery,
				headers: req.headers,
				body: raw.toString('utf8'),
			};
			const work =
				rawPath === ADMIN_PREFIX || rawPath.startsWith(ADMIN_PREFIX + '/')
					? handleAdmin(vreq, res).then((r) => send(res, r))
					: handleVendor(vreq, digestBody(raw), res, req.socket);
			work.catch((error: Error) => {
				if (!res.headersSent) {
					send(res, { status: 500, body: { error: 'Emulator internal error', message: error.message } });
				}
			});
		});
	});
	server.keepAliveTimeout = 65000;
	server.requestTimeout = 0; // a hanging request stays open until the client gives up

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const urlHost = host.includes(':') ? `[${host}]` : host;

	const running: RunningEmulator<S> = {
		name: service.name,
		url: `http://${urlHost}:${port}`,
		port,
		get state(): S {
			return state;
		},
		get knobs(): Knobs {
			return knobs;
		},
		setKnobs,
		requests: () => recorder.snapshot(),
		clearRequests: () => recorder.clear(),
		reset,
		restart,
		close(): Promise<void> {
			if (!closed) {
				closed = new Promise<void>((resolve) => {
					server.close(() => resolve());
					for (const s of hanging) s.destroy();
					hanging.clear();
					server.closeAllConnections();
				});
			}
			return closed;
		},
	};
	return running;
}
