/**
 * Every vendor behaviour the vendor documents leave open (marked ASSUMPTION in docs/vendors/), as the
 * pack's node code relies on it, in one place. Change a value here when the real behaviour is learned;
 * nothing else hard-codes these choices (test/unit/common/assumptions.test.ts fails on a constant no
 * node or credential reads). Each entry names the section it comes from: `§x` and `B.x` are the
 * sections of docs/vendors/<file>.md, the file named in the group's heading.
 * (The emulators keep their own list in emulators/assumptions.ts.)
 */

// ---- Nmbrs (docs/vendors/nmbrs-soap.md) -----------------------------------------------------

/** §1: namespace and SOAPAction always use the production form, on the sandbox and the emulator too. */
export const NMBRS_SOAP_NAMESPACE_BASE = 'https://api.nmbrs.nl/soap/v3';

/**
 * §4.4: parameter name of the run year in `Journals_GetByRunCompany_v2` (not public; the sibling
 * `Reports_GetWageCodesByRunCompany_v2` uses `intYear`). Change to 'intYear' if the WSDL says so.
 */
export const NMBRS_JOURNAL_V2_YEAR_PARAM: 'Year' | 'intYear' = 'Year';

/**
 * §4.4: when `Journals_GetByRunCompany_v2` faults as an unknown operation (no right or not served),
 * fall back to the non-v2 call, which reads the company's active year.
 */
export const NMBRS_JOURNAL_FALLBACK_TO_V1 = true;

/** §4.3: only locked (finalised) runs are processed by default; unlocked runs may still change. */
export const NMBRS_ONLY_LOCKED_RUNS_DEFAULT = true;

/**
 * §5.2: a run's journal string may hold several transactions. They are merged into ONE journal item
 * per run (lines of all transactions, balance checked per transaction), because the run is the unit
 * e-Boekhouden posts exactly once. The item's date is the first valid `header/date`. When false, a
 * journal string with more than one transaction is rejected instead (never posted in parts).
 */
export const NMBRS_MERGE_TRANSACTIONS_PER_RUN = true;

/** §5.4: lines with a `type` attribute other than this are logged in `skippedLines` and not used. */
export const NMBRS_LINE_TYPE_USED = 'detail';

/** §5.4: a negative `value` flips the line's side (debit <-> credit) and keeps the amount positive. */
export const NMBRS_NEGATIVE_VALUE_FLIPS_SIDE = true;

/**
 * §5.4: fallback date when `header/date` is missing or invalid: the last day of the run's
 * `PeriodEnd`. Monthly companies: the last day of that month. 4-weekly (`Week4`) companies: period p
 * ends on day 28 × p of the year, period 13 on 31 December (same rule as the emulator).
 */
export const NMBRS_WEEK4_PERIOD_DAYS = 28;

/**
 * §5.4: a journal string that is empty or whitespace means "no journal" (nothing to post). When false, it is
 * read as XML and so rejected as unreadable.
 */
export const NMBRS_EMPTY_STRING_IS_NO_JOURNAL = true;

/** §7: at most this many Nmbrs calls in flight (journal fetching per execution). */
export const NMBRS_MAX_CONCURRENCY = 4;

/** §7: HTTP timeout for Nmbrs calls; journal calls on large companies can be slow. */
export const NMBRS_TIMEOUT_MS = 120_000;

/** §7 / §6.2: fault 9999 ("Unkown") is retried this many times, other faults never. */
export const NMBRS_RETRIES_FOR_9999 = 1;

// ---- e-Boekhouden (docs/vendors/eboekhouden-rest.md) ----------------------------------------

/**
 * §6.2: the vendor does not document which side a positive memoriaal row amount books. Working
 * convention (one third-party importer, reverse-engineered): a positive row amount CREDITS the row
 * ledger. The node option "Sign Convention" overrides it; verify on a test administration before
 * go-live (post a 2-row memoriaal, read GET /v1/ledger/{id}/balance). Used only by
 * nodes/EBoekhouden/domain/sign.ts (memoriaalRowAmount).
 */
export const EBOEKHOUDEN_DEFAULT_MEMORIAAL_SIGN: 'positiveIsCredit' | 'positiveIsDebit' = 'positiveIsCredit';

/** §2.4: refresh the session when now >= issuedAt + expiresIn - this margin (seconds). */
export const EBOEKHOUDEN_SESSION_REFRESH_MARGIN_SECONDS = 60;

/** §2.4: the session lifetime when the response carries no usable `expiresIn` (seconds). */
export const EBOEKHOUDEN_DEFAULT_SESSION_SECONDS = 3600;

/** §2.2: the session token is sent raw in `Authorization` (no `Bearer ` scheme), as in the vendor quick start. */
export const EBOEKHOUDEN_AUTHORIZATION_SCHEME = '';

/** §2.1: `source` must match this pattern (live-confirmed; a hyphen is rejected with API_SESSION_002). */
export const EBOEKHOUDEN_SOURCE_PATTERN = /^[A-Za-z0-9_ ]{1,10}$/;

/**
 * §3: `count` in a list envelope is the page size, not a grand total: page until a short page. When false,
 * paging also stops once `count` items have been read.
 */
