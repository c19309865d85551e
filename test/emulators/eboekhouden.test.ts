import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { EB_ASSUMPTIONS, ebMemoriaalRowSide } from '../../emulators/assumptions';
import { startEmulator, type RunningEmulator } from '../../emulators/common';
import { eboekhoudenService, type EbState } from '../../emulators/eboekhouden';
import { EB_ERROR_MESSAGES } from '../../emulators/eboekhouden/errorCodes';
// The worked example of docs/vendors/eboekhouden-rest.md §6.7.
import { workedExampleMutation as workedExample } from '../unit/kit/journals';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TOKEN = 'demo-eboekhouden-token';
const running: Array<RunningEmulator<EbState>> = [];
let clockMs = Date.parse('2026-03-02T10:00:00Z');

async function start(opts: Parameters<typeof startEmulator>[1] = {}): Promise<RunningEmulator<EbState>> {
	const em = await startEmulator(eboekhoudenService, { now: () => new Date(clockMs), ...opts });
	running.push(em);
	return em;
}
afterEach(async () => {
	await Promise.all(running.splice(0).map((e) => e.close()));
});

interface Res {
	status: number;
	body: Json;
	headers: Headers;
	text: string;
}
async function call(em: RunningEmulator<EbState>, method: string, p: string, opts: { auth?: string; body?: unknown; raw?: string } = {}): Promise<Res> {
	const headers: Record<string, string> = { accept: 'application/json' };
	if (opts.auth) headers.authorization = opts.auth;
	let body: string | undefined;
	if (opts.body !== undefined || opts.raw !== undefined) {
		headers['content-type'] = 'application/json';
		body = opts.raw ?? JSON.stringify(opts.body);
	}
	const res = await fetch(em.url + p, { method, headers, body });
	const text = await res.text();
	let parsed: Json = {};
	try {
		parsed = text ? (JSON.parse(text) as Json) : {};
	} catch {
		parsed = {};
	}
	return { status: res.status, body: parsed, headers: res.headers, text };
}

async function session(em: RunningEmulator<EbState>, accessToken = TOKEN, source = 'n8nNodes'): Promise<string> {
	const r = await call(em, 'POST', '/v1/session', { body: { accessToken, source } });
	expect(r.status).toBe(200);
	return r.body.token as string;
}

/** Assert the documented Error body: {type,title,status,code,propertyName?,traceId}, title = TSV message. */
function expectError(r: Res, status: number, code: string, propertyName?: string): void {
	expect({ status: r.status, code: r.body.code }).toEqual({ status, code });
	expect(r.body.status).toBe(status);
	expect(r.body.title).toBe(EB_ERROR_MESSAGES[code]);
	expect(typeof r.body.type).toBe('string');
	expect(r.body.traceId).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
	if (propertyName !== undefined) expect(r.body.propertyName).toBe(propertyName);
}

