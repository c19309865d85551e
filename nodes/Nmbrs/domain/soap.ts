/**
 * SOAP 1.1 envelopes for the Nmbrs v3 API (pure; no n8n imports).
 *
 * The node builds an envelope with an EMPTY header marker; the credential's `authenticate` function
 * replaces the marker with the auth header (see ./auth.ts), so node code never sees a secret.
 */
import { NMBRS_SOAP_NAMESPACE_BASE } from '../../common/assumptions';
import { child, parseXml, text, writeXml, XmlError } from '../../common/xml';
import type { XmlElement, XmlWriteNode } from '../../common/xml';

export type NmbrsService = 'CompanyService' | 'DebtorService';

export const SOAP_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

/** The empty header the node sends; the credential replaces it with the auth header. */
export const AUTH_HEADER_MARKER = '<soap:Header />';

export function serviceNamespace(service: string): string {
	return `${NMBRS_SOAP_NAMESPACE_BASE}/${service}`;
}

/** `"https://api.nmbrs.nl/soap/v3/CompanyService/List_GetAll"`, double quotes included. */
export function soapAction(service: string, operation: string): string {
	return `"${serviceNamespace(service)}/${operation}"`;
}

/** Path of a service endpoint below the base URL. */
export function servicePath(service: string): string {
	return `/soap/v3/${service}.asmx`;
}

/** Parameters in the order the operation expects them (ASMX is order-sensitive). */
export type SoapParams = Array<[string, string | number | boolean]>;

/** A full envelope with the auth marker in the header and the operation element in the body. */
export function buildEnvelope(service: string, operation: string, params: SoapParams = []): string {
	const ns = serviceNamespace(service);
	const body: XmlWriteNode = {
		name: operation,
		attributes: { xmlns: ns },
		children: params.map(([name, value]) => ({
			name,
			children: [typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value)],
		})),
	};
	return (
		'<?xml version="1.0" encoding="utf-8"?>' +
		`<soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="${SOAP_ENVELOPE_NS}">` +
		AUTH_HEADER_MARKER +
		`<soap:Body>${writeXml(body)}</soap:Body>` +
		'</soap:Envelope>'
	);
}

/** Service and operation named by a SOAPAction header (quotes optional), or undefined. */
export function parseSoapAction(value: unknown): { service: string; operation: string } | undefined {
	if (typeof value !== 'string') return undefined;
	const match = /\/soap\/v[\d.]+\/([A-Za-z]+)\/([A-Za-z0-9_]+)"?\s*$/.exec(value.trim());
	return match ? { service: match[1], operation: match[2] } : undefined;
}

/** Service named by an endpoint URL (`…/soap/v3/CompanyService.asmx`), or undefined. */
export function serviceFromUrl(url: unknown): string | undefined {
	if (typeof url !== 'string') return undefined;
	const match = /\/([A-Za-z]+)\.asmx(?:[?#].*)?$/i.exec(url);
	return match ? match[1] : undefined;
}

// ---- responses ------------------------------------------------------------------------------------

/**
 * Replaces the content of every `<Token>` element (a request echoed in a fault or an error page) with `***`.
 * The one place for it: nodes/common/mask.ts masks known secret values, not elements of a SOAP header.
 */
export function redactTokenElements(value: string): string {
	return value.replace(/(<(?:\w+:)?Token>)[^<]*(<\/(?:\w+:)?Token>)/g, '$1***$2');
}

export interface SoapFaultInfo {
	/** The Nmbrs error code from `---> {code}: {message}`, or null. */
	code: number | null;
	/** The Nmbrs message part, or the whole fault text when it has no `--->` part. */
	message: string;
	/** The complete fault text (faultstring / Reason Text). */
	faultString: string;
	/** SOAP fault code (`soap:Server`, `soap:Client`, SOAP 1.2 `soap:Receiver` …). */
	faultCode: string;
}

export type SoapResponse =
	| { kind: 'result'; result: XmlElement | undefined; response: XmlElement | undefined }
	| { kind: 'fault'; fault: SoapFaultInfo }
	/** `unsafe`: XML refused for safety (DOCTYPE, entity declarations), not an HTML page or malformed XML. */
	| { kind: 'invalid'; reason: string; unsafe?: boolean };

/** Code and message from a fault text: `/--->\s*(\d{3,5}):\s*([^\r\n]*)/` (docs/vendors/nmbrs-soap.md §6.1). */
export function extractFaultCode(faultString: string): { code: number | null; message: string } {
	const coded = /--->\s*(\d{3,5}):\s*([^\r\n]*)/.exec(faultString);
	if (coded) return { code: Number(coded[1]), message: coded[2].trim() };
	const bare = /^\s*(\d{3,5}):\s*([^\r\n]*)/.exec(faultString);
	if (bare) return { code: Number(bare[1]), message: bare[2].trim() };
	const arrow = /--->\s*([^\r\n]*)/.exec(faultString);
	if (arrow) return { code: null, message: arrow[1].trim() };
	return { code: null, message: faultString.trim() };
}

function readFault(fault: XmlElement): SoapFaultInfo {
	// SOAP 1.1: faultcode / faultstring. SOAP 1.2: Code/Value and Reason/Text.
	let faultString = child(fault, 'faultstring') ? text(child(fault, 'faultstring')) : '';
	let faultCode = child(fault, 'faultcode') ? text(child(fault, 'faultcode')).trim() : '';
	if (!faultString) faultString = text(child(child(fault, 'Reason'), 'Text'));
	if (!faultCode) faultCode = text(child(child(fault, 'Code'), 'Value')).trim();
	// A fault that echoes the request must never carry the token further.
	faultString = redactTokenElements(faultString);
	const { code, message } = extractFaultCode(faultString);
	return { code, message, faultString: faultString.trim(), faultCode };
}

/**
 * Reads a SOAP response body: the `{Operation}Result` element, a fault, or `invalid` for anything that
 * is not a SOAP envelope (an HTML error page, an empty body, malformed XML).
 */
export function parseSoapResponse(body: string, operation: string): SoapResponse {
	if (typeof body !== 'string' || body.trim() === '') {
		return { kind: 'invalid', reason: 'The response body is empty' };
	}
	let root: XmlElement;
	try {
		root = parseXml(body);
	} catch (error) {
		const reason = error instanceof XmlError ? error.message : String(error);
		// An HTML page (an error page, another site) starts with <!DOCTYPE html>: not a SOAP answer, not an attack.
		if (/^\s*(<\?xml[^>]*\?>\s*)?<!doctype\s+html[\s>]/i.test(body)) {
			return { kind: 'invalid', reason: 'The response is an HTML page, not a SOAP envelope' };
		}
		if (error instanceof XmlError && error.unsafe) {
			return { kind: 'invalid', unsafe: true, reason: `The response was refused as unsafe XML: ${reason}` };
		}
		return { kind: 'invalid', reason: `The response is not valid XML: ${reason}` };
	}
	if (root.localName !== 'Envelope') {
		return { kind: 'invalid', reason: `The response is not a SOAP envelope (root element "${root.name}")` };
	}
	const soapBody = child(root, 'Body');
	if (!soapBody) return { kind: 'invalid', reason: 'The SOAP envelope has no Body' };
	const fault = child(soapBody, 'Fault');
	if (fault) return { kind: 'fault', fault: readFault(fault) };
	const response = child(soapBody, `${operation}Response`);
	if (!response) {
		return { kind: 'invalid', reason: `The SOAP body has no ${operation}Response element` };
	}
	return { kind: 'result', result: child(response, `${operation}Result`), response };
}
