/**
 * The only place the Nmbrs node talks to Nmbrs: SOAP 1.1 over HTTP through n8n's authenticated
 * request helper (the credential writes the auth header into the envelope).
 *
 * Retry rules (docs/vendors/nmbrs-soap.md §6 / §7): SOAP faults are HTTP 500 and are NOT retried, except 9999
 * ("Unkown"), which is retried once. Transport failures (a 5xx without a SOAP body, a network error)
 * are retried up to 3 times with back-off; 429 answers are waited out within the node's total wait. The shared
 * transport does the retrying, waiting and pacing; this file only classifies the answers ({@link classifyNmbrs}) and
 * sets the budgets.
 */
import type { INode, JsonObject, NodeApiError } from 'n8n-workflow';

import { NMBRS_RETRIES_FOR_9999, NMBRS_TIMEOUT_MS } from '../../common/assumptions';
import { vendorError } from '../../common/failures';
import { rateLimitAdvice, rateLimitExhausted } from '../../common/transport/rateLimit';
import { classifyDefault, sendWithPolicy } from '../../common/transport/request';
import type { Attempt, Classify, RequestContext, RequestPolicy, Sent, Verdict } from '../../common/transport/request';
import type { XmlElement } from '../../common/xml';
import { classifyFault } from '../domain/faults';
import type { ClassifiedFault, FaultContext } from '../domain/faults';
import { buildEnvelope, parseSoapResponse, redactTokenElements, servicePath, soapAction } from '../domain/soap';
import type { SoapFaultInfo, SoapParams, SoapResponse } from '../domain/soap';

export const NMBRS_CREDENTIAL = 'nmbrsApi';

/** How many times a transport failure (5xx without SOAP fault, network error) is retried. */
const TRANSPORT_RETRIES = 3;
const BACKOFF_BASE_MS = 500;

