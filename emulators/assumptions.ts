/**
 * Every vendor behaviour the vendor documents leave open (marked ASSUMPTION in docs/vendors/), as the
 * emulators implement it, in one place, so it can be changed when the real behaviour is learned
 * (test/unit/common/assumptions.test.ts fails on an export no other emulator file reads). Each entry
 * names the section it comes from: `§x`, `A.x` and `B.x` are the sections of docs/vendors/<file>.md, the
 * file named in the group's heading. (Node code keeps its own list in nodes/common/assumptions.ts.)
 */

// ---- Nmbrs (docs/vendors/nmbrs-soap.md) -----------------------------------------------------
// Each constant below is a behaviour the Nmbrs document leaves open; the emulator reads it from here only.

/** §1: hosts accepted in the namespace and SOAPAction (the client always sends the production form). */
export const NMBRS_NAMESPACE_HOSTS = ['api.nmbrs.nl', 'api-sandbox.nmbrs.nl'] as const;
/** §1: responses use the namespace form (production or sandbox host) the request used. */
export const NMBRS_RESPONSE_ECHOES_REQUEST_NAMESPACE = true;
/** §1: a SOAPAction without the surrounding double quotes is accepted too (ASMX trims them). */
export const NMBRS_ACCEPT_UNQUOTED_SOAPACTION = true;

/** §2.2: Environment_Get accepts AuthHeaderWithDomain as well as AuthHeader. */
export const NMBRS_ENVIRONMENT_GET_ACCEPTS_WITH_DOMAIN = true;
/**
 * §2.2: Domain missing or empty: allowed when the user belongs to exactly one environment; a user of several
 * environments gets 2042. A CompanyService call with only the old AuthHeader counts as "no credentials" => 1001.
 */
export const NMBRS_MISSING_DOMAIN_FAULT = 2042;
/** §2.2/§6.2: a Domain that exists but that the user does not belong to => 1001 (unknown domain => 2043). */
export const NMBRS_USER_NOT_IN_DOMAIN_FAULT = 1001;

/**
 * §4.3: RunAt is written as Europe/Amsterdam wall-clock time without an offset (stored as such): a seed's runAt
 * with an offset is refused. When true, a seed's runAt may carry an offset and is written as given.
 */
export const NMBRS_RUNAT_HAS_OFFSET = false;

/**
 * §4.4: the non-v2 journal call looks the run up in the company's active year. A run of another year gives
 * the same answer as "no journal" (an empty result), which is why clients should prefer _v2 for older years.
 */
export const NMBRS_NON_V2_OTHER_YEAR_RESULT: 'empty' | 'fault' = 'empty';
/** §4.4: parameter names accepted for the year of Journals_GetByRunCompany_v2 (first present wins). */
export const NMBRS_V2_YEAR_PARAMS = ['Year', 'intYear'] as const;
/** §4.4: a RunId that does not exist in the company => this fault code (2046 "Not found"). */
export const NMBRS_UNKNOWN_RUN_FAULT = 2046;
/** §6.2: a CompanyId that does not exist is answered like one without rights (2004). */
export const NMBRS_UNKNOWN_COMPANY_FAULT = 2004;
/** §4.4: "no journal" is an empty string, serialised as an empty Result element `<…Result />`. */
export const NMBRS_NO_JOURNAL_RESULT: 'empty-element' | 'absent' = 'empty-element';

/** §5.2/§5.3: the inner journal document: declaration, line break after it, root and header fields. */
export const NMBRS_JOURNAL_XML = {
	declaration: '<?xml version="1.0" encoding="utf-16"?>',
	newlineAfterDeclaration: '\r\n',
	root: 'transactions',
	/** One <transaction> per run. */
	transactionsPerRun: 1,
	/** header/date = the journal date (default the period end date), YYYYMMDD. */
	headerPeriodFormat: 'YYYY/PP',
	/** Lines carry no `type` attribute; dim2/dim3 hold cost centre / cost unit codes, omitted when empty. */
	emptyDim1: '<dim1></dim1>',
	/** value is written unsigned as stored (seeds may store negative amounts to test the client). */
} as const;

/** §4.5: journal report: root name, Item.Run = the run NUMBER, lines split per employee, runs selected by PeriodEnd. */
export const NMBRS_REPORT_XML = {
	declaration: '<?xml version="1.0" encoding="utf-16"?>',
	root: 'JournalsReport',
	runField: 'number' as 'number' | 'id',
} as const;
/** §6.2: StartPeriod/EndPeriod outside 1..12 (1..13 for Week4) or reversed => 2006 "Invalid period". */
export const NMBRS_INVALID_PERIOD_FAULT = 2006;

