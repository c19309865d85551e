/**
 * e-Boekhouden emulator state, deterministic demo data and the `--seed` loader.
 * Seed schema: see emulators/README.md ("e-Boekhouden seed").
 */
import { Prng } from '../common/prng';

export type Category = 'BAL' | 'VW' | 'AF6' | 'AF19' | 'AFOVERIG' | 'AF' | 'VOOR' | 'BTWRC' | 'FIN' | 'DEB' | 'CRED';
export const ALL_CATEGORIES: readonly Category[] = ['BAL', 'VW', 'AF6', 'AF19', 'AFOVERIG', 'AF', 'VOOR', 'BTWRC', 'FIN', 'DEB', 'CRED'];
/** docs/vendors/eboekhouden-rest.md §4.2: only these may be used in POST/PATCH /v1/ledger. */
export const WRITABLE_CATEGORIES: readonly Category[] = ['BAL', 'VW', 'FIN', 'DEB', 'CRED'];

export interface Ledger {
	id: number;
	code: string;
	description: string;
	category: Category;
	group: string;
}
export interface LedgerGroup {
	code: string;
	description: string;
}
export interface CostCenter {
	id: number;
	description: string;
	parentId: number;
	active: boolean;
}
export interface Relation {
	id: number;
	code: string;
	company: string;
}
export interface MutationRow {
	ledgerId: number;
	vatCode: string;
	vatAmount?: number;
	costCenterId?: number;
	amount: number;
	description?: string;
	invoiceNumber?: string;
	relationId?: number;
}
export interface Mutation {
	id: number;
	type: number;
	date: string;
	description?: string;
	termOfPayment?: number;
	ledgerId: number;
	relationId?: number;
	inExVat: 'IN' | 'EX';
	invoiceNumber?: string;
	entryNumber?: string;
	paymentReference?: string;
	rows: MutationRow[];
	vat: Array<{ vatCode: string; amount: number }>;
	/** Emulator bookkeeping (not part of the vendor schema; hidden from GET /v1/mutation/{id}). */
	createdAt: string;
}
export interface ApiToken {
	token: string;
	/** true: an accountant token (GET /v1/administration allowed). */
	accountant: boolean;
	/** Optional end date (YYYY-MM-DD); after it POST /v1/session gives API_SESSION_004. */
	expiresOn?: string | null;
	description?: string;
}
export interface Session {
	apiToken: string;
	source: string;
	issuedAt: string;
	expiresAt: string;
}
export interface Administration {
	guid: string;
	company: string;
}

export interface EbState {
	administration: Administration;
	/** GET /v1/administration (accountant tokens only). */
	managedAdministrations: Administration[];
	/** GET /v1/administration/linked */
	linkedAdministrations: Administration[];
	tokens: ApiToken[];
	sessions: Record<string, Session>;
	ledgerGroups: LedgerGroup[];
	ledgers: Ledger[];
	costCenters: CostCenter[];
	relations: Relation[];
	mutations: Mutation[];
	/** From the seed; the service knobs closedUntil/closedBy override when set. */
	closedUntil: string | null;
	closedBy: 'administration' | 'accountant';
	nextIds: { ledger: number; costCenter: number; mutation: number; relation: number };
}

export const DEMO_TOKENS: ApiToken[] = [
	{ token: 'demo-eboekhouden-token', accountant: false, expiresOn: null, description: 'Demo API token' },
	{ token: 'demo-eboekhouden-accountant-token', accountant: true, expiresOn: null, description: 'Demo accountant token' },
	{ token: 'demo-eboekhouden-expired-token', accountant: false, expiresOn: '2024-12-31', description: 'Expired demo token' },
];

const DEMO_GROUPS: LedgerGroup[] = [
	{ code: 'VA', description: 'Vaste activa' },
	{ code: 'EV', description: 'Eigen vermogen' },
	{ code: 'LIQ', description: 'Liquide middelen' },
	{ code: 'DEB', description: 'Debiteuren' },
	{ code: 'CRED', description: 'Crediteuren' },
	{ code: 'BTW', description: 'Omzetbelasting' },
	{ code: 'KORT', description: 'Kortlopende schulden' },
	{ code: 'LON', description: 'Personeelskosten' },
	{ code: 'KOST', description: 'Overige bedrijfskosten' },
	{ code: 'OMZ', description: 'Omzet' },
];

