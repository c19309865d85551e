import { correctionKey, hashFromEntryNumber, parseInvoiceNumber, reversalKey, versionKey } from './keys';
import type { ChangedJournalAction, PostedMutation } from './types';

/**
 * Everything posted in e-Boekhouden for one journal key, read from one list probe:
 * the original (version 0), corrections -C{n} (version n) and reversals -REV{n} (undoing version n-1).
 */
export interface VersionChain {
	base: string;
	original?: PostedMutation;
	corrections: Map<number, PostedMutation>;
	reversals: Map<number, PostedMutation>;
	/** Mutations whose invoice number occurs more than once (should never happen). */
	duplicates: PostedMutation[];
}

export function emptyChain(base: string): VersionChain {
	return { base, corrections: new Map(), reversals: new Map(), duplicates: [] };
}

/** Add one posted mutation to its chain (ignores invoice numbers this node did not write). */
export function addToIndex(index: Map<string, VersionChain>, item: PostedMutation): void {
	const parsed = parseInvoiceNumber(item.invoiceNumber);
	if (!parsed) return;
	let chain = index.get(parsed.base);
	if (!chain) {
		chain = emptyChain(parsed.base);
		index.set(parsed.base, chain);
	}
	if (parsed.kind === 'original') {
		if (chain.original && chain.original.id !== item.id) chain.duplicates.push(item);
		else chain.original = item;
		return;
	}
	const map = parsed.kind === 'reversal' ? chain.reversals : chain.corrections;
	const existing = map.get(parsed.n);
	if (existing && existing.id !== item.id) chain.duplicates.push(item);
	else map.set(parsed.n, item);
}

/** Index the items of the probe by journal key. */
export function indexPosted(items: PostedMutation[]): Map<string, VersionChain> {
	const index = new Map<string, VersionChain>();
	for (const item of items) addToIndex(index, item);
	return index;
}

const maxKey = (map: Map<number, unknown>): number => (map.size === 0 ? 0 : Math.max(...map.keys()));

/** The version currently booked (not reversed), or undefined. */
export function activeVersion(chain: VersionChain): { n: number; mutation: PostedMutation } | undefined {
	const latestC = chain.corrections.size > 0 ? maxKey(chain.corrections) : chain.original ? 0 : -1;
	const latestRev = maxKey(chain.reversals);
	if (latestC < 0 || latestRev > latestC) return undefined;
	const mutation = latestC === 0 ? chain.original : chain.corrections.get(latestC);
	return mutation ? { n: latestC, mutation } : undefined;
}

/** All mutation ids of a chain, in posting order (original, then REV1, C1, REV2, C2, ...). */
export function chainMutationIds(chain: VersionChain): number[] {
	const ids: number[] = [];
	if (chain.original) ids.push(chain.original.id);
	const top = Math.max(maxKey(chain.corrections), maxKey(chain.reversals));
	for (let n = 1; n <= top; n++) {
		const rev = chain.reversals.get(n);
		const cor = chain.corrections.get(n);
		if (rev) ids.push(rev.id);
		if (cor) ids.push(cor.id);
	}
	return ids;
}

export type Decision =
	/** nothing posted yet: post version 0 */
	| { action: 'post'; invoiceNumber: string; version: 0 }
	/** the booked version has the same content */
	| { action: 'unchanged'; version: number; mutation: PostedMutation }
	/** the booked version differs: reverse it (REV{n}) and post the new content (C{n}) */
	| {
			action: 'repost';
			version: number;
			reverse: { invoiceNumber: string; mutation: PostedMutation; reversedVersion: number };
			invoiceNumber: string;
	  }
	/** an earlier run reversed version n-1 but did not post version n: post it now */
	| { action: 'complete'; version: number; invoiceNumber: string }
	/** changed, and the user wants to review changes; or the chain is inconsistent */
	| { action: 'review'; reason: string }
	/** the booked version carries no readable content hash: the caller must read it by id */
	| { action: 'unknown-hash'; version: number; mutation: PostedMutation };

/**
 * What to do with a journal whose content hash is `hash`, given what is posted for its key.
 * `knownHash` supplies a hash read by id for a mutation whose list item had none.
 */
export function decide(
	chain: VersionChain | undefined,
	hash: string,
	onChanged: ChangedJournalAction,
	knownHash?: (mutationId: number) => string | undefined,
): Decision {
	if (!chain || (!chain.original && chain.corrections.size === 0 && chain.reversals.size === 0)) {
		return { action: 'post', invoiceNumber: chain?.base ?? '', version: 0 };
	}
	if (chain.duplicates.length > 0) {
		return {
			action: 'review',
			reason: `Journal ${chain.base} was posted more than once in e-Boekhouden (mutation ids ${[
				...chainMutationIds(chain),
				...chain.duplicates.map((d) => d.id),
			].join(', ')}): remove the duplicate by hand`,
		};
	}
	const active = activeVersion(chain);
	if (!active) {
		const latestRev = maxKey(chain.reversals);
		const reversedVersionExists = latestRev - 1 === 0 ? !!chain.original : chain.corrections.has(latestRev - 1);
		if (!reversedVersionExists) {
			return {
				action: 'review',
				reason: `Journal ${chain.base}: reversal ${reversalKey(chain.base, latestRev)} exists without the version it reverses; check the entries by hand`,
			};
		}
		return { action: 'complete', version: latestRev, invoiceNumber: versionKey(chain.base, latestRev) };
	}
	const posted = hashFromEntryNumber(active.mutation.entryNumber) ?? knownHash?.(active.mutation.id);
	if (!posted) return { action: 'unknown-hash', version: active.n, mutation: active.mutation };
	if (posted === hash.toLowerCase() || hash.toLowerCase().startsWith(posted) || posted.startsWith(hash.toLowerCase())) {
		return { action: 'unchanged', version: active.n, mutation: active.mutation };
	}
	if (onChanged === 'review') {
		return {
			action: 'review',
			reason: `Journal ${chain.base} changed in Nmbrs after it was posted (mutation ${active.mutation.id}, version ${active.n}); review it, or set "On Changed Journal" to "Reverse and Post Again"`,
		};
	}
	const n = active.n + 1;
	return {
		action: 'repost',
		version: n,
		reverse: { invoiceNumber: reversalKey(chain.base, n), mutation: active.mutation, reversedVersion: active.n },
		invoiceNumber: correctionKey(chain.base, n),
	};
}

/**
 * Date window of the one probe per execution: whole calendar years of the input journals (a key
 * contains the year, and every version of a key is booked on its journal's date), widened to the
 * journals' own dates should one fall outside its year.
 */
export function probeDateRange(journals: Array<{ year: number; date: string }>): { from: string; to: string } | undefined {
	if (journals.length === 0) return undefined;
	let from = `${Math.min(...journals.map((j) => j.year))}-01-01`;
	let to = `${Math.max(...journals.map((j) => j.year))}-12-31`;
	for (const j of journals) {
		if (j.date < from) from = j.date;
		if (j.date > to) to = j.date;
	}
	return { from, to };
}
