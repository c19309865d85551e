import type { IDataObject } from 'n8n-workflow';

import type { JournalChange } from '../../domain/changes';
import type { NormalisedJournal } from '../../domain/journal';

/**
 * A journal as an output item's json. Every field is present (null or an empty list when absent), the same
 * for Journal → Get, Journal → Get Many and the Nmbrs Trigger (which adds `change` and `previousContentHash`).
 */
export function journalJson(journal: NormalisedJournal | JournalChange): IDataObject {
	// The journal types are interfaces (no index signature); their values are plain JSON.
	return { ...journal } as unknown as IDataObject;
}
