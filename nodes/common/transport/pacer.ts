import { sleep } from 'n8n-workflow';

import { Places } from '../pool';
import type { Limiter } from './request';

/** Slowest pace after 429s, in requests per second. */
const DEFAULT_FLOOR = 0.5;
/** Slowing down multiplies the pace by this. */
const SLOWDOWN = 0.7;
/** 429s within this long after a slowdown belong to the same burst: they slow down only once. */
const BURST_MS = 1_000;
/** Every this long after the last slowdown or step the pace steps up by a tenth of its ceiling. */
const RECOVERY_STEP_MS = 2_000;
/** The execution is over the vendor's limit when at least LIMITED of the last ANSWERS answers were 429. */
const ANSWERS = 10;
const LIMITED = 5;
/** Window over which an unpaced execution measures its own pace when the first 429 comes. */
const MEASURE_WINDOW_MS = 2_000;
/** Starts are at least this share of the average round trip apart, divided by the requests under way or waiting. */
const SPREAD = 0.8;
/** Weight of the newest round trip in the running average. */
const ROUND_TRIP_WEIGHT = 0.2;

export interface PacerOptions {
	/** At most this many requests start per second (the user's or the vendor's cap); 0 or absent: no cap. */
	requestsPerSecond?: number;
	/** Never slower than this after 429s. */
	floor?: number;
	/** At most this many requests in flight at once for the whole execution; 0 or absent: no limit. */
	maxInFlight?: number;
	clock?: () => number;
}

/**
 * Execution-wide pacing in front of one vendor; create one per execution (it holds nothing beyond it).
 *
 * - At most `requestsPerSecond` requests start per second, spaced evenly, and at most `maxInFlight` are under way at
 *   once (a request waits for a free place first, in the order the requests came).
 * - The request that got a 429 waits its `Retry-After` (the request loop does that). When 429s are a large share of
 *   the recent answers ({@link LIMITED} of the last {@link ANSWERS}), the execution is over the vendor's limit: every
 *   request of it pauses for the `Retry-After`, so concurrent records do not all rush back at the same instant, and
 *   the pace slows down to {@link SLOWDOWN} of what it was (once per burst, never below the floor; without a cap the
 *   pace measured just before is the starting point). A stray 429 now and then slows nothing down.
 * - Requests that start at the same moment come back at the same moment; n8n then handles their answers one after the
 *   other, and the next requests go out together once all are handled. Left alone, the requests under way stay bunched
 *   and every round costs the round trip plus the handling of all of them. So starts are spread: at least
 *   {@link SPREAD} of the average round trip apart, divided by the requests under way or waiting (at most
 *   `maxInFlight`). That is faster than those requests can follow each other anyway, so it only undoes bunching; a
 *   request on its own is never held.
 * - Every {@link RECOVERY_STEP_MS} after the last slowdown it steps back up by a tenth of the cap (or of the
 *   measured pace, and once back there, it is unpaced again). Tuned on test/unit/common/pacer.test.ts's simulations (executions sharing a 5 requests/s token;
 *   a random share of 429s): close to the vendor's limit with few 429s.
 *
 * The vendor's limit is per token while this pace is per execution: parallel executions (queue mode, several
 * workflows) each slow down on their own 429s until together they fit, and each creeps back up when the others end.
 */
export class Pacer implements Limiter {
	private pausedUntil = 0;

	private lastGrant = -Infinity;

	/** Requests per second now; 0 = not paced. */
	private rate: number;

	/** What the pace recovers to: the cap, or the pace measured when it first slowed down. */
	private ceiling: number;

	/** The cap (0 = none: back at the measured pace the execution is unpaced again). */
	private readonly cap: number;

	private lastSlowdown = -Infinity;

	/** The last slowdown or recovery step: the next step comes RECOVERY_STEP_MS after it. */
	private lastStep = -Infinity;

	/** Whether each of the last answers was a 429 (at most ANSWERS). */
	private readonly answers: boolean[] = [];

	/** Start times of recent requests, kept only while unpaced (to measure the pace at the first 429). */
	private readonly recent: number[] = [];

	private readonly floor: number;

	private readonly clock: () => number;

	/** The places in flight (`maxInFlight`); none without it. */
	private readonly places?: Places;

	private readonly maxInFlight: number;

	/** Requests waiting in `acquire`. */
	private waiting = 0;

	/**
	 * Grant times of the requests let go and not yet released, oldest first (release() pairs them in order: an average
	 * is all it needs).
	 */
	private readonly underWay: number[] = [];