/** §6.1: business faults: HTTP 500, faultcode soap:Server, this wrapper before "{code}: {message}". */
export const NMBRS_FAULT_HTTP_STATUS = 500;
export const NMBRS_FAULT_WRAPPER = 'Server was unable to process request. ---> ';
/**
 * §6 (open question 6): malformed XML, an int parameter that is not a number, or a body element that does not
 * match the SOAPAction => HTTP 500, soap:Client, "Server was unable to read request. ---> There is an error in
 * XML document (line, col). ---> {System.Xml.XmlException-style message}" (the .NET ASMX wording).
 */
export const NMBRS_READ_FAULT_HTTP_STATUS = 500;
export const NMBRS_READ_FAULT_WRAPPER = 'Server was unable to read request. ---> ';
/** ASMX routing: an unknown or missing SOAPAction => HTTP 500, soap:Client, "Server did not recognize the value of HTTP Header SOAPAction: {value}.". */
export const NMBRS_UNKNOWN_ACTION_HTTP_STATUS = 500;
/** A request body that is not text/xml (SOAP 1.2 or JSON) => 415; the SOAP 1.2 binding is not emulated. */
export const NMBRS_UNSUPPORTED_MEDIA_STATUS = 415;

/**
 * §7: real Nmbrs throttles (each call above 150/s is delayed 0.5 s) instead of answering 429. The emulator does
 * that when the service knob fairUse.enabled is true; the generic rateLimit knob answers 429 + Retry-After with an
 * IIS-style HTML body (not a vendor behaviour, only for client resilience tests).
 */
export const NMBRS_FAIR_USE = { callsPerSecond: 150, delayMs: 500 } as const;
/** Injected 5xx faults: an IIS "503 Service Unavailable" HTML page without a SOAP body (a transport error). */
export const NMBRS_INJECTED_FAULT_STATUS = 503;


// ---- e-Boekhouden (docs/vendors/eboekhouden-rest.md) ----------------------------------------

/**
 * §6.2 sign convention of memoriaal (type 7) row amounts. OPEN at the vendor; default positiveIsCredit.
 * Read only through ebMemoriaalRowSide below.
 */
export type EbMemoriaalSign = 'positiveIsCredit' | 'positiveIsDebit';
const EB_MEMORIAAL_SIGN: EbMemoriaalSign = 'positiveIsCredit';

/**
 * §6.2: the one place that turns a signed memoriaal row amount (integer cents) into the side it books on the
 * ROW ledger. The mutation's main ledger gets the opposite side. positiveIsCredit: +amount credits the row
 * ledger and debits the main ledger. A balanced memoriaal (MUT_118 check) has Σ debit = Σ credit over its rows,
 * which is the same as Σ amount = 0 under either convention.
 */
export function ebMemoriaalRowSide(
	amountCents: number,
	sign: EbMemoriaalSign = EB_MEMORIAAL_SIGN,
): { side: 'debit' | 'credit'; cents: number } {
	const positiveSide = sign === 'positiveIsCredit' ? 'credit' : 'debit';
	const negativeSide = positiveSide === 'credit' ? 'debit' : 'credit';
	return amountCents >= 0
		? { side: positiveSide, cents: amountCents }
		: { side: negativeSide, cents: -amountCents };
}

