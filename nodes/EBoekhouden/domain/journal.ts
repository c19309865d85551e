import { amountToCents } from './sign';
import type { JournalLine, NmbrsJournal, Side } from './types';

/**
 * A journal item that cannot be read is reported, never guessed at; `field` names the input field at fault,
 * `advice` what to do when the input itself says it (a journal the Nmbrs node rejected).
 */
export class JournalInputError extends Error {
	constructor(
		message: string,
		readonly field: string | null = null,
		readonly advice: string | null = null,
	) {
		super(message);
		this.name = 'JournalInputError';
	}
}

function text(value: unknown): string {
	if (value === null || value === undefined) return '';
	return String(value).trim();
}

function wholeNumber(value: unknown, field: string): number {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
		throw new JournalInputError(`Field "${field}" must be a whole number (got ${JSON.stringify(value)})`, field);
	}
	return n;
}

function isoDate(value: unknown): string {
	const s = text(value);
	const m = /^(\d{4}-\d{2}-\d{2})/.exec(s);
	if (!m || Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`))) {
		throw new JournalInputError(`Field "date" must be an ISO date (YYYY-MM-DD), got ${JSON.stringify(value)}`, 'date');
	}
	return m[1];
}

function side(value: unknown, index: number): Side {
	const s = text(value).toLowerCase();
	if (s === 'debit' || s === 'd') return 'debit';
	if (s === 'credit' || s === 'c') return 'credit';
	throw new JournalInputError(`Line ${index + 1}: "side" must be "debit" or "credit", got ${JSON.stringify(value)}`, `lines[${index}].side`);
}

/**
 * Read one normalised Nmbrs journal item (the shape the Nmbrs node outputs). Amounts are taken from
 * `amountCents` when it is an integer, else from `amount`.
 */
export function readJournal(input: Record<string, unknown>): NmbrsJournal {
	if (!input || typeof input !== 'object') throw new JournalInputError('The input item is not a journal object');
	// The Nmbrs node marks journals it could not read completely (`rejected`) or runs without one (`no-journal`);
	// its `message` says why, its `description` what to do.
	if (typeof input.status === 'string' && input.status !== 'ok') {
		const explanation = text(input.message);
		throw new JournalInputError(
			`Nmbrs reported this journal as "${input.status}"${explanation ? `: ${explanation}` : ''}. It is not posted; fix it in Nmbrs and run again`,
			'status',
			text(input.description) || null,
		);
	}
	const rawLines = input.lines;
	if (!Array.isArray(rawLines)) {
		throw new JournalInputError(
			'The input item has no "lines" array: connect the output of Nmbrs "Journal → Get" / "Get Many" or the Nmbrs Trigger',
			'lines',
		);
	}
	const lines: JournalLine[] = rawLines.map((raw, index) => {
		const line = (raw ?? {}) as Record<string, unknown>;
		let cents: number | null =
			typeof line.amountCents === 'number' && Number.isInteger(line.amountCents) ? line.amountCents : null;
		if (cents === null) cents = amountToCents(line.amount);
		if (cents === null) {
			throw new JournalInputError(`Line ${index + 1}: amount ${JSON.stringify(line.amount)} is not a valid amount`, `lines[${index}].amount`);
		}
		const costCenter = text(line.costCenter);
		const costUnit = text(line.costUnit);
		return {
			glCode: text(line.glCode),
			costCenter: costCenter === '' ? null : costCenter,
			costUnit: costUnit === '' ? null : costUnit,
			side: side(line.side, index),
			amount: cents / 100,
			amountCents: cents,
			description: text(line.description),
		};
	});
	return {
		companyId: wholeNumber(input.companyId, 'companyId'),
		companyName: text(input.companyName),
		year: wholeNumber(input.year, 'year'),
		period: wholeNumber(input.period, 'period'),
		periodEnd: input.periodEnd === undefined || input.periodEnd === null ? undefined : wholeNumber(input.periodEnd, 'periodEnd'),
		runId: wholeNumber(input.runId, 'runId'),
		runNumber: input.runNumber === undefined || input.runNumber === null ? undefined : wholeNumber(input.runNumber, 'runNumber'),
		runDescription: text(input.runDescription),
		runAt: text(input.runAt),
		date: isoDate(input.date),
		lines,
	};
}
