/**
 * What posting payroll journals needs from e-Boekhouden, as a port: the use case (posting.ts) runs
 * against it without n8n (unit tests use a fake), the node against transport/postingPort.ts. Pure: no
 * n8n imports.
 *
 * Every method answers with an outcome instead of throwing. Only an error that must stop the whole
 * run (the credential is refused, no session can be started or renewed) is thrown by the port; the use
 * case lets it pass.
 */
import type { PostedMutationDetail } from './plan';
import type { MemoriaalPayload, PostedMutation } from './types';

/** A failed call, in the pack's failure words. */
export interface PostingFailure {
	/** The e-Boekhouden code (`MUT_104`), `HTTP_<status>`, or the pack's own (`UNBALANCED`). */
	code: string;
	/** The input field at fault, when one is. */
	field: string | null;
	message: string;
	/** What to do about it. */
	description: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; failure: PostingFailure };

/**
 * How a refused POST /v1/mutation is handled (docs/vendors/eboekhouden-rest.md §5.2): `transient`
 * (5xx, network: probe, then maybe resend), `closed` (period closed), `duplicate` (the invoice number
 * exists), `tooManyRows` (combine rows once), `other` (the journal fails).
 */
export type PostRefusal = 'transient' | 'closed' | 'duplicate' | 'tooManyRows' | 'other';

export type PostAnswer = { ok: true; id: number } | { ok: false; refusal: PostRefusal; failure: PostingFailure };

/** GET /v1/mutation/{id}: what a reversal and a hash check need. */
export interface MutationDetail {
	date?: string;
	ledgerId?: number;
	description?: string;
	entryNumber?: string;
	rows: PostedMutationDetail['rows'];
}

export interface LedgerRef {
	id: number;
	code: string;
}

export interface CostCentreRef {
	id: number;
	description: string;
	active: boolean;
}

export interface PostingPort {
	/** Memoriaal list items whose invoice number matches `invoiceNumberLike` (a LIKE pattern), dated from..to; every page. */
	findMemoriaals(invoiceNumberLike: string, range: { from: string; to: string }): Promise<Outcome<PostedMutation[]>>;
	/** Memoriaal list items with exactly this invoice number (a probe of one key). */
	findMemoriaal(invoiceNumber: string): Promise<Outcome<PostedMutation[]>>;
	getMutation(id: number): Promise<Outcome<MutationDetail>>;
	/** POST /v1/mutation, sent once: the use case decides whether to send it again. */
	postMutation(payload: MemoriaalPayload): Promise<PostAnswer>;
	listLedgers(): Promise<Outcome<LedgerRef[]>>;
	listCostCentres(): Promise<Outcome<CostCentreRef[]>>;
}

/** What a reversal undoes: the posted mutation's detail, with the list item's fields where the detail lacks them. */
export function reversalSource(detail: MutationDetail, listed: PostedMutation): PostedMutationDetail {
	return {
		id: listed.id,
		date: detail.date ?? listed.date ?? '',
		ledgerId: Number(detail.ledgerId ?? listed.ledgerId),
		description: detail.description,
		rows: detail.rows,
	};
}
