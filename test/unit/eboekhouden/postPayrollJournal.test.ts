import { startEmulator, type RunningEmulator } from '../../../emulators/common';
import { eboekhoudenService, type EbState } from '../../../emulators/eboekhouden';
import { EBoekhouden } from '../../../nodes/EBoekhouden/EBoekhouden.node';
import { runExecute, type FakeContextOptions } from '../kit/context';
import { exampleJournal, februaryJournal } from '../kit/journals';
import { payrollJournal } from './fixtures';
import { EBOEKHOUDEN, eboekhoudenCredentials } from '../kit/vendors';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let em: RunningEmulator<EbState>;

beforeEach(async () => {
	em = await startEmulator(eboekhoudenService, {});
});
afterEach(async () => {
	await em.close();
});

const january = () => exampleJournal();
const february = februaryJournal;

function params(options: Json = {}, extra: Json = {}): Json {
	return {
		resource: 'journal',
		operation: 'postPayrollJournal',
		clearingLedgerCode: '2190',
		ledgerMapping: {},
		useSameCodeWhenUnmapped: true,
		fallbackLedgerCode: '',
		costCentreMapping: {},
		options,
		...extra,
	};
}

/** Every output item of Post Payroll Journal has exactly these fields, whatever its status. */
const OUTCOME_FIELDS = [
	'status',
	'key',
	'companyId',
	'year',
	'period',
	'runId',
	'date',
	'code',
	'field',
	'message',
	'description',
	'mutationIds',
	'invoiceNumber',
	'totals',
	'plannedAction',
	'payloads',
];

function expectOneShape(json: Json): void {
	expect(Object.keys(json)).toEqual(OUTCOME_FIELDS);
	expect(Object.values(json)).not.toContain(undefined);
	if (json.status === 'failed') {
		expect(json).toMatchObject({ code: expect.any(String), message: expect.any(String), description: expect.any(String) });
		expect(json.code).not.toBe('');
		expect(json.description).not.toBe('');
	}
}

async function post(
	items: Json[],
	options: Json = {},
	extra: Pick<FakeContextOptions, 'beforeRequest' | 'continueOnFail'> & { params?: Json; credentials?: Json } = {},
) {
	const result = await runExecute(new EBoekhouden(), {
		vendor: EBOEKHOUDEN,
		credentials: eboekhoudenCredentials(em.url, extra.credentials),
		items,
		beforeRequest: extra.beforeRequest,
		continueOnFail: extra.continueOnFail,
		params: { ...params(options), ...(extra.params ?? {}) },
	});
	for (const item of result.output) expectOneShape(item.json as Json);
	return result;
}

async function admin(method: string, path: string, body?: unknown): Promise<Json> {
	const res = await fetch(`${em.url}/__admin${path}`, {
		method,
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return (await res.json()) as Json;
}

/** Mutations this node wrote (the emulator's demo data has other bookings). */
async function directPost(body: unknown): Promise<Json> {
	const s = (await (
		await fetch(`${em.url}/v1/session`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ accessToken: 'demo-eboekhouden-token', source: 'other' }),
		})
	).json()) as Json;
	const r = await fetch(`${em.url}/v1/mutation`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: s.token },
		body: JSON.stringify(body),
	});
	return { status: r.status, body: (await r.json()) as Json };
}

const mutations = () => (em.state.mutations as unknown as Json[]).filter((m) => String(m.invoiceNumber ?? '').startsWith('NMBRS-'));
const vendorCalls = (sent: Array<{ method: string; path: string }>) => sent.map((s) => `${s.method} ${s.path.split('?')[0]}`);

