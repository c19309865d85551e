/**
 * e-Boekhouden.nl REST API v1 emulator (session, administration, ledger, cost center, mutation), after
 * docs/vendors/eboekhouden-rest.md. Everything that file marks ASSUMPTION comes from
 * EB_ASSUMPTIONS / ebMemoriaalRowSide in ../assumptions.ts.
 */
import { randomBytes } from 'node:crypto';

import { EB_ASSUMPTIONS, ebMemoriaalRowSide } from '../assumptions';
import { headerValue, parseJson } from '../common/http';
import { jsonBodySubject } from '../common/requestLog';
import type { EmulatorService, ServiceContext, VendorRequest, VendorResponse } from '../common/types';
import { EB_ERROR_MESSAGES } from './errorCodes';
import { applyListQuery, isValidDate, parseListQuery, type FilterKind } from './filters';
import {
	ALL_CATEGORIES,
	WRITABLE_CATEGORIES,
	round2,
	stateFromSeed,
	type Category,
	type CostCenter,
	type EbState,
	type Ledger,
	type Mutation,
	type MutationRow,
} from './state';

export type { EbState } from './state';

type Ctx = ServiceContext<EbState>;

// ---- knobs -----------------------------------------------------------------------------------

export interface EbServiceKnobs {
	/** `expiresIn` of new sessions (seconds). */
	sessionLifetimeSeconds: number;
	/** Postings dated on or before this date are rejected. null => the seed/state value (default none). */
	closedUntil: string | null;
	/** 'administration' => MUT_005; 'accountant' => SECURITY_007. null => the seed/state value. */
	closedBy: 'administration' | 'accountant' | null;
	/** MUT_101 above this many rows. */
	maxRows: number;
	/** MUT_118 when a memoriaal's rows do not sum to zero. */
	requireBalancedMemoriaal: boolean;
	/** §6.1 a row with amount 0 is rejected with ERR_002 (propertyName rows[i].amount). */
	rejectZeroAmountRows: boolean;
	/** §4.4.4 `date` of mutations is untyped in the schema: true => answer `2025-01-31T00:00:00` instead of `2025-01-31`. */
	dateTimeDates: boolean;
}

export const EB_DEFAULT_KNOBS: EbServiceKnobs = {
	sessionLifetimeSeconds: EB_ASSUMPTIONS.sessionLifetimeSeconds,
	closedUntil: null,
	closedBy: null,
	maxRows: EB_ASSUMPTIONS.maxRows,
	requireBalancedMemoriaal: EB_ASSUMPTIONS.requireBalancedMemoriaal,
	dateTimeDates: false,
	rejectZeroAmountRows: EB_ASSUMPTIONS.rejectZeroAmountRows,
};

function knob<K extends keyof EbServiceKnobs>(ctx: Ctx, key: K): EbServiceKnobs[K] {
	const v = ctx.knobs.service[key];
	return (v === undefined ? EB_DEFAULT_KNOBS[key] : v) as EbServiceKnobs[K];
}

// ---- errors ----------------------------------------------------------------------------------

function traceId(): string {
	const b = randomBytes(24).toString('hex');
	return `00-${b.slice(0, 32)}-${b.slice(32, 48)}-01`;
}

export interface EbErrorOptions {
	status?: number;
	type?: string;
	propertyName?: string;
	securityType?: number;
}

/** The documented Error body `{type,title,status,code,propertyName?,traceId}` (+ securityType for SecurityError). */
export function ebError(code: string, opts: EbErrorOptions = {}): VendorResponse {
	const status = opts.status ?? 400;
	const body: Record<string, unknown> = {
		type: opts.type ?? (status === 401 || status === 403 ? 'security' : 'validation'),
		title: EB_ERROR_MESSAGES[code] ?? code,
		status,
		code,
	};
	if (opts.propertyName !== undefined) body.propertyName = opts.propertyName;
	if (opts.securityType !== undefined) body.securityType = opts.securityType;
	body.traceId = traceId();
	return { status, body };
}

const ok = (body: unknown, status = 200): VendorResponse => ({ status, body: body as object });
const noContent = (): VendorResponse => ({ status: 204 });
const notFoundRoute = (): VendorResponse => ({ status: EB_ASSUMPTIONS.unknownRouteStatus });

// ---- routing ---------------------------------------------------------------------------------

/** ASP.NET routing: case-insensitive, a trailing slash is ignored. */
function normPath(path: string): string {
	let p = path.toLowerCase();
	if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
	return p;
}

const ID_SEGMENT = /^\d+$/;

/** '/v1/mutation/6353' -> ['v1','mutation','{id}'] for the request log. */
export function ebOperation(req: VendorRequest): string {
	const parts = normPath(req.path)
		.split('/')
		.filter(Boolean)
		.map((s) => (ID_SEGMENT.test(s) ? '{id}' : s));
	return `${req.method} /${parts.join('/')}`;
}

// ---- auth ------------------------------------------------------------------------------------

function unauthenticated(): VendorResponse {
	const a = EB_ASSUMPTIONS.unauthenticated;
	return ebError(a.code, { status: a.status, type: a.type });
}

function sessionTokenOf(req: VendorRequest): string | undefined {
	const h = headerValue(req, 'authorization')?.trim();
	if (!h) return undefined;
	if (EB_ASSUMPTIONS.acceptBearerPrefix && /^bearer\s+/i.test(h)) return h.replace(/^bearer\s+/i, '').trim();
	return h;
}

