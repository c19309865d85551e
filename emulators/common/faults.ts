/** The host's traffic knobs: the token-bucket rate limit and the seeded fault draw. */
import type { Prng } from './prng';
import type { Knobs } from './types';

export type FaultDraw = 'none' | 'fault' | 'reset' | 'hang' | 'rate-limited' | 'lost-response';

export const RESTART_NEEDS_STATE_FILE =
	'a restart reloads the state from the state file, and this emulator has none (start it with stateFile / --state-dir): ' +
	'without one every acknowledged change would be lost, which no vendor does';

/** faults.operations, when set, limits every fault knob (also restartAfter's count) to those operation names. */
export function faultsApplyTo(faults: Knobs['faults'], operation: string): boolean {
	return !faults.operations || faults.operations.includes(operation);
}

/**
 * burst first (counts down), then one PRNG draw split into reset / hang / 5xx / 429 / lost response. The PRNG is
 * only drawn from when one of the rates is set, so adding a knob at 0 never shifts an existing sequence.
 */
export function drawFault(faults: Knobs['faults'], prng: Prng): FaultDraw {
	if (faults.burst > 0) {
		faults.burst -= 1;
		return 'fault';
	}
	const slices: Array<[FaultDraw, number]> = [
		['reset', faults.resetRate],
		['hang', faults.hangRate],
		['fault', faults.errorRate],
		['rate-limited', faults.rateLimitedRate ?? 0],
		['lost-response', faults.lostResponseRate ?? 0],
	];
	if (!slices.some(([, rate]) => rate > 0)) return 'none';
	const roll = prng.next();
	let edge = 0;
	for (const [draw, rate] of slices) {
		edge += rate;
		if (roll < edge) return draw;
	}
	return 'none';
}

/** Retry-After of an injected 429: whole seconds, at least 0. */
export function injectedRetryAfter(faults: Knobs['faults']): number {
	return Math.max(0, Math.round(faults.retryAfterSeconds ?? 1));
}

/** One token bucket per key: refills at requestsPerSecond, holds at most `burst` tokens. */
export class TokenBuckets {
	private readonly buckets = new Map<string, { tokens: number; at: number }>();

	/** 0 when the request may pass, else the Retry-After seconds (integer >= 1) until a token is available. */
	take(key: string, limit: Knobs['rateLimit']): number {
		const rps = Math.max(limit.requestsPerSecond, 0.001);
		const capacity = Math.max(limit.burst, 1);
		const nowMs = Date.now();
		let bucket = this.buckets.get(key);
		if (!bucket) {
			bucket = { tokens: capacity, at: nowMs };
			this.buckets.set(key, bucket);
		} else {
			bucket.tokens = Math.min(capacity, bucket.tokens + ((nowMs - bucket.at) / 1000) * rps);
			bucket.at = nowMs;
		}
		if (bucket.tokens >= 1) {
			bucket.tokens -= 1;
			return 0;
		}
		return Math.max(1, Math.ceil((1 - bucket.tokens) / rps));
	}

	clear(): void {
		this.buckets.clear();
	}
}
