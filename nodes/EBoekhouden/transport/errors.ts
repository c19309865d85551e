import { EBOEKHOUDEN_CLOSED_PERIOD_CODES, EBOEKHOUDEN_TEXT_MAX } from '../../common/assumptions';
import { rateLimitAdvice, rateLimitExhausted } from '../../common/transport/rateLimit';
import type { HttpResult } from '../../common/transport/request';

/** What kind of problem an e-Boekhouden answer is; decides what the node does (docs/vendors/eboekhouden-rest.md §5.2). */
export type ErrorClass =
	| 'credential' // the API token or session is refused: stop the whole execution
	| 'configuration' // credential source, administration state, base URL, permissions
	| 'closed' // the period is closed: outcome skipped-closed
	| 'duplicate' // invoice number exists: probe and classify
	| 'mapping' // ledger / cost centre does not exist
	| 'tooManyRows' // MUT_101: aggregate rows and retry once
	| 'notFound'
	| 'rateLimited'
	| 'transient' // 5xx, ERR_001: may be retried (reads only, writes after a probe)
	| 'item' // this record is invalid
	| 'bug'; // the node sent something wrong

export interface ClassifiedError {
	errorClass: ErrorClass;
	status: number;
	code?: string;
	/** One line for the run report. */
	message: string;
	/** What an operations person should do. */
	description: string;
	traceId?: string;
}

const REPORT_BUG = 'This is a problem in the node, not in your data: report it with the error code and trace id.';

type Entry = [ErrorClass, string, string];

