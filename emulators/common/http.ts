import type { VendorRequest, VendorResponse } from './types';

/** A JSON response (the host serialises objects with content-type application/json). */
export function json(status: number, body: unknown, headers?: Record<string, string>): VendorResponse {
	return { status, body: body as object, headers };
}

export function text(status: number, body: string, contentType = 'text/plain; charset=utf-8'): VendorResponse {
	return { status, body, headers: { 'content-type': contentType } };
}

/** JSON.parse that reports failure instead of throwing. Empty body => { ok: true, value: undefined }. */
export function parseJson(body: string): { ok: true; value: unknown } | { ok: false; error: string } {
	if (body.trim() === '') return { ok: true, value: undefined };
	try {
		return { ok: true, value: JSON.parse(body) };
	} catch (error) {
		return { ok: false, error: (error as Error).message };
	}
}

/** First value of a request header (names are lower-case in node:http). */
export function headerValue(req: VendorRequest, name: string): string | undefined {
	const v = req.headers[name.toLowerCase()];
	return Array.isArray(v) ? v[0] : v;
}