/** Chart of accounts. Ids of the payroll ledgers match the worked example of docs/vendors/eboekhouden-rest.md §6.7. */
const DEMO_LEDGERS: Ledger[] = [
	{ id: 1001, code: '0100', description: 'Inventaris', category: 'BAL', group: 'VA' },
	{ id: 1002, code: '0500', description: 'Eigen vermogen', category: 'BAL', group: 'EV' },
	{ id: 1003, code: '1000', description: 'Kas', category: 'FIN', group: 'LIQ' },
	{ id: 1004, code: '1100', description: 'Bank', category: 'FIN', group: 'LIQ' },
	{ id: 1005, code: '1300', description: 'Debiteuren', category: 'DEB', group: 'DEB' },
	{ id: 1006, code: '1600', description: 'Crediteuren', category: 'CRED', group: 'CRED' },
	{ id: 1007, code: '1500', description: 'Af te dragen btw hoog tarief', category: 'AF19', group: 'BTW' },
	{ id: 1008, code: '1510', description: 'Af te dragen btw laag tarief', category: 'AF6', group: 'BTW' },
	{ id: 1009, code: '1520', description: 'Voorbelasting', category: 'VOOR', group: 'BTW' },
	{ id: 1010, code: '1530', description: 'Btw rekening courant', category: 'BTWRC', group: 'BTW' },
	{ id: 2010, code: '1700', description: 'Af te dragen loonheffing', category: 'BAL', group: 'KORT' },
	{ id: 2011, code: '1710', description: 'Af te dragen premies', category: 'BAL', group: 'KORT' },
	{ id: 2012, code: '1720', description: 'Pensioenpremies te betalen', category: 'BAL', group: 'KORT' },
	{ id: 2013, code: '1750', description: 'Reservering vakantiegeld', category: 'BAL', group: 'KORT' },
	{ id: 2020, code: '2100', description: 'Netto lonen te betalen', category: 'BAL', group: 'KORT' },
	{ id: 2090, code: '2190', description: 'Tussenrekening lonen', category: 'BAL', group: 'KORT' },
	{ id: 2091, code: '2199', description: 'Nog te verdelen lonen', category: 'BAL', group: 'KORT' },
	{ id: 2001, code: '4000', description: 'Lonen en salarissen', category: 'VW', group: 'LON' },
	{ id: 2002, code: '4100', description: 'Sociale lasten', category: 'VW', group: 'LON' },
	{ id: 2003, code: '4110', description: 'Pensioenpremie', category: 'VW', group: 'LON' },
	{ id: 2004, code: '4120', description: 'Vakantiegeld', category: 'VW', group: 'LON' },
	{ id: 2005, code: '4130', description: 'Overige personeelskosten', category: 'VW', group: 'LON' },
	{ id: 1020, code: '4200', description: 'Huisvestingskosten', category: 'VW', group: 'KOST' },
	{ id: 1021, code: '4500', description: 'Algemene kosten', category: 'VW', group: 'KOST' },
	{ id: 1022, code: '8000', description: 'Omzet hoog tarief', category: 'VW', group: 'OMZ' },
	{ id: 1023, code: '8100', description: 'Omzet laag tarief', category: 'VW', group: 'OMZ' },
];

/** Cost centres carry no code; the description holds the Nmbrs cost-centre code (docs/vendors/eboekhouden-rest.md §4.3). */
const DEMO_COST_CENTERS: CostCenter[] = [
	{ id: 31, description: 'KP01', parentId: 0, active: true },
	{ id: 32, description: 'KP02', parentId: 0, active: true },
	{ id: 33, description: 'KP03', parentId: 0, active: true },
	{ id: 34, description: 'KP04', parentId: 0, active: true },
	{ id: 35, description: 'KP05', parentId: 0, active: true },
	{ id: 36, description: 'KP01-Noord', parentId: 31, active: true },
	{ id: 39, description: 'KP99', parentId: 0, active: false },
];

