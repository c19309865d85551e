import type { IDataObject, INode, JsonObject, NodeApiError } from 'n8n-workflow';

import { vendorError } from '../../common/failures';
import { maskBsn, maskNumberInside } from '../../common/mask';
import { withFields } from '../../common/shape';
import { rateLimitAdvice } from '../../common/transport/rateLimit';
import type { ApiFailure, Outcome } from '../domain/port';
import { ORGANISATION_WRITABLE, PERSON_WRITABLE } from '../domain/types';

/**
 * The fields of every client output item: the read-only ones and the writable ones of both soorten (the other
 * soort's fields are null).
 */
export const CLIENT_FIELDS: readonly string[] = [
	'id',
	'soort',
	'weergavenaam',
	...new Set<string>([...PERSON_WRITABLE, ...ORGANISATION_WRITABLE]),
	'sbaMachtigingen',
	'versie',
	'aangemaaktOp',
	'gewijzigdOp',
];

/** The fields of every SBA output item (`klantNaam` is null unless the client names were asked for). */
export const SBA_FIELDS = [
	'id',
	'klantId',
	'klantNaam',
	'fiscaalNummer',
	'middel',
	'jaar',
	'tijdvak',
	'berichtsoort',
	'soortAanslag',
	'kenmerk',
	'dagtekening',
	'vervaldatum',
	'bedrag',
	'status',
	'ontvangenOp',
] as const;

/**
 * A client as the node outputs it: the BSN masked (`*****6782`), never shown in full. The fiscaal
 * nummer is masked too, with a btw-nummer derived from it: for a sole proprietor it is the owner's
 * BSN, and nothing in the record tells that case apart from a company's RSIN.
 */

export function publicClient(client: object): IDataObject {
	const out = withFields<IDataObject>(client, CLIENT_FIELDS);
	if (typeof out.bsn === 'string' && out.bsn !== '') out.bsn = maskBsn(out.bsn);
	if (typeof out.fiscaalNummer === 'string' && out.fiscaalNummer !== '') {
		if (typeof out.btwNummer === 'string') out.btwNummer = maskNumberInside(out.btwNummer, out.fiscaalNummer);
		out.fiscaalNummer = maskBsn(out.fiscaalNummer);
	}
	return out;
}

/** An SBA as the node outputs it: the fiscaal nummer (a BSN for IB) masked, also inside the kenmerk. */
export function publicSba(sba: IDataObject): IDataObject {
	const out = withFields<IDataObject>(sba, SBA_FIELDS);
	if (typeof out.fiscaalNummer === 'string' && out.fiscaalNummer !== '') {
		if (typeof out.kenmerk === 'string') out.kenmerk = maskNumberInside(out.kenmerk, out.fiscaalNummer);
		out.fiscaalNummer = maskBsn(out.fiscaalNummer);
	}
	return out;
}

/** What to tell an operations person about a failed read. */
export function readFailureDescription(error: ApiFailure): string {
	if (error.code === 'NOT_FOUND') return 'Check the id: it may have been removed in Nextens.';
	if (error.code === 'RATE_LIMITED') return rateLimitAdvice('Nextens');
	if (error.status === 0 || error.status >= 500) {
		return 'Nextens did not answer successfully after several attempts. Check that Nextens is reachable and run again.';
	}
	if (error.field) return `Correct the parameter "${error.field}" and run again.`;
	return 'Check the parameters of this operation and run again.';
}

/**
 * A failed read as an error carrying the Nextens code and field (`NOT_FOUND`, `RATE_LIMITED`, ...), so a
 * Continue On Fail item gets them too.
 */
export function readFailure(node: INode, error: ApiFailure, what: string, itemIndex?: number): NodeApiError {
	return vendorError(
		node,
		{ ...error } as unknown as JsonObject,
		{
			code: error.code,
			field: error.field,
			message: `${what}: ${error.message} (${error.code})`,
			description: readFailureDescription(error),
		},
		{ httpCode: error.status || undefined, itemIndex },
	);
}

/** The value of a successful read; a failed one throws {@link readFailure}. */
export function unwrap<T>(node: INode, outcome: Outcome<T>, itemIndex: number, what: string): T {
	if (!outcome.ok) throw readFailure(node, outcome.error, what, itemIndex);
	return outcome.value;
}
