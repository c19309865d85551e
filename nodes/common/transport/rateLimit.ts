/**
 * What a record may wait when a vendor answers 429 "too many requests", and what the error says when that is not
 * enough. The node option that sets the bound is `maxRateLimitWaitOption` in nodes/common/description.ts.
 */

/** Default of "Max Wait When Rate Limited (Seconds)": the total of one request's 429 waits. */
export const DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS = 300;

/** Every 429 wait counts at least this much against the bound, also a `Retry-After: 0`. */
export const MIN_COUNTED_WAIT_SECONDS = 1;

export const MAX_RATE_LIMIT_WAIT_DISPLAY_NAME = 'Max Wait When Rate Limited (Seconds)';

/** Why a 429 reached the record: how long it waited, against which bound (follows "too many requests"). */
export function rateLimitExhausted(waitedSeconds: number, maxWaitSeconds: number): string {
	if (maxWaitSeconds <= 0) return `not waited, as "${MAX_RATE_LIMIT_WAIT_DISPLAY_NAME}" is 0`;
	return `waited ${Math.round(waitedSeconds)} s in total, as long as "${MAX_RATE_LIMIT_WAIT_DISPLAY_NAME}" (${maxWaitSeconds}) allows`;
}

/** What operations staff can do when a record failed on 429s. */
export function rateLimitAdvice(service: string): string {
	return `Raise "${MAX_RATE_LIMIT_WAIT_DISPLAY_NAME}" on this node, or let fewer executions use the same ${service} account at the same time (fewer workflows running at once, or a lower worker concurrency in queue mode), then run the workflow again.`;
}
