/**
 * Queue-mode throughput: the payroll journal sync and the CRM export → Nextens batch with 1 and 2 workers, on the same
 * data and the same emulator latency, side by side in one run.
 *
 *   npx tsx bench/queue-mode.ts [--companies 24] [--runs 3] [--lines 30] [--records 600] [--slices 20]
 *                               [--latency 80] [--jitter 40] [--concurrency 5] [--limited-records 80] [--no-rate-limited]
 *                               [--tarball <file>]
 *
 * One n8n main (the primary pinned version) (EXECUTIONS_MODE=queue, PostgreSQL, Redis) and two workers (each with the package in its own user
 * folder, `--concurrency` jobs each) are started once. Each scenario runs first with worker 2 stopped, then with both;
 * the emulators are reset to the same seed before every run. Work is started as one webhook call per company
 * (payroll) or per slice of the export (client batch), all at once, exactly as the queue-mode end-to-end tests do.
 *
 * Figures: wall time from the first call until the last execution stopped (execution_entity), records done per second
 * (records an execution reported as failed excluded), speed-up (records/s with 2 workers / with 1 worker), vendor
 * calls per record (emulator request logs / journals or clients, 429 answers included) and 429 answers per record.
 * The "rate-limited" row runs the client batch against Nextens' contract limit (5 requests/s per token, burst 10):
 * the limit is the vendor's, so more workers cannot make it faster (each execution paces itself, waits out 429 +
 * Retry-After within "Max Wait When Rate Limited" and slows down after a 429).
 */
import { startEmulator, type RunningEmulator } from '../emulators/common';
import { eboekhoudenService } from '../emulators/eboekhouden';
import { NEXTENS_CONTRACT_RATE_LIMIT } from '../emulators/assumptions';
import { nextensService } from '../emulators/nextens';
import { nmbrsService } from '../emulators/nmbrs';
import { packProject } from '../test/harness/n8n';
import { QUEUE_N8N_VERSION, startQueueCluster, startQueueServices, type QueueCluster } from '../test/harness/queue';
import { emulatorCredentials } from '../test/support/credentials';
import {
	CLIENT_BATCH_PATH,
	PAYROLL_PATH,
	clientBatchWebhookWorkflow,
	exportRows,
	payrollScenario,
	payrollWebhookWorkflow,
	slices,
} from '../test/e2e/queue/workflows';

function arg(name: string, fallback: number): number {
	const i = process.argv.indexOf(`--${name}`);
	return i === -1 ? fallback : Number(process.argv[i + 1]);
}
function flag(name: string): boolean {
	return process.argv.includes(`--${name}`);
}
function stringArg(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i === -1 ? undefined : process.argv[i + 1];
}

const COMPANIES = arg('companies', 24);
const RUNS = arg('runs', 3);
const LINES = arg('lines', 30);
const RECORDS = arg('records', 600);
const SLICES = arg('slices', 20);
const LATENCY = arg('latency', 80);
const JITTER = arg('jitter', 40);
const CONCURRENCY = arg('concurrency', 5);
const RATE_LIMITED = !flag('no-rate-limited');
const LIMITED_RECORDS = arg('limited-records', 80);

const log = (line: string) => process.stderr.write(`${line}\n`);

/** 429 answers in an emulator's request log since it was last cleared. */
const limitedAnswers = (emulator: Pick<RunningEmulator<unknown>, 'requests'>) =>
	emulator.requests().entries.filter((e) => e.outcome === 'rate-limited').length;

interface Measure {
	scenario: string;
	workers: number;
	executions: number;
	records: number;
	seconds: number;
	calls: number;
	/** Vendor answers that were 429 (emulator request logs). */
	rateLimited: number;
	split: string;
	ok: boolean;
	/** Records the executions reported as failed (left for the next run). */
	failed: number;
}