export const EB_ASSUMPTIONS = {
	/** §2.4 `expiresIn` of a new session (knob sessionLifetimeSeconds overrides). */
	sessionLifetimeSeconds: 3600,
	/** §2.2 `Authorization: <token>` and `Authorization: Bearer <token>` are both accepted. */
	acceptBearerPrefix: true,
	/** §2.1 source pattern ^[\w_ ]{1,10}$ evaluated like .NET: \w = Unicode letters, marks, digits, connector punctuation. */
	sourcePattern: /^[\p{L}\p{Mn}\p{Nd}\p{Pc} ]{1,10}$/u,
	/** §2.1 order of session checks: accessToken missing (003), source missing (001), source pattern (002), token. */
	sessionCheckOrder: ['API_SESSION_003', 'API_SESSION_001', 'API_SESSION_002', 'token'] as const,
	/** An unknown (never issued) API token on POST /v1/session: 403 SecurityError, SECURITY_001, securityType 0. */
	unknownAccessToken: { status: 403, code: 'SECURITY_001', securityType: 0 },
	/** §2.1 an API token whose end date has passed: 400 validation API_SESSION_004. */
	expiredAccessTokenStatus: 400,
	/** §2.3 DELETE /v1/session success status. */
	deleteSessionStatus: 204,
	/** §4 a 401 carries an Error body with SECURITY_010, type "security". */
	unauthenticated: { status: 401, type: 'security', code: 'SECURITY_010' },
	/** §4.1 EP_001 for a non-accountant token on GET /v1/administration: 400 "validation". */
	ep001: { status: 400, type: 'validation' },
	/** §3 `count` is the number of items on this page, not a grand total. */
	countIsPageSize: true,
	/** §3 brackets in filters may be raw or percent-encoded; parameter names are case-insensitive (ASP.NET). */
	filterBracketsRawOrEncoded: true,
	/** §3 a parameter given twice (two filters on one parameter) is rejected with ERR_002. */
	duplicateFilterCode: 'ERR_002',
	/** String filters (eq/not_eq/like/not_like) and invoiceNumber uniqueness compare case-insensitively (SQL Server default collation). */
	stringCompareCaseInsensitive: true,
	/** Lists are ordered by id ascending. */
	listOrder: 'id-asc',
	/** §4.3 root cost centres have parentId 0; fullPath joins descriptions root first with this separator. */
	rootCostCenterParentId: 0,
	costCenterPathSeparator: ' / ',
	costCenterDescriptionMaxLength: 50,
	/** §4.4.3 CreatedMutation is returned with status 200. */
	createdStatus: 200,
	/** §4 no PATCH/DELETE of mutations: the route exists for GET only, so ASP.NET routing answers 405 with `Allow: GET` and no body. */
	mutationUpdateDeleteStatus: 405,
	/** docs/vendors/eboekhouden-rest.md §4.4.3 / §6.4 (ASSUMPTION for type 7, §7 question 5): MUT_019 invoiceNumber uniqueness applies across the administration for types 2, 5, 6, 7; type 1 is unique per relation (MUT_020); types 3/4 refer to an existing invoice. */
	invoiceNumberUniqueTypes: [2, 5, 6, 7] as const,
	/** §6.6 / §7.4 a date on or before closedUntil: MUT_005 (400 validation) normally; SECURITY_007 (403 security, securityType 0) when closedBy = 'accountant'. */
	closedPeriod: {
		mut005: { status: 400, type: 'validation', code: 'MUT_005', propertyName: 'date' },
		security007: { status: 403, type: 'security', code: 'SECURITY_007', securityType: 0 },
	},
	/** §6.3 / §7.6 maximum rows per mutation before MUT_101 (knob maxRows overrides). */
	maxRows: 500,
	/** §4.4.3 description and row description longer than 50 characters: ERR_002 with propertyName. */
	descriptionMaxLength: 50,
	/** §6.2 memoriaal rows must sum to zero in cents (MUT_118); knob requireBalancedMemoriaal overrides. */
	requireBalancedMemoriaal: true,
	/** §6.7 / §7.7 the list `amount` of a mutation = Σ row amounts (so 0 for a balanced memoriaal). */
	listAmount: 'sumOfRows',
	/** §6.1 "zero rows may be rejected": a row whose amount rounds to 0.00 gets ERR_002 (knob rejectZeroAmountRows). */
	rejectZeroAmountRows: true,
	/** Amounts are stored rounded to 2 decimals (half away from zero). */
	amountDecimals: 2,
	/** Main ledger category per type (MUT_009/010/011): 1 CRED, 2 DEB, 3-6 FIN, 7 any. */
	mainLedgerCategory: { 1: 'CRED', 2: 'DEB', 3: 'FIN', 4: 'FIN', 5: 'FIN', 6: 'FIN' } as Record<number, string>,
	/** inExVat missing (MUTA_005) is rejected for types 1, 2, 5, 6; others default to "EX". */
	inExVatRequiredTypes: [1, 2, 5, 6] as const,
	/** A 5xx from the emulator's fault injection: 500 with an ERR_001 Error body (type "error"). */
	faultStatus: 500,
	/** 429 (never reported by the vendor): an Error body without a code, plus Retry-After. */
	rateLimited: { status: 429, type: 'error', title: 'Too many requests.' },
	/** Unknown route: 404 with an empty body (ASP.NET routing). */
	unknownRouteStatus: 404,
} as const;


// ---- Nextens (docs/vendors/nextens-contract.md) ---------------------------------------------

/** B.1: the contract's paths are relative to a configurable base URL; the emulator mounts them here. */
export const NEXTENS_BASE_PATH = '/api/v1';

/** A.1 / B.1: one static token per office and partner. Tokens accepted when the seed lists none. */
export const NEXTENS_DEFAULT_TOKENS: readonly string[] = ['demo-nextens-token'];

/**
 * B.3 "Rate limit": per token, 5 requests/s with a burst of 10 (the public FasterForward Elements figure).
 * Emulator hosts start with the rate limit OFF (emulators/common defaultKnobs); pass these knobs to turn the
 * contract's limit on (tests and benchmarks set their own). The bucket key is the presented token.
 */
export const NEXTENS_CONTRACT_RATE_LIMIT = { enabled: true, requestsPerSecond: 5, burst: 10 } as const;