function authenticate(req: VendorRequest, ctx: Ctx): { token: string; accountant: boolean } | undefined {
	const token = sessionTokenOf(req);
	if (!token) return undefined;
	const session = ctx.state.sessions[token];
	if (!session) return undefined;
	if (ctx.now().getTime() >= Date.parse(session.expiresAt)) return undefined;
	const api = ctx.state.tokens.find((t) => t.token === session.apiToken);
	if (!api) return undefined;
	return { token, accountant: api.accountant };
}

function todayOf(ctx: Ctx): string {
	return ctx.now().toISOString().slice(0, 10);
}

function createSession(req: VendorRequest, ctx: Ctx): VendorResponse {
	if (req.body.trim() === '') return ebError('DATA_01');
	const parsed = parseJson(req.body);
	if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
		return ebError('ERR_002');
	}
	const body = parsed.value as Record<string, unknown>;
	const accessToken = body.accessToken;
	const source = body.source;
	for (const check of EB_ASSUMPTIONS.sessionCheckOrder) {
		if (check === 'API_SESSION_003' && (typeof accessToken !== 'string' || accessToken.trim() === '')) {
			return ebError('API_SESSION_003', { propertyName: 'accessToken' });
		}
		if (check === 'API_SESSION_001' && (source === undefined || source === null || source === '')) {
			return ebError('API_SESSION_001', { propertyName: 'source' });
		}
		if (check === 'API_SESSION_002' && (typeof source !== 'string' || !EB_ASSUMPTIONS.sourcePattern.test(source))) {
			return ebError('API_SESSION_002', { propertyName: 'source' });
		}
	}
	const api = ctx.state.tokens.find((t) => t.token === accessToken);
	if (!api) {
		const u = EB_ASSUMPTIONS.unknownAccessToken;
		return ebError(u.code, { status: u.status, type: 'security', securityType: u.securityType });
	}
	if (api.expiresOn && api.expiresOn < todayOf(ctx)) {
		return ebError('API_SESSION_004', { status: EB_ASSUMPTIONS.expiredAccessTokenStatus, propertyName: 'accessToken' });
	}
	const now = ctx.now();
	// drop sessions that expired (keeps the state small)
	for (const [t, s] of Object.entries(ctx.state.sessions)) {
		if (Date.parse(s.expiresAt) <= now.getTime()) delete ctx.state.sessions[t];
	}
	const lifetime = Math.max(1, Math.floor(Number(knob(ctx, 'sessionLifetimeSeconds'))));
	const token = randomBytes(24).toString('base64');
	ctx.state.sessions[token] = {
		apiToken: api.token,
		source: source as string,
		issuedAt: now.toISOString(),
		expiresAt: new Date(now.getTime() + lifetime * 1000).toISOString(),
	};
	ctx.changed();
	return ok({ token, expiresIn: lifetime });
}

// ---- helpers ---------------------------------------------------------------------------------

function listEnvelope<T>(items: T[]): VendorResponse {
	// ASSUMPTION §3: count = number of items on this page
	return ok({ items, count: items.length });
}

function listWith<T extends object>(
	req: VendorRequest,
	items: T[],
	params: Record<string, FilterKind>,
	project: (item: T) => unknown,
	field?: (item: T, param: string) => unknown,
): VendorResponse {
	const q = parseListQuery(req.rawQuery, params);
	if (!q.ok) return ebError(q.error.code, { propertyName: q.error.propertyName });
	return listEnvelope(applyListQuery(items, q.query, field).map(project));
}

function bodyObject(req: VendorRequest): { ok: true; body: Record<string, unknown> } | { ok: false; response: VendorResponse } {
	const ct = headerValue(req, 'content-type');
	if (req.body.trim() === '') return { ok: false, response: ebError('DATA_01') };
	if (ct && !/json/i.test(ct)) {
		return { ok: false, response: { status: 415, body: { type: 'error', title: 'Unsupported Media Type', status: 415, traceId: traceId() } } };
	}
	const parsed = parseJson(req.body);
	if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
		return { ok: false, response: ebError('ERR_002') };
	}
	return { ok: true, body: parsed.value as Record<string, unknown> };
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const has = (o: Record<string, unknown>, k: string): boolean => o[k] !== undefined && o[k] !== null;
const eqCI = (a: string, b: string): boolean =>
	EB_ASSUMPTIONS.stringCompareCaseInsensitive ? a.toLowerCase() === b.toLowerCase() : a === b;
const toCents = (n: number): number => Math.sign(n) * Math.round(Math.abs(n) * 100 + 1e-7);

// ---- ledgers ---------------------------------------------------------------------------------

const ledgerItem = (l: Ledger): Ledger => ({ id: l.id, code: l.code, description: l.description, category: l.category, group: l.group });

