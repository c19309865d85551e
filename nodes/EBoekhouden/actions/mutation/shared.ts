export const MUTATION_TYPES = [
	{ name: 'Invoice Received (1)', value: 1 },
	{ name: 'Invoice Sent (2)', value: 2 },
	{ name: 'Invoice Payment Received (3)', value: 3 },
	{ name: 'Invoice Payment Sent (4)', value: 4 },
	{ name: 'Money Received (5)', value: 5 },
	{ name: 'Money Spent (6)', value: 6 },
	{ name: 'General Journal Entry / Memoriaal (7)', value: 7 },
];

export const VAT_CODES = [
	'GEEN',
	'HOOG_VERK_21',
	'LAAG_VERK_9',
	'VERL_VERK',
	'VERL_VERK_L9',
	'AFW',
	'BU_EU_VERK',
	'BI_EU_VERK',
	'BI_EU_VERK_D',
	'AFST_VERK',
	'LAAG_INK_9',
	'HOOG_INK_21',
	'VERL_INK',
	'AFW_VERK',
	'BU_EU_INK',
	'BI_EU_INK',
].map((code) => ({ name: code === 'GEEN' ? 'GEEN (No VAT)' : code, value: code }));

/** `2025-01-31T00:00:00.000+01:00` or `2025-01-31` -> `2025-01-31`; undefined when not a date. */
export function isoDay(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const m = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
	return m ? m[1] : undefined;
}
