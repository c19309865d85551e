/**
 * Generic HTTP host for a vendor emulator (node:http only): latency with jitter, token-bucket rate
 * limiting, seeded fault injection, a request log, the admin API under /__admin and optional
 * persistence of the service state to a file (atomic tmp + rename, written before the response).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import * as path from 'node:path';

import { clone, deepMerge, isPlainObject } from './merge';
import { Prng } from './prng';
import type {
	DeepPartial,
	EmulatorService,
	Knobs,
	RequestLog,
	RequestLogEntry,
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
		faults: { seed: 1, errorRate: 0, burst: 0, hangRate: 0, resetRate: 0, lostResponseRate: 0 },
		service: clone(serviceKnobs),
	};
}

interface PersistedFile {
	format: 'nl-accountancy-emulator-state';
	version: 1;
	service: string;
	savedAt: string;
	state: unknown;
}

/**
 * Write via a temporary file and rename, so a reader (or a restarted emulator) sees the old or the new state,
 * never a torn file. The data reaches the OS before the response goes out, which survives a killed or restarted
 * emulator process; set `fsync` to also survive a machine crash (slower).
 */
let tmpCounter = 0;
function writeAtomic(file: string, content: string, fsync: boolean): void {
	const tmp = `${file}.${process.pid}.${++tmpCounter}.tmp`;
	try {
		fs.writeFileSync(tmp, content);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(tmp, content);
	}
	if (fsync) {
		const fd = fs.openSync(tmp, 'r+');
		try {
			fs.fsyncSync(fd);
		} finally {
			fs.closeSync(fd);
		}
	}
	fs.renameSync(tmp, file);
}

function loadStateFile(file: string, serviceName: string): { found: boolean; state?: unknown } {
	if (!fs.existsSync(file)) return { found: false };
	const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as PersistedFile;
	if (parsed.format !== 'nl-accountancy-emulator-state' || parsed.service !== serviceName) {
		throw new Error(`State file ${file} does not hold ${serviceName} emulator state`);
	}
	return { found: true, state: parsed.state };
}

function parseJsonBody(body: string): { ok: true; value: unknown } | { ok: false } {
	if (body.trim() === '') return { ok: true, value: undefined };
	try {
		return { ok: true, value: JSON.parse(body) };
	} catch {
		return { ok: false };
	}
}

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

