import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { maskBsn, maskNumberInside } from '../../shared/mask';
import { RateLimiter } from '../../shared/transport/rateLimiter';
import { NEXTENS_DEFAULT_REQUESTS_PER_SECOND } from '../../shared/assumptions';
import { NextensClient } from '../transport/client';
import type { ApiFailure } from '../domain/upsert';

/**
 * A client as the node outputs it: the BSN masked (`*****6782`), never shown in full. The fiscaal
 * nummer is masked too, with a btw-nummer derived from it: for a sole proprietor it is the owner's
 * BSN, and nothing in the record tells that case apart from a company's RSIN.
 */
export function publicClient(client: IDataObject): IDataObject {
	const out: IDataObject = { ...client };
	if (typeof out.bsn === 'string' && out.bsn !== '') out.bsn = maskBsn(out.bsn);
	if (typeof out.fiscaalNummer === 'string' && out.fiscaalNummer !== '') {
		if (typeof out.btwNummer === 'string') out.btwNummer = maskNumberInside(out.btwNummer, out.fiscaalNummer);
		out.fiscaalNummer = maskBsn(out.fiscaalNummer);
	}
	return out;
}

/** An SBA as the node outputs it: the fiscaal nummer (a BSN for IB) masked, also inside the kenmerk. */
export function publicSba(sba: IDataObject): IDataObject {
	const out: IDataObject = { ...sba };
	if (typeof out.fiscaalNummer === 'string' && out.fiscaalNummer !== '') {
		if (typeof out.kenmerk === 'string') out.kenmerk = maskNumberInside(out.kenmerk, out.fiscaalNummer);
		out.fiscaalNummer = maskBsn(out.fiscaalNummer);
	}
	return out;
}

/** One rate-limited client for the whole execution (the limiter lives only as long as the run). */
export async function executionClient(
	ctx: IExecuteFunctions,
	requestsPerSecond = NEXTENS_DEFAULT_REQUESTS_PER_SECOND,
	timeoutSeconds?: number,
): Promise<NextensClient> {
	return NextensClient.create(ctx, {
		limiter: new RateLimiter(requestsPerSecond),
		requestsPerSecond,
		timeoutMs: timeoutSeconds ? timeoutSeconds * 1000 : undefined,
	});
}

/** What to tell an operations person about a failed read. */
export function readFailureDescription(error: ApiFailure): string {
	if (error.code === 'NOT_FOUND') return 'Check the id: it may have been removed in Nextens.';
	if (error.code === 'RATE_LIMITED') return 'Nextens kept answering "too many requests". Wait a minute and run again.';
	if (error.status === 0 || error.status >= 500) {
		return 'Nextens did not answer successfully after several attempts. Check that Nextens is reachable and run again.';
	}
	if (error.field) return `Correct the parameter "${error.field}" and run again.`;
	return 'Check the parameters of this operation and run again.';
}
