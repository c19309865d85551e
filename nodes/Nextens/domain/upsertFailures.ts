/**
 * The failed outcomes of an upsert: what happened (`message`) and what to do about it (`description`),
 * for the record checks of the domain and for the errors Nextens returns (docs/vendors/nextens-contract.md §B.4).
 * BSNs never appear in full. Pure: no n8n imports.
 */
import { maskBsnsInText } from '../../common/mask';
import type { ApiFailure } from './port';
import { isTransient } from './port';
import type { FieldError, Soort, UpsertResult } from './types';
import { upsertResult } from './types';

/** A record's result before the caller adds its crmId. */
export type RecordResult = UpsertResult;

export interface Advice {
	message: string;
	description: string;
}

export function failure(code: string, advice: Advice, extra: Partial<UpsertResult> = {}): RecordResult {
	return upsertResult({ status: 'failed', code, ...advice, ...extra });
}

/** A readable text for an error Nextens returned, with what to do about it. */
export function describeApiFailure(error: ApiFailure, soort: Soort): Advice {
	const text = maskBsnsInText(error.message || error.code);
	const key = soort === 'persoon' ? 'BSN' : 'fiscaal nummer + volgnummer';
	switch (error.code) {
		case 'DUPLICATE_KEY':
			return {
				message: `Nextens refused the record: ${text} Another Nextens client already has this ${key}.`,
				description: `Check the ${key} in the CRM, or link this record to that client through its Nextens ID.`,
			};
		case 'VERSION_CONFLICT':
			return {
				message: `Nextens refused the update: ${text} The client was changed in Nextens at the same moment.`,
				description: 'Run the workflow again.',
			};
		case 'RATE_LIMITED':
			return {
				message: `Nextens kept answering "too many requests" (${text}).`,
				description:
					'Raise "Max Wait When Rate Limited (Seconds)", or lower "Requests per Second" or "Concurrency" (or run fewer executions on this Nextens account at once), and run the workflow again; records already written are recognised as unchanged.',
			};
		case 'NOT_FOUND':
			return {
				message: `Nextens answered "not found": ${text}`,
				description: 'Check whether the client still exists in Nextens and run the workflow again.',
			};
		case 'UNKNOWN_FIELD':
		case 'IMMUTABLE_FIELD':
		case 'INVALID_JSON':
			return {
				message: `Nextens refused the request: ${text}`,
				description: 'This points at a mapping problem; check the client type and the mapped fields.',
			};
		default:
			return describeOther(error, text);
	}
}

function describeOther(error: ApiFailure, text: string): Advice {
	if (isTransient(error)) {
		return {
			message: `Nextens did not answer successfully (${error.status === 0 ? 'no answer' : `HTTP ${error.status}`}: ${text}).`,
			description: 'Run the workflow again later; records already written are recognised and not written twice.',
		};
	}
	return {
		message: `Nextens refused the record: ${text}`,
		description: error.field
			? `Correct the field ${error.field} in the CRM and send the record again.`
			: 'Check the record in the CRM and send it again.',
	};
}

export function fromApi(error: ApiFailure, soort: Soort, extra: Partial<UpsertResult> = {}): RecordResult {
	return failure(error.code, describeApiFailure(error, soort), { field: error.field, ...extra });
}

/** A record that failed the local checks: nothing of it was sent. */
export function invalidRecord(invalid: FieldError): RecordResult {
	return failure(
		invalid.code,
		{
			message: `${invalid.message} Nothing of this record was sent to Nextens.`,
			description: `Correct ${invalid.field ? `the field ${invalid.field}` : 'the record'} in the CRM and send the record again.`,
		},
		{ field: invalid.field },
	);
}