function createLedger(req: VendorRequest, ctx: Ctx): VendorResponse {
	const b = bodyObject(req);
	if (!b.ok) return b.response;
	const body = b.body;
	const code = body.code;
	if (typeof code !== 'string' || code.trim() === '') return ebError('LEDG_001', { propertyName: 'code' });
	if (code.length > 10) return ebError('LEDG_002', { propertyName: 'code' });
	const description = body.description;
	if (typeof description !== 'string' || description.trim() === '') return ebError('LEDG_003', { propertyName: 'description' });
	if (description.length > 50) return ebError('LEDG_004', { propertyName: 'description' });
	const category = body.category;
	if (category === undefined || category === null || category === '') return ebError('LEDG_005', { propertyName: 'category' });
	if (!ALL_CATEGORIES.includes(category as Category)) return ebError('LEDG_010', { propertyName: 'category' });
	if (!WRITABLE_CATEGORIES.includes(category as Category)) return ebError('LEDG_018', { propertyName: 'category' });
	const group = body.group;
	if (typeof group !== 'string' || group.trim() === '') return ebError('LEDG_007', { propertyName: 'group' });
	if (!ctx.state.ledgerGroups.some((g) => g.code === group)) return ebError('LEDG_012', { propertyName: 'group' });
	if (ctx.state.ledgers.some((l) => eqCI(l.code, code))) return ebError('LEDG_013', { propertyName: 'code' });
	if (ctx.state.ledgerGroups.some((g) => eqCI(g.code, code))) return ebError('LEDG_017', { propertyName: 'code' });
	const id = ctx.state.nextIds.ledger++;
	ctx.state.ledgers.push({ id, code, description, category: category as Category, group });
	ctx.changed();
	return ok({ id });
}

function patchLedger(req: VendorRequest, ctx: Ctx, ledger: Ledger): VendorResponse {
	const b = bodyObject(req);
	if (!b.ok) return b.response;
	const body = b.body;
	const next = { ...ledger };
	if (has(body, 'code')) {
		const code = String(body.code);
		if (code.trim() === '') return ebError('LEDG_001', { propertyName: 'code' });
		if (code.length > 10) return ebError('LEDG_002', { propertyName: 'code' });
		if (ctx.state.ledgers.some((l) => l.id !== ledger.id && eqCI(l.code, code))) return ebError('LEDG_013', { propertyName: 'code' });
		if (ctx.state.ledgerGroups.some((g) => eqCI(g.code, code))) return ebError('LEDG_017', { propertyName: 'code' });
		next.code = code;
	}
	if (has(body, 'description')) {
		const d = String(body.description);
		if (d.trim() === '') return ebError('LEDG_003', { propertyName: 'description' });
		if (d.length > 50) return ebError('LEDG_004', { propertyName: 'description' });
		next.description = d;
	}
	if (has(body, 'group')) {
		const g = String(body.group);
		if (!ctx.state.ledgerGroups.some((x) => x.code === g)) return ebError('LEDG_012', { propertyName: 'group' });
		next.group = g;
	}
	if (has(body, 'category') && body.category !== ledger.category) {
		const c = body.category as Category;
		if (!ALL_CATEGORIES.includes(c)) return ebError('LEDG_010', { propertyName: 'category' });
		if (!WRITABLE_CATEGORIES.includes(c)) return ebError('LEDG_018', { propertyName: 'category' });
		const booked = ctx.state.mutations.some((m) => m.ledgerId === ledger.id || m.rows.some((r) => r.ledgerId === ledger.id));
		if (booked && !(c === 'BAL' || c === 'VW')) return ebError('LEDG_015', { propertyName: 'category' });
		if (booked && !WRITABLE_CATEGORIES.includes(ledger.category)) return ebError('LEDG_014', { propertyName: 'category' });
		next.category = c;
	}
	Object.assign(ledger, next);
	ctx.changed();
	return noContent();
}

/** §4.2 balance: debit-positive; type 7 rows via ebMemoriaalRowSide, other types a simplified double entry. */
function ledgerBalance(req: VendorRequest, ctx: Ctx, ledger: Ledger): VendorResponse {
	const from = req.query.get('from') ?? undefined;
	const to = req.query.get('to') ?? undefined;
	const cc = req.query.get('costCenterId') ?? undefined;
	if ((from && !isValidDate(from)) || (to && !isValidDate(to))) return ebError('ERR_002', { propertyName: from && !isValidDate(from) ? 'from' : 'to' });
	let cents = 0;
	for (const m of ctx.state.mutations) {
		if ((from && m.date < from) || (to && m.date > to)) continue;
		for (const r of m.rows) {
			if (cc && String(r.costCenterId ?? '') !== cc) continue;
			const a = toCents(r.amount);
			// side the ROW ledger books; the main ledger books the opposite
			let rowSide: 'debit' | 'credit';
			let abs = Math.abs(a);
			if (m.type === 7) {
				const s = ebMemoriaalRowSide(a);
				rowSide = s.side;
				abs = s.cents;
			} else {
				const rowCredit = m.type === 2 || m.type === 3 || m.type === 5;
				rowSide = (a >= 0) === rowCredit ? 'credit' : 'debit';
			}
			const signed = rowSide === 'debit' ? abs : -abs;
			if (r.ledgerId === ledger.id) cents += signed;
			if (m.ledgerId === ledger.id && !cc) cents -= signed;
		}
	}
	return ok({ code: ledger.code, type: ledger.category, balance: cents / 100 });
}

// ---- cost centres ----------------------------------------------------------------------------

function fullPath(state: EbState, cc: CostCenter): string {
	const parts: string[] = [];
	let cur: CostCenter | undefined = cc;
	const guard = new Set<number>();
	while (cur && !guard.has(cur.id)) {
		guard.add(cur.id);
		parts.unshift(cur.description);
		const parentId: number = cur.parentId;
		cur = parentId ? state.costCenters.find((c) => c.id === parentId) : undefined;
	}
	return parts.join(EB_ASSUMPTIONS.costCenterPathSeparator);
}

