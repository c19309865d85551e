/**
 * Boundary dedupe for the SBA poll (docs/vendors/nextens-contract.md §B.3): the list's `since` is inclusive, so
 * the trigger keeps the last `ontvangenOp` plus the ids seen at that instant and drops them on the
 * next poll. Pure: no n8n imports.
 */

import { NEXTENS_SBA_SINCE_INCLUSIVE } from '../../common/assumptions';

export interface SbaCursor {
	/** `ontvangenOp` of the newest SBA emitted so far (ISO timestamp). */
	lastReceived?: string;
	/** Ids of the SBA's emitted with exactly that `ontvangenOp`. */
	idsAtLast?: string[];
}

export interface SbaLike {
	id?: unknown;
	ontvangenOp?: unknown;
}

/** Drops the SBA's already emitted and returns the cursor after emitting the rest. */
export function advanceCursor<T extends SbaLike>(cursor: SbaCursor, fetched: T[]): { fresh: T[]; cursor: SbaCursor } {
	const seen = new Set(cursor.idsAtLast ?? []);
	const last = cursor.lastReceived ? Date.parse(cursor.lastReceived) : Number.NEGATIVE_INFINITY;
	const fresh: T[] = [];
	const ids = new Set<string>();
	for (const sba of fetched) {
		const id = String(sba.id ?? '');
		const at = Date.parse(String(sba.ontvangenOp ?? ''));
		if (ids.has(id)) continue;
		if (!Number.isNaN(at) && at < last) continue;
		if (at === last && seen.has(id)) continue;
		ids.add(id);
		fresh.push(sba);
	}
	if (fresh.length === 0) return { fresh, cursor };
	let newest = last;
	let newestText = cursor.lastReceived;
	for (const sba of fresh) {
		const at = Date.parse(String(sba.ontvangenOp ?? ''));
		if (!Number.isNaN(at) && at > newest) {
			newest = at;
			newestText = String(sba.ontvangenOp);
		}
	}
	const atNewest = fresh
		.filter((s) => Date.parse(String(s.ontvangenOp ?? '')) === newest)
		.map((s) => String(s.id ?? ''));
	const carried = newest === last ? [...seen] : [];
	const idsAtLast = NEXTENS_SBA_SINCE_INCLUSIVE ? [...new Set([...carried, ...atNewest])] : [];
	return { fresh, cursor: { lastReceived: newestText, idsAtLast } };
}
