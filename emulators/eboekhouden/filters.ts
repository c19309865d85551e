/**
 * e-Boekhouden list query syntax (docs/vendors/eboekhouden-rest.md §3): `?param[op]=value`, one filter
 * per parameter, brackets raw or percent-encoded, paging with limit (1..2000, default 100) and offset (>= 0, default 0).
 */
import { EB_ASSUMPTIONS } from '../assumptions';

export type FilterKind = 'string' | 'number' | 'date';
export const STRING_OPS = ['eq', 'not_eq', 'like', 'not_like'] as const;
export const NUMBER_OPS = ['eq', 'not_eq', 'gt', 'gte', 'lt', 'lte', 'range'] as const;

export interface Filter {
	param: string;
	kind: FilterKind;
	op: string;
	value: string;
	test(v: unknown): boolean;
}

export interface ListQuery {
	limit: number;
	offset: number;
	filters: Filter[];
}

export interface QueryError {
	code: string;
	propertyName: string;
}

const PARAM_RE = /^([A-Za-z][A-Za-z0-9]*)(?:\[([A-Za-z_]+)\])?$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isValidDate(s: string): boolean {
	if (!DATE_RE.test(s)) return false;
	const d = new Date(`${s}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function fold(s: string): string {
	return EB_ASSUMPTIONS.stringCompareCaseInsensitive ? s.toLowerCase() : s;
}

/** SQL-LIKE with `%` (any run) and `?` (exactly one character). */
export function likeToRegExp(pattern: string): RegExp {
	let re = '^';
	for (const ch of pattern) {
		if (ch === '%') re += '[\\s\\S]*';
		else if (ch === '?') re += '[\\s\\S]';
		else re += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
	}
	return new RegExp(re + '$', EB_ASSUMPTIONS.stringCompareCaseInsensitive ? 'iu' : 'u');
}

function stringTest(op: string, value: string): (v: unknown) => boolean {
	if (op === 'eq' || op === 'not_eq') {
		const want = fold(value);
		const eq = (v: unknown): boolean => v !== undefined && v !== null && fold(String(v)) === want;
		return op === 'eq' ? eq : (v) => !eq(v);
	}
	const re = likeToRegExp(value);
	const like = (v: unknown): boolean => v !== undefined && v !== null && re.test(String(v));
	return op === 'like' ? like : (v) => !like(v);
}

function orderedTest<T>(op: string, parse: (s: string) => T | undefined, value: string): ((v: unknown) => boolean) | undefined {
	const cmp = (a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);
	if (op === 'range') {
		const parts = value.split(',');
		if (parts.length !== 2) return undefined;
		const lo = parse(parts[0].trim());
		const hi = parse(parts[1].trim());
		if (lo === undefined || hi === undefined) return undefined;
		return (v) => {
			const x = parse(String(v));
			return x !== undefined && cmp(x, lo) >= 0 && cmp(x, hi) <= 0;
		};
	}
	const want = parse(value);
	if (want === undefined) return undefined;
	return (v) => {
		const x = v === undefined || v === null ? undefined : parse(String(v));
		if (x === undefined) return op === 'not_eq';
		const c = cmp(x, want);
		switch (op) {
			case 'eq':
				return c === 0;
			case 'not_eq':
				return c !== 0;
			case 'gt':
				return c > 0;
			case 'gte':
				return c >= 0;
			case 'lt':
				return c < 0;
			case 'lte':
				return c <= 0;
			default:
				return false;
		}
	};
}

const parseNumber = (s: string): number | undefined => (/^-?\d+(\.\d+)?$/.test(s) ? Number(s) : undefined);
const parseDate = (s: string): string | undefined => {
	const d = s.slice(0, 10); // list dates may be date-times
	return isValidDate(d) ? d : undefined;
};

/**
 * Parse limit/offset and the filters for the given parameters (names case-insensitive, as ASP.NET binds
 * them). Unknown parameters are ignored. Returns the first error in query order.
 */
export function parseListQuery(
	rawQuery: string,
	params: Record<string, FilterKind>,
): { ok: true; query: ListQuery } | { ok: false; error: QueryError } {
	const known = new Map(Object.entries(params).map(([k, kind]) => [k.toLowerCase(), { name: k, kind }]));
	const seen = new Set<string>();
	let limit = 100;
	let offset = 0;
	const filters: Filter[] = [];
	for (const [rawKey, value] of new URLSearchParams(rawQuery)) {
		const m = PARAM_RE.exec(rawKey);
		if (!m) continue;
		const name = m[1].toLowerCase();
		const op = (m[2] ?? 'eq').toLowerCase();
		if (name === 'limit' && !m[2]) {
			if (!/^-?\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > 2000) {
				return { ok: false, error: { code: 'PAGE_001', propertyName: 'limit' } };
			}
			limit = Number(value);
			continue;
		}
		if (name === 'offset' && !m[2]) {
			if (!/^-?\d+$/.test(value.trim())) return { ok: false, error: { code: 'ERR_002', propertyName: 'offset' } };
			if (Number(value) < 0) return { ok: false, error: { code: 'PAGE_002', propertyName: 'offset' } };
			offset = Number(value);
			continue;
		}
		const def = known.get(name);
		if (!def) continue;
		if (seen.has(name)) return { ok: false, error: { code: EB_ASSUMPTIONS.duplicateFilterCode, propertyName: def.name } };
		seen.add(name);
		let test: ((v: unknown) => boolean) | undefined;
		if (def.kind === 'string') {
			if ((STRING_OPS as readonly string[]).includes(op)) test = stringTest(op, value);
		} else if ((NUMBER_OPS as readonly string[]).includes(op)) {
			test = def.kind === 'number' ? orderedTest(op, parseNumber, value) : orderedTest(op, parseDate, value);
		}
		if (!test) return { ok: false, error: { code: 'ERR_002', propertyName: def.name } };
		filters.push({ param: def.name, kind: def.kind, op, value, test });
	}
	return { ok: true, query: { limit, offset, filters } };
}

/** Apply filters (field = parameter name) and the page window. */
export function applyListQuery<T extends object>(items: T[], q: ListQuery, field: (item: T, param: string) => unknown = (i, p) => (i as Record<string, unknown>)[p]): T[] {
	const matched = q.filters.length === 0 ? items : items.filter((item) => q.filters.every((f) => f.test(field(item, f.param))));
	return matched.slice(q.offset, q.offset + q.limit);
}
