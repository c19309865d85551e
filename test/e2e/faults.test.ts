/**
 * Fault tests in a real n8n (the newest pinned version only): the templates run against the emulators while the
 * emulators' fault knobs break things, and every test asserts exactly-once results from the emulators' stored state
 * and request log, and that no transient failure reaches an output item.
 *
 * - e-Boekhouden sessions expire mid-run: the emulator's clock jumps past the session lifetime every few requests,
 *   so the node (which renews only shortly before the lifetime it was told) sends a session e-Boekhouden considers
 *   expired, gets a 401 and must start a new session and send the request once more.
 * - A committed POST /v1/mutation whose answer is lost, and an e-Boekhouden restart mid-run (state kept in its state
 *   file, open connections dropped): the node must find the entries that landed instead of booking them again.
 * - Random 429s on Nmbrs, e-Boekhouden and Nextens: the payroll template and the CRM export batch template must wait
 *   them out and book / write every journal and record exactly once.
 *
 * One started n8n (test/harness/server.ts, needed for the payroll template's Data Table history nodes) runs both
 * templates through production webhooks put in front of their first nodes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { startEmulator, type RequestLogEntry, type RunningEmulator } from '../../emulators/common';
import { eboekhoudenService, type EbState } from '../../emulators/eboekhouden';
import { nextensService, type NextensState } from '../../emulators/nextens';
import { nmbrsService } from '../../emulators/nmbrs';
import { PRIMARY_N8N_VERSION, type ExecutionResult } from '../harness/n8n';
import { withWebhookTrigger } from '../harness/queue';
import { startN8nServer, type N8nServer } from '../harness/server';
import { emulatorCredentials } from '../support/credentials';
import { batchWorkflow } from './fixtures/client-sync/harness';
import { changedClient, generatedClient, identityOf, rowOf } from './fixtures/client-sync/records';
import { PAYROLL_WEBHOOK_PATH, POST_NODE, payrollTestWorkflow } from './fixtures/payroll';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const VERSION = PRIMARY_N8N_VERSION;
const PAYROLL_ID = 'payrollFaults001';
const BATCH = { id: 'crmBatchFaults01', path: 'crm-batch-faults-test' };
const UPSERT = 'Create or Update in Nextens';

/** The CRM export of the batch test: 24 clients already in Nextens (18 changed in the CRM, 6 unchanged), 24 new. */
const EXISTING = 24;
const population = Array.from({ length: 48 }, (_, i) => generatedClient(i, 'R', 730_000_000));
const ROWS = population.map((c, i) => (i < 18 ? rowOf(changedClient(c, i)) : rowOf(c)));
const expectedStatus = (i: number) => (i < 18 ? 'updated' : i < EXISTING ? 'unchanged' : 'created');

const count = (list: string[]) => list.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});
const outcomes = (em: RunningEmulator<unknown>) => count(em.requests().entries.map((e) => e.outcome));
const sameRequest = (a: RequestLogEntry, b: RequestLogEntry) =>
	a.method === b.method && a.path === b.path && a.query === b.query && a.bodySha256 === b.bodySha256;
const ok = (e: RequestLogEntry) => e.outcome === 'ok' && e.status >= 200 && e.status < 300;

/**
 * The e-Boekhouden emulator's clock: real time plus an offset. While `jumpEvery` is set, the offset grows by more
 * than a session lifetime every `jumpEvery` logged requests, so every session issued before a jump is expired after
 * it, while the node's own clock says the session is young.
 */
const SESSION_SECONDS = 3600;
const clock = { offsetMs: 0, jumpEvery: 0, from: 0 };
let ebForClock: RunningEmulator<EbState> | undefined;
function jumpMs(): number {
	if (clock.jumpEvery <= 0 || !ebForClock) return 0;
	return Math.floor((ebForClock.requests().total - clock.from) / clock.jumpEvery) * (SESSION_SECONDS + 1) * 1000;
}
const ebNow = () => new Date(Date.now() + clock.offsetMs + jumpMs());

