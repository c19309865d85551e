/**
 * Companies and payroll runs as read from `List_GetAll` and `Run_GetList` results (pure).
 */
import { children, childText } from '../../common/xml';
import type { XmlElement } from '../../common/xml';

export type Tijdvak = 'None' | 'Month' | 'Week4' | 'Month6' | 'Year' | string;

export interface NmbrsCompany {
	id: number;
	number: number | null;
	name: string;
	phoneNumber: string;
	faxNumber: string;
	email: string;
	website: string;
	loonaangifteTijdvak: Tijdvak;
	kvkNr: string;
}

export interface NmbrsRun {
	id: number;
	number: number | null;
	year: number;
	periodStart: number | null;
	periodEnd: number | null;
	description: string;
	/** xs:dateTime without offset (Europe/Amsterdam wall time), passed on as written. */
	runAt: string;
	isLocked: boolean;
}

function toInt(value: string | undefined): number | null {
	if (value === undefined || value.trim() === '') return null;
	return /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : null;
}

function toBool(value: string | undefined): boolean {
	return (value ?? '').trim().toLowerCase() === 'true' || (value ?? '').trim() === '1';
}

/** `<Company>` elements of a `List_GetAllResult` (absent or empty result = no companies). */
export function parseCompanies(result: XmlElement | undefined): NmbrsCompany[] {
	const companies: NmbrsCompany[] = [];
	for (const el of children(result, 'Company')) {
		const id = toInt(childText(el, 'ID'));
		if (id === null) continue;
		companies.push({
			id,
			number: toInt(childText(el, 'Number')),
			name: childText(el, 'Name') ?? '',
			phoneNumber: childText(el, 'PhoneNumber') ?? '',
			faxNumber: childText(el, 'FaxNumber') ?? '',
			email: childText(el, 'Email') ?? '',
			website: childText(el, 'Website') ?? '',
			loonaangifteTijdvak: childText(el, 'LoonaangifteTijdvak') ?? '',
			kvkNr: childText(el, 'KvkNr') ?? '',
		});
	}
	return companies;
}

/** `<RunInfo>` elements of a `Run_GetListResult`, in the order Nmbrs returns them. */
export function parseRuns(result: XmlElement | undefined, fallbackYear?: number): NmbrsRun[] {
	const runs: NmbrsRun[] = [];
	for (const el of children(result, 'RunInfo')) {
		const id = toInt(childText(el, 'ID'));
		if (id === null) continue;
		runs.push({
			id,
			number: toInt(childText(el, 'Number')),
			year: toInt(childText(el, 'Year')) ?? fallbackYear ?? 0,
			periodStart: toInt(childText(el, 'PeriodStart')),
			periodEnd: toInt(childText(el, 'PeriodEnd')),
			description: childText(el, 'Description') ?? '',
			runAt: childText(el, 'RunAt') ?? '',
			isLocked: toBool(childText(el, 'IsLocked')),
		});
	}
	return runs;
}

/** A payroll period of a year. */
export interface YearPeriod {
	year: number;
	period: number;
}

/** A (year, period) position that sorts and compares: year * 100 + period. */
export function periodKey(year: number, period: number): number {
	return year * 100 + period;
}

/**
 * True when the run overlaps the range [from, to] (inclusive, year+period). A run covers
 * PeriodStart..PeriodEnd of its year; a run without periods is kept (it cannot be placed).
 */
export function runInRange(run: NmbrsRun, from: YearPeriod, to: YearPeriod): boolean {
	const start = run.periodStart ?? run.periodEnd;
	const end = run.periodEnd ?? run.periodStart;
	if (start === null || end === null) return run.year >= from.year && run.year <= to.year;
	return periodKey(run.year, end) >= periodKey(from.year, from.period) && periodKey(run.year, start) <= periodKey(to.year, to.period);
}

/** Runs ordered by year, period end, number, id (stable, for deterministic output). */
export function sortRuns(runs: NmbrsRun[]): NmbrsRun[] {
	return [...runs].sort(
		(a, b) =>
			a.year - b.year ||
			(a.periodEnd ?? 0) - (b.periodEnd ?? 0) ||
			(a.number ?? 0) - (b.number ?? 0) ||
			a.id - b.id,
	);
}

/** Which runs to read: those overlapping [from, to], and only locked (finalised) ones when asked. */
export interface RunFilter {
	from: YearPeriod;
	to: YearPeriod;
	onlyLockedRuns: boolean;
}

/** The runs the filter selects, in {@link sortRuns} order, and how many were left out for not being locked. */
export function selectRuns(runs: NmbrsRun[], filter: RunFilter): { runs: NmbrsRun[]; unlockedSkipped: number } {
	const inRange = sortRuns(runs.filter((run) => runInRange(run, filter.from, filter.to)));
	const selected = filter.onlyLockedRuns ? inRange.filter((run) => run.isLocked) : inRange;
	return { runs: selected, unlockedSkipped: inRange.length - selected.length };
}
