/**
 * The payroll journal sync template in n8n queue mode: one main (EXECUTIONS_MODE=queue, PostgreSQL, Redis) and two
 * workers, each with the package installed in its own user folder, against the Nmbrs and e-Boekhouden emulators.
 * Executions are started by production webhook calls on the main (one call = one execution = one Bull job); which
 * worker ran an execution comes from the workers' logs, its outcome from PostgreSQL (execution_entity/execution_data),
 * and what was booked from the e-Boekhouden emulator's stored state (the key stored there decides, not process memory).
 */
import { startEmulator, type RunningEmulator } from '../../../emulators/common';
import { eboekhoudenService, type EbState } from '../../../emulators/eboekhouden';
import { nmbrsService } from '../../../emulators/nmbrs';
import { packProject } from '../../harness/n8n';
import { QUEUE_N8N_VERSION, startQueueCluster, startQueueServices, type QueueCluster, type QueueServices } from '../../harness/queue';
import { emulatorCredentials } from '../../support/credentials';
import { PAYROLL_PATH, POST_NODE, payrollScenario, payrollWebhookWorkflow } from './workflows';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const WORKFLOW_ID = 'queuePayrollSync';
// 16 companies of 3 monthly runs each; companies are used by one test each
const scenario = payrollScenario({ companies: 16, runsPerCompany: 3 });
const SPREAD = scenario.companyIds.slice(0, 10);
const SAME = scenario.companyIds[10];
const KILL = scenario.companyIds.slice(11, 16);

// E2E_SKIP_QUEUE=1 skips the queue-mode suites (e.g. on a machine without root for apt-get)
const describeQueue = process.env.E2E_SKIP_QUEUE ? describe.skip : describe;