const DEMO_RELATIONS: Relation[] = [
	{ id: 501, code: 'KLANT01', company: 'Bakkerij De Korenschoof' },
	{ id: 502, code: 'LEV01', company: 'Kantoorhuis Utrecht B.V.' },
];

function demoMutations(): Mutation[] {
	// A few ordinary (non-payroll) bookings in 2025, deterministic.
	const prng = new Prng(2025);
	const out: Mutation[] = [];
	let id = 6300;
	for (let month = 1; month <= 3; month++) {
		const mm = String(month).padStart(2, '0');
		const sale = Math.round(prng.int(80000, 250000)) / 100;
		out.push({
			id: id++,
			type: 2,
			date: `2025-${mm}-15`,
			description: `Factuur advieswerk ${mm}-2025`,
			termOfPayment: 30,
			ledgerId: 1005,
			relationId: 501,
			inExVat: 'EX',
			invoiceNumber: `F2025-${String(month).padStart(4, '0')}`,
			entryNumber: `VF${month}`,
			rows: [{ ledgerId: 1022, vatCode: 'HOOG_VERK_21', amount: sale, description: 'Advieswerk' }],
			vat: [{ vatCode: 'HOOG_VERK_21', amount: Math.round(sale * 21) / 100 }],
			createdAt: `2025-${mm}-15T09:00:00.000Z`,
		});
		const rent = 1250;
		out.push({
			id: id++,
			type: 6,
			date: `2025-${mm}-01`,
			description: `Huur kantoor ${mm}-2025`,
			ledgerId: 1004,
			inExVat: 'EX',
			entryNumber: `BNK${month}`,
			rows: [{ ledgerId: 1020, vatCode: 'GEEN', amount: rent, description: 'Huur' }],
			vat: [{ vatCode: 'GEEN', amount: 0 }],
			createdAt: `2025-${mm}-01T09:00:00.000Z`,
		});
	}
	return out;
}

export function demoState(): EbState {
	return {
		administration: { guid: '7d5c3c1e-4b1a-4a55-9a7e-0b6f1c2d3e01', company: 'Voorbeeld B.V.' },
		managedAdministrations: [
			{ guid: '7d5c3c1e-4b1a-4a55-9a7e-0b6f1c2d3e01', company: 'Voorbeeld B.V.' },
			{ guid: '7d5c3c1e-4b1a-4a55-9a7e-0b6f1c2d3e02', company: 'Bakkerij De Korenschoof' },
			{ guid: '7d5c3c1e-4b1a-4a55-9a7e-0b6f1c2d3e03', company: 'Jansen Installatietechniek V.O.F.' },
		],
		linkedAdministrations: [{ guid: '7d5c3c1e-4b1a-4a55-9a7e-0b6f1c2d3e09', company: 'Voorbeeld Holding B.V.' }],
		tokens: DEMO_TOKENS.map((t) => ({ ...t })),
		sessions: {},
		ledgerGroups: DEMO_GROUPS.map((g) => ({ ...g })),
		ledgers: DEMO_LEDGERS.map((l) => ({ ...l })).sort((a, b) => a.id - b.id),
		costCenters: DEMO_COST_CENTERS.map((c) => ({ ...c })),
		relations: DEMO_RELATIONS.map((r) => ({ ...r })),
		mutations: demoMutations(),
		closedUntil: null,
		closedBy: 'administration',
		nextIds: { ledger: 2100, costCenter: 40, mutation: 6353, relation: 600 },
	};
}

// ---- seed ------------------------------------------------------------------------------------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(msg: string): never {
	throw new Error(`e-Boekhouden seed: ${msg}`);
}

function arrayOf(seed: Obj, key: string): unknown[] | undefined {
	const v = seed[key];
	if (v === undefined) return undefined;
	if (!Array.isArray(v)) fail(`"${key}" must be an array`);
	return v;
}

