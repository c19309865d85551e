import { sleep } from 'n8n-workflow';

import type { Limiter } from './request';

/**
 * Spaces requests so that no more than `requestsPerSecond` start in any second. Create one per
 * execution: it holds no state beyond the execution that made it.
 */
export class RateLimiter implements Limiter {
	private nextSlot = 0;

	private readonly intervalMs: number;

	constructor(requestsPerSecond: number, private readonly clock: () => number = () => Date.now()) {
		this.intervalMs = requestsPerSecond > 0 ? 1000 / requestsPerSecond : 0;
	}

	async acquire(): Promise<void> {
		if (this.intervalMs === 0) return;
		const now = this.clock();
		const slot = Math.max(now, this.nextSlot);
		this.nextSlot = slot + this.intervalMs;
		if (slot > now) await sleep(slot - now);
	}
}
