/**
 * Money as integer cents, so sums and balance checks are exact. Amounts are converted to numbers
 * with two decimals only at the edge, where an API wants a JSON number.
 */

/** "5200.00", "5200", "-12.5", "1.888,62", "1888,62" or a number -> integer cents; null when unreadable. */
export function parseAmountToCents(input: string | number | null | undefined): number | null {
	if (input === null || input === undefined) return null;
	if (typeof input === 'number') {
		if (!Number.isFinite(input)) return null;
		return Math.round(input * 100);
	}
	let s = input.trim().replace(/\s/g, '');
	if (s === '') return null;
	if (s.includes(',') && s.includes('.')) {
		// the separator that comes last is the decimal one
		s = s.lastIndexOf(',') > s.lastIndexOf('.') ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
	} else if (s.includes(',')) {
		s = s.replace(',', '.');
	}
	const match = /^([+-])?(\d+)(?:\.(\d+))?$/.exec(s);
	if (!match) return null;
	const [, sign, whole, fraction = ''] = match;
	const padded = (fraction + '000').slice(0, 3);
	let cents = Number(whole) * 100 + Number(padded.slice(0, 2));
	if (Number(padded[2]) >= 5) cents += 1; // round half up on the third decimal
	return sign === '-' ? -cents : cents;
}

/** Integer cents -> a number with at most two decimals. */
export function centsToAmount(cents: number): number {
	return Math.round(cents) / 100 || 0; // never -0
}

/** Integer cents -> "5200.00" / "-12.50". */
export function formatCents(cents: number): string {
	const sign = cents < 0 ? '-' : '';
	const abs = Math.abs(Math.round(cents));
	return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