export function round2(n: number): number {
	const cents = Math.sign(n) * Math.round(Math.abs(n) * 100 + 1e-7);
	return cents / 100 || 0;
}

/**
 * Build state from a seed. Every top-level section that is present replaces the demo section; absent
 * sections keep the demo data, except `mutations`, which default to none when `ledgers` is given (the demo
 * mutations refer to demo ledgers). Ledgers/rows may name a ledger by `ledgerCode` instead of `ledgerId`,
 * and a cost centre by `costCenter` (description) instead of `costCenterId`.
 */
export function stateFromSeed(seed: unknown): EbState {
	const state = demoState();
	if (seed === undefined || seed === null) return state;
	if (!isObj(seed)) fail('must be a JSON object');

	if (isObj(seed.administration)) {
		state.administration = {
			guid: String(seed.administration.guid ?? state.administration.guid),
			company: String(seed.administration.company ?? state.administration.company),
		};
	}
	for (const key of ['managedAdministrations', 'linkedAdministrations'] as const) {
		const list = arrayOf(seed, key);
		if (list) state[key] = list.map((a, i) => (isObj(a) ? { guid: String(a.guid ?? `seed-${key}-${i}`), company: String(a.company ?? '') } : fail(`${key}[${i}]`)));
	}
	const tokens = arrayOf(seed, 'tokens');
	if (tokens) {
		state.tokens = tokens.map((t, i) => {
			if (typeof t === 'string') return { token: t, accountant: false, expiresOn: null };
			if (!isObj(t) || typeof t.token !== 'string' || t.token === '') fail(`tokens[${i}] needs a "token" string`);
			return {
				token: t.token,
				accountant: t.accountant === true,
				expiresOn: typeof t.expiresOn === 'string' ? t.expiresOn : null,
				description: typeof t.description === 'string' ? t.description : undefined,
			};
		});
	}
	const groups = arrayOf(seed, 'ledgerGroups');
	if (groups) {
		state.ledgerGroups = groups.map((g, i) =>
			isObj(g) && typeof g.code === 'string' ? { code: g.code, description: String(g.description ?? g.code) } : fail(`ledgerGroups[${i}] needs a "code"`),
		);
	}
	const ledgers = arrayOf(seed, 'ledgers');
	if (ledgers) {
		let next = 3001;
		const used = new Set<number>();
		state.ledgers = ledgers.map((l, i) => {
			if (!isObj(l) || typeof l.code !== 'string') fail(`ledgers[${i}] needs a "code" string`);
			const category = String(l.category ?? 'BAL') as Category;
			if (!ALL_CATEGORIES.includes(category)) fail(`ledgers[${i}].category "${category}" is not a Category`);
			let id = typeof l.id === 'number' ? l.id : 0;
			if (!id) {
				while (used.has(next)) next++;
				id = next++;
			}
			if (used.has(id)) fail(`ledgers[${i}] duplicate id ${id}`);
			used.add(id);
			const group = String(l.group ?? (category === 'VW' ? 'KOST' : 'KORT'));
			if (!state.ledgerGroups.some((g) => g.code === group)) state.ledgerGroups.push({ code: group, description: group });
			return { id, code: l.code, description: String(l.description ?? l.code), category, group };
		});
		state.ledgers.sort((a, b) => a.id - b.id);
		state.mutations = [];
	}
	const costCenters = arrayOf(seed, 'costCenters');
	if (costCenters) {
		let next = 101;
		state.costCenters = costCenters.map((c, i) => {
			if (typeof c === 'string') return { id: next++, description: c, parentId: 0, active: true };
			if (!isObj(c) || typeof c.description !== 'string') fail(`costCenters[${i}] needs a "description"`);
			const id = typeof c.id === 'number' ? c.id : next++;
			return { id, description: c.description, parentId: typeof c.parentId === 'number' ? c.parentId : 0, active: c.active !== false };
		});
		state.costCenters.sort((a, b) => a.id - b.id);
	}
	const relations = arrayOf(seed, 'relations');
	if (relations) {
		state.relations = relations.map((r, i) =>
			isObj(r) && typeof r.id === 'number' ? { id: r.id, code: String(r.code ?? r.id), company: String(r.company ?? '') } : fail(`relations[${i}] needs an "id"`),
		);
	}
	const ledgerRef = (o: Obj, where: string): number => {
		if (typeof o.ledgerId === 'number') {
			if (!state.ledgers.some((l) => l.id === o.ledgerId)) fail(`${where}: unknown ledgerId ${o.ledgerId}`);
			return o.ledgerId;
		}
		if (typeof o.ledgerCode === 'string') {
			const l = state.ledgers.find((x) => x.code === o.ledgerCode);
			if (!l) fail(`${where}: unknown ledgerCode ${o.ledgerCode}`);
			return l.id;
		}
		return fail(`${where}: needs ledgerId or ledgerCode`);
	};
	const mutations = arrayOf(seed, 'mutations');
	if (mutations) {
		let next = 5001;
		state.mutations = mutations.map((m, i) => {
			if (!isObj(m)) fail(`mutations[${i}] must be an object`);
			const rowsIn = Array.isArray(m.rows) ? m.rows : [];
			const rows: MutationRow[] = rowsIn.map((r, j) => {
				if (!isObj(r)) fail(`mutations[${i}].rows[${j}] must be an object`);
				let costCenterId: number | undefined;
				if (typeof r.costCenterId === 'number') costCenterId = r.costCenterId;
				else if (typeof r.costCenter === 'string') {
					const c = state.costCenters.find((x) => x.description === r.costCenter);
					if (!c) fail(`mutations[${i}].rows[${j}]: unknown costCenter ${r.costCenter}`);
					costCenterId = c.id;
				}
				const row: MutationRow = {
					ledgerId: ledgerRef(r, `mutations[${i}].rows[${j}]`),
					vatCode: String(r.vatCode ?? 'GEEN'),
					amount: round2(Number(r.amount ?? 0)),
				};
				if (costCenterId !== undefined) row.costCenterId = costCenterId;
				if (typeof r.description === 'string') row.description = r.description;
				return row;
			});
			const id = typeof m.id === 'number' ? m.id : next++;
			const date = String(m.date ?? '');
			if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) fail(`mutations[${i}].date must be YYYY-MM-DD`);
			const mut: Mutation = {
				id,
				type: typeof m.type === 'number' ? m.type : 7,
				date,
				ledgerId: ledgerRef(m, `mutations[${i}]`),
				inExVat: m.inExVat === 'IN' ? 'IN' : 'EX',
				rows,
				vat: [{ vatCode: 'GEEN', amount: 0 }],
				createdAt: new Date(0).toISOString(),
			};
			for (const k of ['description', 'invoiceNumber', 'entryNumber', 'paymentReference'] as const) {
				if (typeof m[k] === 'string') mut[k] = m[k] as string;
			}
			if (typeof m.relationId === 'number') mut.relationId = m.relationId;
			if (typeof m.termOfPayment === 'number') mut.termOfPayment = m.termOfPayment;
			return mut;
		});
		state.mutations.sort((a, b) => a.id - b.id);
	}
	if (seed.closedUntil !== undefined) {
		if (seed.closedUntil !== null && (typeof seed.closedUntil !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(seed.closedUntil))) {
			fail('"closedUntil" must be YYYY-MM-DD or null');
		}
		state.closedUntil = seed.closedUntil as string | null;
	}
	if (seed.closedBy !== undefined) {
		if (seed.closedBy !== 'administration' && seed.closedBy !== 'accountant') fail('"closedBy" must be "administration" or "accountant"');
		state.closedBy = seed.closedBy;
	}
	const maxId = <T extends { id: number }>(list: T[], floor: number): number => list.reduce((m, x) => Math.max(m, x.id + 1), floor);
	state.nextIds = {
		ledger: maxId(state.ledgers, 2100),
		costCenter: maxId(state.costCenters, 40),
		mutation: maxId(state.mutations, 6353),
		relation: maxId(state.relations, 600),
	};
	return state;
}
