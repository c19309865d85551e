/**
 * State of the Nmbrs emulator and the `--seed` JSON schema (documented in emulators/README.md, "## Nmbrs").
 * The state is plain JSON so it can be persisted by the common emulator host.
 */

import { NMBRS_RUNAT_HAS_OFFSET } from '../assumptions';

export type Tijdvak = 'None' | 'Month' | 'Week4' | 'Month6' | 'Year';
export const TIJDVAKKEN: readonly Tijdvak[] = ['None', 'Month', 'Week4', 'Month6', 'Year'];

export interface NmbrsEnvironment {
	/** The environment subdomain, `{domain}.nmbrs.nl`; the `Domain` of AuthHeaderWithDomain. */
	domain: string;
	name: string;
}

export interface NmbrsUser {
	/** E-mail address; compared case-insensitively. */
	username: string;
	/** API token; compared exactly. */
	token: string;
	/** Environments (domains) the user belongs to; more than one => Domain is required (2042). */
	domains: string[];
	/** Companies the user has rights on; null = every company of its environments. */
	companyIds: number[] | null;
	/** Operation names not granted in the user's API template (=> fault 1002), e.g. "Run_GetList". */
	deniedOperations: string[];
}

export interface NmbrsJournalLine {
	glCode: string;
	costCenter: string | null;
	costUnit: string | null;
	side: 'debit' | 'credit';
	/** Integer cents; may be negative only if a seed says so (the real sign behaviour is unknown). */
	amountCents: number;
	description: string;
	/** Optional, used for the per-employee journal report. */
	employeeName?: string;
}

export interface NmbrsJournal {
	/** ISO date `YYYY-MM-DD`, written as `header/date` `YYYYMMDD`. */
	date: string;
	/** `header/description`; default "Loonjournaal {maand} {jaar} run {n}". */
	description?: string;
	lines: NmbrsJournalLine[];
	/** When set, returned verbatim as the journal string instead of the generated XML (for odd-content tests). */
	rawXml?: string;
}

export interface NmbrsRun {
	id: number;
	number: number;
	year: number;
	periodStart: number;
	periodEnd: number;
	description: string;
	/** xs:dateTime without offset, e.g. 2025-01-24T10:12:00 (Europe/Amsterdam wall time). */
	runAt: string;
	isLocked: boolean;
	/** null => the run has no journal: the journal calls return an empty string. */
	journal: NmbrsJournal | null;
}

export interface NmbrsCompany {
	id: number;
	number: number;
	name: string;
	/** Environment the company lives in. */
	domain: string;
	phoneNumber: string;
	faxNumber: string;
	email: string;
	website: string;
	loonaangifteTijdvak: Tijdvak;
	kvkNr: string;
	/** Year used by Journals_GetByRunCompany (non-v2). */
	activeYear: number;
	/** Departments/employees used to split journal lines in the journal report. */
	employees: string[];
	runs: NmbrsRun[];
}

export interface PendingFault {
	/** null => a fault without a code ("---> {message}"), like the SSO login variant. */
	code: number | null;
	message: string;
	/** Only for this operation name (e.g. "Run_GetList"); absent => any operation. */
	operation?: string;
	/** How many more calls get this fault. */
	remaining: number;
}

export interface NmbrsState {
	environments: NmbrsEnvironment[];
	users: NmbrsUser[];
	companies: NmbrsCompany[];
	/** Faults queued through the admin API (e.g. 9999 for the next call). */
	pendingFaults: PendingFault[];
}

// ---- seed normalisation ---------------------------------------------------------------------------

class SeedError extends Error {}

function fail(path: string, msg: string): never {
	throw new SeedError(`${path}: ${msg}`);
}

function obj(v: unknown, path: string): Record<string, unknown> {
	if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'must be an object');
	return v as Record<string, unknown>;
}

function arr(v: unknown, path: string): unknown[] {
	if (!Array.isArray(v)) fail(path, 'must be an array');
	return v;
}

function str(v: unknown, path: string, dflt?: string): string {
	if (v === undefined || v === null) {
		if (dflt !== undefined) return dflt;
		fail(path, 'is required (string)');
	}
	if (typeof v !== 'string' && typeof v !== 'number') fail(path, 'must be a string');
	return String(v);
}

