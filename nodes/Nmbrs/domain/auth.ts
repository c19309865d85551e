/**
 * Authentication for the Nmbrs SOAP API (pure; used by the credential's `authenticate` function).
 *
 * Nmbrs carries the login inside the SOAP header (docs/vendors/nmbrs-soap.md §2.2), so authentication means writing
 * an `AuthHeaderWithDomain` (every v3 call) or `AuthHeader` (DebtorService.Environment_Get) block into
 * the envelope the node built, in the namespace of the service being called. Values are XML-escaped.
 */
import { writeXml } from '../../common/xml';
import { AUTH_HEADER_MARKER, parseSoapAction, serviceFromUrl, serviceNamespace } from './soap';

export type NmbrsEnvironment = 'production' | 'sandbox' | 'custom';

export const NMBRS_BASE_URLS: Record<Exclude<NmbrsEnvironment, 'custom'>, string> = {
	production: 'https://api.nmbrs.nl',
	sandbox: 'https://api-sandbox.nmbrs.nl',
};

export interface NmbrsCredentialData {
	username?: unknown;
	token?: unknown;
	domain?: unknown;
	environment?: unknown;
	baseUrl?: unknown;
}

/** The base URL (no trailing slash, no `/soap/v3` suffix) for the credential's environment. */
export function resolveBaseUrl(credentials: NmbrsCredentialData): string {
	const environment = String(credentials.environment ?? 'production');
	if (environment === 'custom') {
		const entered = String(credentials.baseUrl ?? '').trim();
		if (!/^https?:\/\/[^\s/]+/i.test(entered)) {
			throw new Error(
				'The Nmbrs credential uses a custom environment but its Base URL is not an http(s) URL, for example http://127.0.0.1:5101',
			);
		}
		return entered.replace(/\/+$/, '').replace(/\/soap\/v3$/i, '');
	}
	return environment === 'sandbox' ? NMBRS_BASE_URLS.sandbox : NMBRS_BASE_URLS.production;
}

/** `AuthHeader` only for DebtorService.Environment_Get (docs/vendors/nmbrs-soap.md §2.2 / §4.1). */
export function authHeaderKind(service: string, operation: string): 'AuthHeader' | 'AuthHeaderWithDomain' {
	return service === 'DebtorService' && operation === 'Environment_Get' ? 'AuthHeader' : 'AuthHeaderWithDomain';
}

/** The auth header element, escaped, in the namespace of `service`. */
export function buildAuthHeader(
	kind: 'AuthHeader' | 'AuthHeaderWithDomain',
	service: string,
	credentials: NmbrsCredentialData,
): string {
	const fields: Array<[string, string]> = [
		['Username', String(credentials.username ?? '').trim()],
		['Token', String(credentials.token ?? '').trim()],
	];
	if (kind === 'AuthHeaderWithDomain') fields.push(['Domain', String(credentials.domain ?? '').trim()]);
	return writeXml({
		name: kind,
		attributes: { xmlns: serviceNamespace(service) },
		children: fields.map(([name, value]) => ({ name, children: [value] })),
	});
}

/** Puts the header block into the envelope: replaces the marker, or inserts before `<soap:Body`. */
export function injectAuthHeader(envelope: string, headerBlock: string): string {
	const full = `<soap:Header>${headerBlock}</soap:Header>`;
	const at = envelope.indexOf(AUTH_HEADER_MARKER);
	if (at !== -1) {
		return envelope.slice(0, at) + full + envelope.slice(at + AUTH_HEADER_MARKER.length);
	}
	const body = /<([A-Za-z_][\w.-]*:)?Body[\s>]/.exec(envelope);
	if (!body) return envelope;
	const prefix = body[1] ?? '';
	const header = `<${prefix}Header>${headerBlock}</${prefix}Header>`;
	return envelope.slice(0, body.index) + header + envelope.slice(body.index);
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): unknown {
	if (!headers) return undefined;
	const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
	return key === undefined ? undefined : headers[key];
}

export interface SoapRequestOptionsLike {
	url: string;
	baseURL?: string;
	headers?: Record<string, unknown>;
	body?: unknown;
}

/**
 * Returns a copy of the request options with the auth header in the envelope and, when the request
 * has a relative URL and no base URL, the credential environment's base URL. The service and
 * operation come from the SOAPAction header (falling back to the URL for the service).
 */
export function applyNmbrsAuth<T extends SoapRequestOptionsLike>(
	credentials: NmbrsCredentialData,
	options: T,
): T & SoapRequestOptionsLike {
	const result: T & SoapRequestOptionsLike = { ...options };
	if (!result.baseURL && !/^https?:\/\//i.test(result.url)) {
		result.baseURL = resolveBaseUrl(credentials);
	}
	if (typeof result.body !== 'string') return result;
	const action = parseSoapAction(headerValue(result.headers, 'SOAPAction'));
	const service = action?.service ?? serviceFromUrl(result.url) ?? 'CompanyService';
	const operation = action?.operation ?? '';
	const block = buildAuthHeader(authHeaderKind(service, operation), service, credentials);
	result.body = injectAuthHeader(result.body, block);
	return result;
}
