/**
 * The only place the Nmbrs node talks to Nmbrs: SOAP 1.1 over HTTP through n8n's authenticated
 * request helper (the credential writes the auth header into the envelope).
 *
 * Retry rules (docs/vendors/nmbrs-soap.md §6 / §7): SOAP faults are HTTP 500 and are NOT retried, except 9999
 * ("Unkown"), which is retried once. Transport failures (a 5xx without a SOAP body, a network error)
 * are retried up to 3 times with back-off; 429 answers are waited out by the shared transport.
 */
import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { NMBRS_RETRIES_FOR_9999, NMBRS_TIMEOUT_MS } from '../../shared/assumptions';
import { networkErrorCode, sendRequest } from '../../shared/transport/request';
import type { HttpResult, RequestContext, RequestPolicy } from '../../shared/transport/request';
import type { XmlElement } from '../../shared/xml';
import { classifyFault, redactSecrets } from '../domain/faults';
import type { ClassifiedFault, FaultClass, FaultContext } from '../domain/faults';
import { buildEnvelope, parseSoapResponse, servicePath, soapAction } from '../domain/soap';
import type { SoapFaultInfo, SoapParams } from '../domain/soap';

export const NMBRS_CREDENTIAL = 'nmbrsApi';

/** How many times a transport failure (5xx without SOAP fault, network error) is retried. */
const TRANSPORT_RETRIES = 3;
const BACKOFF_BASE_MS = 500;

export interface NmbrsContext extends RequestContext {
	logger?: { debug(message: string, meta?: object): void; warn(message: string, meta?: object): void };
}

/** A NodeApiError that also says which Nmbrs fault it was. */
export class NmbrsApiError extends NodeApiError {
	nmbrsCode: number | null = null;

	faultClass: FaultClass | 'transport' = 'transport';
}

export type NmbrsRawOutcome =
	| { kind: 'result'; result: XmlElement | undefined }
	| { kind: 'fault'; fault: SoapFaultInfo; classified: ClassifiedFault; statusCode: number };

export interface NmbrsCallOptions {
	itemIndex?: number;
	/** Extra facts for fault texts (company, run, year). */
	context?: Omit<FaultContext, 'service' | 'operation'>;
	/** Policy overrides for tests (back-off) or special calls. */
	policy?: Partial<RequestPolicy>;
}

function bodyText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (body === undefined || body === null) return '';
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (body instanceof ArrayBuffer) return Buffer.from(body).toString('utf8');
	return typeof body === 'object' ? JSON.stringify(body) : String(body);
}

function apiError(
	node: INode,
	message: string,
	description: string,
	extra: { httpCode?: number; itemIndex?: number; code?: number | null; faultClass?: FaultClass | 'transport'; details?: string },
): NmbrsApiError {
	const response: JsonObject = { message, description };
	if (extra.details) response.details = extra.details;
	if (extra.code !== undefined && extra.code !== null) response.code = extra.code;
	const error = new NmbrsApiError(node, response, {
		message,
		description,
		httpCode: extra.httpCode !== undefined ? String(extra.httpCode) : undefined,
		itemIndex: extra.itemIndex,
	});
	// NodeApiError may replace the message with a generic text for some status codes; keep ours.
	error.message = message;
	error.description = description;
	error.nmbrsCode = extra.code ?? null;
	error.faultClass = extra.faultClass ?? 'transport';
	return error;
}

/**
 * Sends one SOAP call and returns the `{Operation}Result` element, or the fault (classified) without
 * throwing. Transport problems throw an {@link NmbrsApiError}.
 */
