/**
 * Classification of Nmbrs SOAP faults (docs/vendors/nmbrs-soap.md §6.2) into what an operations person can act on.
 * Pure; no n8n imports. Reads the fault as ./soap.ts parsed it (soap.ts does not import this file).
 */
import type { SoapFaultInfo } from './soap';

export type FaultClass = 'credential' | 'configuration' | 'item' | 'retry' | 'unknown';

export interface ClassifiedFault {
	faultClass: FaultClass;
	code: number | null;
	/** Short, readable error message. */
	message: string;
	/** What to do about it. */
	description: string;
	/** True when the call may be sent again (9999 once, background task codes). */
	retryable: boolean;
}

export interface FaultContext {
	service: string;
	operation: string;
	companyId?: number | string;
	runId?: number | string;
	year?: number | string;
}

const CLASS_ADVICE: Record<FaultClass, string> = {
	credential:
		'Open the Nmbrs credential and check the username (the e-mail address you log in to Nmbrs with), the API token (Nmbrs: your profile, tab "API-token") and the domain (the part before .nmbrs.nl). Also check that API access is enabled for this user.',
	configuration:
		'This is a setting in Nmbrs, not a temporary problem: ask the Nmbrs administrator to grant the API user the right, then run the workflow again.',
	item: 'Check the values this item sends to Nmbrs (company, run, year, period). Other items are not affected.',
	retry: 'Nmbrs reported a temporary problem. Run the workflow again later; if it keeps failing, contact Nmbrs support with the time of the error.',
	unknown:
		'Nmbrs returned an error this node does not recognise. Check the full error text below; if it persists, contact Nmbrs support with the time of the error.',
};

interface CodeEntry {
	faultClass: FaultClass;
	meaning: string;
	advice?: (ctx: FaultContext) => string;
	retryable?: boolean;
}

const RIGHTS_NEEDED =
	'The integration needs, in CompanyService: List_GetAll, Run_GetList, Journals_GetByRunCompany_v2 and Journals_GetByRunCompany; in DebtorService: Environment_Get.';

const CODES: Record<number, CodeEntry> = {
	1001: {
		faultClass: 'credential',
		meaning: 'Invalid authentication',
		advice: () =>
			`${CLASS_ADVICE.credential} A new API token replaces the old one: after generating a token in Nmbrs, paste it into the credential.`,
	},
	1002: {
		faultClass: 'configuration',
		meaning: 'The API user has no right for this call',
		advice: (ctx) =>
			`In Nmbrs, open the "API User Template" of this user and allow ${ctx.service} → ${ctx.operation}. ${RIGHTS_NEEDED}`,
	},
	1003: {
		faultClass: 'configuration',
		meaning: 'The API user has no rights on this debtor or company data',
		advice: () =>
			'In Nmbrs, give the API user access to the debtor and companies this workflow reads, or choose a company this user can see.',
	},
	1004: {
		faultClass: 'configuration',
		meaning: 'No valid Nmbrs subscription',
		advice: () => 'The Nmbrs environment has no valid subscription for API use. Contact your Nmbrs account manager.',
	},
	1006: { faultClass: 'credential', meaning: 'Generic login security failure' },
	2001: { faultClass: 'item', meaning: 'Invalid hour component' },
	2002: { faultClass: 'item', meaning: 'Invalid wage component' },
	2003: { faultClass: 'item', meaning: 'No access to this employee' },
	2004: {
		faultClass: 'item',
		meaning: 'No access to this company',
		advice: (ctx) =>
			`The API user cannot see company ${ctx.companyId ?? '(unknown)'}. Check the company ID (pick the company from the list instead of typing an ID), or ask the Nmbrs administrator to give the API user rights on this company.`,
	},
	2006: {
		faultClass: 'item',
		meaning: 'Invalid period',
		advice: () => 'Check the year and period: monthly companies have periods 1-12, 4-weekly companies 1-13.',
	},
	2009: {
		faultClass: 'item',
		meaning: 'No access to this debtor',
		advice: () => 'The API user cannot see this debtor. Ask the Nmbrs administrator for rights on it.',
	},
	2011: {
		faultClass: 'configuration',
		meaning: 'Protected mode',
		advice: () => 'The Nmbrs environment is in protected mode. Ask the Nmbrs administrator to lift it for API use.',
	},
	2012: { faultClass: 'item', meaning: 'Wage tax declaration already sent' },
	2013: {
		faultClass: 'configuration',
		meaning: 'Not available on a free trial',
		advice: () => 'This Nmbrs call is not available on a trial environment. Use a paid or sandbox environment.',
	},
	2019: { faultClass: 'retry', meaning: 'Task status not available', retryable: true },
	2020: { faultClass: 'retry', meaning: 'Task status not available', retryable: true },
	2021: { faultClass: 'retry', meaning: 'Invalid task result', retryable: true },
	2037: { faultClass: 'item', meaning: 'Invalid cost center ID' },
	2038: { faultClass: 'item', meaning: 'Invalid cost center code' },
	2039: { faultClass: 'item', meaning: 'Duplicated cost center code' },
	2042: {
		faultClass: 'credential',
		meaning: 'This username belongs to multiple Nmbrs environments',
		advice: () =>
			'Fill in the Domain field of the Nmbrs credential: the part before .nmbrs.nl in the address you use to log in (for example "voorbeeld" for voorbeeld.nmbrs.nl).',
	},
	2043: {
		faultClass: 'credential',
		meaning: 'Invalid domain',
		advice: () =>
			'The Domain in the Nmbrs credential was not found. Use the part before .nmbrs.nl in the address you log in with, without "https://" or ".nmbrs.nl".',
	},
	2044: { faultClass: 'item', meaning: 'Invalid endpoint' },
	2045: { faultClass: 'item', meaning: 'Invalid name' },
	2046: {
		faultClass: 'item',
		meaning: 'Not found',
		advice: (ctx) =>
			`Nmbrs could not find what was asked for${ctx.runId !== undefined ? ` (run ${ctx.runId})` : ''}${ctx.companyId !== undefined ? ` in company ${ctx.companyId}` : ''}. Check the IDs, or pick them from the lists.`,
	},
	9999: {
		faultClass: 'retry',
		meaning: 'Unknown error in Nmbrs',
		retryable: true,
		advice: () =>
			'Nmbrs reported an unspecified error (9999); the call was already repeated once. Run the workflow again later; if it keeps failing, contact Nmbrs support with the time of the error.',
	},
};

