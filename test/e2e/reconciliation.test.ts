/**
 * The monthly payroll reconciliation template (workflows/payroll-reconciliation.json) in a real n8n, on the newest
 * pinned version and 1.123.81, against the Nmbrs and e-Boekhouden emulators.
 *
 * The daily payroll journal sync books every journal first (without its history steps, which `n8n execute` cannot
 * run); then, in Nmbrs, one June journal of company 12345 changes, one June run is removed and a new June run is
 * added. The reconciliation of June must report each of them, every other June journal as booked and equal, write
 * nothing to e-Boekhouden, and render the e-mail and the CSV. The e-mail node is swapped for an Edit Fields node
 * that renders the same subject and text (no SMTP server in tests); "Month to Check" is set to June 2025.
 */
import { startEmulator, type RunningEmulator } from '../../emulators/common';
import { eboekhoudenService, type EbState } from '../../emulators/eboekhouden';
import { nmbrsService } from '../../emulators/nmbrs';
import { createN8n, packProject, type ExecutionResult, type N8nInstance, type WorkflowInput } from '../harness/n8n';
import { readWorkflow } from '../harness/queue';
import { emulatorCredentials } from '../support/credentials';
import { addLockedRun, emulatorAdmin as admin, payrollExecuteWorkflow, raisedJournal, withRenderedEmail } from './fixtures/payroll';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const RECONCILE_NODE = 'e-Boekhouden: Reconcile';
const COMPANY = 12345;

/** The template with June 2025 as the month to check and the e-mail rendered instead of sent. */
function juneReconciliation(): WorkflowInput {
	const wf = withRenderedEmail(readWorkflow('workflows/payroll-reconciliation.json'));
	const month = (wf.nodes as Json[]).find((n) => n.name === 'Month to Check')!;
	const values: Record<string, unknown> = { year: 2025, month: 6, bookedFrom: '2025-06-01', bookedTo: '2025-06-30' };
	for (const a of month.parameters.assignments.assignments as Json[]) a.value = values[a.name as string];
	return { ...wf, id: 'payrollReconE2e1' };
}