describe('e-Boekhouden emulator: session', () => {
	it('creates a session with the documented shape and accepts the raw token and Bearer', async () => {
		const em = await start();
		const r = await call(em, 'POST', '/v1/session', { body: { accessToken: TOKEN, source: 'n8nNodes' } });
		expect(r.status).toBe(200);
		expect(Object.keys(r.body).sort()).toEqual(['expiresIn', 'token']);
		expect(r.body.expiresIn).toBe(3600);
		const token = r.body.token as string;
		expect((await call(em, 'GET', '/v1/ledger?limit=1', { auth: token })).status).toBe(200);
		expect((await call(em, 'GET', '/v1/ledger?limit=1', { auth: `Bearer ${token}` })).status).toBe(200);
		expect(em.requests().byOperation).toMatchObject({ 'POST /v1/session': 1, 'GET /v1/ledger': 2 });
	});

	it.each([
		['hyphen in source', { accessToken: TOKEN, source: 'n8n-nodes' }, 'API_SESSION_002', 'source'],
		['source longer than 10', { accessToken: TOKEN, source: 'n8nNodes123' }, 'API_SESSION_002', 'source'],
		['missing source', { accessToken: TOKEN }, 'API_SESSION_001', 'source'],
		['empty source', { accessToken: TOKEN, source: '' }, 'API_SESSION_001', 'source'],
		['missing access token', { source: 'n8nNodes' }, 'API_SESSION_003', 'accessToken'],
		['empty access token', { accessToken: ' ', source: 'n8nNodes' }, 'API_SESSION_003', 'accessToken'],
		['expired API token', { accessToken: 'demo-eboekhouden-expired-token', source: 'n8nNodes' }, 'API_SESSION_004', 'accessToken'],
	])('rejects %s', async (_name, body, code, prop) => {
		const em = await start();
		expectError(await call(em, 'POST', '/v1/session', { body }), 400, code, prop);
	});

	it('accepts sources of letters, digits, underscore and space (1..10)', async () => {
		const em = await start();
		for (const source of ['a', 'n8n_nodes', 'N8N Nodes', '0123456789']) {
			expect((await call(em, 'POST', '/v1/session', { body: { accessToken: TOKEN, source } })).status).toBe(200);
		}
	});

	it('rejects an unknown API token with a SecurityError and an empty body with DATA_01', async () => {
		const em = await start();
		const r = await call(em, 'POST', '/v1/session', { body: { accessToken: 'nope', source: 'n8nNodes' } });
		expectError(r, 403, 'SECURITY_001');
		expect(r.body.securityType).toBe(0);
		expectError(await call(em, 'POST', '/v1/session', { raw: '' }), 400, 'DATA_01');
	});

	it('answers 401 SECURITY_010 without, with a wrong and with an ended session token', async () => {
		const em = await start();
		expectError(await call(em, 'GET', '/v1/ledger'), 401, 'SECURITY_010');
		expectError(await call(em, 'GET', '/v1/mutation', { auth: 'not-a-session' }), 401, 'SECURITY_010');
		const token = await session(em);
		const del = await call(em, 'DELETE', '/v1/session', { auth: token });
		expect(del.status).toBe(204);
		expect(del.text).toBe('');
		expectError(await call(em, 'GET', '/v1/ledger', { auth: token }), 401, 'SECURITY_010');
		expectError(await call(em, 'DELETE', '/v1/session', { auth: token }), 401, 'SECURITY_010');
	});

	it('expires session tokens after sessionLifetimeSeconds (knob)', async () => {
		const em = await start({ knobs: { service: { sessionLifetimeSeconds: 120 } } });
		const r = await call(em, 'POST', '/v1/session', { body: { accessToken: TOKEN, source: 'n8nNodes' } });
		expect(r.body.expiresIn).toBe(120);
		const token = r.body.token as string;
		clockMs += 119_000;
		expect((await call(em, 'GET', '/v1/ledger', { auth: token })).status).toBe(200);
		clockMs += 1_000;
		expectError(await call(em, 'GET', '/v1/ledger', { auth: token }), 401, 'SECURITY_010');
		expect((await call(em, 'GET', '/v1/ledger', { auth: await session(em) })).status).toBe(200);
	});

	it('expires all sessions now through the admin API', async () => {
		const em = await start();
		const a = await session(em);
		const b = await session(em, 'demo-eboekhouden-accountant-token');
		const r = await fetch(`${em.url}/__admin/service/expire-sessions`, { method: 'POST' });
		expect(await r.json()).toEqual({ expired: 2 });
		expectError(await call(em, 'GET', '/v1/ledger', { auth: a }), 401, 'SECURITY_010');
		expectError(await call(em, 'GET', '/v1/ledger', { auth: `Bearer ${b}` }), 401, 'SECURITY_010');
		expect((await call(em, 'GET', '/v1/ledger', { auth: await session(em) })).status).toBe(200);
	});
});

describe('e-Boekhouden emulator: administration', () => {
	it('gives EP_001 to a non-accountant token and the list to an accountant token', async () => {
		const em = await start();
		const t = await session(em);
		const r = await call(em, 'GET', '/v1/administration', { auth: t });
		expectError(r, 400, 'EP_001');
		expect(r.body.type).toBe('validation');
		const linked = await call(em, 'GET', '/v1/administration/linked', { auth: t });
		expect(linked.status).toBe(200);
		expect(linked.body.items[0]).toEqual({ guid: expect.any(String), company: 'Voorbeeld Holding B.V.' });
		const acc = await session(em, 'demo-eboekhouden-accountant-token');
		const list = await call(em, 'GET', '/v1/administration?limit=2', { auth: acc });
		expect(list.status).toBe(200);
		expect(list.body.count).toBe(2);
		expect(list.body.items[0]).toEqual({ guid: expect.any(String), company: 'Voorbeeld B.V.' });
	});
});

