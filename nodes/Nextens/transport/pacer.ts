import { sleep } from 'n8n-workflow';

import { RateLimiter } from '../../shared/transport/rateLimiter';
import type { Limiter } from '../../shared/transport/request';

/**
 * Execution-wide pacing in front of Nextens: the user's requests-per-second cap, plus a shared pause
 * after a 429 (everyone waits out `Retry-After`, not only the request that got it) and a lower rate
 * from then on (halved once per burst of 429s, never below `floor`), so concurrent records do not all rush
 * back at the same instant and exhaust their waits. Create one per execution.
 */
export class Pacer implements Limiter {
	private pausedUntil = 0;

	private adaptive: RateLimiter | undefined;

	private rate: number;

	constructor(
		private readonly cap: Limiter | undefined,
		requestsPerSecond: number,
		private readonly floor = 0.5,
		private readonly clock: () => number = () => Date.now(),
	) {
		this.rate = requestsPerSecond > 0 ? requestsPerSecond : 0;
	}

	async acquire(): Promise<void> {
		for (;;) {
			const wait = this.pausedUntil - this.clock();
			if (wait <= 0) break;
			await sleep(wait);
		}
		if (this.cap) await this.cap.acquire();
		if (this.adaptive) await this.adaptive.acquire();
	}

	/** Called on a 429: pause everyone for `retryAfterSeconds` and slow down. */
	rateLimited(retryAfterSeconds: number): void {
		const now = this.clock();
		// 429s answering requests sent before the current pause belong to the same burst: slow down once.
		const alreadyPaused = this.pausedUntil > now;
		this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterSeconds * 1000);
		if (this.rate > 0 && !alreadyPaused) {
			this.rate = Math.max(this.floor, this.rate / 2);
			this.adaptive = new RateLimiter(this.rate, this.clock);
		}
	}
}