export const EBOEKHOUDEN_PAGE_UNTIL_SHORT_PAGE = true;

/** §3: the largest page size the API allows (PAGE_001 above it). */
export const EBOEKHOUDEN_MAX_PAGE_SIZE = 2000;

/** §6.1: zero-amount rows may be rejected, so zero lines are dropped (and counted) before posting. */
export const EBOEKHOUDEN_DROP_ZERO_ROWS = true;

/** §4.4.3 / §6.1: maximum length of a mutation `description`, `invoiceNumber`, `entryNumber` and (assumed) row `description`. */
export const EBOEKHOUDEN_TEXT_MAX = 50;

/**
 * §6.4 / §7.5: MUT_019 ("Invoice number already exists") also applies to memoriaal (type 7)
 * mutations. The node does not depend on it: it probes before posting; MUT_019 only makes a race
 * between parallel executions visible (then the key is probed again). When false, a MUT_019 answer to a
 * memoriaal POST is reported as a failure instead.
 */
export const EBOEKHOUDEN_INVOICE_NUMBER_UNIQUE_FOR_MEMORIAAL = true;

/** §5.2 / §6.6 / §7.4: codes meaning "the period is closed" (outcome skipped-closed, not a failure). */
export const EBOEKHOUDEN_CLOSED_PERIOD_CODES = ['MUT_005', 'SECURITY_007', 'SECURITY_008'];

/**
 * §4.3: cost centres have no code; an Nmbrs cost centre code matches the e-Boekhouden cost centre description.
 * The default of the node option "Match Unmapped Cost Centres by Description".
 */
export const EBOEKHOUDEN_COST_CENTRE_MATCH_BY_DESCRIPTION = true;

/** §3: string filters take `%` as the many-characters wildcard (used by the posted-journal probe). */
export const EBOEKHOUDEN_LIKE_WILDCARD = '%';

/** §3 (ASSUMPTION: raw brackets accepted): filter parameter names are sent as `param[op]`. */
export const EBOEKHOUDEN_FILTER_PARAM = (param: string, op: string): string => `${param}[${op}]`;

/**
 * §6.3 / §7.2–3: e-Boekhouden publishes no rate limit and no limit on concurrent requests. Post Payroll Journal
 * posts this many journals at the same time by default (never two of the same key, §6.4), in one session;
 * 429 answers are waited out. The node option "Journals Posted at Once" overrides it, up to the maximum below.
 */
export const EBOEKHOUDEN_DEFAULT_JOURNALS_AT_ONCE = 4;

/** The highest "Journals Posted at Once" the node accepts: a modest load on an API without published limits. */
export const EBOEKHOUDEN_MAX_JOURNALS_AT_ONCE = 8;

/**
 * §4.4.4: list items of mutations carry `entryNumber`, so the content hash kept there needs no GET by id.
 * When false, the entry number of a list item is ignored and the mutation is read by id when its hash is needed.
 */
export const EBOEKHOUDEN_LIST_ITEMS_CARRY_ENTRY_NUMBER = true;

// ---- Nextens (docs/vendors/nextens-contract.md; Part B is entirely the project's assumed contract) ----

/** Credential type name of the Nextens partner API (final: saved workflows refer to it). */
export const NEXTENS_CREDENTIAL = 'nextensApi';

/** B.1: auth is `Authorization: Bearer <token>` (the generic auth of credentials/NextensApi.credentials.ts). */
export const NEXTENS_AUTH_HEADER = 'Authorization';
export const NEXTENS_AUTH_PREFIX = 'Bearer ';

/** B.3: list pages take `limit` 1..500; lookups and paging ask for the maximum page. */
export const NEXTENS_LIST_MAX_LIMIT = 500;

/** B.3: rate limit 5 requests/s per token (burst 10): the node's default cap. */
export const NEXTENS_DEFAULT_REQUESTS_PER_SECOND = 5;

/** Records upserted at the same time by default (each one is a few sequential calls). */
export const NEXTENS_DEFAULT_CONCURRENCY = 4;

/** B.5: lookup-and-write rounds per record after transient failures (5xx / no answer). */
export const NEXTENS_UPSERT_MAX_ROUNDS = 4;

/** B.5: when a BSN / fiscaal nummer is present but not found, also try the exact name (as Simplicate). */
export const NEXTENS_NAME_FALLBACK_DEFAULT = true;

/**
 * B.5 (project rule): a client matched on its name keeps the BSN / fiscaal nummer Nextens holds
 * when the CRM record has none; an overwrite never erases a matching key.
 */
export const NEXTENS_KEEP_STORED_KEY_ON_NAME_MATCH = true;

/**
 * Overwrite mode: fields the mapping does not supply keep their Nextens value; supplied fields
 * (also empty ones) replace it. The PUT itself is always a full replacement (B.3).
 */
export const NEXTENS_UNMAPPED_FIELDS_KEEP_VALUE = true;

/**
 * B.3: the SBA list's `since` is inclusive; the trigger dedupes the ids seen at the last instant. When false,
 * the trigger keeps no ids (an exclusive `since` never returns them again).
 */
export const NEXTENS_SBA_SINCE_INCLUSIVE = true;