describe('e-Boekhouden emulator: ledgers and cost centres', () => {
	let em: RunningEmulator<EbState>;
	let t: string;
	beforeEach(async () => {
		em = await start();
		t = await session(em);
	});
	const codes = async (q: string): Promise<string[]> => {
		const r = await call(em, 'GET', `/v1/ledger${q}`, { auth: t });
		expect(r.status).toBe(200);
		expect(r.body.count).toBe(r.body.items.length);
		return (r.body.items as Json[]).map((l) => l.code as string);
	};

	it('has the payroll chart of accounts of the reference example', async () => {
		const r = await call(em, 'GET', '/v1/ledger?code=4000&limit=1', { auth: t });
		expect(r.body).toEqual({ items: [{ id: 2001, code: '4000', description: 'Lonen en salarissen', category: 'VW', group: 'LON' }], count: 1 });
		const all = await codes('?limit=2000');
		for (const c of ['4000', '4100', '4110', '4120', '1700', '1710', '1720', '1750', '2100', '2190', '2199']) expect(all).toContain(c);
	});

	it('filters code and category with eq, not_eq, like, not_like, wildcards and raw or encoded brackets', async () => {
		expect(await codes('?code[like]=41%25')).toEqual(['4100', '4110', '4120', '4130']);
		expect(await codes('?code%5Blike%5D=41%25')).toEqual(['4100', '4110', '4120', '4130']);
		expect(await codes('?code[like]=41%3F0')).toEqual(['4100', '4110', '4120', '4130']);
		expect(await codes('?code[like]=17%3F0')).toEqual(['1700', '1710', '1720', '1750']);
		expect(await codes('?code[like]=4%3F')).toEqual([]);
		const bal = await codes('?category=VW');
		expect(bal).toContain('4000');
		expect(bal).not.toContain('1700');
		const notVw = await codes('?category[not_eq]=VW&limit=2000');
		expect(notVw).toContain('1700');
		expect(notVw).not.toContain('4000');
		const notLike = await codes('?code[not_like]=%25&limit=2000');
		expect(notLike).toEqual([]);
		expect(await codes('?CODE=2190')).toEqual(['2190']);
	});

	it('rejects an unknown operator, two filters on one parameter and bad paging', async () => {
		expectError(await call(em, 'GET', '/v1/ledger?code[gt]=1', { auth: t }), 400, 'ERR_002', 'code');
		expectError(await call(em, 'GET', '/v1/ledger?code=1&code[like]=2', { auth: t }), 400, 'ERR_002', 'code');
		expectError(await call(em, 'GET', '/v1/ledger?limit=0', { auth: t }), 400, 'PAGE_001');
		expectError(await call(em, 'GET', '/v1/ledger?limit=2001', { auth: t }), 400, 'PAGE_001');
		expectError(await call(em, 'GET', '/v1/ledger?offset=-1', { auth: t }), 400, 'PAGE_002');
		expect((await call(em, 'GET', '/v1/ledger?limit=2000', { auth: t })).status).toBe(200);
	});

	it('pages with limit/offset and count = page size', async () => {
		const all = await codes('?limit=2000');
		const pages: string[] = [];
		for (let offset = 0; ; offset += 5) {
			const page = await codes(`?limit=5&offset=${offset}`);
			pages.push(...page);
			if (page.length < 5) break;
		}
		expect(pages).toEqual(all);
		expect(await codes('?limit=5&offset=5000')).toEqual([]);
	});

	it('gets a ledger by id and gives LEDG_011 404 for an unknown id', async () => {
		expect((await call(em, 'GET', '/v1/ledger/2090', { auth: t })).body).toEqual({
			id: 2090,
			code: '2190',
			description: 'Tussenrekening lonen',
			category: 'BAL',
			group: 'KORT',
		});
		expectError(await call(em, 'GET', '/v1/ledger/99999', { auth: t }), 404, 'LEDG_011');
	});

	it('creates a ledger and validates with the LEDG codes', async () => {
		const ok = await call(em, 'POST', '/v1/ledger', { auth: t, body: { code: '2195', description: 'Tussenrekening nettolonen', category: 'BAL', group: 'KORT' } });
		expect(ok.status).toBe(200);
		expect(ok.body).toEqual({ id: expect.any(Number) });
		expect((await call(em, 'GET', `/v1/ledger/${ok.body.id}`, { auth: t })).body.code).toBe('2195');
		const base = { code: '2196', description: 'X', category: 'BAL', group: 'KORT' };
		const cases: Array<[Json, string, string]> = [
			[{ ...base, code: undefined }, 'LEDG_001', 'code'],
			[{ ...base, code: '12345678901' }, 'LEDG_002', 'code'],
			[{ ...base, description: '' }, 'LEDG_003', 'description'],
			[{ ...base, description: 'x'.repeat(51) }, 'LEDG_004', 'description'],
			[{ ...base, category: undefined }, 'LEDG_005', 'category'],
			[{ ...base, category: 'NOPE' }, 'LEDG_010', 'category'],
			[{ ...base, category: 'AF19' }, 'LEDG_018', 'category'],
			[{ ...base, group: undefined }, 'LEDG_007', 'group'],
			[{ ...base, group: 'ZZZ' }, 'LEDG_012', 'group'],
			[{ ...base, code: '2195' }, 'LEDG_013', 'code'],
			[{ ...base, code: 'LON' }, 'LEDG_017', 'code'],
		];
		for (const [body, code, prop] of cases) {
			expectError(await call(em, 'POST', '/v1/ledger', { auth: t, body }), 400, code, prop);
		}
	});

	it('lists cost centres (KP01..) with filters and gets one with fullPath', async () => {
		const r = await call(em, 'GET', '/v1/costcenter?description=KP01', { auth: t });
		expect(r.body).toEqual({ items: [{ id: 31, description: 'KP01', parentId: 0, active: true }], count: 1 });
		const kp = await call(em, 'GET', '/v1/costcenter?description[like]=KP0%25', { auth: t });
		expect((kp.body.items as Json[]).map((c) => c.description)).toEqual(['KP01', 'KP02', 'KP03', 'KP04', 'KP05', 'KP01-Noord']);
		const child = await call(em, 'GET', '/v1/costcenter?parentId=31', { auth: t });
		expect(child.body.items).toEqual([{ id: 36, description: 'KP01-Noord', parentId: 31, active: true }]);
		const one = await call(em, 'GET', '/v1/costcenter/36', { auth: t });
		expect(one.body).toEqual({ id: 36, description: 'KP01-Noord', parentId: 31, active: true, fullPath: `KP01${EB_ASSUMPTIONS.costCenterPathSeparator}KP01-Noord` });
		expectError(await call(em, 'GET', '/v1/costcenter/9999', { auth: t }), 404, 'COST_001');
	});
});