const costCenterItem = (c: CostCenter) => ({ id: c.id, description: c.description, parentId: c.parentId, active: c.active });

function createCostCenter(req: VendorRequest, ctx: Ctx): VendorResponse {
	const b = bodyObject(req);
	if (!b.ok) return b.response;
	const { description } = b.body;
	const parentId = isInt(b.body.parentId) ? b.body.parentId : EB_ASSUMPTIONS.rootCostCenterParentId;
	if (typeof description !== 'string' || description.trim() === '') return ebError('COST_003', { propertyName: 'description' });
	if (description.length > EB_ASSUMPTIONS.costCenterDescriptionMaxLength) return ebError('COST_004', { propertyName: 'description' });
	if (/[<>/\\]/.test(description)) return ebError('COST_012', { propertyName: 'description' });
	if (parentId) {
		const parent = ctx.state.costCenters.find((c) => c.id === parentId);
		if (!parent) return ebError('COST_008', { propertyName: 'parentId' });
		if (!parent.active) return ebError('COST_007', { propertyName: 'parentId' });
	}
	if (ctx.state.costCenters.some((c) => c.parentId === parentId && eqCI(c.description, description))) {
		return ebError('COST_005', { propertyName: 'description' });
	}
	const active = b.body.active !== false;
	const id = ctx.state.nextIds.costCenter++;
	ctx.state.costCenters.push({ id, description, parentId, active });
	ctx.changed();
	return ok({ id, active });
}

// ---- mutations -------------------------------------------------------------------------------

const VAT_CODES: Record<string, { rate: number; kind: 'sale' | 'purchase' | 'none' }> = {
	HOOG_VERK_21: { rate: 21, kind: 'sale' },
	LAAG_VERK_9: { rate: 9, kind: 'sale' },
	VERL_VERK: { rate: 0, kind: 'sale' },
	VERL_VERK_L9: { rate: 0, kind: 'sale' },
	AFW: { rate: 0, kind: 'none' },
	BU_EU_VERK: { rate: 0, kind: 'sale' },
	BI_EU_VERK: { rate: 0, kind: 'sale' },
	BI_EU_VERK_D: { rate: 0, kind: 'sale' },
	AFST_VERK: { rate: 0, kind: 'sale' },
	LAAG_INK_9: { rate: 9, kind: 'purchase' },
	HOOG_INK_21: { rate: 21, kind: 'purchase' },
	VERL_INK: { rate: 0, kind: 'purchase' },
	AFW_VERK: { rate: 0, kind: 'none' },
	BU_EU_INK: { rate: 0, kind: 'purchase' },
	BI_EU_INK: { rate: 0, kind: 'purchase' },
	GEEN: { rate: 0, kind: 'none' },
};
const PURCHASE_TYPES = new Set([1, 4, 6]);
const SALE_TYPES = new Set([2, 3, 5]);

function effectiveClosed(ctx: Ctx): { until: string | null; by: 'administration' | 'accountant' } {
	const kUntil = ctx.knobs.service.closedUntil;
	const kBy = ctx.knobs.service.closedBy;
	return {
		until: typeof kUntil === 'string' && kUntil !== '' ? kUntil : ctx.state.closedUntil,
		by: kBy === 'accountant' || kBy === 'administration' ? kBy : ctx.state.closedBy,
	};
}

/**
 * POST /v1/mutation. Checks run in this order (first failure wins; the vendor's order is not documented):
 * type, date, closed period, main ledger, inExVat, invoiceNumber, relation, termOfPayment, description,
 * entryNumber, rows (count, then per row in order: ledger, cost centre, VAT, amount), memoriaal balance, uniqueness.
 */
