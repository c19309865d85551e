/** Reading what came back from n8n's request helper: network failure codes, headers, `Retry-After`, bodies. Pure. */
import type { IDataObject } from 'n8n-workflow';

const NETWORK_ERROR_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENOTFOUND',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** Finds a network failure code anywhere in the error chain n8n builds around an axios error. */
export function networkErrorCode(error: unknown): string | undefined {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const e = current as {
			code?: unknown;
			httpCode?: unknown;
			message?: unknown;
			messages?: unknown;
			cause?: unknown;
			reason?: unknown;
		};
		// n8n's NodeApiError keeps the network code in `httpCode` and the original texts in `messages`.
		for (const code of [e.code, e.httpCode]) {
			if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return code;
		}
		const texts = [e.message, ...(Array.isArray(e.messages) ? e.messages : [])];
		for (const text of texts) {
			if (typeof text !== 'string') continue;
			if (/socket hang up/i.test(text)) return 'ECONNRESET';
			if (/timeout of \d+ms exceeded|timed out/i.test(text)) return 'ETIMEDOUT';
			const match = /\b(E[A-Z]{4,})\b/.exec(text);
			if (match && NETWORK_ERROR_CODES.has(match[1])) return match[1];
		}
		current = e.cause ?? e.reason;
	}
	return undefined;
}

/** `Retry-After` as seconds (integer or HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date = new Date()): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
	const at = Date.parse(trimmed);
	if (Number.isNaN(at)) return undefined;
	return Math.max(0, (at - now.getTime()) / 1000);
}

export function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const result: Record<string, string> = {};
	if (headers && typeof headers === 'object') {
		for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
			if (value === undefined || value === null) continue;
			result[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
		}
	}
	return result;
}

/** The body as an object, whatever n8n handed back (parsed JSON, a JSON string, or nothing). */
export function bodyAsObject(body: unknown): IDataObject {
	if (body && typeof body === 'object' && !Buffer.isBuffer(body)) return body as IDataObject;
	if (typeof body === 'string' && body.trim().startsWith('{')) {
		try {
			return JSON.parse(body) as IDataObject;
		} catch {
			return {};
		}
	}
	return {};
}