function int(v: unknown, path: string, dflt?: number): number {
	if (v === undefined || v === null) {
		if (dflt !== undefined) return dflt;
		fail(path, 'is required (integer)');
	}
	const n = typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
	if (typeof n !== 'number' || !Number.isSafeInteger(n)) fail(path, 'must be an integer');
	return n;
}

function bool(v: unknown, path: string, dflt: boolean): boolean {
	if (v === undefined || v === null) return dflt;
	if (typeof v !== 'boolean') fail(path, 'must be true or false');
	return v;
}

/** "5200.00", "5200", 5200.4, -12.5 => integer cents, exactly. */
export function toCents(v: unknown, path: string): number {
	if (typeof v === 'number') {
		const c = Math.round(v * 100);
		if (!Number.isFinite(v) || Math.abs(c - v * 100) > 1e-6) fail(path, 'must have at most 2 decimals');
		return c;
	}
	if (typeof v === 'string') {
		const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(v.trim());
		if (!m) fail(path, `"${v}" is not a decimal amount like 5200.00`);
		const c = Number(m[2]) * 100 + Number((m[3] ?? '0').padEnd(2, '0'));
		return m[1] === '-' ? -c : c;
	}
	fail(path, 'must be a number or a decimal string');
}

export function formatCents(cents: number): string {
	const sign = cents < 0 ? '-' : '';
	const a = Math.abs(cents);
	return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** Last calendar day of a payroll period (monthly: the month; Week4: 28-day blocks from 1 January). */
export function periodEndDate(tijdvak: Tijdvak, year: number, period: number): string {
	if (tijdvak === 'Week4') {
		const p = Math.min(Math.max(period, 1), 13);
		const d = p === 13 ? new Date(Date.UTC(year, 11, 31)) : new Date(Date.UTC(year, 0, 28 * p));
		return d.toISOString().slice(0, 10);
	}
	const month = Math.min(Math.max(period, 1), 12);
	return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

function isoDate(v: unknown, path: string): string {
	const s = str(v, path);
	const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(s);
	if (!m) fail(path, 'must be a date YYYY-MM-DD or YYYYMMDD');
	const iso = `${m[1]}-${m[2]}-${m[3]}`;
	const d = new Date(`${iso}T00:00:00Z`);
	if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) fail(path, `${s} is not a valid date`);
	return iso;
}

export function normaliseJournal(v: unknown, path: string, run: Pick<NmbrsRun, 'year' | 'periodEnd'>, tijdvak: Tijdvak): NmbrsJournal | null {
	if (v === null || v === undefined) return null;
	const j = obj(v, path);
	if (j.rawXml !== undefined) {
		return {
			date: j.date !== undefined ? isoDate(j.date, `${path}.date`) : periodEndDate(tijdvak, run.year, run.periodEnd),
			lines: [],
			rawXml: str(j.rawXml, `${path}.rawXml`),
		};
	}
	const lines = arr(j.lines ?? [], `${path}.lines`).map((lv, k) => {
		const lp = `${path}.lines[${k}]`;
		const l = obj(lv, lp);
		const side = str(l.side, `${lp}.side`);
		if (side !== 'debit' && side !== 'credit') fail(`${lp}.side`, 'must be "debit" or "credit"');
		const amountCents = l.amountCents !== undefined ? int(l.amountCents, `${lp}.amountCents`) : toCents(l.amount, `${lp}.amount`);
		const opt = (x: unknown, p: string): string | null => (x === undefined || x === null || x === '' ? null : str(x, p));
		const line: NmbrsJournalLine = {
			glCode: str(l.glCode, `${lp}.glCode`, ''),
			costCenter: opt(l.costCenter, `${lp}.costCenter`),
			costUnit: opt(l.costUnit, `${lp}.costUnit`),
			side,
			amountCents,
			description: str(l.description, `${lp}.description`, ''),
		};
		if (l.employeeName !== undefined) line.employeeName = str(l.employeeName, `${lp}.employeeName`);
		return line;
	});
	const journal: NmbrsJournal = {
		date: j.date !== undefined ? isoDate(j.date, `${path}.date`) : periodEndDate(tijdvak, run.year, run.periodEnd),
		lines,
	};
	if (j.description !== undefined) journal.description = str(j.description, `${path}.description`);
	return journal;
}

export const MONTHS_NL = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

/** A run's `runAt`: an xs:dateTime, with an optional offset only when NMBRS_RUNAT_HAS_OFFSET; written as stored. */
const RUN_AT_PATTERN = new RegExp(`^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?${NMBRS_RUNAT_HAS_OFFSET ? '(Z|[+-]\\d{2}:\\d{2})?' : ''}$`);

export function normaliseRun(v: unknown, path: string, tijdvak: Tijdvak, fallbackId: () => number, fallbackNumber: number): NmbrsRun {
	const r = obj(v, path);
	const year = int(r.year, `${path}.year`);
	const periodStart = int(r.periodStart ?? r.periodEnd, `${path}.periodStart`);
	const periodEnd = int(r.periodEnd, `${path}.periodEnd`, periodStart);
	const maxPeriod = tijdvak === 'Week4' ? 13 : 12;
	if (periodStart < 1 || periodEnd < periodStart || periodEnd > maxPeriod) fail(path, `periods must satisfy 1 <= periodStart <= periodEnd <= ${maxPeriod}`);
	const number = int(r.number, `${path}.number`, fallbackNumber);
	const label = tijdvak === 'Week4' ? `periode ${periodEnd}` : MONTHS_NL[periodEnd - 1];
	const runAt = str(r.runAt, `${path}.runAt`, `${periodEndDate(tijdvak, year, periodEnd)}T09:00:00`);
	if (!RUN_AT_PATTERN.test(runAt)) {
		fail(`${path}.runAt`, `must be an xs:dateTime${NMBRS_RUNAT_HAS_OFFSET ? '' : ' without offset'}, e.g. 2025-01-24T10:12:00`);
	}
	const run: NmbrsRun = {
		id: r.id === undefined ? fallbackId() : int(r.id, `${path}.id`),
		number,
		year,
		periodStart,
		periodEnd,
		description: str(r.description, `${path}.description`, `Run ${number} ${label}`),
		runAt,
		isLocked: bool(r.isLocked, `${path}.isLocked`, true),
		journal: null,
	};
	run.journal = normaliseJournal(r.journal, `${path}.journal`, run, tijdvak);
	return run;
}

/** Smallest unused run id above every existing one. */
export function nextRunId(state: NmbrsState): number {
	let max = 0;
	for (const c of state.companies) for (const r of c.runs) if (r.id > max) max = r.id;
	return max + 1;
}

/** Validates a `--seed` JSON document and turns it into state. Throws with a readable path on error. */
export function normaliseSeed(seed: unknown): NmbrsState {
	const s = obj(seed, 'seed');
	const companiesRaw = arr(s.companies ?? [], 'seed.companies');
	const envRaw = s.environments === undefined ? undefined : arr(s.environments, 'seed.environments');
	const environments: NmbrsEnvironment[] = (envRaw ?? []).map((e, k) => {
		if (typeof e === 'string') return { domain: e, name: e };
		const o = obj(e, `seed.environments[${k}]`);
		const domain = str(o.domain, `seed.environments[${k}].domain`);
		return { domain, name: str(o.name, `seed.environments[${k}].name`, domain) };
	});
	const users: NmbrsUser[] = arr(s.users ?? [], 'seed.users').map((u, k) => {
		const p = `seed.users[${k}]`;
		const o = obj(u, p);
		const domains = arr(o.domains ?? (o.domain !== undefined ? [o.domain] : []), `${p}.domains`).map((d, i) => str(d, `${p}.domains[${i}]`));
		if (domains.length === 0) fail(`${p}.domains`, 'needs at least one domain');
		return {
			username: str(o.username, `${p}.username`),
			token: str(o.token, `${p}.token`),
			domains,
			companyIds: o.companyIds === undefined || o.companyIds === null ? null : arr(o.companyIds, `${p}.companyIds`).map((c, i) => int(c, `${p}.companyIds[${i}]`)),
			deniedOperations: arr(o.deniedOperations ?? [], `${p}.deniedOperations`).map((c, i) => str(c, `${p}.deniedOperations[${i}]`)),
		};
	});
	// Environments named by users or companies exist implicitly.
	const known = new Set(environments.map((e) => e.domain.toLowerCase()));
	const addEnv = (d: string): void => {
		if (!known.has(d.toLowerCase())) {
			known.add(d.toLowerCase());
			environments.push({ domain: d, name: d });
		}
	};
	users.forEach((u) => u.domains.forEach(addEnv));
	if (environments.length === 0) fail('seed.environments', 'needs at least one environment (or a user with domains)');
	const defaultDomain = environments[0].domain;

	let autoRunId = 1;
	const explicitIds = new Set<number>();
	for (const c of companiesRaw) {
		const runs = (c as { runs?: unknown }).runs;
		if (Array.isArray(runs)) for (const r of runs) if (r && typeof (r as { id?: unknown }).id === 'number') explicitIds.add((r as { id: number }).id);
	}
	const takeId = (): number => {
		while (explicitIds.has(autoRunId)) autoRunId++;
		return autoRunId++;
	};

	const companies: NmbrsCompany[] = companiesRaw.map((cv, k) => {
		const p = `seed.companies[${k}]`;
		const c = obj(cv, p);
		const tijdvak = str(c.loonaangifteTijdvak, `${p}.loonaangifteTijdvak`, 'Month') as Tijdvak;
		if (!TIJDVAKKEN.includes(tijdvak)) fail(`${p}.loonaangifteTijdvak`, `must be one of ${TIJDVAKKEN.join(', ')}`);
		const domain = str(c.domain, `${p}.domain`, defaultDomain);
		addEnv(domain);
		const runsRaw = arr(c.runs ?? [], `${p}.runs`);
		const perYear = new Map<number, number>();
		const runs = runsRaw.map((rv, i) => {
			const y = typeof (rv as { year?: unknown })?.year === 'number' ? (rv as { year: number }).year : 0;
			const n = (perYear.get(y) ?? 0) + 1;
			perYear.set(y, n);
			return normaliseRun(rv, `${p}.runs[${i}]`, tijdvak, takeId, n);
		});
		const id = int(c.id, `${p}.id`);
		return {
			id,
			number: int(c.number, `${p}.number`, k + 1),
			name: str(c.name, `${p}.name`),
			domain,
			phoneNumber: str(c.phoneNumber, `${p}.phoneNumber`, ''),
			faxNumber: str(c.faxNumber, `${p}.faxNumber`, ''),
			email: str(c.email, `${p}.email`, ''),
			website: str(c.website, `${p}.website`, ''),
			loonaangifteTijdvak: tijdvak,
			kvkNr: str(c.kvkNr, `${p}.kvkNr`, ''),
			activeYear: int(c.activeYear, `${p}.activeYear`, runs.reduce((m, r) => Math.max(m, r.year), 0) || 2025),
			employees: arr(c.employees ?? [], `${p}.employees`).map((e, i) => str(e, `${p}.employees[${i}]`)),
			runs,
		};
	});
	const ids = new Set<number>();
	for (const c of companies) {
		if (ids.has(c.id)) fail('seed.companies', `duplicate company id ${c.id}`);
		ids.add(c.id);
	}
	const runIds = new Set<number>();
	for (const c of companies)
		for (const r of c.runs) {
			if (runIds.has(r.id)) fail('seed.companies', `duplicate run id ${r.id} (run ids are unique per environment)`);
			runIds.add(r.id);
		}
	const pendingFaults = arr(s.pendingFaults ?? [], 'seed.pendingFaults').map((f, k) => normaliseFault(f, `seed.pendingFaults[${k}]`));
	return { environments, users, companies, pendingFaults };
}

export function normaliseFault(v: unknown, path: string): PendingFault {
	const o = obj(v, path);
	const code = o.code === null ? null : int(o.code, `${path}.code`);
	const fault: PendingFault = {
		code,
		message: str(o.message, `${path}.message`, code === null ? 'Invalid combination email/password' : (DEFAULT_FAULT_MESSAGES[code] ?? 'Unkown')),
		remaining: int(o.count ?? o.remaining, `${path}.count`, 1),
	};
	if (o.operation !== undefined) fault.operation = str(o.operation, `${path}.operation`);
	return fault;
}

/** Fault messages (docs/vendors/nmbrs-soap.md §6.2; texts marked † there are verbatim, the others are our wording). */
export const DEFAULT_FAULT_MESSAGES: Record<number, string> = {
	1001: 'Invalid Authentication',
	1002: 'Unauthorized access',
	1003: 'Unauthorized access',
	1004: 'No valid subscription',
	1006: 'Generic Login Security Failure',
	2004: 'Unauthorized access',
	2006: 'Invalid period',
	2042: 'This username belongs to multiple environments',
	2043: 'Invalid Domain',
	2046: 'Not found',
	9999: 'Unkown',
};

export { SeedError };