function createMutation(req: VendorRequest, ctx: Ctx): VendorResponse {
	const b = bodyObject(req);
	if (!b.ok) return b.response;
	const body = b.body;
	const state = ctx.state;

	// type
	if (!has(body, 'type')) return ebError('MUTA_002', { propertyName: 'type' });
	if (!isInt(body.type)) return ebError('MUT_001', { propertyName: 'type' });
	const type = body.type;
	if (type < 1 || type > 7) return ebError('MUTA_009', { propertyName: 'type' });

	// date
	if (!has(body, 'date') || body.date === '') return ebError('MUT_003', { propertyName: 'date' });
	const dateIn = String(body.date);
	const date = dateIn.slice(0, 10);
	if (typeof body.date !== 'string' || !isValidDate(date) || !(dateIn.length === 10 || /^T[\d:.]+Z?$/.test(dateIn.slice(10)))) {
		return ebError('MUT_004', { propertyName: 'date' });
	}
	const closed = effectiveClosed(ctx);
	if (closed.until && date <= closed.until) {
		const c = EB_ASSUMPTIONS.closedPeriod;
		return closed.by === 'accountant'
			? ebError(c.security007.code, { status: c.security007.status, type: c.security007.type, securityType: c.security007.securityType })
			: ebError(c.mut005.code, { status: c.mut005.status, type: c.mut005.type, propertyName: c.mut005.propertyName });
	}

	// main ledger
	if (!has(body, 'ledgerId')) return ebError('MUTA_001', { propertyName: 'ledgerId' });
	if (!isInt(body.ledgerId)) return ebError('ERR_002', { propertyName: 'ledgerId' });
	const main = state.ledgers.find((l) => l.id === body.ledgerId);
	if (!main) return ebError('MUT_007', { propertyName: 'ledgerId' });
	const wantMain = EB_ASSUMPTIONS.mainLedgerCategory[type];
	if (wantMain && main.category !== wantMain) {
		const code = wantMain === 'CRED' ? 'MUT_010' : wantMain === 'DEB' ? 'MUT_011' : 'MUT_009';
		return ebError(code, { propertyName: 'ledgerId' });
	}

	// inExVat
	let inExVat: 'IN' | 'EX' = 'EX';
	if (has(body, 'inExVat')) {
		if (body.inExVat !== 'IN' && body.inExVat !== 'EX') return ebError('MUT_017', { propertyName: 'inExVat' });
		inExVat = body.inExVat;
	} else if ((EB_ASSUMPTIONS.inExVatRequiredTypes as readonly number[]).includes(type)) {
		return ebError('MUTA_005', { propertyName: 'inExVat' });
	}

	// invoice number
	const invoiceNumber = has(body, 'invoiceNumber') ? String(body.invoiceNumber) : undefined;
	if ((type === 1 || type === 2) && !invoiceNumber) return ebError('MUT_002', { propertyName: 'invoiceNumber' });
	if (invoiceNumber !== undefined && invoiceNumber.length > 50) return ebError('MUT_018', { propertyName: 'invoiceNumber' });

	// relation
	const relationId = has(body, 'relationId') ? body.relationId : undefined;
	if (type === 7 && relationId !== undefined) return ebError('MUT_014', { propertyName: 'relationId' });
	if ((type === 1 || type === 2) && relationId === undefined) return ebError('MUT_012', { propertyName: 'relationId' });
	if (relationId !== undefined && (!isInt(relationId) || !state.relations.some((r) => r.id === relationId))) {
		return ebError('MUT_013', { propertyName: 'relationId' });
	}

	// term of payment (only for invoices)
	if (has(body, 'termOfPayment')) {
		if (type !== 1 && type !== 2) return ebError('MUT_016', { propertyName: 'termOfPayment' });
		if (!isInt(body.termOfPayment) || body.termOfPayment < 0 || body.termOfPayment > 365) {
			return ebError('MUT_015', { propertyName: 'termOfPayment' });
		}
	}

	const description = has(body, 'description') ? String(body.description) : undefined;
	if (description !== undefined && description.length > EB_ASSUMPTIONS.descriptionMaxLength) {
		return ebError('ERR_002', { propertyName: 'description' });
	}
	const entryNumber = has(body, 'entryNumber') ? String(body.entryNumber) : undefined;
	if (entryNumber !== undefined && entryNumber.length > 50) return ebError('ERR_002', { propertyName: 'entryNumber' });

	// rows
	if (!Array.isArray(body.rows) || body.rows.length === 0) return ebError('MUT_100', { propertyName: 'rows' });
	const maxRows = Number(knob(ctx, 'maxRows'));
	if (body.rows.length > maxRows) return ebError('MUT_101', { propertyName: 'rows' });
	const rows: MutationRow[] = [];
	const vatTotals = new Map<string, number>();
	let sumCents = 0;
	for (let i = 0; i < body.rows.length; i++) {
		const p = (f: string): { propertyName: string } => ({ propertyName: `rows[${i}].${f}` });
		const r = body.rows[i] as Record<string, unknown>;
		if (typeof r !== 'object' || r === null || Array.isArray(r)) return ebError('ERR_002', { propertyName: `rows[${i}]` });
		// ledger: required for 1, 2, 5, 6, 7
		let rowLedger: Ledger | undefined;
		if (!has(r, 'ledgerId')) {
			if (type !== 3 && type !== 4) return ebError('MUTA_004', p('ledgerId'));
		} else {
			if (!isInt(r.ledgerId)) return ebError('ERR_002', p('ledgerId'));
			rowLedger = state.ledgers.find((l) => l.id === r.ledgerId);
			if (!rowLedger) return ebError('MUT_104', p('ledgerId'));
			if (type !== 7 && type !== 3 && type !== 4 && ['FIN', 'CRED', 'DEB'].includes(rowLedger.category)) {
				return ebError('MUT_106', p('ledgerId'));
			}
		}
		if (has(r, 'costCenterId')) {
			if (!isInt(r.costCenterId) || !state.costCenters.some((c) => c.id === r.costCenterId)) return ebError('MUT_117', p('costCenterId'));
		}
		const vatCode = r.vatCode;
		if (typeof vatCode !== 'string' || !VAT_CODES[vatCode]) return ebError('MUT_109', p('vatCode'));
		const vat = VAT_CODES[vatCode];
		if (PURCHASE_TYPES.has(type) && vat.kind === 'sale') return ebError('MUT_110', p('vatCode'));
		if (SALE_TYPES.has(type) && vat.kind === 'purchase') return ebError('MUT_111', p('vatCode'));
		if (has(r, 'vatAmount') && vatCode !== 'AFW' && vatCode !== 'AFW_VERK') return ebError('MUTA_003', p('vatAmount'));
		if (typeof r.amount !== 'number' || !Number.isFinite(r.amount)) return ebError('ERR_002', p('amount'));
		if (has(r, 'description') && String(r.description).length > EB_ASSUMPTIONS.descriptionMaxLength) {
			return ebError('ERR_002', p('description'));
		}
		if ((type === 3 || type === 4) && !has(r, 'invoiceNumber') && !invoiceNumber) return ebError('MUT_120', p('invoiceNumber'));
		if (type === 3 || type === 4) {
			const inv = has(r, 'invoiceNumber') ? String(r.invoiceNumber) : (invoiceNumber as string);
			const invoiceType = type === 3 ? 2 : 1;
			if (!state.mutations.some((m) => m.type === invoiceType && m.invoiceNumber !== undefined && eqCI(m.invoiceNumber, inv))) {
				return ebError('MUT_115', p('invoiceNumber'));
			}
		}
		const amount = round2(r.amount);
		const cents = toCents(amount);
		if (cents === 0 && knob(ctx, 'rejectZeroAmountRows')) return ebError('ERR_002', p('amount'));
		sumCents += cents;
		const row: MutationRow = { ledgerId: rowLedger ? rowLedger.id : main.id, vatCode, amount };
		if (has(r, 'vatAmount')) row.vatAmount = round2(Number(r.vatAmount));
		if (has(r, 'costCenterId')) row.costCenterId = r.costCenterId as number;
		if (has(r, 'description')) row.description = String(r.description);
		if (has(r, 'invoiceNumber')) row.invoiceNumber = String(r.invoiceNumber);
		if (has(r, 'relationId') && isInt(r.relationId)) row.relationId = r.relationId;
		rows.push(row);
		let vatCents: number;
		if (row.vatAmount !== undefined) vatCents = toCents(row.vatAmount);
		else if (inExVat === 'EX') vatCents = Math.round((cents * vat.rate) / 100);
		else vatCents = cents - Math.round((cents * 100) / (100 + vat.rate));
		vatTotals.set(vatCode, (vatTotals.get(vatCode) ?? 0) + vatCents);
	}
	if (type === 7 && knob(ctx, 'requireBalancedMemoriaal') && sumCents !== 0) {
		return ebError('MUT_118', { propertyName: 'rows' });
	}

	// uniqueness (after validation, as a database constraint would)
	if (invoiceNumber) {
		if (type === 1) {
			if (state.mutations.some((m) => m.type === 1 && m.relationId === relationId && m.invoiceNumber !== undefined && eqCI(m.invoiceNumber, invoiceNumber))) {
				return ebError('MUT_020', { propertyName: 'invoiceNumber' });
			}
		} else if ((EB_ASSUMPTIONS.invoiceNumberUniqueTypes as readonly number[]).includes(type)) {
			if (state.mutations.some((m) => m.type !== 1 && m.type !== 3 && m.type !== 4 && m.invoiceNumber !== undefined && eqCI(m.invoiceNumber, invoiceNumber))) {
				return ebError('MUT_019', { propertyName: 'invoiceNumber' });
			}
		}
	}
	if (has(body, 'paymentReference') && body.checkPaymentReference === true) {
		const ref = String(body.paymentReference);
		if (state.mutations.some((m) => m.paymentReference !== undefined && eqCI(m.paymentReference, ref))) {
			return ebError('MUTA_008', { propertyName: 'paymentReference' });
		}
	}

	const id = state.nextIds.mutation++;
	const m: Mutation = {
		id,
		type,
		date,
		ledgerId: main.id,
		inExVat,
		rows,
		vat: [...vatTotals.entries()].map(([vatCode, cents]) => ({ vatCode, amount: cents / 100 })),
		createdAt: ctx.now().toISOString(),
	};
	if (description !== undefined) m.description = description;
	if (invoiceNumber !== undefined) m.invoiceNumber = invoiceNumber;
	if (entryNumber !== undefined) m.entryNumber = entryNumber;
	if (isInt(relationId)) m.relationId = relationId;
	if (isInt(body.termOfPayment)) m.termOfPayment = body.termOfPayment;
	if (has(body, 'paymentReference')) m.paymentReference = String(body.paymentReference);
	state.mutations.push(m);
	ctx.changed();
	return ok({ id }, EB_ASSUMPTIONS.createdStatus);
}