/** Item-level codes listed in docs/vendors/nmbrs-soap.md §6.2 that this node never triggers but still names. */
const OTHER_ITEM_CODES = [2014, 2015, 2016, 2017, 2018, 2022, 2028, 2029, 2030, 2032, 2033, 2034, 2035, 2036, 2040, 2041, 2047];

export function faultEntry(code: number | null): CodeEntry | undefined {
	if (code === null) return undefined;
	if (CODES[code]) return CODES[code];
	if (OTHER_ITEM_CODES.includes(code)) return { faultClass: 'item', meaning: 'Invalid value' };
	return undefined;
}

/** Classifies a fault and writes the message and the "what to do" text for it. */
export function classifyFault(fault: SoapFaultInfo, ctx: FaultContext): ClassifiedFault {
	const entry = faultEntry(fault.code);
	const call = `${ctx.service}.${ctx.operation}`;
	if (entry) {
		const vendorText = fault.message && fault.message !== entry.meaning ? ` (${fault.message})` : '';
		return {
			faultClass: entry.faultClass,
			code: fault.code,
			message: `Nmbrs error ${fault.code}: ${entry.meaning}${vendorText} [${call}]`,
			description: entry.advice ? entry.advice(ctx) : CLASS_ADVICE[entry.faultClass],
			retryable: entry.retryable === true,
		};
	}
	if (fault.code === null && /invalid combination email\/password/i.test(fault.faultString)) {
		return {
			faultClass: 'credential',
			code: null,
			message: `Nmbrs rejected the login: ${fault.message} [${call}]`,
			description: `${CLASS_ADVICE.credential} Users who log in to Nmbrs with single sign-on need an API token; the e-mail/password combination is not accepted by the API.`,
			retryable: false,
		};
	}
	const shown = fault.message || fault.faultString || 'no fault text';
	return {
		faultClass: 'unknown',
		code: fault.code,
		message: `Nmbrs error${fault.code !== null ? ` ${fault.code}` : ''}: ${shown} [${call}]`,
		description: CLASS_ADVICE.unknown,
		retryable: false,
	};
}

/**
 * True for a fault that says the operation itself is unknown to the server (used to fall back from
 * `Journals_GetByRunCompany_v2` to the non-v2 call). ASMX answers an unknown SOAPAction with a
 * `soap:Client` fault "Server did not recognize the value of HTTP Header SOAPAction".
 */
export function isUnknownOperationFault(fault: SoapFaultInfo): boolean {
	return /did not recognize the value of HTTP Header SOAPAction|unknown operation|no such operation|not recognized as a valid/i.test(
		fault.faultString,
	);
}
