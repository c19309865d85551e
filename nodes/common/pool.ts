/**
 * Runs `fn` over `items` with at most `concurrency` calls in flight; results keep the input order.
 * A rejection of `fn` rejects the whole call once the calls already in flight have settled, so callers
 * that want per-item outcomes catch inside `fn`.
 */
export async function mapWithConcurrency<T, R>(
	items: readonly T[],
	concurrency: number,
	fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	let failure: { error: unknown } | undefined;
	const worker = async () => {
		while (failure === undefined && next < items.length) {
			const index = next++;
			try {
				results[index] = await fn(items[index], index);
			} catch (error) {
				failure ??= { error };
			}
		}
	};
	const width = Math.max(1, Math.min(Math.floor(concurrency) || 1, items.length));
	await Promise.all(Array.from({ length: width }, worker));
	if (failure) throw failure.error;
	return results;
}

/**
 * `width` places handed out first come, first served: `acquire` takes a free place or waits for one, `release` hands
 * the place to the longest waiting caller or frees it. Holds nothing beyond the places.
 */
export class Places {
	private free: number;

	private readonly waiting: Array<() => void> = [];

	constructor(width: number) {
		this.free = Math.max(1, Math.floor(width) || 1);
	}

	async acquire(): Promise<void> {
		if (this.free > 0) this.free--;
		else await new Promise<void>((resolve) => this.waiting.push(resolve)); // the place is handed over by release()
	}

	release(): void {
		const next = this.waiting.shift();
		if (next) next();
		else this.free++;
	}
}

/**
 * A gate with `width` places: `run(fn)` starts `fn` when a place is free, in the order the calls came. Put in
 * front of the calls to a vendor, it keeps exactly `width` requests in flight while the work around them (reading
 * the next records, comparing, building bodies) is done by callers waiting for a place, not in the gap between two
 * requests. The ports behind it answer failures as outcomes and throw only what stops the run (a refused
 * credential), so once a call has thrown, every call still waiting or yet to come throws the same instead of
 * sending.
 */
export function createGate(width: number): <T>(fn: () => Promise<T>) => Promise<T> {
	const places = new Places(width);
	/** The first call that threw: awaiting it throws its error again. */
	let stopped: Promise<unknown> | undefined;
	return async <T>(fn: () => Promise<T>): Promise<T> => {
		await places.acquire();
		try {
			if (stopped) return (await stopped) as T;
			const call = fn();
			// settles before the await below resumes, so the next caller already sees it
			call.catch(() => {
				stopped ??= call;
			});
			return await call;
		} finally {
			places.release();
		}
	};
}

/** `port` with every method call going through `gate` (see {@link createGate}); other members pass through. */
export function gatedPort<P extends object>(port: P, gate: <T>(fn: () => Promise<T>) => Promise<T>): P {
	return new Proxy(port, {
		get(target, key) {
			const member: unknown = Reflect.get(target, key);
			if (typeof member !== 'function') return member;
			return async (...args: unknown[]) => await gate(async () => (await member.apply(target, args)) as unknown);
		},
	});
}