/** ASSUMPTION §6.7/§7.7: list amount = Σ row amounts (0 for a balanced memoriaal). */
function listAmount(m: Mutation): number {
	return m.rows.reduce((s, r) => s + toCents(r.amount), 0) / 100;
}

const outDate = (ctx: Ctx, date: string): string => (knob(ctx, 'dateTimeDates') ? `${date}T00:00:00` : date);

/** `MutationListItem`: never rows or a description (§4.4.4). */
function mutationListItem(m: Mutation, ctx: Ctx) {
	return {
		id: m.id,
		type: m.type,
		date: outDate(ctx, m.date),
		invoiceNumber: m.invoiceNumber ?? '',
		ledgerId: m.ledgerId,
		amount: listAmount(m),
		entryNumber: m.entryNumber ?? '',
	};
}

/** `Mutation` as GET /v1/mutation/{id} returns it (vendor fields only). */
export function mutationDetail(m: Mutation, ctx: Ctx): Record<string, unknown> {
	const out: Record<string, unknown> = { id: m.id, type: m.type, date: outDate(ctx, m.date) };
	if (m.description !== undefined) out.description = m.description;
	if (m.termOfPayment !== undefined) out.termOfPayment = m.termOfPayment;
	out.ledgerId = m.ledgerId;
	if (m.relationId !== undefined) out.relationId = m.relationId;
	out.inExVat = m.inExVat;
	if (m.invoiceNumber !== undefined) out.invoiceNumber = m.invoiceNumber;
	if (m.entryNumber !== undefined) out.entryNumber = m.entryNumber;
	out.rows = m.rows.map((r) => ({ ...r }));
	out.vat = m.vat.map((v) => ({ ...v }));
	return out;
}