export async function nmbrsRequest(
	ctx: NmbrsContext,
	service: string,
	operation: string,
	params: SoapParams = [],
	options: NmbrsCallOptions = {},
): Promise<NmbrsRawOutcome> {
	const faultContext: FaultContext = { service, operation, ...(options.context ?? {}) };
	const policy: Partial<RequestPolicy> = {
		// Retries of 5xx are decided here: a SOAP fault is a 500 that must not be repeated.
		idempotent: false,
		timeoutMs: NMBRS_TIMEOUT_MS,
		...(options.policy ?? {}),
	};
	const backoffBaseMs = options.policy?.backoffBaseMs ?? BACKOFF_BASE_MS;
	const requestOptions = {
		method: 'POST' as const,
		url: servicePath(service),
		headers: {
			'Content-Type': 'text/xml; charset=utf-8',
			SOAPAction: soapAction(service, operation),
			Accept: 'text/xml',
		},
		body: buildEnvelope(service, operation, params),
		json: false,
		encoding: 'text' as const,
	};
	const call = `${service}.${operation}`;
	let transportFailures = 0;
	let faultRetries = 0;

	for (;;) {
		let result: HttpResult;
		try {
			result = await sendRequest(ctx, NMBRS_CREDENTIAL, requestOptions, policy);
		} catch (error) {
			const code = networkErrorCode(error);
			if (code && transportFailures < TRANSPORT_RETRIES) {
				transportFailures++;
				ctx.logger?.debug(`Nmbrs ${call}: ${code}, retry ${transportFailures} of ${TRANSPORT_RETRIES}`);
				await sleep(backoffBaseMs * 2 ** (transportFailures - 1));
				continue;
			}
			if (code) {
				throw apiError(
					ctx.getNode(),
					`Could not reach Nmbrs for ${call} (${code})`,
					`The call failed ${transportFailures + 1} times. Check the environment / base URL in the Nmbrs credential and whether Nmbrs is available (status.nmbrs.com), then run the workflow again.`,
					{ itemIndex: options.itemIndex },
				);
			}
			const message = error instanceof Error ? error.message : String(error);
			throw apiError(
				ctx.getNode(),
				`Nmbrs request ${call} failed: ${redactSecrets(message)}`,
				'Check the Nmbrs credential (environment and base URL) and run the workflow again.',
				{ itemIndex: options.itemIndex },
			);
		}

		const text = bodyText(result.body);
		const parsed = parseSoapResponse(text, operation);
		if (parsed.kind === 'result' && result.statusCode >= 200 && result.statusCode < 300) {
			return { kind: 'result', result: parsed.result };
		}
		if (parsed.kind === 'fault') {
			const classified = classifyFault(parsed.fault, faultContext);
			if (parsed.fault.code === 9999 && faultRetries < NMBRS_RETRIES_FOR_9999) {
				faultRetries++;
				ctx.logger?.debug(`Nmbrs ${call}: fault 9999, retrying once`);
				await sleep(backoffBaseMs);
				continue;
			}
			return { kind: 'fault', fault: parsed.fault, classified, statusCode: result.statusCode };
		}
		// Not a usable SOAP answer: a transport-level failure (HTML error page, 502/503/504, empty body).
		if (result.statusCode >= 500 || result.statusCode === 429 || result.statusCode === 0) {
			if (transportFailures < TRANSPORT_RETRIES && result.statusCode !== 429) {
				transportFailures++;
				ctx.logger?.debug(`Nmbrs ${call}: HTTP ${result.statusCode}, retry ${transportFailures} of ${TRANSPORT_RETRIES}`);
				await sleep(backoffBaseMs * 2 ** (transportFailures - 1));
				continue;
			}
		}
		const reason = parsed.kind === 'invalid' ? parsed.reason : 'unexpected response';
		const statusText =
			result.statusCode === 429
				? 'Nmbrs kept answering "too many requests" (429)'
				: `Nmbrs answered HTTP ${result.statusCode} for ${call}`;
		throw apiError(
			ctx.getNode(),
			`${statusText}: ${reason}`,
			result.statusCode === 404
				? 'The address does not serve the Nmbrs SOAP API. Check the environment / base URL in the Nmbrs credential.'
				: result.statusCode >= 500 || result.statusCode === 429
					? `The call failed ${transportFailures + 1} times. Nmbrs may be unavailable; run the workflow again later.`
					: 'Check the environment / base URL in the Nmbrs credential and run the workflow again.',
			{
				httpCode: result.statusCode,
				itemIndex: options.itemIndex,
				details: redactSecrets(text.slice(0, 500)),
			},
		);
	}
}

/** Turns a classified fault into the error the node throws. */
export function faultError(
	node: INode,
	outcome: Extract<NmbrsRawOutcome, { kind: 'fault' }>,
	itemIndex?: number,
): NmbrsApiError {
	return apiError(node, outcome.classified.message, outcome.classified.description, {
		httpCode: outcome.statusCode,
		itemIndex,
		code: outcome.fault.code,
		faultClass: outcome.classified.faultClass,
		details: redactSecrets(outcome.fault.faultString),
	});
}

/** Sends one SOAP call and returns the `{Operation}Result` element; a fault throws an {@link NmbrsApiError}. */
export async function nmbrsCall(
	ctx: NmbrsContext,
	service: string,
	operation: string,
	params: SoapParams = [],
	options: NmbrsCallOptions = {},
): Promise<XmlElement | undefined> {
	const outcome = await nmbrsRequest(ctx, service, operation, params, options);
	if (outcome.kind === 'fault') throw faultError(ctx.getNode(), outcome, options.itemIndex);
	return outcome.result;
}

/** For logs: a compact description of an error without secrets. */
export function describeError(error: unknown): IDataObject {
	const e = error as { message?: string; description?: string };
	return { message: redactSecrets(e?.message ?? String(error)), description: e?.description ?? '' };
}
