/**
 * The daily payroll journal sync template (workflows/payroll-journal-sync.json) in a real n8n, on every pinned
 * version, against the Nmbrs and e-Boekhouden emulators. Assertions read the emulators' stored state.
 *
 * The template is imported as shipped, except that the e-mail node is swapped for an Edit Fields node that renders
 * the same subject and text (no SMTP server in tests) and the Nmbrs credential points at the emulator.
 *
 * The template keeps a history table (n8n Data Tables), which only a started n8n can run: the workflow runs in a
 * started n8n through a production webhook put in front of its first node (test/harness/server.ts). n8n 2.8 and later
 * create the table and find it by name; on 1.123.81 the test does what the template's note tells users of n8n 1.123:
 * create the table with the template's columns, disable Open History Table, pick the table in the other Data Table
 * nodes. The preparation is shared with the fault tests (test/e2e/fixtures/payroll.ts).
 */
import { startEmulator, type RunningEmulator } from '../../emulators/common';
import { eboekhoudenService, type EbState } from '../../emulators/eboekhouden';
import { nmbrsService } from '../../emulators/nmbrs';
import { N8N_VERSIONS, type ExecutionResult } from '../harness/n8n';
import { startN8nServer, tableColumns, tableReaderWorkflow, tableRows, withPickedTables, type N8nServer } from '../harness/server';
import {
	HISTORY_TABLE,
	PAYROLL_WEBHOOK_PATH as WEBHOOK_PATH,
	POST_NODE,
	addLockedRun,
	emulatorAdmin as admin,
	raisedJournal,
	payrollTestWorkflow as testWorkflow,
} from './fixtures/payroll';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const READER = { id: 'payrollHistoryRd', path: 'read-payroll-history' };