async function main(): Promise<void> {
	const t0 = Date.now();
	const payroll = payrollScenario({ companies: COMPANIES, runsPerCompany: RUNS, linesPerJournal: LINES });
	const journals = [...payroll.keysByCompany.values()].reduce((n, keys) => n + keys.length, 0);
	const rows = exportRows(RECORDS);
	const latency = { fixedMs: LATENCY, jitterMs: JITTER };

	const services = await startQueueServices();
	const nmbrs = (await startEmulator(nmbrsService as never, { seed: payroll.nmbrs, knobs: { latency } })) as RunningEmulator<unknown>;
	const eb = await startEmulator(eboekhoudenService, { seed: payroll.eboekhouden, knobs: { latency } });
	const nextens = await startEmulator(nextensService, { seed: { clients: [], sbas: [] }, knobs: { latency } });
	let cluster: QueueCluster | undefined;
	const results: Measure[] = [];
	try {
		log(`starting PostgreSQL, Redis, n8n main and 2 workers (concurrency ${CONCURRENCY} each) ...`);
		cluster = await startQueueCluster({
			services,
			tarball: stringArg('tarball') ?? packProject(),
			workers: 2,
			concurrency: CONCURRENCY,
			credentials: emulatorCredentials({ nmbrs: nmbrs.url, eboekhouden: eb.url, nextens: `${nextens.url}/api/v1` }),
			workflows: [payrollWebhookWorkflow(), clientBatchWebhookWorkflow()],
		});
		log(`cluster up after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
		const c = cluster;
		const seen = new Map<string, number>();

		/** Fires all bodies at once and waits for their executions; returns the measure. */
		const run = async (
			scenario: string,
			workflowId: string,
			webhookPath: string,
			bodies: unknown[],
			records: number,
			calls: () => number,
			rateLimited: () => number = () => 0,
		): Promise<Measure & { executionIds: string[] }> => {
			const before = seen.get(workflowId) ?? 0;
			const started = Date.now();
			const answers = await Promise.all(bodies.map((b) => c.webhook(webhookPath, b)));
			if (answers.some((a) => a.status !== 200)) throw new Error(`webhook answered ${answers.map((a) => a.status).join(',')}`);
			const executions = (await c.waitForExecutions(workflowId, before + bodies.length, 1_800_000)).slice(before);
			seen.set(workflowId, before + bodies.length);
			const stopped = Math.max(...executions.map((e) => Date.parse(e.stoppedAt ?? '') || Date.now()));
			const byWorker = c.executionsByWorker();
			const perWorker = c.workers.map((_, i) => executions.filter((e) => byWorker.get(e.id) === i).length);
			return {
				scenario,
				workers: c.workers.filter((w) => w.running).length,
				executions: executions.length,
				records,
				seconds: (stopped - started) / 1000,
				calls: calls(),
				rateLimited: rateLimited(),
				split: perWorker.join('/'),
				ok: executions.every((e) => e.status === 'success'),
				failed: 0,
				executionIds: executions.map((e) => e.id),
			};
		};

		const payrollRun = async (label: string) => {
			nmbrs.reset(payroll.nmbrs);
			eb.reset(payroll.eboekhouden);
			nmbrs.clearRequests();
			eb.clearRequests();
			const m = await run(
				label,
				'queuePayrollSync',
				PAYROLL_PATH,
				payroll.companyIds.map((id) => ({ companyIds: [id] })),
				journals,
				() => nmbrs.requests().total + eb.requests().total,
				() => limitedAnswers(nmbrs) + limitedAnswers(eb),
			);
			const booked = (eb.state.mutations as unknown as Array<{ invoiceNumber?: string }>).filter((x) => String(x.invoiceNumber ?? '').startsWith('NMBRS-'));
			if (booked.length !== journals || new Set(booked.map((x) => x.invoiceNumber)).size !== journals) {
				throw new Error(`payroll run booked ${booked.length} entries for ${journals} journals`);
			}
			return m;
		};
		const clientRun = async (label: string, records: typeof rows, rateLimited: boolean) => {
			nextens.reset({ clients: [], sbas: [] });
			nextens.setKnobs({ rateLimit: rateLimited ? NEXTENS_CONTRACT_RATE_LIMIT : { enabled: false } });
			nextens.clearRequests();
			const m = await run(
				label,
				'queueClientBatch',
				CLIENT_BATCH_PATH,
				slices(records, SLICES).map((slice) => ({ rows: slice })),
				records.length,
				() => nextens.requests().total,
				() => limitedAnswers(nextens),
			);
			// every record is accounted for exactly once: created (stored once) or reported failed by its execution
			let created = 0;
			for (const id of m.executionIds) {
				for (const summary of (await c.executionResult(id)).nodeOutput('Summary')) {
					created += Number(summary.created ?? 0);
					m.failed += Number(summary.failed ?? 0);
				}
			}
			const stored = (nextens.state.clients as unknown as Array<{ klantnummer?: string }>).map((x) => x.klantnummer);
			if (stored.length !== created || new Set(stored).size !== stored.length || created + m.failed !== records.length) {
				throw new Error(`client batch: ${stored.length} stored, ${created} created, ${m.failed} failed for ${records.length} records`);
			}
			return m;
		};

		// warm-up on both workers (first executions load and compile code), not measured
		log('warm-up ...');
		await run('warm-up', 'queuePayrollSync', PAYROLL_PATH, payroll.companyIds.slice(0, 4).map((id) => ({ companyIds: [id] })), 0, () => 0);
		await run('warm-up', 'queueClientBatch', CLIENT_BATCH_PATH, slices(rows.slice(0, 20), 4).map((slice) => ({ rows: slice })), 0, () => 0);

		const scenarios: Array<[string, () => Promise<Measure>]> = [
			[`payroll sync (${COMPANIES} companies, ${journals} journals)`, () => payrollRun(`payroll sync (${COMPANIES} companies, ${journals} journals)`)],
			[`client batch (${RECORDS} records, ${SLICES} slices)`, () => clientRun(`client batch (${RECORDS} records, ${SLICES} slices)`, rows, false)],
		];
		if (RATE_LIMITED) {
			const label = `client batch (${LIMITED_RECORDS} records), Nextens limit 5/s per token`;
			scenarios.push([label, () => clientRun(label, rows.slice(0, LIMITED_RECORDS), true)]);
		}
		const worker2 = c.workers[1];
		for (const workers of [1, 2]) {
			if (workers === 1) await worker2.stop();
			else if (!worker2.running) await worker2.start();
			for (const [label, fn] of scenarios) {
				log(`${label}: ${workers} worker(s) ...`);
				const m = await fn();
				results.push(m);
				log(`  ${m.seconds.toFixed(1)} s, ${m.ok ? 'all executions succeeded' : 'SOME EXECUTIONS FAILED'}`);
			}
		}
	} finally {
		await cluster?.close();
		await services.stop();
		await Promise.all([nmbrs.close(), eb.close(), nextens.close()]);
	}

	// records done per second (failed ones excluded), so a run that leaves more records failed is not 'faster'
	const throughput = (m: Measure) => (m.records - m.failed) / m.seconds;
	const rows2: string[][] = [
		['scenario', 'workers', 'executions (per worker)', 'records', 'failed', 'wall s', 'records/s', 'speed-up', 'calls/record', '429s/record'],
	];
	for (const m of results) {
		const base = results.find((r) => r.scenario === m.scenario && r.workers === 1);
		rows2.push([
			m.scenario,
			String(m.workers),
			`${m.executions} (${m.split})`,
			String(m.records),
			String(m.failed),
			m.seconds.toFixed(1),
			throughput(m).toFixed(1),
			base && m.workers !== 1 ? `${(throughput(m) / throughput(base)).toFixed(2)}x` : '1.00x',
			(m.calls / m.records).toFixed(2),
			(m.rateLimited / m.records).toFixed(2),
		]);
	}
	const widths = rows2[0].map((_, i) => Math.max(...rows2.map((r) => r[i].length)));
	const line = (r: string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
	console.log('');
	console.log(`n8n ${QUEUE_N8N_VERSION} queue mode: main + 1 or 2 workers (concurrency ${CONCURRENCY} each), PostgreSQL, Redis; emulator latency ${LATENCY}+U[0,${JITTER}) ms per call`);
	console.log(line(rows2[0]));
	console.log(widths.map((w) => '-'.repeat(w)).join('  '));
	for (const r of rows2.slice(1)) console.log(line(r));
	console.log(`(total ${((Date.now() - t0) / 1000).toFixed(0)} s; every run booked each journal exactly once and stored each client at most once;`);
	console.log(` failed = records the executions reported as failed, e.g. after 429s beyond "Max Wait When Rate Limited"; a re-run picks them up)`);
	if (results.some((m) => !m.ok)) process.exitCode = 1;
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
