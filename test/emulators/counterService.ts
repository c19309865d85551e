/** A minimal emulator service for the host tests (not a test file itself). */
import { json, startEmulator, type EmulatorService, type RunningEmulator } from '../../emulators/common';

export interface CounterState {
	n: number;
	items: string[];
}

/** A minimal service: GET /count reads, POST /count increments (persisted), GET /slow is a plain read. */
export function counterService(): EmulatorService<CounterState> {
	return {
		name: 'nextens',
		defaultServiceKnobs: { flavour: 'plain', nested: { a: 1, b: 2 } },
		createState: (seed) => {
			const s = (seed ?? {}) as Partial<CounterState>;
			return { n: s.n ?? 0, items: s.items ?? [] };
		},
		operation: (req) => `${req.method} ${req.path}`,
		handle: (req, ctx) => {
			if (req.path === '/count' && req.method === 'POST') {
				ctx.state.n++;
				ctx.state.items.push(req.body);
				ctx.changed();
				return json(201, { n: ctx.state.n });
			}
			if (req.path === '/count') return json(200, { n: ctx.state.n, flavour: ctx.knobs.service.flavour });
			if (req.path === '/echo') return json(200, { query: req.rawQuery, q: req.query.get('q') });
			return json(404, { error: 'nope' });
		},
		faultResponse: () => json(503, { fault: true }),
		rateLimitedResponse: (_req, s) => json(429, { retryAfter: s }),
		publicState: (s) => ({ count: s.n, items: s.items }),
		adminRoute: (method, sub, _req, ctx) => {
			if (method === 'POST' && sub === 'bump') {
				ctx.state.n += 100;
				ctx.changed();
				return json(200, { n: ctx.state.n });
			}
			return undefined;
		},
	};
}

const running: RunningEmulator<unknown>[] = [];

/** Starts the counter service on a free port; `closeCounters` (after each test) closes every one started. */
export async function startCounter(opts: Parameters<typeof startEmulator>[1] = {}): Promise<RunningEmulator<CounterState>> {
	const em = await startEmulator(counterService(), opts);
	running.push(em as RunningEmulator<unknown>);
	return em;
}

/** Other emulators a test started that `closeCounters` closes too. */
export function closeWithCounters(...emulators: RunningEmulator<unknown>[]): void {
	running.push(...emulators);
}

export async function closeCounters(): Promise<void> {
	await Promise.all(running.splice(0).map((e) => e.close()));
}
