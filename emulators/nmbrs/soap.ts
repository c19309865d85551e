/** SOAP 1.1 envelopes and faults as a .NET ASMX service writes them. */
import type { VendorResponse } from '../common/types';
import {
	NMBRS_FAULT_HTTP_STATUS,
	NMBRS_FAULT_WRAPPER,
	NMBRS_READ_FAULT_HTTP_STATUS,
	NMBRS_READ_FAULT_WRAPPER,
	NMBRS_UNKNOWN_ACTION_HTTP_STATUS,
} from '../assumptions';
import { escapeText } from './xml';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';

const ENVELOPE_OPEN =
	'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>';
const ENVELOPE_CLOSE = '</soap:Body></soap:Envelope>';

const XML_HEADERS = { 'content-type': 'text/xml; charset=utf-8', 'cache-control': 'private' };

/** `<{op}Response xmlns="{ns}"><{op}Result>{resultInner}</{op}Result></{op}Response>`; null result => element omitted. */
export function soapResult(operation: string, ns: string, resultInner: string | null, selfCloseEmpty = true): VendorResponse {
	let result: string;
	if (resultInner === null) result = '';
	else if (resultInner === '' && selfCloseEmpty) result = `<${operation}Result />`;
	else result = `<${operation}Result>${resultInner}</${operation}Result>`;
	return {
		status: 200,
		headers: XML_HEADERS,
		body: `${ENVELOPE_OPEN}<${operation}Response xmlns="${ns}">${result}</${operation}Response>${ENVELOPE_CLOSE}`,
	};
}

/** A string result: the text is escaped into the Result element (the inner XML travels as escaped text). */
export function soapStringResult(operation: string, ns: string, text: string, absentWhenEmpty: boolean): VendorResponse {
	if (text === '' && absentWhenEmpty) return soapResult(operation, ns, null);
	return soapResult(operation, ns, escapeText(text));
}

export type FaultCode = 'soap:Server' | 'soap:Client' | 'soap:VersionMismatch' | 'soap:MustUnderstand';

export function soapFault(status: number, faultcode: FaultCode, faultstring: string): VendorResponse {
	return {
		status,
		headers: XML_HEADERS,
		body: `${ENVELOPE_OPEN}<soap:Fault><faultcode>${faultcode}</faultcode><faultstring>${escapeText(faultstring)}</faultstring><detail /></soap:Fault>${ENVELOPE_CLOSE}`,
	};
}

/** Nmbrs business fault: "Server was unable to process request. ---> {code}: {message}". */
export function nmbrsFault(code: number | null, message: string): VendorResponse {
	const text = code === null ? message : `${code}: ${message}`;
	return soapFault(NMBRS_FAULT_HTTP_STATUS, 'soap:Server', NMBRS_FAULT_WRAPPER + text);
}

/** The request could not be read (malformed XML, bad int, unexpected body element). */
export function readFault(line: number, column: number, reason: string): VendorResponse {
	return soapFault(
		NMBRS_READ_FAULT_HTTP_STATUS,
		'soap:Client',
		`${NMBRS_READ_FAULT_WRAPPER}There is an error in XML document (${line}, ${column}). ---> ${reason}`,
	);
}

export function unknownActionFault(action: string): VendorResponse {
	return soapFault(NMBRS_UNKNOWN_ACTION_HTTP_STATUS, 'soap:Client', `Server did not recognize the value of HTTP Header SOAPAction: ${action}.`);
}

export function html(status: number, title: string, bodyHtml: string): VendorResponse {
	return {
		status,
		headers: { 'content-type': 'text/html; charset=utf-8' },
		body: `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\r\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>${title}</title></head><body>${bodyHtml}</body></html>`,
	};
}