/** Known codes: class, message, what to do. Keyed on `code`, never on the vendor's title text. */
const CODES: Record<string, Entry> = {
	API_SESSION_001: ['bug', 'The session request had no source', REPORT_BUG],
	API_SESSION_002: [
		'configuration',
		'e-Boekhouden rejected the "Source" of the credential',
		'Open the e-Boekhouden credential and set Source to 1–10 letters, digits, underscores or spaces (no hyphens), e.g. n8nNodes.',
	],
	API_SESSION_003: [
		'credential',
		'The e-Boekhouden API token is missing',
		'Open the e-Boekhouden credential and paste the API token (e-Boekhouden: Beheer > Inrichting > Koppelingen > API).',
	],
	API_SESSION_004: [
		'credential',
		'The e-Boekhouden API token has expired',
		'Create a new API token in e-Boekhouden (Beheer > Inrichting > Koppelingen > API) and put it in the credential.',
	],
	SECURITY_010: [
		'credential',
		'e-Boekhouden did not accept the session',
		'The API token was accepted for a session, but the session was refused. Check that the API token in the credential is still active; create a new one if needed.',
	],
	SECURITY_001: [
		'configuration',
		'No permission for this e-Boekhouden resource',
		'Give the user of the API token access to this part of the administration in e-Boekhouden.',
	],
	SECURITY_002: [
		'configuration',
		'No administration is opened in the e-Boekhouden session',
		'Check that the API token belongs to an active administration.',
	],
	SECURITY_003: [
		'configuration',
		'No access to the requested e-Boekhouden administration',
		'Use an API token created in the administration you want to book in.',
	],
	SECURITY_004: ['configuration', 'The e-Boekhouden administration is not activated', 'Activate the administration in e-Boekhouden.'],
	SECURITY_005: [
		'configuration',
		'The e-Boekhouden administration is blocked because of an overdue payment',
		'Settle the subscription with e-Boekhouden, then run the workflow again.',
	],
	SECURITY_006: [
		'configuration',
		'The e-Boekhouden administration is not accessible',
		'Log in on the e-Boekhouden website to see why, then run the workflow again.',
	],
	SECURITY_007: ['closed', 'The period is closed by the accountant', 'Nothing to do: entries in closed periods are skipped.'],
	SECURITY_008: ['closed', 'The period is closed by the accountant', 'Nothing to do: entries in closed periods are skipped.'],
	SECURITY_011: [
		'configuration',
		'This e-Boekhouden account is registered under a different domain',
		'Set the Base URL in the e-Boekhouden credential to the domain your account uses.',
	],
	SECURITY_999: ['transient', 'e-Boekhouden could not authenticate the request', 'Run the workflow again; contact e-Boekhouden if it persists.'],
	EP_001: ['configuration', 'This e-Boekhouden endpoint is only available to accountants', 'Use an accountant API token for this operation.'],
	ERR_001: ['transient', 'e-Boekhouden reported an internal error', 'Run the workflow again later; contact e-Boekhouden with the trace id if it persists.'],
	ERR_002: ['item', 'e-Boekhouden rejected a value in the request', 'Check the fields of this item.'],
	DATA_01: ['bug', 'The request had no body', REPORT_BUG],
	PAGE_001: ['bug', 'Invalid page size', REPORT_BUG],
	PAGE_002: ['bug', 'Invalid page offset', REPORT_BUG],
	MODULE_001: [
		'configuration',
		'The free-trial limit of the e-Boekhouden accounting module is reached',
		'Upgrade the e-Boekhouden subscription, then run the workflow again.',
	],
	MUT_001: ['bug', 'Invalid mutation type', 'Use a mutation type between 1 and 7.'],
	MUTA_002: ['bug', 'The mutation type is missing', 'Set the mutation type.'],
	MUTA_009: ['bug', 'Unknown mutation type', 'Use a mutation type between 1 and 7.'],
	MUT_003: ['item', 'The mutation date is missing', 'Set the date.'],
	MUT_004: ['item', 'The mutation date is invalid', 'Use a date as YYYY-MM-DD.'],
	MUT_005: ['closed', 'The period is closed', 'Nothing to do: entries in closed periods are skipped.'],
	MUT_007: ['mapping', 'The main ledger of the mutation does not exist in e-Boekhouden', 'Check the ledger (clearing ledger) setting and the ledger mapping.'],
	MUTA_001: ['mapping', 'The main ledger of the mutation is missing', 'Set the ledger of the mutation.'],
	MUT_008: ['mapping', 'The main ledger has an unknown category', 'Choose another ledger.'],
	MUT_009: ['mapping', 'The main ledger has a category not allowed for this mutation type', 'Choose another ledger.'],
	MUT_017: ['bug', "In/Ex VAT must be 'IN' or 'EX'", REPORT_BUG],
	MUTA_005: ['bug', 'In/Ex VAT is missing', REPORT_BUG],
	MUT_018: [
		'bug',
		`The invoice number is too long (max. ${EBOEKHOUDEN_TEXT_MAX})`,
		`Use an invoice number of at most ${EBOEKHOUDEN_TEXT_MAX} characters.`,
	],
	MUT_019: ['duplicate', 'The invoice number already exists in e-Boekhouden', 'The entry was already booked.'],
	MUT_020: ['duplicate', 'This relation already has this invoice number', 'The entry was already booked.'],
	MUT_100: ['item', 'The mutation has no rows', 'Add at least one row.'],
	MUT_101: ['tooManyRows', 'The mutation has too many rows', 'Combine lines into fewer rows.'],
	MUT_104: ['mapping', 'A row ledger does not exist in e-Boekhouden', 'Check the ledger mapping: every mapped ledger code must exist in e-Boekhouden.'],
	MUTA_004: ['mapping', 'A row has no ledger', 'Check the ledger mapping.'],
	MUT_105: ['mapping', 'A row ledger has an unknown category', 'Check the ledger mapping.'],
	MUT_106: ['mapping', 'A row ledger has a category not allowed for this mutation type', 'Check the ledger mapping.'],
	MUT_109: ['bug', 'Invalid VAT code', 'Use one of the VAT codes e-Boekhouden accepts (GEEN for no VAT).'],
	MUT_117: ['mapping', 'A cost centre does not exist in e-Boekhouden', 'Check the cost centre mapping.'],
	MUT_118: ['item', 'The mutation is not in balance', 'The rows must add up to zero.'],
	MUT_300: ['notFound', 'The mutation does not exist in e-Boekhouden', 'Check the mutation id.'],
	MUT_901: ['mapping', 'Not all ledgers exist in e-Boekhouden', 'Check the ledger mapping.'],
	MUTA_003: ['bug', "A VAT amount may only be sent with VAT code 'AFW' or 'AFW_VERK'", 'Remove the VAT amount or change the VAT code.'],
	LEDG_011: ['notFound', 'The ledger does not exist in e-Boekhouden', 'Check the ledger id or code.'],
	LEDG_013: ['item', 'A ledger with this code already exists', 'Use another code, or use the existing ledger.'],
	LEDG_017: ['item', 'This ledger code is already used as a group code', 'Use another code.'],
	COST_001: ['mapping', 'The cost centre does not exist in e-Boekhouden', 'Check the cost centre mapping.'],
};

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** An answer without a known code, by HTTP status: class, message, what to do. */
function byStatus(status: number): Entry {
	if (status === 401) {
		return ['credential', 'e-Boekhouden refused the credentials', 'Check the API token in the e-Boekhouden credential; create a new one in e-Boekhouden if needed.'];
	}
	if (status === 403) {
		return ['configuration', 'e-Boekhouden refused access', 'Check the rights of the API token and the state of the administration in e-Boekhouden.'];
	}
	if (status === 404) return ['notFound', 'Not found in e-Boekhouden', 'Check the id.'];
	if (status === 429) {
		return ['rateLimited', 'e-Boekhouden kept answering "too many requests" (429)', rateLimitAdvice('e-Boekhouden')];
	}
	if (status >= 500 || status === 0) {
		return [
			'transient',
			'e-Boekhouden is not available right now',
			'Run the workflow again later; entries already booked are recognised and not booked twice.',
		];
	}
	return ['item', 'e-Boekhouden rejected the request', 'Check the values of this item.'];
}