// ---- request handling ------------------------------------------------------------------------

function handle(req: VendorRequest, ctx: Ctx): VendorResponse {
	const path = normPath(req.path);
	const seg = path.split('/').filter(Boolean);
	const method = req.method;
	if (seg[0] !== 'v1') return notFoundRoute();
	const resource = seg[1];

	if (resource === 'session' && seg.length === 2) {
		if (method === 'POST') return createSession(req, ctx);
		if (method === 'DELETE') {
			const auth = authenticate(req, ctx);
			if (!auth) return unauthenticated();
			delete ctx.state.sessions[auth.token];
			ctx.changed();
			return { status: EB_ASSUMPTIONS.deleteSessionStatus };
		}
		return { status: 405, headers: { allow: 'POST, DELETE' } };
	}

	const known = ['administration', 'ledger', 'costcenter', 'mutation'];
	if (!known.includes(resource)) return notFoundRoute();

	const auth = authenticate(req, ctx);
	if (!auth) return unauthenticated();
	const id = seg[2] !== undefined && ID_SEGMENT.test(seg[2]) ? Number(seg[2]) : undefined;
	const state = ctx.state;

	if (resource === 'administration') {
		if (seg.length === 2 && method === 'GET') {
			if (!auth.accountant) return ebError('EP_001', { status: EB_ASSUMPTIONS.ep001.status, type: EB_ASSUMPTIONS.ep001.type });
			return listWith(req, state.managedAdministrations, {}, (a) => ({ ...a }));
		}
		if (seg.length === 3 && seg[2] === 'linked' && method === 'GET') {
			return listWith(req, state.linkedAdministrations, {}, (a) => ({ ...a }));
		}
		return seg.length <= 3 ? { status: 405, headers: { allow: 'GET' } } : notFoundRoute();
	}

	if (resource === 'ledger') {
		if (seg.length === 2) {
			if (method === 'GET') return listWith(req, state.ledgers, { code: 'string', category: 'string' }, ledgerItem);
			if (method === 'POST') return createLedger(req, ctx);
			return { status: 405, headers: { allow: 'GET, POST' } };
		}
		if (id === undefined) return notFoundRoute();
		const ledger = state.ledgers.find((l) => l.id === id);
		if (seg.length === 3) {
			if (method !== 'GET' && method !== 'PATCH') return { status: 405, headers: { allow: 'GET, PATCH' } };
			if (!ledger) return ebError('LEDG_011', { status: 404 });
			return method === 'GET' ? ok(ledgerItem(ledger)) : patchLedger(req, ctx, ledger);
		}
		if (seg.length === 4 && seg[3] === 'balance') {
			if (method !== 'GET') return { status: 405, headers: { allow: 'GET' } };
			if (!ledger) return ebError('LEDG_011', { status: 404 });
			return ledgerBalance(req, ctx, ledger);
		}
		return notFoundRoute();
	}

	if (resource === 'costcenter') {
		if (seg.length === 2) {
			if (method === 'GET') {
				return listWith(req, state.costCenters, { parentId: 'string', description: 'string' }, costCenterItem);
			}
			if (method === 'POST') return createCostCenter(req, ctx);
			return { status: 405, headers: { allow: 'GET, POST' } };
		}
		if (seg.length !== 3 || id === undefined) return notFoundRoute();
		const cc = state.costCenters.find((c) => c.id === id);
		if (method === 'GET') {
			if (!cc) return ebError('COST_001', { status: 404 });
			return ok({ ...costCenterItem(cc), fullPath: fullPath(state, cc) });
		}
		if (method === 'PATCH') {
			if (!cc) return ebError('COST_001', { status: 404 });
			const b = bodyObject(req);
			if (!b.ok) return b.response;
			if (has(b.body, 'parentId') && b.body.parentId !== cc.parentId) return ebError('COST_006', { propertyName: 'parentId' });
			if (has(b.body, 'description')) {
				const d = String(b.body.description);
				if (d.trim() === '') return ebError('COST_003', { propertyName: 'description' });
				if (d.length > EB_ASSUMPTIONS.costCenterDescriptionMaxLength) return ebError('COST_004', { propertyName: 'description' });
				if (state.costCenters.some((c) => c.id !== cc.id && c.parentId === cc.parentId && eqCI(c.description, d))) {
					return ebError('COST_005', { propertyName: 'description' });
				}
				cc.description = d;
			}
			if (typeof b.body.active === 'boolean') cc.active = b.body.active;
			ctx.changed();
			return noContent();
		}
		if (method === 'DELETE') {
			if (!cc) return ebError('COST_001', { status: 404 });
			if (state.costCenters.some((c) => c.parentId === cc.id)) return ebError('COST_009');
			if (state.mutations.some((m) => m.rows.some((r) => r.costCenterId === cc.id))) return ebError('COST_002');
			state.costCenters = state.costCenters.filter((c) => c.id !== cc.id);
			ctx.changed();
			return noContent();
		}
		return { status: 405, headers: { allow: 'GET, PATCH, DELETE' } };
	}

	// mutation
	if (seg.length === 2) {
		if (method === 'GET') {
			return listWith(
				req,
				state.mutations,
				{ type: 'number', id: 'number', description: 'string', invoiceNumber: 'string', date: 'date' },
				(m) => mutationListItem(m, ctx),
			);
		}
		if (method === 'POST') return createMutation(req, ctx);
		return { status: 405, headers: { allow: 'GET, POST' } };
	}
	if (seg.length === 4 && seg[2] === 'invoice' && seg[3] === 'outstanding') {
		if (method !== 'GET') return { status: 405, headers: { allow: 'GET' } };
		const credDeb = req.query.get('credDeb') ?? req.query.get('creddeb');
		if (credDeb !== 'C' && credDeb !== 'D') return ebError('ERR_002', { propertyName: 'credDeb' });
		return listWith(req, [] as Array<{ id: number }>, { invoiceNumber: 'string' }, (x) => x);
	}
	if (seg.length === 3 && id !== undefined) {
		if (method !== 'GET') {
			// §4: no PATCH or DELETE for mutations; the route exists for GET only
			return { status: EB_ASSUMPTIONS.mutationUpdateDeleteStatus, headers: { allow: 'GET' } };
		}
		const m = state.mutations.find((x) => x.id === id);
		if (!m) return ebError('MUT_300', { status: 404 });
		return ok(mutationDetail(m, ctx));
	}
	return notFoundRoute();
}