describe('e-Boekhouden emulator: mutations', () => {
	let em: RunningEmulator<EbState>;
	let t: string;
	beforeEach(async () => {
		em = await start();
		t = await session(em);
	});
	const post = (body: Json): Promise<Res> => call(em, 'POST', '/v1/mutation', { auth: t, body });

	it('posts the worked example, lists it without rows and reads it back with rows', async () => {
		const r = await post(workedExample());
		expect(r.status).toBe(200);
		expect(r.body).toEqual({ id: expect.any(Number) });
		const id = r.body.id as number;

		const list = await call(em, 'GET', '/v1/mutation?invoiceNumber=NMBRS-12345-2025-987&type=7', { auth: t });
		expect(list.body).toEqual({
			items: [{ id, type: 7, date: '2025-01-31', invoiceNumber: 'NMBRS-12345-2025-987', ledgerId: 2090, amount: 0, entryNumber: 'NMBRS 12345/987' }],
			count: 1,
		});
		expect(list.body.items[0]).not.toHaveProperty('rows');
		expect(list.body.items[0]).not.toHaveProperty('description');

		const one = await call(em, 'GET', `/v1/mutation/${id}`, { auth: t });
		expect(one.body).toEqual({
			id,
			type: 7,
			date: '2025-01-31',
			description: 'Loonjournaal 2025-01 run 1',
			ledgerId: 2090,
			inExVat: 'EX',
			invoiceNumber: 'NMBRS-12345-2025-987',
			entryNumber: 'NMBRS 12345/987',
			rows: [
				{ ledgerId: 2001, vatCode: 'GEEN', costCenterId: 31, amount: -5200, description: 'Bruto loon' },
				{ ledgerId: 2002, vatCode: 'GEEN', amount: -980.4, description: 'Werkgeverslasten' },
				{ ledgerId: 2010, vatCode: 'GEEN', amount: 1888.62, description: 'Loonheffing' },
				{ ledgerId: 2011, vatCode: 'GEEN', amount: 980.4, description: 'Af te dragen premies' },
				{ ledgerId: 2020, vatCode: 'GEEN', amount: 3311.38, description: 'Netto loon' },
			],
			vat: [{ vatCode: 'GEEN', amount: 0 }],
		});
		expect(em.requests().byOperation).toMatchObject({ 'POST /v1/mutation': 1, 'GET /v1/mutation': 1, 'GET /v1/mutation/{id}': 1 });
	});

	it('books memoriaal rows by the positiveIsCredit convention (ledger balances)', async () => {
		expect(ebMemoriaalRowSide(100)).toEqual({ side: 'credit', cents: 100 });
		expect(ebMemoriaalRowSide(-100)).toEqual({ side: 'debit', cents: 100 });
		expect(ebMemoriaalRowSide(100, 'positiveIsDebit')).toEqual({ side: 'debit', cents: 100 });
		await post(workedExample());
		const bal = async (id: number): Promise<number> => (await call(em, 'GET', `/v1/ledger/${id}/balance?from=2025-01-01&to=2025-01-31`, { auth: t })).body.balance as number;
		expect(await bal(2001)).toBe(5200); // wages: debit
		expect(await bal(2010)).toBe(-1888.62); // wage tax payable: credit
		expect(await bal(2090)).toBe(0); // clearing nets to zero
	});

	it('rejects a second posting with the same invoiceNumber (MUT_019) and keeps one mutation', async () => {
		expect((await post(workedExample())).status).toBe(200);
		const again = await post(workedExample({ date: '2025-02-28' }));
		expectError(again, 400, 'MUT_019', 'invoiceNumber');
		expect(again.body.type).toBe('validation');
		expect(em.state.mutations.filter((m) => m.invoiceNumber === 'NMBRS-12345-2025-987')).toHaveLength(1);
	});

	it.each([
		['type missing', { type: undefined }, 'MUTA_002', 'type'],
		['type not an integer', { type: 'seven' }, 'MUT_001', 'type'],
		['type unknown', { type: 9 }, 'MUTA_009', 'type'],
		['date missing', { date: undefined }, 'MUT_003', 'date'],
		['date invalid', { date: '2025-02-30' }, 'MUT_004', 'date'],
		['main ledger missing', { ledgerId: undefined }, 'MUTA_001', 'ledgerId'],
		['main ledger unknown', { ledgerId: 424242 }, 'MUT_007', 'ledgerId'],
		['inExVat invalid', { inExVat: 'INCL' }, 'MUT_017', 'inExVat'],
		['invoice number too long', { invoiceNumber: 'X'.repeat(51) }, 'MUT_018', 'invoiceNumber'],
		['relation on a memoriaal', { relationId: 501 }, 'MUT_014', 'relationId'],
		['term of payment on a memoriaal', { termOfPayment: 14 }, 'MUT_016', 'termOfPayment'],
		['rows missing', { rows: [] }, 'MUT_100', 'rows'],
	])('rejects %s', async (_name, patch, code, prop) => {
		const body = workedExample();
		for (const [k, v] of Object.entries(patch)) {
			if (v === undefined) delete body[k];
			else body[k] = v;
		}
		expectError(await post(body), 400, code, prop);
		expect(em.state.mutations.some((m) => m.invoiceNumber === 'NMBRS-12345-2025-987')).toBe(false);
	});

	it('validates rows: unknown ledger (MUT_104), missing ledger (MUTA_004), cost centre (MUT_117), VAT code (MUT_109), vatAmount (MUTA_003)', async () => {
		const withRow = (i: number, patch: Json): Json => {
			const body = workedExample();
			body.rows[i] = { ...body.rows[i], ...patch };
			for (const [k, v] of Object.entries(patch)) if (v === undefined) delete body.rows[i][k];
			return body;
		};
		expectError(await post(withRow(2, { ledgerId: 777777 })), 400, 'MUT_104', 'rows[2].ledgerId');
		expectError(await post(withRow(1, { ledgerId: undefined })), 400, 'MUTA_004', 'rows[1].ledgerId');
		expectError(await post(withRow(0, { costCenterId: 9999 })), 400, 'MUT_117', 'rows[0].costCenterId');
		expectError(await post(withRow(0, { vatCode: 'LAAG_INK' })), 400, 'MUT_109', 'rows[0].vatCode');
		expectError(await post(withRow(0, { vatAmount: 1 })), 400, 'MUTA_003', 'rows[0].vatAmount');
		expect(em.state.mutations.some((m) => m.type === 7)).toBe(false);
	});

	it('rejects an unbalanced memoriaal (MUT_118), in cents', async () => {
		const body = workedExample();
		body.rows[4].amount = 3311.37;
		expectError(await post(body), 400, 'MUT_118');
		// sums that are zero in cents but not in binary floating point pass
		const fp = workedExample({
			invoiceNumber: 'FP-1',
			rows: [
				{ ledgerId: 2001, vatCode: 'GEEN', amount: -0.3 },
				{ ledgerId: 2010, vatCode: 'GEEN', amount: 0.1 },
				{ ledgerId: 2011, vatCode: 'GEEN', amount: 0.2 },
			],
		});
		expect((await post(fp)).status).toBe(200);
		em.setKnobs({ service: { requireBalancedMemoriaal: false } });
		expect((await post({ ...body, invoiceNumber: 'UNBAL-OK' })).status).toBe(200);
	});

	it('rejects a zero-amount row with ERR_002 unless the knob allows it', async () => {
		const body = workedExample();
		body.rows.push({ ledgerId: 2004, vatCode: 'GEEN', amount: 0.001, description: 'Correctie vakantiegeld' });
		expectError(await post(body), 400, 'ERR_002', 'rows[5].amount');
		em.setKnobs({ service: { rejectZeroAmountRows: false } });
		expect((await post(body)).status).toBe(200);
	});

	it('limits the number of rows (MUT_101, knob maxRows)', async () => {
		em.setKnobs({ service: { maxRows: 4 } });
		expectError(await post(workedExample()), 400, 'MUT_101', 'rows');
		em.setKnobs({ service: { maxRows: 5 } });
		expect((await post(workedExample())).status).toBe(200);
	});

	it('rejects dates on or before closedUntil with MUT_005, or SECURITY_007 when closed by the accountant', async () => {
		em.setKnobs({ service: { closedUntil: '2025-01-31' } });
		const closed = await post(workedExample());
		expectError(closed, 400, 'MUT_005', 'date');
		expectError(await post(workedExample({ date: '2024-12-31' })), 400, 'MUT_005', 'date');
		em.setKnobs({ service: { closedBy: 'accountant' } });
		const sec = await post(workedExample());
		expectError(sec, 403, 'SECURITY_007');
		expect(sec.body).toMatchObject({ type: 'security', securityType: 0 });
		expect((await post(workedExample({ date: '2025-02-01' }))).status).toBe(200);
		em.setKnobs({ service: { closedUntil: null, closedBy: null } });
		expect((await post(workedExample({ invoiceNumber: 'OPEN-1' }))).status).toBe(200);
	});

	it('takes closedUntil from the seed and from the admin route', async () => {
		const seeded = await start({ seed: { closedUntil: '2025-06-30', closedBy: 'accountant' } });
		const st = await session(seeded);
		expectError(await call(seeded, 'POST', '/v1/mutation', { auth: st, body: workedExample() }), 403, 'SECURITY_007');
		const r = await fetch(`${seeded.url}/__admin/service/closed-until`, { method: 'PUT', body: JSON.stringify({ closedUntil: '2024-12-31', closedBy: 'administration' }) });
		expect(r.status).toBe(200);
		expect((await call(seeded, 'POST', '/v1/mutation', { auth: st, body: workedExample() })).status).toBe(200);
	});

	it('filters the list by type, id, description, invoiceNumber and date, and pages', async () => {
		const ids: number[] = [];
		for (let m = 1; m <= 4; m++) {
			const mm = String(m).padStart(2, '0');
			const last = new Date(Date.UTC(2025, m, 0)).toISOString().slice(0, 10);
			const r = await post(workedExample({ date: last, invoiceNumber: `NMBRS-12345-2025-${900 + m}`, description: `Loonjournaal 2025-${mm}` }));
			expect(r.status).toBe(200);
			ids.push(r.body.id as number);
		}
		const list = async (q: string): Promise<number[]> => {
			const r = await call(em, 'GET', `/v1/mutation?${q}`, { auth: t });
			expect(r.status).toBe(200);
			expect(r.body.count).toBe(r.body.items.length);
			return (r.body.items as Json[]).map((i) => i.id as number);
		};
		expect(await list('type=7')).toEqual(ids);
		expect(await list('type[not_eq]=7&limit=2000')).not.toEqual(expect.arrayContaining([ids[0]]));
		expect(await list('type=7&date[range]=2025-01-01,2025-02-28')).toEqual(ids.slice(0, 2));
		expect(await list('type=7&date%5Brange%5D=2025-01-01,2025-02-28')).toEqual(ids.slice(0, 2));
		expect(await list('type=7&date[gt]=2025-02-28')).toEqual(ids.slice(2));
		expect(await list('type=7&date[gte]=2025-02-28')).toEqual(ids.slice(1));
		expect(await list('type=7&date[lt]=2025-02-28')).toEqual(ids.slice(0, 1));
		expect(await list('type=7&date[lte]=2025-02-28')).toEqual(ids.slice(0, 2));
		expect(await list('date=2025-03-31')).toEqual([ids[2]]);
		expect(await list(`id[gte]=${ids[1]}`)).toEqual(ids.slice(1));
		expect(await list(`id=${ids[3]}`)).toEqual([ids[3]]);
		expect(await list('invoiceNumber[like]=NMBRS-12345-2025-90%25')).toEqual(ids);
		expect(await list('invoiceNumber[like]=NMBRS-12345-2025-90%3F')).toEqual(ids);
		expect(await list('invoiceNumber[not_like]=NMBRS%25&type=7')).toEqual([]);
		expect(await list('description[like]=%25-03')).toEqual([ids[2]]);
		expect(await list('type=7&limit=3&offset=0')).toEqual(ids.slice(0, 3));
		expect(await list('type=7&limit=3&offset=3')).toEqual(ids.slice(3));
		expectError(await call(em, 'GET', '/v1/mutation?date[range]=2025-01-01', { auth: t }), 400, 'ERR_002', 'date');
		expectError(await call(em, 'GET', '/v1/mutation?date=31-01-2025', { auth: t }), 400, 'ERR_002', 'date');
		expectError(await call(em, 'GET', '/v1/mutation?type[like]=7', { auth: t }), 400, 'ERR_002', 'type');
		expectError(await call(em, 'GET', '/v1/mutation?limit=5000', { auth: t }), 400, 'PAGE_001');
		expectError(await call(em, 'GET', '/v1/mutation?offset=-5', { auth: t }), 400, 'PAGE_002');
	});

	it('can answer dates as date-times (knob dateTimeDates) while date filters keep working', async () => {
		const id = (await post(workedExample())).body.id as number;
		em.setKnobs({ service: { dateTimeDates: true } });
		const list = await call(em, 'GET', '/v1/mutation?type=7&date[range]=2025-01-31,2025-01-31', { auth: t });
		expect(list.body.items).toEqual([expect.objectContaining({ id, date: '2025-01-31T00:00:00' })]);
		expect((await call(em, 'GET', `/v1/mutation/${id}`, { auth: t })).body.date).toBe('2025-01-31T00:00:00');
	});

	it('gives MUT_300 404 for an unknown id and has no update or delete', async () => {
		expectError(await call(em, 'GET', '/v1/mutation/999999', { auth: t }), 404, 'MUT_300');
		const id = (await post(workedExample())).body.id as number;
		for (const method of ['PATCH', 'PUT', 'DELETE']) {
			const r = await call(em, method, `/v1/mutation/${id}`, { auth: t, body: { description: 'changed' } });
			expect(r.status).toBe(EB_ASSUMPTIONS.mutationUpdateDeleteStatus);
			expect(r.headers.get('allow')).toBe('GET');
		}
		expect((await call(em, 'GET', `/v1/mutation/${id}`, { auth: t })).body.description).toBe('Loonjournaal 2025-01 run 1');
	});

	it('validates ordinary mutation types (relation, categories, VAT direction)', async () => {
		const sale = { type: 2, date: '2025-04-10', ledgerId: 1005, relationId: 501, inExVat: 'EX', invoiceNumber: 'F2025-0100', rows: [{ ledgerId: 1022, vatCode: 'HOOG_VERK_21', amount: 100 }] };
		const ok = await post(sale);
		expect(ok.status).toBe(200);
		expect((await call(em, 'GET', `/v1/mutation/${ok.body.id}`, { auth: t })).body.vat).toEqual([{ vatCode: 'HOOG_VERK_21', amount: 21 }]);
		expectError(await post({ ...sale, invoiceNumber: 'F2025-0101', relationId: undefined }), 400, 'MUT_012', 'relationId');
		expectError(await post({ ...sale, invoiceNumber: undefined }), 400, 'MUT_002', 'invoiceNumber');
		expectError(await post({ ...sale, invoiceNumber: 'F2025-0102', ledgerId: 1022 }), 400, 'MUT_011', 'ledgerId');
		expectError(await post({ ...sale, invoiceNumber: 'F2025-0103', rows: [{ ledgerId: 1022, vatCode: 'HOOG_INK_21', amount: 1 }] }), 400, 'MUT_111', 'rows[0].vatCode');
		expectError(await post({ ...sale, invoiceNumber: 'F2025-0104', rows: [{ ledgerId: 1004, vatCode: 'GEEN', amount: 1 }] }), 400, 'MUT_106', 'rows[0].ledgerId');
		expectError(await post({ ...sale, invoiceNumber: 'F2025-0105', inExVat: undefined }), 400, 'MUTA_005', 'inExVat');
	});

	it('answers malformed and empty bodies with ERR_002 / DATA_01', async () => {
		expectError(await call(em, 'POST', '/v1/mutation', { auth: t, raw: '{"type":7,' }), 400, 'ERR_002');
		expectError(await call(em, 'POST', '/v1/mutation', { auth: t, raw: '' }), 400, 'DATA_01');
	});
});