/** B.3 list envelope: default and maximum page size. */
export const NEXTENS_LIST_DEFAULT_LIMIT = 100;
export const NEXTENS_LIST_MAX_LIMIT = 500;

/** B.2 / B.7: id formats: prefix + counter padded to 6 digits (wider once the counter passes 999999). */
export const NEXTENS_CLIENT_ID_PREFIX = 'kl_';
export const NEXTENS_SBA_ID_PREFIX = 'sba_';

/**
 * B.1 strictness for read-only fields (id, weergavenaam, sbaMachtigingen, versie, aangemaaktOp, gewijzigdOp)
 * sent in a POST/PUT body. The contract only says "unknown properties -> UNKNOWN_FIELD"; these are known, so
 * the emulator ignores them (a client may PUT back what it GOT). 'reject' would answer 422 UNKNOWN_FIELD.
 */
export const NEXTENS_READ_ONLY_FIELDS_IN_BODY: 'ignore' | 'reject' = 'ignore';

/**
 * B.3 validation order, made concrete: INVALID_JSON; soort (REQUIRED on POST, INVALID_ENUM, IMMUTABLE_FIELD on
 * PUT); UNKNOWN_FIELD (top-level keys in body order, then keys inside telefoonnummers / the addresses); common
 * fields (klantnummer, email); soort-specific non-address fields in table order (persons: achternaam,
 * tussenvoegsel, voorletters, voornaam, bsn, geboortedatum, geslacht, telefoonnummers.{algemeen,mobiel,zakelijk};
 * organisations: naam, kvkNummer, fiscaalNummer, volgnummer, btwNummer, iban, telefoonnummer); then the
 * addresses (persons: correspondentieadres; organisations: bezoekadres, correspondentieadres), each in Adres
 * table order. Per field: JSON type (INVALID_FORMAT), then REQUIRED, TOO_LONG, then the identifier/format rule.
 * A value of the wrong JSON type (a number for a string field, "12" for huisnummer) is INVALID_FORMAT; an
 * out-of-range integer (huisnummer, volgnummer) is INVALID_FORMAT. An address object that is present is
 * validated in full (an object of empty strings gives REQUIRED on straatnaam); null or absent means no address.
 * An absent or null telefoonnummers, or one without any number, is stored as null; otherwise it is stored with
 * all three keys (a missing key is null).
 * PUT order: 404 (unknown id), If-Match (409 VERSION_CONFLICT), body validation (422), keys (409 DUPLICATE_KEY).
 * (No constant: the order is the order of the checks in emulators/nextens/clients.ts, validate().)
 */

/**
 * B.3 query strictness: an unknown (when this is true; otherwise ignored) or repeated query parameter is
 * 422 INVALID_QUERY (field = its name). An empty lookup value is an error, never "no filter" (a CRM record
 * with an empty BSN must not match every client):
 * `bsn=` -> INVALID_BSN, `fiscaalNummer=` -> INVALID_FISCAAL_NUMMER, `naam=` -> INVALID_QUERY. Empty `volgnummer`
 * means 1 (contract). The "second parameter" of a conflicting lookup is the second one in query-string order.
 * Value checks run in the order bsn, fiscaalNummer, volgnummer, naam, soort, limit, offset (SBA list: klantId,
 * jaar, middel, status, since, limit, offset). `since` accepts an ISO 8601 timestamp with Z or an offset, or a
 * plain date (= 00:00:00.000Z).
 */
export const NEXTENS_REJECT_UNKNOWN_QUERY_PARAMETERS = true;

/** B.3 If-Match: accepts "3", 3 and W/"3"; `*` matches any versie; anything else is 422 INVALID_FORMAT (field If-Match). */
export const NEXTENS_IF_MATCH_WILDCARD = '*';

/**
 * B.4: a method the path does not support (e.g. DELETE /clients/kl_000001; the contract has no deletes) and any
 * path outside the contract answer 404 NOT_FOUND. Authentication is checked first for paths under the base path.
 */
export const NEXTENS_UNSUPPORTED_METHOD_STATUS = 404;

/** B.3 DUPLICATE_KEY message for a BSN: the BSN is masked (never echo a full BSN). */
export const NEXTENS_MASK_BSN_IN_MESSAGES = true;

/**
 * B.6: the demo data's client counter starts at 42 (the demo clients use lower ids, kl_000007 is the example
 * organisation), so the contract's example "POST -> 201, Location: /clients/kl_000042" replays verbatim on a
 * freshly started demo emulator. The SBA counter likewise starts above the demo SBAs (sba_000913 is the example).
 */
export const NEXTENS_DEMO_NEXT_CLIENT_NUMBER = 42;