describe.each([['2.41.1'], ['1.123.81']])('payroll reconciliation template on n8n %s', (version) => {
	let nmbrs: RunningEmulator<unknown>;
	let eb: RunningEmulator<EbState>;
	let n8n: N8nInstance;
	let syncId: string;
	let reconcileId: string;

	const payroll = () => (eb.state.mutations as unknown as Json[]).filter((m) => String(m.invoiceNumber ?? '').startsWith('NMBRS-'));

	async function execute(id: string): Promise<ExecutionResult> {
		const result = await n8n.execute(id, { timeoutMs: 300_000 });
		if (!result.ok) throw new Error(`workflow failed: ${result.summary()}`);
		return result;
	}

	beforeAll(async () => {
		nmbrs = (await startEmulator(nmbrsService as never, {})) as RunningEmulator<unknown>;
		eb = await startEmulator(eboekhoudenService, {});
		// the CSV stays in the execution's data (base64), where the test reads it; `n8n execute` removes stored files when it ends
		n8n = await createN8n({ version, tarball: packProject(), env: { N8N_DEFAULT_BINARY_DATA_MODE: 'default' } });
		await n8n.importCredentials(emulatorCredentials({ nmbrs: nmbrs.url, eboekhouden: eb.url, nextens: 'http://127.0.0.1:9' }));
		syncId = await n8n.importWorkflow({ ...payrollExecuteWorkflow(), id: 'payrollSyncRec01' });
		reconcileId = await n8n.importWorkflow(juneReconciliation());
	});
	afterAll(async () => {
		await n8n?.close();
		await nmbrs?.close();
		await eb?.close();
	});

	test('reports booked, changed, not booked and no longer in Nmbrs for June, writes nothing, e-mails the report with a CSV', async () => {
		const sync = await execute(syncId);
		expect(sync.nodeOutput('e-Boekhouden: Post Payroll Journal').every((o) => o.status === 'posted')).toBe(true);
		const bookedBefore = payroll().length;

		const runs = (await admin(nmbrs, 'GET', `service/companies/${COMPANY}/runs?year=2025`)) as unknown as Json[];
		const june = runs.filter((r) => r.periodEnd === 6 && r.journal && r.journal.lines.length > 0);
		expect(june.length).toBeGreaterThanOrEqual(2);
		const [changedRun, removedRun] = june;
		await admin(nmbrs, 'PUT', `service/companies/${COMPANY}/runs/${changedRun.id}/journal`, raisedJournal(changedRun.journal));
		await admin(nmbrs, 'DELETE', `service/companies/${COMPANY}/runs/${removedRun.id}`);
		const newRun = await addLockedRun(nmbrs, COMPANY, {
			year: 2025,
			period: 6,
			description: 'Run juni nabetaling',
			debit: { glCode: '4000', description: 'Bruto loon' },
			credit: { glCode: '2100', description: 'Netto loon' },
			amount: '250.00',
		});

		eb.clearRequests();
		const result = await execute(reconcileId);
		const out = result.nodeOutput(RECONCILE_NODE);
		const status = new Map(out.map((o) => [String(o.key), String(o.status)]));
		const key = (runId: unknown) => `NMBRS-${COMPANY}-2025-${String(runId)}`;
		expect(status.get(key(changedRun.id))).toBe('changed');
		expect(status.get(key(removedRun.id))).toBe('not-in-nmbrs');
		expect(status.get(key(newRun.id))).toBe('not-booked');
		const others = out.filter((o) => ![changedRun.id, removedRun.id, newRun.id].map(key).includes(String(o.key)));
		expect(others.length).toBeGreaterThan(0);
		expect(others.every((o) => o.status === 'booked' && o.difference === 0)).toBe(true);
		expect(out.every((o) => String(o.date) >= '2025-06-01' && String(o.date) <= '2025-06-30')).toBe(true);
		const changed = out.find((o) => o.key === key(changedRun.id))!;
		expect(changed.nmbrsDebit).toBeCloseTo(Number(changed.bookedDebit) + 10, 2);
		expect(out.find((o) => o.key === key(removedRun.id))).toMatchObject({ nmbrsDebit: 0, period: 6, companyId: COMPANY });

		// read only: e-Boekhouden saw GETs and its session, nothing else; the books are as they were
		const operations = Object.keys(eb.requests().byOperation);
		expect(operations.filter((op) => !op.startsWith('GET ') && !op.includes('/v1/session'))).toEqual([]);
		expect(payroll()).toHaveLength(bookedBefore);

		const ledgers = result.nodeOutput('Totals per Ledger');
		expect(ledgers.map((l) => l.ledgerCode)).toEqual(expect.arrayContaining(['4000', '2100']));
		const perCompany = result.nodeOutput('Per Company and Period');
		expect(perCompany).toEqual(expect.arrayContaining([expect.objectContaining({ companyId: COMPANY, period: 6, status: 'changed', count_status: 1 })]));

		const [mail] = result.nodeOutput('E-mail the Reconciliation');
		expect(String(mail.subject)).toBe('Payroll reconciliation 2025-06: 3 journal(s) to look at');
		const text = String(mail.text);
		expect(text).toContain(`- changed: company ${COMPANY}, 2025 period 6, run ${String(changedRun.id)} (${key(changedRun.id)})`);
		expect(text).toContain('1 booked but no longer in Nmbrs');
		expect(text).toContain('1 not booked');
		expect(text).toMatch(/What to do: Run the payroll journal sync/);
		expect(text).toMatch(/- 4000: -?\d+\.\d{2} \/ -?\d+\.\d{2} \/ -?\d+\.\d{2}/);
		expect(text).not.toMatch(/undefined|NaN|\[object/);

		const csvRun = result.runData['Reconciliation CSV'][0] as Json;
		const file = csvRun.data.main[0][0].binary.reconciliation as Json;
		expect(file).toMatchObject({ fileName: 'payroll-reconciliation-2025-06.csv', mimeType: 'text/csv' });
		const stored = Buffer.from(String(file.data), 'base64');
		const csv = stored.toString('utf8').replace(/^\uFEFF/, '').trim().split('\n');
		expect(csv[0].split(',')).toEqual(expect.arrayContaining(['journalKey', 'status', 'whatToDo', 'difference']));
		expect(csv).toHaveLength(out.length + 1);
		expect(csv.find((line) => line.includes(key(changedRun.id)))).toContain('changed');
	});
});