	/** Running average of the time from grant to release (ms); 0 until the first release. */
	private roundTripMs = 0;

	constructor(options: PacerOptions = {}) {
		const cap = options.requestsPerSecond && options.requestsPerSecond > 0 ? options.requestsPerSecond : 0;
		this.cap = cap;
		this.rate = cap;
		this.ceiling = cap;
		this.floor = Math.min(options.floor ?? DEFAULT_FLOOR, cap || Infinity);
		this.clock = options.clock ?? (() => Date.now());
		this.maxInFlight = options.maxInFlight && options.maxInFlight > 0 ? options.maxInFlight : Infinity;
		if (Number.isFinite(this.maxInFlight)) this.places = new Places(this.maxInFlight);
	}

	/** Requests per second now (0 = not paced). */
	get pace(): number {
		return this.rate;
	}

	async acquire(): Promise<void> {
		this.waiting++;
		await this.places?.acquire();
		for (;;) {
			const pause = this.pausedUntil;
			const last = this.lastGrant;
			const now = this.clock();
			// Spaced from the last request that went (at the pace of this moment, and spread), not before the pause ends.
			const due = Math.max(pause, last + Math.max(this.rate > 0 ? 1000 / this.rate : 0, this.spreadMs()));
			if (due > now) await sleep(due - now);
			// A 429 moved the pause, or another waiter went first: wait again from there.
			if (this.pausedUntil !== pause || this.lastGrant !== last) continue;
			this.lastGrant = Math.max(this.clock(), due);
			if (this.rate === 0) this.remember(this.lastGrant);
			this.waiting--;
			this.underWay.push(this.lastGrant);
			return;
		}
	}

	/** The request that `acquire` let go has ended: its place goes to the longest waiting request, or is free. */
	release(): void {
		const grantedAt = this.underWay.shift();
		if (grantedAt !== undefined) {
			const took = Math.max(0, this.clock() - grantedAt);
			this.roundTripMs = this.roundTripMs === 0 ? took : this.roundTripMs + ROUND_TRIP_WEIGHT * (took - this.roundTripMs);
		}
		this.places?.release();
	}

	/** The least time between two starts that keeps the requests under way spread over a round trip (0: none yet). */
	private spreadMs(): number {
		const sharing = Math.min(this.underWay.length + this.waiting, this.maxInFlight);
		return this.roundTripMs > 0 && sharing > 0 ? (SPREAD * this.roundTripMs) / sharing : 0;
	}

	/** A 429 with the (capped) `Retry-After` in seconds: over the limit, pause everyone and slow down once per burst. */
	rateLimited(retryAfterSeconds: number): void {
		const now = this.clock();
		this.answered(true);
		if (this.answers.filter(Boolean).length < LIMITED) return;
		this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterSeconds * 1000);
		if (now - this.lastSlowdown < BURST_MS) return;
		const current = this.rate > 0 ? this.rate : this.measured(now);
		if (this.ceiling === 0) this.ceiling = current;
		this.rate = Math.max(this.floor, current * SLOWDOWN);
		this.lastSlowdown = now;
		this.lastStep = now;
		this.recent.length = 0;
	}

	/** An answer that was not a 429: one step back up towards the ceiling when the last step is long enough ago. */
	succeeded(): void {
		this.answered(false);
		if (this.rate === 0 || this.rate >= this.ceiling) return;
		const now = this.clock();
		if (now - this.lastStep < RECOVERY_STEP_MS) return;
		this.rate = Math.min(this.ceiling, this.rate + this.ceiling / 10);
		this.lastStep = now;
		if (this.cap === 0 && this.rate >= this.ceiling) {
			// Without a cap the measured pace was only an estimate: unpaced again, measured anew at the next slowdown.
			this.rate = 0;
			this.ceiling = 0;
		}
	}

	private answered(limited: boolean): void {
		this.answers.push(limited);
		if (this.answers.length > ANSWERS) this.answers.shift();
	}

	private remember(now: number): void {
		this.recent.push(now);
		while (this.recent.length > 0 && this.recent[0] <= now - MEASURE_WINDOW_MS) this.recent.shift();
	}

	/** Requests per second over the last window; at least the floor. */
	private measured(now: number): number {
		const inWindow = this.recent.filter((t) => t > now - MEASURE_WINDOW_MS).length;
		return Math.max(this.floor, inWindow / (MEASURE_WINDOW_MS / 1000));
	}
}
