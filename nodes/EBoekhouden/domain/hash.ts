import { createHash } from 'crypto';

import { shortHash } from './keys';
import type { JournalLine } from './types';

/**
 * Content hash of a journal as it will be booked: the date plus the sorted list of non-zero lines
 * (GL code, cost centre, cost unit, side, amount in cents, description). Computed here rather than
 * taken from the input, so change detection does not depend on how the producer hashes. Zero lines
 * are left out: they are never posted, so adding or removing one is not a change.
 */
export function journalContentHash(date: string, lines: JournalLine[]): string {
	const canonical = lines
		.filter((line) => line.amountCents !== 0)
		.map((line) =>
			[
				line.glCode.trim(),
				line.costCenter ?? '',
				line.costUnit ?? '',
				line.side,
				String(line.amountCents),
				line.description.trim(),
			].join('\u001f'),
		)
		.sort();
	const text = [date, ...canonical].join('\u001e');
	return shortHash(createHash('sha256').update(text, 'utf8').digest('hex'));
}