describe.each(N8N_VERSIONS.map((v) => [v]))('payroll journal sync template on n8n %s', (version) => {
	let nmbrs: RunningEmulator<unknown>;
	let eb: RunningEmulator<EbState>;
	let server: N8nServer;
	let workflowId: string;
	let readerId = READER.id;

	const payroll = () => (eb.state.mutations as unknown as Json[]).filter((m) => String(m.invoiceNumber ?? '').startsWith('NMBRS-'));
	const statuses = (result: ExecutionResult) => result.nodeOutput(POST_NODE).map((o) => o.status as string);
	const count = (list: string[]) => list.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

	/** Every journal key is booked as exactly one live version (original or latest correction), never twice. */
	function expectExactlyOnce(): void {
		const byInvoice = new Map<string, number>();
		for (const m of payroll()) byInvoice.set(m.invoiceNumber, (byInvoice.get(m.invoiceNumber) ?? 0) + 1);
		expect([...byInvoice.values()].every((n) => n === 1)).toBe(true);
	}

	/** One run of the template, through its webhook. */
	async function execute(): Promise<ExecutionResult> {
		return await server.run(workflowId, WEBHOOK_PATH, {}, 300_000);
	}

	async function run(): Promise<ExecutionResult> {
		const result = await execute();
		if (!result.ok) throw new Error(`workflow failed: ${result.summary()}\n${result.stderr.slice(-3000)}`);
		return result;
	}

	/** The history table by journal key (one row per key: new journals are added, known ones updated by row id). */
	async function history(): Promise<Map<string, Json>> {
		const rows = await tableRows(server, readerId, READER.path);
		const byKey = new Map(rows.map((r) => [String(r.journalKey), r as Json]));
		expect(byKey.size).toBe(rows.length);
		return byKey;
	}

	beforeAll(async () => {
		nmbrs = (await startEmulator(nmbrsService as never, {})) as RunningEmulator<unknown>;
		eb = await startEmulator(eboekhoudenService, {});
		const credentials = [
			{
				id: 'nmbrsE2e0001',
				name: 'Nmbrs account',
				type: 'nmbrsApi',
				data: { username: 'payroll@voorbeeld.nl', token: 'demo-nmbrs-token', domain: 'voorbeeld', environment: 'custom', baseUrl: nmbrs.url },
			},
			{
				id: 'eboekE2e0001',
				name: 'e-Boekhouden account',
				type: 'eBoekhoudenApi',
				data: { apiToken: 'demo-eboekhouden-token', source: 'n8nNodes', baseUrl: eb.url },
			},
		];
		const workflow = { ...testWorkflow(), id: 'payrollSyncE2e01' };
		workflowId = workflow.id;
		const reader = tableReaderWorkflow(READER.id, READER.path, HISTORY_TABLE);
		if (!version.startsWith('1.')) {
			server = await startN8nServer({ version, credentials, workflows: [workflow, reader] });
			return;
		}
		server = await startN8nServer({ version, credentials, workflows: [] });
		const table = { [HISTORY_TABLE]: await server.createTable(HISTORY_TABLE, tableColumns(workflow, HISTORY_TABLE)) };
		workflowId = await server.addWorkflow(withPickedTables(workflow, table));
		readerId = await server.addWorkflow(withPickedTables(reader, table));
	});
	afterAll(async () => {
		await server?.close();
		await nmbrs?.close();
		await eb?.close();
	});

	let journalsSeen = 0;

	test('first run posts every journal since the start period, exactly once', async () => {
		const result = await run();
		const s = statuses(result);
		journalsSeen = s.length;
		const reasons = [...new Set(result.nodeOutput(POST_NODE).filter((o) => o.status !== 'posted').map((o) => `${String(o.code)} ${String(o.message)}`))];
		if (reasons.length > 0) process.stderr.write(`not posted: ${reasons.slice(0, 5).join('\n')}\n`);
		expect(journalsSeen).toBeGreaterThan(10);
		expect(count(s)).toEqual({ posted: journalsSeen });
		expect(payroll()).toHaveLength(journalsSeen);
		expectExactlyOnce();
		const summary = result.nodeOutput('Run Summary')[0];
		expect(summary).toMatchObject({ journals: journalsSeen, posted: journalsSeen, failed: 0 });
		expect(result.executedNodes).not.toContain('E-mail the Problems');
		const rows = await history();
		expect(rows.size).toBe(journalsSeen);
		for (const outcome of result.nodeOutput(POST_NODE)) {
			const row = rows.get(String(outcome.key));
			expect(row).toMatchObject({ companyId: String(outcome.companyId), year: String(outcome.year), period: outcome.period, runId: String(outcome.runId), status: 'posted', runs: 1, mutationIds: (outcome.mutationIds as number[]).join(', ') });
			expect(row!.totalDebit).toBe((outcome.totals as Json).debit);
			expect(row!.contentHash).toMatch(/^[0-9a-f]{16,}$/);
			expect(Date.parse(String(row!.lastSyncAt)) - Date.parse(String(row!.firstSyncAt))).toBeLessThan(5000);
		}
	});

	test('second run posts nothing', async () => {
		eb.clearRequests();
		const result = await run();
		expect(count(statuses(result))).toEqual({ 'already-posted': journalsSeen });
		expect(eb.requests().byOperation['POST /v1/mutation'] ?? 0).toBe(0);
		expect(payroll()).toHaveLength(journalsSeen);
		const rows = [...(await history()).values()];
		expect(rows).toHaveLength(journalsSeen);
		expect(rows.every((r) => r.runs === 2 && r.status === 'already-posted' && r.firstSyncAt < r.lastSyncAt)).toBe(true);
	});

	test('a changed journal is reversed and reposted, a closed period is skipped, an unmapped code fails only its journal', async () => {
		const company = { id: 12345 };
		const list = (await admin(nmbrs, 'GET', `service/companies/${company.id}/runs?year=2025`)) as unknown as Json[];
		const withJournal = list.filter((r) => r.isLocked !== false && r.journal && Array.isArray(r.journal.lines) && r.journal.lines.length > 0);
		const early = withJournal[0];
		const late = withJournal[withJournal.length - 1];
		// the early period is closed in e-Boekhouden; both journals change in Nmbrs
		const earlyDate = String(payroll().find((m) => m.invoiceNumber === `NMBRS-${company.id}-2025-${early.id}`)?.date);
		await admin(eb, 'POST', 'service/closed-until', { closedUntil: earlyDate, closedBy: 'accountant' });
		await admin(nmbrs, 'PUT', `service/companies/${company.id}/runs/${early.id}/journal`, raisedJournal(early.journal));
		await admin(nmbrs, 'PUT', `service/companies/${company.id}/runs/${late.id}/journal`, raisedJournal(late.journal));
		// a new run with a GL code e-Boekhouden does not have
		const newRun = await addLockedRun(nmbrs, company.id, {
			year: 2025,
			period: late.periodEnd,
			description: 'Run met onbekende grootboekrekening',
			debit: { glCode: '4999', description: 'Onbekende looncomponent' },
			credit: { glCode: '2100', description: 'Netto loon' },
			amount: '100.00',
		});
		const result = await run();
		const out = result.nodeOutput(POST_NODE);
		const byKey = new Map(out.map((o) => [o.key as string, o]));
		expect(byKey.get(`NMBRS-${company.id}-2025-${late.id}`)?.status).toBe('reposted');
		expect(byKey.get(`NMBRS-${company.id}-2025-${early.id}`)?.status).toBe('skipped-closed');
		const unmapped = out.find((o) => String(o.message ?? '').includes('4999'));
		expect(unmapped?.status).toBe('failed');
		expect(unmapped?.runId).toBe(newRun.id);
		expect(count(statuses(result))).toEqual({ 'already-posted': journalsSeen - 2, reposted: 1, 'skipped-closed': 1, failed: 1 });
		const invoices = payroll().map((m) => m.invoiceNumber as string);
		expect(invoices).toContain(`NMBRS-${company.id}-2025-${late.id}-REV1`);
		expect(invoices).toContain(`NMBRS-${company.id}-2025-${late.id}-C1`);
		expect(invoices.filter((i) => i.startsWith(`NMBRS-${company.id}-2025-${early.id}-`))).toEqual([]);
		expect(result.executedNodes).toContain('E-mail the Problems');
		// the e-mail names each journal by company, year, period and run (also one without a key)
		const [mail] = result.nodeOutput('E-mail the Problems');
		expect(String(mail.text)).toMatch(new RegExp(`- failed: company ${company.id}, 2025 period \\d+, run ${newRun.id}`));
		expect(String(mail.text)).not.toMatch(/undefined|: null|company null/);
		expectExactlyOnce();
		const rows = await history();
		const reposted = rows.get(`NMBRS-${company.id}-2025-${late.id}`)!;
		const before = out.find((o) => o.key === reposted.journalKey)!;
		expect(reposted).toMatchObject({ status: 'reposted', runs: 3, mutationIds: (before.mutationIds as number[]).join(', ') });
		expect(String(reposted.mutationIds).split(', ')).toHaveLength(3); // original, reversal, correction
		expect(rows.get(`NMBRS-${company.id}-2025-${early.id}`)).toMatchObject({ status: 'skipped-closed', runs: 3 });
		expect(rows.get(`NMBRS-${company.id}-2025-${newRun.id}`)).toMatchObject({ status: 'failed', runs: 1 });
		expect(String(rows.get(`NMBRS-${company.id}-2025-${newRun.id}`)!.message)).toContain('4999');
	});

	test('under 429s, 5xx bursts and session expiry the end state is still one entry per journal', async () => {
		await admin(eb, 'POST', 'reset');
		eb.setKnobs({
			rateLimit: { enabled: true, requestsPerSecond: 8, burst: 4 },
			faults: { seed: 11, errorRate: 0.08, burst: 2 },
			service: { sessionLifetimeSeconds: 2 },
			latency: { fixedMs: 20, jitterMs: 10 },
		});
		try {
			const first = await execute();
			expect(first.ok).toBe(true);
			expectExactlyOnce();
			const s = count(statuses(first));
			expect((s.posted ?? 0) + (s.failed ?? 0)).toBe(journalsSeen + 1);
		} finally {
			eb.setKnobs({ rateLimit: { enabled: false }, faults: { errorRate: 0, burst: 0 }, service: { sessionLifetimeSeconds: 3600 }, latency: { fixedMs: 0, jitterMs: 0 } });
		}
		const second = await run();
		const s2 = count(statuses(second));
		// the unmapped journal still fails; every other journal is booked exactly once
		expect(s2.failed).toBe(1);
		expect((s2['already-posted'] ?? 0) + (s2.posted ?? 0)).toBe(journalsSeen);
		expect(payroll()).toHaveLength(journalsSeen);
		expectExactlyOnce();
		expect(eb.requests().entries.some((e) => e.outcome === 'rate-limited')).toBe(true);
	});
});