describe(`fault tests on n8n ${VERSION}`, () => {
	let stateDir: string;
	let nmbrs: RunningEmulator<unknown>;
	let eb: RunningEmulator<EbState>;
	let nextens: RunningEmulator<NextensState>;
	let server: N8nServer;
	/** Journals the payroll template hands to e-Boekhouden in one run (the first test counts them). */
	let journals = 0;

	const payroll = () => (eb.state.mutations as unknown as Json[]).filter((m) => String(m.invoiceNumber ?? '').startsWith('NMBRS-'));
	const postOutcomes = (result: ExecutionResult) => result.nodeOutput(POST_NODE);
	const statuses = (result: ExecutionResult) => count(postOutcomes(result).map((o) => String(o.status)));

	/** Every journal key is booked as exactly one live version, never twice. */
	function expectExactlyOnce(expected: number): void {
		const byInvoice = count(payroll().map((m) => String(m.invoiceNumber)));
		expect(Object.keys(byInvoice)).toHaveLength(expected);
		expect(Object.entries(byInvoice).filter(([, n]) => n !== 1)).toEqual([]);
	}

	/** Every output item of the post node is `posted`, and each posted entry exists in e-Boekhouden under its key. */
	function expectAllPosted(result: ExecutionResult): void {
		const out = postOutcomes(result);
		const notPosted = out.filter((o) => o.status !== 'posted').map((o) => `${String(o.key)} ${String(o.status)}: ${String(o.code)} ${String(o.message)}`);
		expect(notPosted).toEqual([]);
		if (journals > 0) expect(out).toHaveLength(journals);
		const byId = new Map(payroll().map((m) => [Number(m.id), String(m.invoiceNumber)]));
		for (const o of out) expect((o.mutationIds as number[]).map((id) => byId.get(id))).toEqual([o.key]);
		expect(result.nodeOutput('Run Summary')[0]).toMatchObject({ journals: out.length, posted: out.length, failed: 0 });
		expect(result.executedNodes).not.toContain('E-mail the Problems');
	}

	async function runPayroll(): Promise<ExecutionResult> {
		const result = await server.run(PAYROLL_ID, PAYROLL_WEBHOOK_PATH, {}, 300_000);
		if (!result.ok) throw new Error(`payroll workflow failed: ${result.summary()}`);
		return result;
	}

	beforeAll(async () => {
		stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'faults-e2e-'));
		nmbrs = (await startEmulator(nmbrsService as never, {})) as RunningEmulator<unknown>;
		eb = await startEmulator(eboekhoudenService, { stateFile: path.join(stateDir, 'eboekhouden.json'), now: ebNow });
		ebForClock = eb;
		nextens = await startEmulator(nextensService, { now: () => new Date('2026-11-21T07:00:00.000Z') });
		const payrollWf = { ...payrollTestWorkflow(), id: PAYROLL_ID };
		const batchWf = withWebhookTrigger(batchWorkflow(BATCH.id, 'CRM export batch under faults', { rows: ROWS }), { path: BATCH.path, firstNode: 'Example Export Rows' });
		server = await startN8nServer({
			version: VERSION,
			credentials: emulatorCredentials({ nmbrs: nmbrs.url, eboekhouden: eb.url, nextens: `${nextens.url}/api/v1` }),
			workflows: [payrollWf, batchWf],
		});
	});
	afterAll(async () => {
		await server?.close();
		await nmbrs?.close();
		await eb?.close();
		await nextens?.close();
		if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
	});

	test('e-Boekhouden sessions expire mid-run: each 401 gets a new session and the request once more; every journal booked once', async () => {
		eb.reset();
		eb.clearRequests();
		Object.assign(clock, { jumpEvery: 10, from: 0 });
		let result: ExecutionResult;
		try {
			result = await runPayroll();
		} finally {
			clock.offsetMs += jumpMs();
			clock.jumpEvery = 0;
		}
		journals = postOutcomes(result).length;
		expect(journals).toBeGreaterThan(10);
		expectAllPosted(result);
		expectExactlyOnce(journals);

		// the log: 401s on ordinary requests (the node believed its session valid), each followed by a new session
		// and the same request (same method, path, query and body) answered. Journals are posted several at a time, so
		// other requests may come in between, and requests refused together share one new session.
		const log = eb.requests().entries;
		const isSession = (e: RequestLogEntry) => e.path.toLowerCase().startsWith('/v1/session');
		const refused = log.map((e, i) => ({ e, i })).filter(({ e }) => e.status === 401 && !isSession(e));
		process.stderr.write(`[faults] session expiry: ${log.length} e-Boekhouden requests, ${refused.length} refused with 401 (${[...new Set(refused.map(({ e }) => e.operation))].join(', ')})\n`);
		expect(refused.length).toBeGreaterThanOrEqual(3);
		expect(refused.some(({ e }) => e.operation === 'POST /v1/mutation')).toBe(true);
		// The log is in answer order: a request sent before a renewal can be answered (and logged) just after it, on
		// its own connection. So the new session is logged after the refusal or among the requests answered while the
		// refused one was in flight (at most twice Journals Posted at Once, 4, entries before it).
		const IN_FLIGHT_WINDOW = 8;
		for (const { e, i } of refused) {
			const around = log.slice(Math.max(0, i - IN_FLIGHT_WINDOW));
			expect(around.some((s) => s.operation === 'POST /v1/session' && s.status === 200)).toBe(true);
			expect(log.slice(i + 1).some((x) => sameRequest(x, e) && ok(x))).toBe(true);
		}
		// a new session only after a refusal: the node did not renew early on its own clock
		const sessions = log.map((e, i) => ({ e, i })).filter(({ e }) => e.operation === 'POST /v1/session' && e.status === 200);
		expect(sessions.length).toBeGreaterThanOrEqual(2);
		expect(sessions.length).toBeLessThanOrEqual(refused.length + 1);
		for (let k = 1; k < sessions.length; k++) {
			expect(refused.some(({ i }) => i > sessions[k - 1].i && i < sessions[k].i)).toBe(true);
		}
	});

	test('a POST whose answer is lost after e-Boekhouden booked it, and a restart mid-run: every journal booked once; a second run books nothing', async () => {
		eb.reset();
		eb.clearRequests();
		// The faults hit only the booking POST: 15 % of them are stored but their answer is lost, and 2 % hang. With this
		// seed a hanging POST is in flight when restartAfter runs out, so the restart cuts it off before e-Boekhouden
		// handled it (the restarted emulator's fault sequence starts again and the POSTs left never reach a hang again).
		// Journals are posted several at a time: the checks below look for what follows a fault later in the log,
		// not in the very next entry.
		eb.setKnobs({ faults: { seed: 5, operations: ['POST /v1/mutation'], hangRate: 0.02, lostResponseRate: 0.15, restartAfter: 55 } });
		let first: ExecutionResult;
		try {
			first = await runPayroll();
		} finally {
			eb.setKnobs({ faults: { operations: null, hangRate: 0, lostResponseRate: 0, restartAfter: 0 } });
		}
		const log = eb.requests();
		const lost = log.entries.filter((e) => e.outcome === 'lost-response');
		process.stderr.write(`[faults] lost responses: ${JSON.stringify(outcomes(eb))}, restarts ${log.restarts}, node ${JSON.stringify(statuses(first))}\n`);
		expect(lost.length).toBeGreaterThanOrEqual(3);
		expect(lost.every((e) => e.operation === 'POST /v1/mutation' && e.status === 200)).toBe(true);
		expect(log.restarts).toBe(1);

		// No failed item: a lost answer is followed by a probe of the invoice number, which finds the entry; the POST
		// the restart cut off gets a probe (nothing found) and one more send (three sends per journal are allowed).
		expectAllPosted(first);
		expectExactlyOnce(journals);
		// each lost answer: a later request probes that invoice number (the entry is found), and no POST was sent
		// again and refused as a duplicate (MUT_019, a 400)
		const byKey = new Map(postOutcomes(first).map((o) => [String(o.key), o]));
		const entries = log.entries;
		entries.forEach((e, i) => {
			if (e.outcome !== 'lost-response') return;
			const key = String(/invoiceNumber=(\S+)/.exec(e.subject ?? '')?.[1]);
			expect(byKey.get(key)?.status).toBe('posted');
			const probe = entries.slice(i + 1).find((x) => x.operation === 'GET /v1/mutation' && new URLSearchParams(x.query).get('invoiceNumber') === key);
			expect([probe?.operation, probe?.status]).toEqual(['GET /v1/mutation', 200]);
		});
		const probes = entries.filter((e) => e.operation === 'GET /v1/mutation' && new URLSearchParams(e.query).has('invoiceNumber')).length;
		process.stderr.write(`[faults] probes of one invoice number: ${probes} (lost answers: ${lost.length})\n`);
		expect(entries.filter((e) => e.operation === 'POST /v1/mutation' && e.status >= 400)).toEqual([]);
		// the POSTs cut off by the restart (up to one per journal in flight): not carried out, probed, sent once more
		// after the restart and booked
		const cut = entries.map((e, i) => ({ e, i })).filter(({ e }) => e.outcome === 'hang' || e.outcome === 'reset');
		expect(cut.length).toBeGreaterThanOrEqual(1);
		for (const { e: cutPost, i: cutAt } of cut) {
			expect(cutPost.operation).toBe('POST /v1/mutation');
			const cutKey = String(/invoiceNumber=(\S+)/.exec(cutPost.subject ?? '')?.[1]);
			expect(entries.slice(cutAt + 1).some((x) => new URLSearchParams(x.query).get('invoiceNumber') === cutKey)).toBe(true);
			expect(entries.slice(cutAt + 1).filter((e) => e.operation === 'POST /v1/mutation' && e.bodySha256 === cutPost.bodySha256).map((e) => [e.outcome, e.status])).toEqual([
				['ok', 200],
			]);
			expect(byKey.get(cutKey)?.status).toBe('posted');
		}
		// the restarted emulator read its state back from the file: every key booked before the restart is still
		// there (expectExactlyOnce above) and the file holds every key
		const file = fs.readFileSync(path.join(stateDir, 'eboekhouden.json'), 'utf8');
		for (const key of byKey.keys()) expect(file).toContain(`"${key}"`);

		eb.clearRequests();
		const second = await runPayroll();
		expect(statuses(second)).toEqual({ 'already-posted': journals });
		expect(eb.requests().byOperation['POST /v1/mutation'] ?? 0).toBe(0);
		expectExactlyOnce(journals);
	});

	// The nodes wait out 429s for up to 300 s in total per request (README, "Busy or unavailable services"); with
	// Retry-After 1 s, a request would have to meet 300 in a row at 15 % to fail.
	const RATE = 0.15;

	test('random 429s on Nmbrs and e-Boekhouden: the payroll template waits them out and books every journal once', async () => {
		eb.reset();
		eb.clearRequests();
		nmbrs.clearRequests();
		nmbrs.setKnobs({ faults: { seed: 3, rateLimitedRate: RATE, retryAfterSeconds: 1 } });
		eb.setKnobs({ faults: { seed: 5, rateLimitedRate: RATE, retryAfterSeconds: 1 } });
		let result: ExecutionResult;
		try {
			result = await runPayroll();
		} finally {
			nmbrs.setKnobs({ faults: { rateLimitedRate: 0 } });
			eb.setKnobs({ faults: { rateLimitedRate: 0 } });
		}
		const nmbrsOutcomes = outcomes(nmbrs);
		const ebOutcomes = outcomes(eb);
		process.stderr.write(`[faults] 429s: Nmbrs ${JSON.stringify(nmbrsOutcomes)}, e-Boekhouden ${JSON.stringify(ebOutcomes)}, node ${JSON.stringify(statuses(result))}\n`);
		expect(nmbrsOutcomes['rate-limited'] ?? 0).toBeGreaterThanOrEqual(5);
		expect(ebOutcomes['rate-limited'] ?? 0).toBeGreaterThanOrEqual(5);
		expectAllPosted(result);
		expectExactlyOnce(journals);
		// each journal's POST was carried out exactly once; the 429s on POSTs were sent again and booked
		const posts = eb.requests().entries.filter((e) => e.operation === 'POST /v1/mutation');
		const carriedOut = count(posts.filter(ok).map((e) => /invoiceNumber=(\S+)/.exec(e.subject ?? '')?.[1] ?? '?'));
		expect(Object.keys(carriedOut).sort()).toEqual(postOutcomes(result).map((o) => String(o.key)).sort());
		expect(Object.values(carriedOut).every((n) => n === 1)).toBe(true);
		expect(posts.some((e) => e.outcome === 'rate-limited')).toBe(true);
		expect(posts.filter((e) => e.status >= 400 && e.outcome !== 'rate-limited')).toEqual([]);
	});

	test('random 429s on Nextens: the CRM export batch writes every record once (created, updated or left unchanged)', async () => {
		nextens.reset({ clients: population.slice(0, EXISTING).map((c, i) => ({ ...c, id: `kl_${String(i + 1).padStart(6, '0')}` })) });
		nextens.clearRequests();
		nextens.setKnobs({ faults: { seed: 4, rateLimitedRate: RATE, retryAfterSeconds: 1 } });
		let result: ExecutionResult;
		try {
			result = await server.run(BATCH.id, BATCH.path, {}, 300_000);
		} finally {
			nextens.setKnobs({ faults: { rateLimitedRate: 0 } });
		}
		if (!result.ok) throw new Error(`batch workflow failed: ${result.summary()}`);
		const log = nextens.requests().entries;
		process.stderr.write(`[faults] Nextens 429s: ${JSON.stringify(outcomes(nextens))}, node ${JSON.stringify(count(result.nodeOutput(UPSERT).map((o) => String(o.status))))}\n`);
		expect(log.filter((e) => e.outcome === 'rate-limited').length).toBeGreaterThanOrEqual(5);
		expect(log.some((e) => e.outcome === 'rate-limited' && e.method !== 'GET')).toBe(true);

		// one output item per record, with the status its data calls for (no failed item)
		const out = new Map<string, Json>();
		for (const o of result.nodeOutput(UPSERT)) {
			expect(out.has(String(o.crmId))).toBe(false);
			out.set(String(o.crmId), o);
		}
		expect(ROWS.map((r) => `${r.Relatienummer} ${String(out.get(r.Relatienummer)?.status)}`)).toEqual(ROWS.map((r, i) => `${r.Relatienummer} ${expectedStatus(i)}`));

		// the requests carried out, tied to the records by the client number in their subject: one POST per new
		// record, one PUT per changed record, no write for an unchanged one
		const writes = new Map<string, string[]>();
		for (const e of log.filter((x) => x.method !== 'GET' && ok(x))) {
			const crmId = /klantnummer=(\S+)/.exec(e.subject ?? '')?.[1] ?? '?';
			writes.set(crmId, [...(writes.get(crmId) ?? []), e.method]);
		}
		const expectedWrites = (i: number) => (i < 18 ? ['PUT'] : i < EXISTING ? undefined : ['POST']);
		expect(ROWS.map((r) => writes.get(r.Relatienummer))).toEqual(ROWS.map((_, i) => expectedWrites(i)));
		expect([...writes.keys()].filter((k) => !ROWS.some((r) => r.Relatienummer === k))).toEqual([]);
		expect(log.filter((e) => e.method !== 'GET' && e.status >= 400 && e.outcome !== 'rate-limited')).toEqual([]);

		// Nextens holds every record exactly once, exactly as the CRM has it
		const stored = JSON.parse(JSON.stringify(nextens.state.clients)) as Json[];
		expect(stored).toHaveLength(ROWS.length);
		expect(Object.values(count(stored.map(identityOf))).every((n) => n === 1)).toBe(true);
		const byCrmId = new Map(stored.map((c) => [String(c.klantnummer), rowOf(c)]));
		for (const r of ROWS) expect(byCrmId.get(r.Relatienummer)).toEqual(r);
	});
});