// ---- admin -------------------------------------------------------------------------------------

function maskToken(t: string): string {
	return t.length <= 6 ? '***' : `${t.slice(0, 4)}…${t.slice(-2)}`;
}

function publicState(state: EbState): unknown {
	return {
		administration: state.administration,
		closedUntil: state.closedUntil,
		closedBy: state.closedBy,
		tokens: state.tokens.map((t) => ({ ...t })),
		sessions: Object.entries(state.sessions).map(([t, s]) => ({ token: maskToken(t), ...s })),
		ledgers: state.ledgers,
		ledgerGroups: state.ledgerGroups,
		costCenters: state.costCenters,
		relations: state.relations,
		mutations: state.mutations,
		counts: { ledgers: state.ledgers.length, costCenters: state.costCenters.length, mutations: state.mutations.length },
	};
}

function adminRoute(method: string, sub: string, req: VendorRequest, ctx: Ctx): VendorResponse | undefined {
	const state = ctx.state;
	if (sub === 'expire-sessions' && method === 'POST') {
		const now = ctx.now().toISOString();
		let expired = 0;
		for (const s of Object.values(state.sessions)) {
			if (s.expiresAt > now) expired++;
			s.expiresAt = now;
		}
		ctx.changed();
		return ok({ expired });
	}
	if (sub === 'sessions' && method === 'GET') {
		return ok(Object.entries(state.sessions).map(([t, s]) => ({ token: maskToken(t), ...s })));
	}
	if (sub === 'mutations' && method === 'GET') return ok(state.mutations);
	if (sub.startsWith('mutations/') && method === 'GET') {
		const m = state.mutations.find((x) => x.id === Number(sub.slice('mutations/'.length)));
		return m ? ok(m) : ok({ error: 'not found' }, 404);
	}
	if (sub === 'closed-until' && (method === 'PUT' || method === 'POST')) {
		const p = parseJson(req.body);
		const v = p.ok ? (p.value as Record<string, unknown> | undefined) : undefined;
		if (!v || (v.closedUntil !== null && (typeof v.closedUntil !== 'string' || !isValidDate(v.closedUntil)))) {
			return ok({ error: 'body {"closedUntil": "YYYY-MM-DD" | null, "closedBy"?: "administration" | "accountant"}' }, 400);
		}
		state.closedUntil = v.closedUntil as string | null;
		if (v.closedBy === 'accountant' || v.closedBy === 'administration') state.closedBy = v.closedBy;
		ctx.changed();
		return ok({ closedUntil: state.closedUntil, closedBy: state.closedBy });
	}
	if (sub === 'ledgers' && method === 'GET') return ok(state.ledgers);
	if (sub === 'cost-centers' && method === 'GET') return ok(state.costCenters);
	return undefined;
}

// ---- service ---------------------------------------------------------------------------------

/** Request-log subject of a body: the mutation, ledger or session it was about (never the accessToken). */
const LOG_SUBJECT_FIELDS = [
	['type', 'plain'],
	['invoiceNumber', 'plain'],
	['description', 'plain'],
	['code', 'plain'],
	['source', 'plain'],
] as const;

export const eboekhoudenService: EmulatorService<EbState> = {
	name: 'eboekhouden',
	defaultServiceKnobs: { ...EB_DEFAULT_KNOBS },
	createState: (seed?: unknown) => stateFromSeed(seed),
	operation: ebOperation,
	logSubject: (req) => jsonBodySubject(req.body, LOG_SUBJECT_FIELDS),
	handle,
	faultResponse(): VendorResponse {
		return ebError('ERR_001', { status: EB_ASSUMPTIONS.faultStatus, type: 'error' });
	},
	rateLimitedResponse(_req: VendorRequest, retryAfterSeconds: number): VendorResponse {
		const r = EB_ASSUMPTIONS.rateLimited;
		return {
			status: r.status,
			headers: { 'retry-after': String(retryAfterSeconds) },
			body: { type: r.type, title: r.title, status: r.status, traceId: traceId() },
		};
	},
	publicState,
	adminRoute,
};

export default eboekhoudenService;