describe('e-Boekhouden emulator: seed, admin, persistence, knobs', () => {
	it('loads a seed with ledgers by code, cost centres, mutations and tokens', async () => {
		const em = await start({
			seed: {
				tokens: [{ token: 'seed-token' }],
				ledgers: [
					{ id: 10, code: '4000', description: 'Salarissen', category: 'VW', group: 'LON' },
					{ id: 11, code: '1700', description: 'Loonheffing', category: 'BAL' },
					{ id: 12, code: '2190', description: 'Clearing', category: 'BAL' },
				],
				costCenters: ['KP77', { id: 9, description: 'KP78', active: false }],
				mutations: [
					{
						id: 77,
						type: 7,
						date: '2025-01-31',
						ledgerCode: '2190',
						invoiceNumber: 'SEEDED-1',
						rows: [
							{ ledgerCode: '4000', amount: -10, costCenter: 'KP77' },
							{ ledgerCode: '1700', amount: 10 },
						],
					},
				],
			},
		});
		expect((await call(em, 'POST', '/v1/session', { body: { accessToken: TOKEN, source: 'x' } })).status).toBe(403);
		const t = await session(em, 'seed-token');
		const ledgers = await call(em, 'GET', '/v1/ledger', { auth: t });
		expect((ledgers.body.items as Json[]).map((l) => [l.id, l.code])).toEqual([
			[10, '4000'],
			[11, '1700'],
			[12, '2190'],
		]);
		const cc = await call(em, 'GET', '/v1/costcenter', { auth: t });
		expect(cc.body.items).toEqual([
			{ id: 9, description: 'KP78', parentId: 0, active: false },
			{ id: 101, description: 'KP77', parentId: 0, active: true },
		]);
		const m = await call(em, 'GET', '/v1/mutation/77', { auth: t });
		expect(m.body.rows).toEqual([
			{ ledgerId: 10, vatCode: 'GEEN', amount: -10, costCenterId: 101 },
			{ ledgerId: 11, vatCode: 'GEEN', amount: 10 },
		]);
		expectError(await call(em, 'POST', '/v1/mutation', { auth: t, body: { ...workedExample(), ledgerId: 12, invoiceNumber: 'SEEDED-1', rows: [{ ledgerId: 10, vatCode: 'GEEN', amount: 1 }, { ledgerId: 11, vatCode: 'GEEN', amount: -1 }] } }), 400, 'MUT_019');
	});

	it('rejects a broken seed on reset', async () => {
		const em = await start();
		const r = await fetch(`${em.url}/__admin/reset`, { method: 'POST', body: JSON.stringify({ mutations: [{ date: '2025-01-01', ledgerCode: '9999' }] }) });
		expect(r.status).toBe(400);
		expect(((await r.json()) as Json).error).toMatch(/unknown ledgerCode 9999/);
	});

	it('is deterministic: two fresh emulators hold the same demo data', async () => {
		const a = await start();
		const b = await start();
		const strip = (s: EbState): unknown => ({ ...s, sessions: {} });
		expect(strip(a.state)).toEqual(strip(b.state));
	});

	it('exposes full mutations with rows and the state through the admin API', async () => {
		const em = await start();
		const t = await session(em);
		const id = (await call(em, 'POST', '/v1/mutation', { auth: t, body: workedExample() })).body.id as number;
		const all = (await (await fetch(`${em.url}/__admin/service/mutations`)).json()) as Json[];
		const mine = all.find((m) => m.id === id);
		expect(mine?.rows).toHaveLength(5);
		const st = (await (await fetch(`${em.url}/__admin/state`)).json()) as Json;
		expect(st.mutations.some((m: Json) => m.id === id)).toBe(true);
		expect(st.sessions[0].token).not.toBe(t);
	});

	it('keeps acknowledged mutations and sessions across a restart with a state file', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eb-state-'));
		const file = path.join(dir, 'eboekhouden.json');
		const em = await start({ stateFile: file });
		const t = await session(em);
		const id = (await call(em, 'POST', '/v1/mutation', { auth: t, body: workedExample() })).body.id as number;
		await em.close();
		const again = await start({ stateFile: file });
		expect((await call(again, 'GET', `/v1/mutation/${id}`, { auth: t })).status).toBe(200);
		expectError(await call(again, 'POST', '/v1/mutation', { auth: t, body: workedExample() }), 400, 'MUT_019');
		const next = (await call(again, 'POST', '/v1/mutation', { auth: t, body: workedExample({ invoiceNumber: 'AFTER-RESTART' }) })).body.id as number;
		expect(next).toBe(id + 1);
	});

	it('sends an ERR_001 500 as its fault and a 429 with Retry-After when rate limited', async () => {
		const em = await start();
		const t = await session(em);
		em.setKnobs({ faults: { burst: 1 } });
		expectError(await call(em, 'GET', '/v1/ledger', { auth: t }), 500, 'ERR_001');
		em.setKnobs({ rateLimit: { enabled: true, requestsPerSecond: 1, burst: 1 } });
		expect((await call(em, 'GET', '/v1/ledger', { auth: t })).status).toBe(200);
		const limited = await call(em, 'GET', '/v1/ledger', { auth: t });
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect(limited.body).toMatchObject({ status: 429 });
	});

	it('answers unknown routes with 404', async () => {
		const em = await start();
		const t = await session(em);
		expect((await call(em, 'GET', '/v1/nothing', { auth: t })).status).toBe(404);
		expect((await call(em, 'GET', '/v2/ledger', { auth: t })).status).toBe(404);
		expect((await call(em, 'GET', '/V1/Ledger/', { auth: t })).status).toBe(200);
	});
});
