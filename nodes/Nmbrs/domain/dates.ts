/**
 * Journal dates (pure): the header date Nmbrs writes (`YYYYMMDD`), and the last day of a payroll period when
 * the journal has none.
 */
import { NMBRS_WEEK4_PERIOD_DAYS } from '../../common/assumptions';
import type { Tijdvak } from './models';

function isoFromParts(y: number, m: number, d: number): string | null {
	const date = new Date(Date.UTC(y, m - 1, d));
	if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
	return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `YYYYMMDD` (also `YYYY-MM-DD` and an xs:dateTime) -> ISO date, or null when not a real date. */
export function parseJournalDate(value: string | undefined): string | null {
	if (!value) return null;
	const match = /^(\d{4})-?(\d{2})-?(\d{2})(?:T[\d:.]+)?$/.exec(value.trim());
	if (!match) return null;
	return isoFromParts(Number(match[1]), Number(match[2]), Number(match[3]));
}

/**
 * Last day of payroll period `period` of `year`. Monthly (and unknown) wage-tax periods: the last day
 * of that month (periods above 12 clamp to 31 December). `Week4`: day 28 × period of the year,
 * period 13 = 31 December. ASSUMPTION (nodes/common/assumptions.ts).
 */
export function periodEndDate(tijdvak: Tijdvak | undefined, year: number, period: number): string {
	if (tijdvak === 'Week4') {
		const p = Math.min(Math.max(period, 1), 13);
		if (p === 13) return `${year}-12-31`;
		const date = new Date(Date.UTC(year, 0, NMBRS_WEEK4_PERIOD_DAYS * p));
		return date.toISOString().slice(0, 10);
	}
	if (tijdvak === 'Year') return `${year}-12-31`;
	if (tijdvak === 'Month6') {
		return period <= 1 ? `${year}-06-30` : `${year}-12-31`;
	}
	const month = Math.min(Math.max(period, 1), 12);
	return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}