describeQueue(`payroll journal sync in queue mode (n8n ${QUEUE_N8N_VERSION}, main + 2 workers)`, () => {
	let services: QueueServices;
	let cluster: QueueCluster;
	let nmbrs: RunningEmulator<unknown>;
	let eb: RunningEmulator<EbState>;

	const posted = () => (eb.state.mutations as unknown as Json[]).filter((m) => String(m.invoiceNumber ?? '').startsWith('NMBRS-'));
	const invoiceCounts = () => {
		const counts = new Map<string, number>();
		for (const m of posted()) counts.set(m.invoiceNumber, (counts.get(m.invoiceNumber) ?? 0) + 1);
		return counts;
	};
	/** Every expected journal of these companies is booked exactly once, and nothing else of them is booked. */
	function expectBookedExactlyOnce(companyIds: number[]): void {
		const expected = companyIds.flatMap((id) => scenario.keysByCompany.get(id) ?? []).sort();
		const counts = invoiceCounts();
		const mine = [...counts.keys()].filter((k) => companyIds.some((id) => k.startsWith(`NMBRS-${id}-`))).sort();
		expect(mine).toEqual(expected);
		expect(mine.filter((k) => counts.get(k) !== 1)).toEqual([]);
	}
	/** Fires one webhook call per body at once; every call must be accepted (the main answers at once). */
	async function fire(bodies: unknown[]): Promise<void> {
		const answers = await Promise.all(bodies.map((b) => cluster.webhook(PAYROLL_PATH, b)));
		expect(answers.map((a) => a.status)).toEqual(bodies.map(() => 200));
	}
	async function outcomes(executionIds: string[]): Promise<Json[]> {
		const all: Json[] = [];
		for (const id of executionIds) {
			const result = await cluster.executionResult(id);
			if (!result.ok) throw new Error(`execution ${id} failed: ${result.summary()}`);
			all.push(...result.nodeOutput(POST_NODE).map((o) => ({ ...o, executionId: id })));
		}
		return all;
	}

	beforeAll(async () => {
		services = await startQueueServices();
		nmbrs = (await startEmulator(nmbrsService as never, { seed: scenario.nmbrs })) as RunningEmulator<unknown>;
		eb = await startEmulator(eboekhoudenService, { seed: scenario.eboekhouden });
		cluster = await startQueueCluster({
			services,
			tarball: packProject(),
			workers: 2,
			concurrency: 5,
			credentials: emulatorCredentials({ nmbrs: nmbrs.url, eboekhouden: eb.url, nextens: 'http://127.0.0.1:9/api/v1' }),
			workflows: [payrollWebhookWorkflow()],
		});
	});
	afterAll(async () => {
		await cluster?.close();
		await services?.stop();
		await nmbrs?.close();
		await eb?.close();
	});

	let seen = 0; // executions of the workflow so far

	test('one execution per company: executions spread over both workers, every journal booked once', async () => {
		// e-Boekhouden slow enough that the executions overlap (journals are booked 4 at a time): both workers get some
		nmbrs.setKnobs({ latency: { fixedMs: 20, jitterMs: 10 } });
		eb.setKnobs({ latency: { fixedMs: 80, jitterMs: 20 } });
		await fire(SPREAD.map((id) => ({ companyIds: [id] })));
		const executions = await cluster.waitForExecutions(WORKFLOW_ID, seen + SPREAD.length);
		const mine = executions.slice(seen);
		seen = executions.length;
		expect(mine.map((e) => `${e.mode}:${e.status}`)).toEqual(SPREAD.map(() => 'webhook:success'));

		// which worker ran what: every execution was started by exactly one worker, and both workers ran some
		const byWorker = cluster.executionsByWorker();
		const ranBy = mine.map((e) => byWorker.get(e.id));
		expect(ranBy.every((w) => w === 0 || w === 1)).toBe(true);
		expect(new Set(ranBy)).toEqual(new Set([0, 1]));
		expect(cluster.main.log).not.toMatch(/Worker started execution/); // the main ran none itself

		const out = await outcomes(mine.map((e) => e.id));
		expect(out.map((o) => o.status)).toEqual(out.map(() => 'posted'));
		expect(out).toHaveLength(SPREAD.length * 3);
		expectBookedExactlyOnce(SPREAD);
		process.stderr.write(
			`[queue] payroll spread: ${mine.length} executions, worker 1 ran ${ranBy.filter((w) => w === 0).length}, worker 2 ran ${ranBy.filter((w) => w === 1).length}\n`,
		);
	});

	test('parallel executions for the same company and period post each journal exactly once', async () => {
		const PARALLEL = 8;
		eb.setKnobs({ latency: { fixedMs: 40, jitterMs: 40 } });
		await fire(Array.from({ length: PARALLEL }, () => ({ companyIds: [SAME] })));
		const executions = (await cluster.waitForExecutions(WORKFLOW_ID, seen + PARALLEL)).slice(seen);
		seen += PARALLEL;
		expect(executions.map((e) => e.status)).toEqual(executions.map(() => 'success'));
		const byWorker = cluster.executionsByWorker();
		expect(new Set(executions.map((e) => byWorker.get(e.id)))).toEqual(new Set([0, 1]));

		const out = await outcomes(executions.map((e) => e.id));
		const keys = scenario.keysByCompany.get(SAME) ?? [];
		expect(out).toHaveLength(PARALLEL * keys.length);
		for (const key of keys) {
			const statuses = out.filter((o) => o.key === key).map((o) => o.status as string);
			// exactly one execution booked it; every other one found it booked (before posting, or through the
			// duplicate-key answer of e-Boekhouden when two posted at the same moment)
			expect(statuses.filter((s) => s === 'posted')).toHaveLength(1);
			expect(statuses.filter((s) => s !== 'posted')).toEqual(Array(PARALLEL - 1).fill('already-posted'));
		}
		expectBookedExactlyOnce([SAME]);
		const duplicates = eb.requests().entries.filter((e) => e.operation === 'POST /v1/mutation' && e.status === 400).length;
		process.stderr.write(`[queue] same company x${PARALLEL}: ${duplicates} POSTs refused by e-Boekhouden as duplicates\n`);
	});

	test('a worker killed mid-run: after its restart a re-run converges, nothing lost, nothing booked twice', async () => {
		// slow e-Boekhouden so the executions are mid-way when the worker dies
		eb.setKnobs({ latency: { fixedMs: 250, jitterMs: 50 } });
		const startedBefore = new Set(cluster.workers.flatMap((w) => w.startedExecutions()));
		const expectedKeys = KILL.flatMap((id) => scenario.keysByCompany.get(id) ?? []);
		const bookedOfBatch = () => [...invoiceCounts().keys()].filter((k) => expectedKeys.includes(k));
		// one execution for all these companies: Post Payroll Journal books 4 journals at a time, so an execution of
		// one company (3 journals) would be booked completely by the time the first booking is seen
		await fire([{ companyIds: KILL }]);

		// wait until a worker is running the execution of this batch and something of the batch is booked
		const inProgress = (i: number) =>
			cluster.workers[i].startedExecutions().filter((id) => !startedBefore.has(id) && !cluster.workers[i].finishedExecutions().includes(id));
		const until = Date.now() + 60_000;
		let victimIndex = -1;
		while (Date.now() < until) {
			const counts = cluster.workers.map((_, i) => inProgress(i).length);
			if (Math.max(...counts) > 0 && bookedOfBatch().length > 0) {
				victimIndex = counts.indexOf(Math.max(...counts));
				break;
			}
			await new Promise((r) => setTimeout(r, 50));
		}
		expect(victimIndex).toBeGreaterThanOrEqual(0);
		const victim = cluster.workers[victimIndex];
		const victimRuns = inProgress(victimIndex);
		victim.kill('SIGKILL');
		await victim.exited();
		const bookedAtKill = bookedOfBatch().length;

		// the killed worker's job stalls and is failed by Bull (n8n sets maxStalledCount 0: no automatic retry)
		const first = (await cluster.waitForExecutions(WORKFLOW_ID, seen + 1, 120_000)).slice(seen);
		seen += 1;
		const killed = first.filter((e) => victimRuns.includes(e.id));
		expect(killed.length).toBe(victimRuns.length);
		expect(killed.every((e) => e.status === 'error')).toBe(true);
		for (const e of killed) {
			// what n8n records for a job whose worker died: Bull's stalled-job check failed it, nobody retries it
			expect(String((await cluster.executionResult(e.id)).error?.message)).toMatch(/failed to be processed too many times/);
		}
		const bookedAfterFirst = bookedOfBatch();
		expect(bookedAfterFirst.length).toBeLessThan(expectedKeys.length); // something was really left undone
		expect([...invoiceCounts().values()].every((n) => n === 1)).toBe(true);

		// restart the worker (its folder and package are still there) and run the same batch again
		eb.setKnobs({ latency: { fixedMs: 20, jitterMs: 10 } });
		await victim.start();
		await fire(KILL.map((id) => ({ companyIds: [id] })));
		const rerun = (await cluster.waitForExecutions(WORKFLOW_ID, seen + KILL.length)).slice(seen);
		seen += KILL.length;
		expect(rerun.map((e) => e.status)).toEqual(rerun.map(() => 'success'));
		const out = await outcomes(rerun.map((e) => e.id));
		const statuses = out.map((o) => o.status as string);
		expect(statuses.filter((s) => s === 'posted').length + statuses.filter((s) => s === 'already-posted').length).toBe(expectedKeys.length);
		expect(statuses.filter((s) => s === 'already-posted')).toHaveLength(bookedAfterFirst.length);
		expectBookedExactlyOnce(KILL);
		// and everything booked before is still booked once
		expectBookedExactlyOnce([...SPREAD, SAME, ...KILL]);
		process.stderr.write(
			`[queue] kill: worker ${victimIndex + 1} killed running ${victimRuns.length} execution(s) (${killed.map((e) => `${e.id}:${e.status}`).join(', ')}); ` +
				`${bookedAtKill} journal(s) booked at the kill, ${bookedAfterFirst.length}/${expectedKeys.length} after the first run; ` +
				`re-run on ${new Set(rerun.map((e) => cluster.workerOf(e.id))).size} worker(s) completed the rest\n`,
		);
	});

	test('a worker without the package installed fails the executions it picks up ("Unrecognized node type")', async () => {
		// only a worker without the package is listening now
		await Promise.all(cluster.workers.map((w) => w.stop()));
		const bare = await cluster.addWorker({ withPackage: false });
		await fire([{ companyIds: [SPREAD[0]] }]);
		const [execution] = (await cluster.waitForExecutions(WORKFLOW_ID, seen + 1)).slice(seen);
		seen += 1;
		expect(execution.status).toBe('error');
		expect(cluster.workerOf(execution.id)).toBe(cluster.workers.indexOf(bare));
		expect(bare.log).toMatch(/Unrecognized node type: n8n-nodes-nl-accountancy\.nmbrs/);
		await bare.stop();
	});
});