export interface NmbrsContext extends RequestContext {
	logger?: { debug(message: string, meta?: object): void; warn(message: string, meta?: object): void };
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

interface ApiErrorFacts {
	/** The failure code: the Nmbrs fault code (`'2004'`), `HTTP_<status>`, `NETWORK`, ... */
	code: string;
	httpCode?: number;
	itemIndex?: number;
	/** The credential is refused (or the request cannot be sent at all): no later item can succeed. */
	stopRun?: boolean;
	details?: string;
}

/** The error the node throws for anything Nmbrs (or the way to it) answered: the pack's vendor error. */
function apiError(node: INode, message: string, description: string, facts: ApiErrorFacts): NodeApiError {
	const response: JsonObject = { message, description, code: facts.code };
	if (facts.details) response.details = facts.details;
	return vendorError(
		node,
		response,
		{ code: facts.code, message, description },
		{ httpCode: facts.httpCode, itemIndex: facts.itemIndex, stopRun: facts.stopRun },
	);
}

/** Parses each answer body once, whether the classification or the caller asks first. */
function soapParser(operation: string): (body: unknown) => { text: string; parsed: SoapResponse } {
	let last: { body: unknown; text: string; parsed: SoapResponse } | undefined;
	return (body) => {
		if (!last || last.body !== body) {
			const text = bodyText(body);
			last = { body, text, parsed: parseSoapResponse(text, operation) };
		}
		return last;
	};
}

/**
 * §6 / §7 as rules for the shared loop: 429 is waited out; a SOAP fault (HTTP 500) is final, except 9999, which is
 * retried without back-off (within `plainRetries`); a network error or an answer that is no SOAP at all with 5xx
 * or no status is a transport failure, retried with back-off. Every SOAP call is a read, so all are retried.
 */
export function classifyNmbrs(parse: (body: unknown) => { parsed: SoapResponse }): Classify {
	return (attempt, state): Verdict => {
		if (attempt.kind === 'network') return { action: 'retry' };
		const { statusCode, body } = attempt.result;
		if (statusCode === 429) return classifyDefault(attempt, state);
		const { parsed } = parse(body);
		if (parsed.kind === 'fault') return parsed.fault.code === 9999 ? { action: 'retry', backoff: false } : { action: 'done' };
		if (parsed.kind === 'result' && statusCode >= 200 && statusCode < 300) return { action: 'done' };
		if (parsed.kind === 'invalid' && parsed.unsafe) return { action: 'done' };
		return statusCode >= 500 || statusCode === 0 ? { action: 'retry' } : { action: 'done' };
	};
}

function retryLog(call: string, ctx: NmbrsContext): RequestPolicy['onRetry'] {
	return (verdict, state, attempt: Attempt) => {
		if (verdict.action !== 'retry') return;
		if (verdict.backoff === false) ctx.logger?.debug(`Nmbrs ${call}: fault 9999, retrying once`);
		else {
			const what = attempt.kind === 'network' ? attempt.code : `HTTP ${attempt.result.statusCode}`;
			ctx.logger?.debug(`Nmbrs ${call}: ${what}, retry ${state.transportFailures} of ${TRANSPORT_RETRIES}`);
		}
	};
}

function soapRequestOptions(service: string, operation: string, params: SoapParams) {
	return {
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
}

/**
 * Sends one SOAP call and returns the `{Operation}Result` element, or the fault (classified) without
 * throwing. Transport problems throw the pack's vendor error (code `NETWORK` or `HTTP_<status>`).
 */
export async function nmbrsRequest(
	ctx: NmbrsContext,
	service: string,
	operation: string,
	params: SoapParams = [],
	options: NmbrsCallOptions = {},
): Promise<NmbrsRawOutcome> {
	const call = `${service}.${operation}`;
	const parse = soapParser(operation);
	const policy: Partial<RequestPolicy> = {
		timeoutMs: NMBRS_TIMEOUT_MS,
		transportRetries: TRANSPORT_RETRIES,
		plainRetries: NMBRS_RETRIES_FOR_9999,
		backoffBaseMs: BACKOFF_BASE_MS,
		classify: classifyNmbrs(parse),
		onRetry: retryLog(call, ctx),
		...(options.policy ?? {}),
	};
	let sent: Sent;
	try {
		sent = await sendWithPolicy(ctx, NMBRS_CREDENTIAL, soapRequestOptions(service, operation, params), policy);
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		// Not an answer and not a network failure: the request could not be sent (credential, base URL).
		throw apiError(
			ctx.getNode(),
			`Nmbrs request ${call} failed: ${redactTokenElements(message)}`,
			'Check the Nmbrs credential (environment and base URL) and run the workflow again.',
			{ code: 'REQUEST_FAILED', itemIndex: options.itemIndex, stopRun: true },
		);
	}
	return outcomeOf(ctx, sent, parse, { service, operation, ...(options.context ?? {}) }, options.itemIndex);
}

/** What to do about an answer that carried a DOCTYPE or entity declarations. */
export const UNSAFE_XML_DESCRIPTION =
	'The answer contained a document type declaration (DOCTYPE) or XML entities, which this node never reads: they can expand without bound or read files. Nmbrs itself does not send them, so something between n8n and Nmbrs (a proxy, a firewall page or another server at this address) answered. Check the environment / base URL in the Nmbrs credential; if it is right, ask your IT department or Nmbrs support, with the time of the error.';

/** The final attempt as a result or a fault; a transport failure (retries used up) throws. */
function outcomeOf(
	ctx: NmbrsContext,
	{ attempt, state, maxRateLimitWaitSeconds }: Sent,
	parse: (body: unknown) => { text: string; parsed: SoapResponse },
	faultContext: FaultContext,
	itemIndex: number | undefined,
): NmbrsRawOutcome {
	const call = `${faultContext.service}.${faultContext.operation}`;
	if (attempt.kind === 'network') {
		throw apiError(
			ctx.getNode(),
			`Could not reach Nmbrs for ${call} (${attempt.code})`,
			`The call failed ${state.transportFailures + 1} times. Check the environment / base URL in the Nmbrs credential and whether Nmbrs is available (status.nmbrs.com), then run the workflow again.`,
			{ code: 'NETWORK', itemIndex },
		);
	}
	const result = attempt.result;
	const { text, parsed } = parse(result.body);
	if (parsed.kind === 'result' && result.statusCode >= 200 && result.statusCode < 300) {
		return { kind: 'result', result: parsed.result };
	}
	if (parsed.kind === 'fault') {
		const classified = classifyFault(parsed.fault, faultContext);
		return { kind: 'fault', fault: parsed.fault, classified, statusCode: result.statusCode };
	}
	if (parsed.kind === 'invalid' && parsed.unsafe) {
		throw apiError(ctx.getNode(), `Nmbrs answer to ${call} refused as unsafe XML`, UNSAFE_XML_DESCRIPTION, {
			code: 'UNSAFE_XML',
			httpCode: result.statusCode,
			itemIndex,
			details: `${parsed.reason} — ${redactTokenElements(text.slice(0, 300))}`,
		});
	}
	if (result.statusCode === 429) {
		throw apiError(
			ctx.getNode(),
			`Nmbrs kept answering "too many requests" (429) for ${call}: ${rateLimitExhausted(state.waitedSeconds, maxRateLimitWaitSeconds)}`,
			rateLimitAdvice('Nmbrs'),
			{ code: 'HTTP_429', httpCode: 429, itemIndex, details: redactTokenElements(text.slice(0, 500)) },
		);
	}
	// Not a usable SOAP answer: a transport-level failure (HTML error page, 502/503/504, empty body).
	const reason = parsed.kind === 'invalid' ? parsed.reason : 'unexpected response';
	throw apiError(
		ctx.getNode(),
		`Nmbrs answered HTTP ${result.statusCode} for ${call}: ${reason}`,
		result.statusCode === 404
			? 'The address does not serve the Nmbrs SOAP API. Check the environment / base URL in the Nmbrs credential.'
			: result.statusCode >= 500
				? `The call failed ${state.transportFailures + 1} times. Nmbrs may be unavailable; run the workflow again later.`
				: 'Check the environment / base URL in the Nmbrs credential and run the workflow again.',
		{ code: `HTTP_${result.statusCode}`, httpCode: result.statusCode, itemIndex, details: redactTokenElements(text.slice(0, 500)) },
	);
}

/**
 * The failure code of a fault: the Nmbrs code as a string (`'2004'`); a coded-less login refusal is
 * `LOGIN_REJECTED`, any other fault without a code `SOAP_FAULT`.
 */
export function faultCode(fault: SoapFaultInfo, classified: ClassifiedFault): string {
	if (fault.code !== null) return String(fault.code);
	return classified.faultClass === 'credential' ? 'LOGIN_REJECTED' : 'SOAP_FAULT';
}

/** Turns a classified fault into the error the node throws; credential faults stop the run. */
export function faultError(
	node: INode,
	outcome: Extract<NmbrsRawOutcome, { kind: 'fault' }>,
	itemIndex?: number,
): NodeApiError {
	return apiError(node, outcome.classified.message, outcome.classified.description, {
		code: faultCode(outcome.fault, outcome.classified),
		httpCode: outcome.statusCode,
		itemIndex,
		stopRun: outcome.classified.faultClass === 'credential',
		details: redactTokenElements(outcome.fault.faultString),
	});
}

/** Sends one SOAP call and returns the `{Operation}Result` element; a fault throws (see {@link faultError}). */
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