/** {@link classifyError} of an answer; a 429 that was handed back also says how long it was waited out. */
export function classifyAnswer(result: HttpResult): ClassifiedError {
	const classified = classifyError(result.statusCode, result.body);
	if (classified.errorClass === 'rateLimited' && result.rateLimitWait) {
		classified.message = `${classified.message}; ${rateLimitExhausted(result.rateLimitWait.waitedSeconds, result.rateLimitWait.maxWaitSeconds)}`;
	}
	return classified;
}

/** Classify an e-Boekhouden answer: by `code` first, then by HTTP status (docs/vendors/eboekhouden-rest.md §5.1). */
export function classifyError(status: number, body: unknown): ClassifiedError {
	const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
	const code = text(b.code);
	const title = text(b.title) ?? text(b.message);
	const details = Array.isArray(b.errors) ? (b.errors as unknown[]).map(String).join('; ') : undefined;
	const traceId = text(b.traceId);
	const known = code ? CODES[code] : undefined;
	if (known) {
		const [errorClass, message, description] = known;
		const closed = EBOEKHOUDEN_CLOSED_PERIOD_CODES.includes(code as string);
		return {
			errorClass: closed ? 'closed' : errorClass,
			status,
			code,
			message: `${message} (${code})`,
			description: details ? `${description} Details: ${details}` : description,
			traceId,
		};
	}
	if (code && EBOEKHOUDEN_CLOSED_PERIOD_CODES.includes(code)) {
		return { errorClass: 'closed', status, code, message: `The period is closed (${code})`, description: 'Nothing to do: entries in closed periods are skipped.', traceId };
	}
	const suffix = code ? ` (${code})` : ` (HTTP ${status})`;
	const vendorText = [title, details].filter(Boolean).join(': ');
	const [errorClass, message, description] = byStatus(status);
	return {
		errorClass,
		status,
		code,
		message: `${message}${vendorText ? `: ${vendorText}` : ''}${suffix}`,
		description,
		traceId,
	};
}