describe('Journal → Post Payroll Journal against the e-Boekhouden emulator', () => {
	it('posts every journal once, with the reference payload, one session, one probe', async () => {
		const { output, sent } = await post([january(), february()]);
		expect(output.map((o) => o.json.status)).toEqual(['posted', 'posted']);
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(output[0].json).toMatchObject({
			key: 'NMBRS-12345-2025-987',
			companyId: 12345,
			year: 2025,
			period: 1,
			runId: 987,
			totals: { debitCents: 618040, creditCents: 618040, droppedZeroLines: 1 },
		});
		const stored = mutations();
		expect(stored).toHaveLength(2);
		const jan = stored.find((m) => m.invoiceNumber === 'NMBRS-12345-2025-987') as Json;
		expect(jan).toMatchObject({ type: 7, date: '2025-01-31', ledgerId: 2090, inExVat: 'EX' });
		expect(jan.entryNumber).toMatch(/^NMBRS 12345\/987 #[0-9a-f]{16}$/);
		expect(jan.rows.map((r: Json) => [r.ledgerId, r.amount, r.costCenterId ?? null])).toEqual([
			[2001, -5200, 31],
			[2002, -980.4, null],
			[2010, 1888.62, null],
			[2011, 980.4, null],
			[2020, 3311.38, null],
		]);
		expect(output[0].json).toMatchObject({
			mutationIds: [jan.id],
			invoiceNumber: 'NMBRS-12345-2025-987',
			code: null,
			field: null,
			message: null,
			description: null,
			plannedAction: null,
			payloads: [],
		});
		expect(vendorCalls(sent)).toEqual([
			'POST /v1/session',
			'GET /v1/mutation',
			'GET /v1/ledger',
			'GET /v1/costcenter',
			'POST /v1/mutation',
			'POST /v1/mutation',
			'DELETE /v1/session',
		]);
		expect(sent[1].path).toContain('type=7');
		expect(decodeURIComponent(sent[1].path)).toContain('invoiceNumber[like]=NMBRS-12345-%');
		expect(decodeURIComponent(sent[1].path)).toContain('date[range]=2025-01-01,2025-12-31');
	});

	it('a second run posts nothing: only the session and the probe', async () => {
		await post([january(), february()]);
		const { output, sent } = await post([january(), february()]);
		expect(output.map((o) => o.json.status)).toEqual(['already-posted', 'already-posted']);
		expect(vendorCalls(sent)).toEqual(['POST /v1/session', 'GET /v1/mutation', 'DELETE /v1/session']);
		expect(mutations()).toHaveLength(2);
	});

	it('a changed journal is reversed and posted again (REV1 + C1), then is stable', async () => {
		await post([january()]);
		const changed = january();
		(changed.lines as Json[])[0].amountCents = 530000;
		(changed.lines as Json[])[0].amount = 5300;
		(changed.lines as Json[])[4].amountCents = 341138;
		(changed.lines as Json[])[4].amount = 3411.38;
		const { output } = await post([changed]);
		expect(output[0].json.status).toBe('reposted');
		const stored = mutations();
		expect(stored.map((m) => m.invoiceNumber)).toEqual(['NMBRS-12345-2025-987', 'NMBRS-12345-2025-987-REV1', 'NMBRS-12345-2025-987-C1']);
		expect(output[0].json.mutationIds).toEqual(stored.map((m) => m.id));
		const [orig, rev, c1] = stored;
		expect(rev.rows.map((r: Json) => r.amount)).toEqual(orig.rows.map((r: Json) => -r.amount));
		expect(rev.date).toBe(orig.date);
		expect(c1.rows[0].amount).toBe(-5300);
		const again = await post([changed]);
		expect(again.output[0].json.status).toBe('already-posted');
		expect(vendorCalls(again.sent)).toEqual(['POST /v1/session', 'GET /v1/mutation', 'DELETE /v1/session']);
		// changed back: reverse C1, post C2
		const back = await post([january()]);
		expect(back.output[0].json.status).toBe('reposted');
		expect(mutations().map((m) => m.invoiceNumber).slice(3)).toEqual(['NMBRS-12345-2025-987-REV2', 'NMBRS-12345-2025-987-C2']);
	});

	it('"Report for Review" books nothing for a changed journal', async () => {
		await post([january()]);
		const changed = january();
		(changed.lines as Json[])[1].description = 'Werkgeverslasten gewijzigd';
		const { output } = await post([changed], { onChangedJournal: 'review' });
		expect(output[0].json.status).toBe('needs-review');
		expect(output[0].json.message).toContain('changed in Nmbrs');
		expect(mutations()).toHaveLength(1);
	});

	it('completes a correction whose reversal was booked by a run that crashed', async () => {
		await post([january()]);
		const changed = january();
		(changed.lines as Json[])[1].description = 'x';
		// a run that booked the reversal and then died before the new version: take the reversal
		// payload from a dry run and book only that
		const dry = await post([changed], { dryRun: true });
		const [reversal] = dry.output[0].json.payloads as Json[];
		await directPost(reversal);
		expect(mutations().map((m) => m.invoiceNumber)).toEqual(['NMBRS-12345-2025-987', 'NMBRS-12345-2025-987-REV1']);
		const { output } = await post([changed]);
		expect(output[0].json.status).toBe('reposted');
		expect(mutations().map((m) => m.invoiceNumber)).toEqual(['NMBRS-12345-2025-987', 'NMBRS-12345-2025-987-REV1', 'NMBRS-12345-2025-987-C1']);
	});

	it('skips journals on or before "Closed Until" without any call', async () => {
		const { output, sent } = await post([january()], { closedUntil: '2025-01-31T00:00:00.000+01:00' });
		expect(output[0].json).toMatchObject({ status: 'skipped-closed', key: 'NMBRS-12345-2025-987' });
		expect(sent).toHaveLength(0);
	});

	it.each([
		['administration', 'MUT_005'],
		['accountant', 'SECURITY_007'],
	])('a period closed in e-Boekhouden (%s) gives skipped-closed (%s), other journals still post', async (closedBy, code) => {
		await admin('POST', '/service/closed-until', { closedUntil: '2025-01-31', closedBy });
		const { output } = await post([january(), february()]);
		expect(output[0].json).toMatchObject({ status: 'skipped-closed', code: code });
		expect(output[1].json.status).toBe('posted');
		expect(mutations()).toHaveLength(1);
	});

	it('an unmapped code without fallback fails only its journal, naming the code', async () => {
		const bad = february();
		(bad.lines as Json[])[0].glCode = '9999';
		const { output } = await post([january(), bad]);
		expect(output[0].json.status).toBe('posted');
		expect(output[1].json).toMatchObject({
			status: 'failed',
			code: 'UNMAPPED_LEDGER',
			field: null,
			key: 'NMBRS-12345-2025-988',
			description: expect.stringContaining('Fallback Ledger Code'),
		});
		expect(output[1].json.message).toContain('9999');
		expect(mutations()).toHaveLength(1);
		// with a fallback ledger it posts
		const fixed = await post([bad], {}, { params: { fallbackLedgerCode: '2199' } });
		expect(fixed.output[0].json.status).toBe('posted');
		expect((mutations()[1] as Json).rows[0].ledgerId).toBe(2091);
	});

	it('uses the mapping table (GL code and wage component) and the cost centre mapping', async () => {
		const j = february();
		(j.lines as Json[])[0] = { ...(j.lines as Json[])[0], glCode: '', costCenter: 'SALES' };
		const { output } = await post([j], {}, {
			params: {
				ledgerMapping: { mapping: [{ nmbrsCode: 'Bruto loon', ledgerCode: '4110' }, { nmbrsCode: '2100', ledgerCode: '1700' }] },
				costCentreMapping: { mapping: [{ nmbrsCostCentre: 'SALES', costCentre: 'KP02' }] },
			},
		});
		expect(output[0].json.status).toBe('posted');
		expect((mutations()[0] as Json).rows.map((r: Json) => [r.ledgerId, r.costCenterId ?? null])).toEqual([
			[2003, 32],
			[2010, null],
		]);
	});

	it('an unbalanced journal fails before anything is sent', async () => {
		const j = february();
		(j.lines as Json[])[0].amountCents = 10001;
		const { output, sent } = await post([j]);
		// Refused before planning, it still names the journal: the failure report shows its key.
		expect(output[0].json).toMatchObject({ status: 'failed', code: 'UNBALANCED', key: 'NMBRS-12345-2025-988', companyId: 12345, year: 2025, runId: 988 });
		expect(sent).toHaveLength(0);
	});

	it('an item that is not a journal fails as an item, the others post', async () => {
		const { output } = await post([{ hello: 'world' }, february()]);
		expect(output[0].json).toMatchObject({ status: 'failed', code: 'INVALID_JOURNAL', field: 'lines', key: null, companyId: null, totals: null });
		expect(output[1].json.status).toBe('posted');
	});

	it('a journal the Nmbrs node rejected is not posted; its message is passed on', async () => {
		const { output, sent } = await post([{ ...january(), status: 'rejected', message: 'line 3: side "links"' }]);
		expect(output[0].json).toMatchObject({
			status: 'failed',
			code: 'INVALID_JOURNAL',
			field: 'status',
			companyId: 12345,
			message: expect.stringContaining('"rejected": line 3: side "links"'),
			description: expect.stringContaining('Nmbrs'),
		});
		expect(sent).toHaveLength(0);
		const advised = await post([{ ...january(), status: 'rejected', code: 'UNBALANCED', message: 'not in balance', description: 'Correct it in Nmbrs.' }]);
		expect(advised.output[0].json).toMatchObject({ code: 'INVALID_JOURNAL', description: 'Correct it in Nmbrs.' });
	});

	it('a setting that cannot be read fails its items with Continue On Fail, and stops the node without', async () => {
		const bad = { params: { clearingLedgerCode: ' ' } };
		await expect(post([january()], {}, bad)).rejects.toThrow(/Clearing Ledger Code is empty/);
		const { output } = await post([january()], {}, { ...bad, continueOnFail: true });
		expect(output[0].json).toMatchObject({
			status: 'failed',
			code: 'CONFIGURATION',
			field: 'clearingLedgerCode',
			companyId: 12345,
			message: 'Clearing Ledger Code is empty',
			description: expect.stringContaining('e.g. 2190'),
		});
	});

	it('"Journals Posted at Once" that is not a number stops the node, naming the option', async () => {
		await expect(post([january()], { journalsPostedAtOnce: 'many' })).rejects.toMatchObject({
			message: 'Journals Posted at Once "many" is not a number',
			description: expect.stringContaining('whole number from 1 to 8'),
		});
		expect(mutations()).toHaveLength(0);
		const { output } = await post([january(), february()], { journalsPostedAtOnce: 50 });
		expect(output.map((o) => o.json.status)).toEqual(['posted', 'posted']);
	});

	it('dry run returns the exact payloads and books nothing', async () => {
		const { output, sent } = await post([january()], { dryRun: true });
		expect(output[0].json.status).toBe('dry-run');
		expect(output[0].json.plannedAction).toBe('post');
		expect((output[0].json.payloads as Json[])[0]).toMatchObject({ type: 7, invoiceNumber: 'NMBRS-12345-2025-987', ledgerId: 2090 });
		expect(sent.filter((s) => s.method === 'POST' && s.path.startsWith('/v1/mutation'))).toHaveLength(0);
		expect(mutations()).toHaveLength(0);
		// the payload it showed is what a real run sends
		await post([january()]);
		const stored = mutations()[0] as Json;
		const shown = (output[0].json.payloads as Json[])[0];
		expect(stored.rows.map((r: Json) => r.amount)).toEqual(shown.rows.map((r: Json) => r.amount));
		expect(stored.entryNumber).toBe(shown.entryNumber);
	});

	it('dry run of a changed journal shows the reversal and the new version', async () => {
		await post([january()]);
		const changed = january();
		(changed.lines as Json[])[1].description = 'x';
		const { output } = await post([changed], { dryRun: true });
		expect(output[0].json.plannedAction).toBe('reverse-and-post');
		expect((output[0].json.payloads as Json[]).map((p) => p.invoiceNumber)).toEqual(['NMBRS-12345-2025-987-REV1', 'NMBRS-12345-2025-987-C1']);
		expect(mutations()).toHaveLength(1);
	});

	it('MUT_019 race: another execution books the same journal between probe and post -> already-posted', async () => {
		let raced = false;
		const { output } = await post([january()], {}, {
			beforeRequest: async (req) => {
				if (!raced && req.method === 'POST' && req.path.startsWith('/v1/mutation')) {
					raced = true;
					// the parallel execution: same payload, its own session
					expect((await directPost(req.body)).status).toBeLessThan(300);
				}
			},
		});
		expect(output[0].json.status).toBe('already-posted');
		expect(output[0].json.message).toContain('another execution');
		expect(mutations()).toHaveLength(1);
	});

	it('MUT_019 race with different content -> needs-review, nothing booked twice', async () => {
		let raced = false;
		const { output } = await post([january()], {}, {
			beforeRequest: async (req) => {
				if (!raced && req.method === 'POST' && req.path.startsWith('/v1/mutation')) {
					raced = true;
					await directPost({ ...(req.body as Json), entryNumber: 'NMBRS 12345/987 #0000000000000000' });
				}
			},
		});
		expect(output[0].json.status).toBe('needs-review');
		expect(mutations()).toHaveLength(1);
	});

	it.each([1, 4])('a session that expires mid-run is renewed once and the run completes (%i journals at once)', async (atOnce) => {
		let posts = 0;
		const { output, sent } = await post([january(), february()], { journalsPostedAtOnce: atOnce }, {
			beforeRequest: async (req) => {
				if (req.method === 'POST' && req.path.startsWith('/v1/mutation') && ++posts === 2) await admin('POST', '/service/expire-sessions');
			},
		});
		expect(output.map((o) => o.json.status)).toEqual(['posted', 'posted']);
		expect(sent.filter((s) => s.path.startsWith('/v1/session') && s.method === 'POST')).toHaveLength(2);
		const refused = sent.filter((s) => s.status === 401);
		// one at a time, only the second POST is refused; at once, the first may be too (both sent with the old token)
		if (atOnce === 1) expect(refused).toHaveLength(1);
		else expect(refused.length).toBeGreaterThanOrEqual(1);
		expect(sent.filter((s) => s.method === 'POST' && s.path.startsWith('/v1/mutation'))).toHaveLength(2 + refused.length);
		expect(mutations()).toHaveLength(2);
	});

	it('journals posted at once that are refused with the expired session renew it once, also when refused after the renewal', async () => {
		const journals = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => payrollJournal(12345, 2000 + n, n));
		let first: string | undefined;
		let release: () => void = () => {};
		const renewed = new Promise<void>((resolve) => (release = resolve));
		let held = 0;
		const { output, sent } = await post(journals, {}, {
			beforeRequest: async (req) => {
				if (req.method !== 'POST' || !req.path.startsWith('/v1/mutation')) return;
				const invoice = String((req.body as Json).invoiceNumber);
				if (first === undefined) {
					first = invoice;
					await admin('POST', '/service/expire-sessions');
				} else if (invoice === first) {
					release(); // the first POST goes again: the session has been renewed
				} else if (held < 3) {
					held++;
					await renewed; // sent with the expired token after the renewal
				}
			},
		});
		expect(output.map((o) => o.json.status)).toEqual(journals.map(() => 'posted'));
		expect(held).toBe(3);
		expect(sent.filter((s) => s.status === 401)).toHaveLength(4);
		expect(sent.filter((s) => s.path.startsWith('/v1/session') && s.method === 'POST')).toHaveLength(2);
		expect(mutations()).toHaveLength(8);
	});

	it('posts many journals at once exactly once through 5xx answers, lost answers and dropped connections', async () => {
		const journals = Array.from({ length: 24 }, (_, i) => payrollJournal(12345 + (i % 3), 3000 + i, (i % 12) + 1));
		em.setKnobs({ faults: { seed: 42, errorRate: 0.2, lostResponseRate: 0.2, resetRate: 0.1, operations: ['POST /v1/mutation'] } });
		const { output } = await post(journals, {}, { continueOnFail: true });
		const keys = journals.map((j) => `NMBRS-${String(j.companyId)}-2025-${String(j.runId)}`);
		expect(output.map((o) => o.json.key)).toEqual(keys);
		expect(output.map((o) => o.pairedItem)).toEqual(keys.map((_, item) => ({ item })));
		const first = output.map((o) => String(o.json.status));
		expect(first.every((s) => s === 'posted' || s === 'failed')).toBe(true);
		const outcomes = new Set<string>(em.requests().entries.map((e) => e.outcome));
		expect(['fault', 'lost-response', 'reset'].filter((o) => outcomes.has(o))).toEqual(['fault', 'lost-response', 'reset']);
		expect(new Set(mutations().map((m) => m.invoiceNumber)).size).toBe(mutations().length);
		em.setKnobs({ faults: { errorRate: 0, lostResponseRate: 0, resetRate: 0 } });
		const again = await post(journals);
		expect(again.output.map((o) => o.json.status)).toEqual(first.map((s) => (s === 'posted' ? 'already-posted' : 'posted')));
		expect(mutations().map((m) => m.invoiceNumber).sort()).toEqual([...keys].sort());
	}, 60000);

	it('a refused API token stops the execution with a credential error', async () => {
		await expect(post([january()], {}, { credentials: { apiToken: 'wrong-token' } })).rejects.toMatchObject({
			message: expect.stringContaining('e-Boekhouden did not accept the API token'),
			description: expect.stringContaining('paste a valid API token'),
		});
		await expect(post([january()], {}, { credentials: { apiToken: 'demo-eboekhouden-expired-token' } })).rejects.toThrow(/expired/);
		expect(mutations()).toHaveLength(0);
	});

	it('a request that outlives its session (e.g. waiting out 429s) is refused, renews and is sent again, also twice', async () => {
		em.setKnobs({ service: { sessionLifetimeSeconds: 1 } });
		let slowSends = 0;
		const { output, sent } = await post([february()], {}, {
			beforeRequest: async (req) => {
				// the first two sends of the POST take longer than a session lives
				if (req.method === 'POST' && req.path.startsWith('/v1/mutation') && slowSends++ < 2) await new Promise((r) => setTimeout(r, 1300));
			},
		});
		expect(output[0].json.status).toBe('posted');
		expect(sent.filter((s) => s.status === 401)).toHaveLength(2);
		expect(sent.filter((s) => s.path.startsWith('/v1/session') && s.method === 'POST')).toHaveLength(3);
		expect(mutations()).toHaveLength(1);
	}, 15000);

	it('a 401 after renewing the session is a credential error', async () => {
		await expect(
			post([january()], {}, {
				beforeRequest: async (req) => {
					if (req.path.startsWith('/v1/mutation')) await admin('POST', '/service/expire-sessions');
				},
			}),
		).rejects.toThrow(/refused the session twice/);
	});

	it('an invalid source is reported before any call, saying what to fix', async () => {
		const run = post([january()], {}, { credentials: { source: 'n8n-nodes' } });
		await expect(run).rejects.toThrow(/1–10 letters, digits, underscores or spaces/);
		expect(em.requests().total).toBe(0);
	});

	it('rides out 429 answers (Retry-After) and still books exactly once', async () => {
		em.setKnobs({ rateLimit: { enabled: true, requestsPerSecond: 2, burst: 2 } });
		const { output } = await post([january(), february()]);
		expect(output.map((o) => o.json.status)).toEqual(['posted', 'posted']);
		expect(em.requests().entries.some((e) => e.outcome === 'rate-limited')).toBe(true);
		expect(mutations()).toHaveLength(2);
	}, 30000);

	it('5xx answers and dropped connections on POST: probed, then resent only when not booked', async () => {
		em.setKnobs({ faults: { burst: 1, operations: ['POST /v1/mutation'] } });
		const first = await post([january()]);
		expect(first.output[0].json.status).toBe('posted');
		expect(mutations()).toHaveLength(1);
		em.setKnobs({ faults: { burst: 0, resetRate: 1, operations: ['POST /v1/mutation'] } });
		const second = await post([february()]);
		expect(second.output[0].json).toMatchObject({ status: 'failed' });
		expect(second.output[0].json.message).toContain('checked each time that nothing was booked');
		em.setKnobs({ faults: { resetRate: 0 } });
		const third = await post([january(), february()]);
		expect(third.output.map((o) => o.json.status)).toEqual(['already-posted', 'posted']);
		expect(mutations()).toHaveLength(2);
	}, 30000);
	it('too many rows (MUT_101): rows are combined per ledger, cost centre and direction, and sent once more', async () => {
		em.setKnobs({ service: { maxRows: 3 } });
		const j = february();
		j.lines = [
			{ glCode: '4000', costCenter: null, costUnit: null, side: 'debit', amount: 60, amountCents: 6000, description: 'Bruto loon A' },
			{ glCode: '4000', costCenter: null, costUnit: null, side: 'debit', amount: 40, amountCents: 4000, description: 'Bruto loon B' },
			{ glCode: '2100', costCenter: null, costUnit: null, side: 'credit', amount: 70, amountCents: 7000, description: 'Netto A' },
			{ glCode: '2100', costCenter: null, costUnit: null, side: 'credit', amount: 30, amountCents: 3000, description: 'Netto B' },
		];
		const { output } = await post([j]);
		expect(output[0].json.status).toBe('posted');
		expect((mutations()[0] as Json).rows.map((r: Json) => [r.ledgerId, r.amount, r.description])).toEqual([
			[2001, -100, 'Bruto loon A, Bruto loon B'],
			[2020, 100, 'Netto A, Netto B'],
		]);
	});

	it('the same journal twice in one input is booked once; with different content the second is reported', async () => {
		const same = await post([january(), january()]);
		expect(same.output.map((o) => o.json.status)).toEqual(['posted', 'already-posted']);
		const changed = february();
		(changed.lines as Json[])[0].description = 'other';
		const diff = await post([february(), changed]);
		expect(diff.output.map((o) => o.json.status)).toEqual(['posted', 'needs-review']);
		expect(mutations()).toHaveLength(2);
	});
});
