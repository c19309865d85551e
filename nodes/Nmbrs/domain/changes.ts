/**
 * Change detection of the Nmbrs Trigger: which collected journals are new or changed since the last poll,
 * by the content hash remembered per run. Pure: no n8n imports.
 */
import type { NormalisedJournal } from './journal';

/** What the trigger remembers between polls (workflow static data, production executions only). */
export interface TriggerState {
	/** runKey ("companyId:runId") -> content hash of the journal last emitted. */
	journalHashes: Record<string, string>;
	lastPollAt?: string;
}

export type JournalChange = NormalisedJournal & {
	change: 'new' | 'changed' | 'sample';
	previousContentHash: string | null;
};

/** A stable key for a run. */
export function runKey(companyId: number, runId: number): string {
	return `${companyId}:${runId}`;
}

/** The remembered state in the node's static data; undefined before the first (production) poll. */
export function readState(staticData: Record<string, unknown>): TriggerState | undefined {
	const hashes = staticData.journalHashes;
	if (!hashes || typeof hashes !== 'object' || Array.isArray(hashes)) return undefined;
	return { journalHashes: hashes as Record<string, string>, lastPollAt: staticData.lastPollAt as string | undefined };
}

/**
 * Compares collected journals with the remembered hashes: new runs and runs whose content hash
 * changed are emitted (with `change` and `previousContentHash`), unchanged ones are not.
 */
export function detectChanges(journals: NormalisedJournal[], hashes: Record<string, string>): JournalChange[] {
	const out: JournalChange[] = [];
	for (const journal of journals) {
		const previous = hashes[runKey(journal.companyId, journal.runId)];
		if (previous === journal.contentHash) continue;
		out.push({ ...journal, change: previous === undefined ? 'new' : 'changed', previousContentHash: previous ?? null });
	}
	return out;
}

/** The hashes to remember after a poll: the previous ones, updated with every collected journal. */
export function rememberJournals(hashes: Record<string, string>, journals: NormalisedJournal[]): Record<string, string> {
	const next: Record<string, string> = { ...hashes };
	for (const journal of journals) next[runKey(journal.companyId, journal.runId)] = journal.contentHash;
	return next;
}

/** A sample for building a workflow (a manual test): the newest journal; the state is not touched. */
export function sampleChange(journals: NormalisedJournal[]): JournalChange | undefined {
	const newest = journals[journals.length - 1];
	return newest ? { ...newest, change: 'sample', previousContentHash: null } : undefined;
}

/** One poll: what to emit and the state to remember. */
export function pollChanges(
	state: TriggerState | undefined,
	journals: NormalisedJournal[],
	now: string,
): { changes: JournalChange[]; state: TriggerState } {
	const hashes = state?.journalHashes ?? {};
	return {
		changes: detectChanges(journals, hashes),
		state: { journalHashes: rememberJournals(hashes, journals), lastPollAt: now },
	};
}