export async function startEmulator<S>(
	service: EmulatorService<S>,
	opts: StartOptions = {},
): Promise<RunningEmulator<S>> {
	const host = opts.host ?? '127.0.0.1';
	const maxLogEntries = opts.maxLogEntries ?? 10000;
	const clock = opts.now ?? (() => new Date());

	let knobs: Knobs = deepMerge(defaultKnobs(service.defaultServiceKnobs), opts.knobs ?? {});

	// ---- state + persistence -------------------------------------------------------------------
	let state: S;
	const stateFile = opts.stateFile ? path.resolve(opts.stateFile) : undefined;
	const loaded = stateFile ? loadStateFile(stateFile, service.name) : { found: false };
	state = loaded.found ? (loaded.state as S) : service.createState(opts.seed);

	const persist = (): void => {
		if (!stateFile) return;
		const file: PersistedFile = {
			format: 'nl-accountancy-emulator-state',
			version: 1,
			service: service.name,
			savedAt: new Date().toISOString(),
			state,
		};
		writeAtomic(stateFile, JSON.stringify(file), opts.fsync === true);
	};
	if (stateFile && !loaded.found) persist();

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

	// ---- rate limit (token buckets) --------------------------------------------------------------
	const buckets = new Map<string, { tokens: number; at: number }>();
	const takeToken = (key: string): number => {
		// returns 0 when allowed, else the Retry-After seconds
		const { requestsPerSecond, burst } = knobs.rateLimit;
		const rps = Math.max(requestsPerSecond, 0.001);
		const capacity = Math.max(burst, 1);
		const nowMs = Date.now();
		let bucket = buckets.get(key);
		if (!bucket) {
			bucket = { tokens: capacity, at: nowMs };
			buckets.set(key, bucket);
		} else {
			bucket.tokens = Math.min(capacity, bucket.tokens + ((nowMs - bucket.at) / 1000) * rps);
			bucket.at = nowMs;
		}
		if (bucket.tokens >= 1) {
			bucket.tokens -= 1;
			return 0;
		}
		return Math.max(1, Math.ceil((1 - bucket.tokens) / rps));
	};

	// ---- request log -----------------------------------------------------------------------------
	let log: RequestLog = { total: 0, byOperation: {}, entries: [] };
	const logSlack = Math.max(16, Math.ceil(maxLogEntries / 4));
	const currentLog = (): RequestLog => {
		if (log.entries.length > maxLogEntries) log.entries.splice(0, log.entries.length - maxLogEntries);
		return log;
	};
	const record = (req: VendorRequest, operation: string, status: number, outcome: RequestOutcome): void => {
		log.total++;
		log.byOperation[operation] = (log.byOperation[operation] ?? 0) + 1;
		const entry: RequestLogEntry = {
			at: new Date().toISOString(),
			method: req.method,
			path: req.path,
			operation,
			status,
			outcome,
		};
		log.entries.push(entry);
		// trim in batches (amortised O(1)); requests() trims exactly
		if (log.entries.length > maxLogEntries + logSlack) log.entries.splice(0, log.entries.length - maxLogEntries);
	};

	// ---- admin API -------------------------------------------------------------------------------
	const setKnobs = (patch: DeepPartial<Knobs>): void => {
		const seedBefore = knobs.faults.seed;
		knobs = deepMerge(knobs, patch);
		if (isPlainObject(patch) && isPlainObject((patch as Knobs).faults) && (patch as Knobs).faults.seed !== undefined) {
			reseed();
		} else if (knobs.faults.seed !== seedBefore) {
			reseed();
		}
		if (isPlainObject(patch) && isPlainObject((patch as Knobs).rateLimit)) buckets.clear();
	};
	const reset = (seed?: unknown): void => {
		state = service.createState(seed);
		buckets.clear();
		reseed();
		persist();
	};

	const handleAdmin = async (req: VendorRequest): Promise<VendorResponse> => {
		const sub = req.path.slice(ADMIN_PREFIX.length).replace(/^\/+/, '');
		const m = req.method;
		if (sub === '' && m === 'GET') {
			return adminJson(200, {
				service: service.name,
				routes: [
					'GET /__admin/state',
					'GET /__admin/requests',
					'DELETE /__admin/requests',
					'GET /__admin/knobs',
					'PATCH /__admin/knobs',
					'POST /__admin/reset',
					'* /__admin/service/<sub>',
				],
			});
		}
		if (sub === 'state' && m === 'GET') return adminJson(200, service.publicState(state));
		if (sub === 'requests' && m === 'GET') return adminJson(200, currentLog());
		if (sub === 'requests' && m === 'DELETE') {
			log = { total: 0, byOperation: {}, entries: [] };
			return { status: 204 };
		}
		if (sub === 'knobs' && m === 'GET') return adminJson(200, knobs);
		if (sub === 'knobs' && (m === 'PATCH' || m === 'PUT' || m === 'POST')) {
			const parsed = parseJsonBody(req.body);
			if (!parsed.ok || !isPlainObject(parsed.value)) {
				return adminJson(400, { error: 'Body must be a JSON object (a partial Knobs)' });
			}
			setKnobs(parsed.value as DeepPartial<Knobs>);
			return adminJson(200, knobs);
		}
		if (sub === 'reset' && m === 'POST') {
			const parsed = parseJsonBody(req.body);
			if (!parsed.ok) return adminJson(400, { error: 'Body must be empty or a JSON seed' });
			try {
				reset(parsed.value);
			} catch (error) {
				return adminJson(400, { error: `Seed rejected: ${(error as Error).message}` });
			}
			return adminJson(200, { reset: true, service: service.name });
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
	const hanging = new Set<Socket>();
	const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

	const handleVendor = async (
		vreq: VendorRequest,
		res: http.ServerResponse,
		socket: Socket,
	): Promise<void> => {
		const operation = service.operation(vreq);

		if (knobs.rateLimit.enabled) {
			const key = service.rateLimitKey ? service.rateLimitKey(vreq) : '*';
			const retryAfter = takeToken(key);
			if (retryAfter > 0) {
				const r = service.rateLimitedResponse(vreq, retryAfter);
				record(vreq, operation, r.status, 'rate-limited');
				send(res, { ...r, headers: { ...(r.headers ?? {}), 'retry-after': String(retryAfter) } });
				return;
			}
		}

		const { fixedMs, jitterMs } = knobs.latency;
		const wait = fixedMs + (jitterMs > 0 ? jitterPrng.next() * jitterMs : 0);
		if (wait > 0) await delay(wait);

		const f = knobs.faults;
		const faultable = !f.operations || f.operations.includes(operation);
		let loseResponse = false;
		if (faultable && (f.burst > 0 || f.errorRate > 0 || f.hangRate > 0 || f.resetRate > 0 || (f.lostResponseRate ?? 0) > 0)) {
			if (f.burst > 0) {
				knobs.faults.burst = f.burst - 1;
				const r = service.faultResponse(vreq);
				record(vreq, operation, r.status, 'fault');
				send(res, r);
				return;
			}
			const roll = faultPrng.next();
			if (roll < f.resetRate) {
				record(vreq, operation, 0, 'reset');
				socket.destroy();
				return;
			}
			if (roll < f.resetRate + f.hangRate) {
				record(vreq, operation, 0, 'hang');
				hanging.add(socket);
				socket.once('close', () => hanging.delete(socket));
				return; // never answered
			}
			if (roll < f.resetRate + f.hangRate + f.errorRate) {
				const r = service.faultResponse(vreq);
				record(vreq, operation, r.status, 'fault');
				send(res, r);
				return;
			}
			loseResponse = roll < f.resetRate + f.hangRate + f.errorRate + (f.lostResponseRate ?? 0);
		}

		const ctx = makeContext();
		let response: VendorResponse;
		try {
			response = await service.handle(vreq, ctx);
			flush(ctx);
		} catch (error) {
			response = {
				status: 500,
				body: { error: 'Emulator internal error', message: (error as Error).message },
			};
		}
		if (loseResponse) {
			record(vreq, operation, response.status, 'lost-response');
			socket.destroy();
			return;
		}
		record(vreq, operation, response.status, 'ok');
		send(res, response);
	};

	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const url = req.url ?? '/';
			const q = url.indexOf('?');
			const rawPath = q === -1 ? url : url.slice(0, q);
			const rawQuery = q === -1 ? '' : url.slice(q + 1);
			const vreq: VendorRequest = {
				method: (req.method ?? 'GET').toUpperCase(),
				path: rawPath,
				query: new URLSearchParams(rawQuery),
				rawQuery,
				headers: req.headers,
				body: chunks.length === 0 ? '' : Buffer.concat(chunks).toString('utf8'),
			};
			const work =
				rawPath === ADMIN_PREFIX || rawPath.startsWith(ADMIN_PREFIX + '/')
					? handleAdmin(vreq).then((r) => send(res, r))
					: handleVendor(vreq, res, req.socket);
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

	let closed: Promise<void> | undefined;
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
		requests: currentLog,
		clearRequests: () => {
			log = { total: 0, byOperation: {}, entries: [] };
		},
		reset,
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
