/**
 * The CRM export → Nextens batch template in n8n queue mode: the export is split into slices, each slice is one webhook
 * call on the main and so one execution on whichever worker takes the job. The Nextens emulator's stored clients
 * decide: every record of the export must end up there exactly once, and every record must be counted exactly once
 * in the executions' outcomes. The last test runs parallel executions against Nextens' limit per token (plus random
 * 429s): records wait, none fails.
 */
import { startEmulator, type RunningEmulator } from '../../../emulators/common';
import { NEXTENS_CONTRACT_RATE_LIMIT } from '../../../emulators/assumptions';
import { nextensService, type NextensState } from '../../../emulators/nextens';
import { packProject } from '../../harness/n8n';
import { QUEUE_N8N_VERSION, startQueueCluster, startQueueServices, type QueueCluster, type QueueServices } from '../../harness/queue';
import { emulatorCredentials } from '../../support/credentials';
import { CLIENT_BATCH_PATH, NEXTENS_NODE, clientBatchWebhookWorkflow, exportRows, slices, type ExportRow } from './workflows';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const WORKFLOW_ID = 'queueClientBatch';
const RECORDS = 150;
const rows = exportRows(RECORDS);

// E2E_SKIP_QUEUE=1 skips the queue-mode suites (e.g. on a machine without root for apt-get)
const describeQueue = process.env.E2E_SKIP_QUEUE ? describe.skip : describe;

describeQueue(`CRM export → Nextens batch in queue mode (n8n ${QUEUE_N8N_VERSION}, main + 2 workers)`, () => {
	let services: QueueServices;
	let cluster: QueueCluster;
	let nextens: RunningEmulator<NextensState>;
	let seen = 0;

	const stored = () => nextens.state.clients as unknown as Json[];

	/** Every export row is stored exactly once (klantnummer = Relatienummer) with its key, and nothing else is stored. */
	function expectStoredExactlyOnce(): void {
		const byNumber = new Map<string, Json[]>();
		for (const c of stored()) byNumber.set(String(c.klantnummer), [...(byNumber.get(String(c.klantnummer)) ?? []), c]);
		expect([...byNumber.keys()].sort()).toEqual(rows.map((r) => r.Relatienummer).sort());
		expect([...byNumber.entries()].filter(([, list]) => list.length !== 1).map(([k]) => k)).toEqual([]);
		for (const r of rows) {
			const c = byNumber.get(r.Relatienummer)?.[0] as Json;
			if (r.BSN) expect(c.bsn).toBe(r.BSN);
			if (r.RSIN) expect(c.fiscaalNummer).toBe(r.RSIN);
		}
	}

	/** One webhook call per slice, all at once; waits for the executions and returns them with their outcomes. */
	async function runSlices(parts: ExportRow[][]): Promise<{ ids: string[]; outcomes: Json[]; summaries: Json[]; workers: Set<number | undefined> }> {
		const answers = await Promise.all(parts.map((slice) => cluster.webhook(CLIENT_BATCH_PATH, { rows: slice })));
		expect(answers.map((a) => a.status)).toEqual(parts.map(() => 200));
		const executions = (await cluster.waitForExecutions(WORKFLOW_ID, seen + parts.length)).slice(seen);
		seen += parts.length;
		expect(executions.map((e) => `${e.mode}:${e.status}`)).toEqual(parts.map(() => 'webhook:success'));
		const outcomes: Json[] = [];
		const summaries: Json[] = [];
		for (const e of executions) {
			const result = await cluster.executionResult(e.id);
			outcomes.push(...result.nodeOutput(NEXTENS_NODE));
			summaries.push(...result.nodeOutput('Summary'));
		}
		return { ids: executions.map((e) => e.id), outcomes, summaries, workers: new Set(executions.map((e) => cluster.workerOf(e.id))) };
	}

	beforeAll(async () => {
		services = await startQueueServices();
		nextens = await startEmulator(nextensService, { seed: { clients: [], sbas: [] }, knobs: { latency: { fixedMs: 20, jitterMs: 10 } } });
		cluster = await startQueueCluster({
			services,
			tarball: packProject(),
			workers: 2,
			concurrency: 5,
			credentials: emulatorCredentials({ nmbrs: 'http://127.0.0.1:9', eboekhouden: 'http://127.0.0.1:9', nextens: `${nextens.url}/api/v1` }),
			workflows: [clientBatchWebhookWorkflow()],
		});
	});
	afterAll(async () => {
		await cluster?.close();
		await services?.stop();
		await nextens?.close();
	});

	test('the export in 6 slices over both workers: every record created exactly once', async () => {
		const run = await runSlices(slices(rows, 6));
		expect(run.workers).toEqual(new Set([0, 1]));
		// every record has exactly one outcome, over all executions
		expect(run.outcomes.map((o) => o.crmId).sort()).toEqual(rows.map((r) => r.Relatienummer).sort());
		expect(run.outcomes.filter((o) => o.status !== 'created').map((o) => `${String(o.crmId)}: ${String(o.status)} ${String(o.message ?? '')}`)).toEqual([]);
		const total = run.summaries.reduce(
			(acc, s) => ({ created: acc.created + s.created, failed: acc.failed + s.failed, total: acc.total + s.total }),
			{ created: 0, failed: 0, total: 0 },
		);
		expect(total).toEqual({ created: RECORDS, failed: 0, total: RECORDS });
		expect(stored()).toHaveLength(RECORDS);
		expectStoredExactlyOnce();
		process.stderr.write(
			`[queue] client batch: ${run.ids.length} executions, workers ${[...run.workers].map((w) => (w ?? -1) + 1).join('+')}, ${nextens.requests().total} Nextens calls for ${RECORDS} records\n`,
		);
	});

	test('the same export again in another split (4 slices): every record unchanged, still stored once', async () => {
		const versions = new Map(stored().map((c) => [c.id as string, c.versie as number]));
		const run = await runSlices(slices([...rows].reverse(), 4));
		expect(run.outcomes).toHaveLength(RECORDS);
		expect(new Set(run.outcomes.map((o) => o.status))).toEqual(new Set(['unchanged']));
		expect(stored()).toHaveLength(RECORDS);
		expect(stored().every((c) => versions.get(c.id) === c.versie)).toBe(true);
		expectStoredExactlyOnce();
	});

	test('overlapping slices of keyed records (BSN / RSIN) sent twice at once still store each record once', async () => {
		// the records change (new e-mail) and two calls carry the same records at the same time: the key stored in
		// Nextens (BSN / fiscaal nummer) makes the second writer find the first one's client instead of adding one
		const keyed = rows.filter((r) => r.BSN || r.RSIN).slice(0, 40).map((r): ExportRow => ({ ...r, 'E-mail': `nieuw.${r['E-mail']}` }));
		const run = await runSlices([keyed, keyed, keyed.slice(0, 20), keyed.slice(20)]);
		expect(run.outcomes).toHaveLength(keyed.length * 3); // every record is in three of the four calls
		expect(run.outcomes.filter((o) => o.status === 'failed').map((o) => `${String(o.crmId)}: ${String(o.code)} ${String(o.message)}`)).toEqual([]);
		// each record was written (updated) by at least one execution; the others found it up to date or wrote the same
		for (const r of keyed) {
			const statuses = run.outcomes.filter((o) => o.crmId === r.Relatienummer).map((o) => o.status as string);
			expect(statuses).toHaveLength(3);
			expect(statuses.filter((s) => s === 'updated').length).toBeGreaterThanOrEqual(1);
		}
		expect(stored()).toHaveLength(RECORDS);
		expectStoredExactlyOnce();
		const byNumber = new Map(stored().map((c) => [String(c.klantnummer), c]));
		for (const r of keyed) expect(byNumber.get(r.Relatienummer)?.email).toBe(r['E-mail']);
	});
	test('parallel executions on both workers against the limit per token, with random 429s: 0 failed, 0 duplicates', async () => {
		// every execution paces itself at 5/s, ten of them at once (2 workers x 5) ask ten times the vendor's 5/s per
		// token; on top one answer in ten is a 429 with Retry-After 2. Records wait (default bound 300 s) and slow down.
		nextens.reset({ clients: [], sbas: [] });
		nextens.setKnobs({ rateLimit: NEXTENS_CONTRACT_RATE_LIMIT, faults: { seed: 5, rateLimitedRate: 0.1, retryAfterSeconds: 2 } });
		nextens.clearRequests();
		const started = Date.now();
		try {
			const run = await runSlices(slices(rows, 10));
			expect(run.workers).toEqual(new Set([0, 1]));
			expect(run.outcomes.filter((o) => o.status !== 'created').map((o) => `${String(o.crmId)}: ${String(o.status)} ${String(o.code)} ${String(o.message ?? '')}`)).toEqual([]);
			expect(run.outcomes.map((o) => o.crmId).sort()).toEqual(rows.map((r) => r.Relatienummer).sort());
			const failed = run.summaries.reduce((n, s) => n + Number(s.failed), 0);
			expect(failed).toBe(0);
			expectStoredExactlyOnce();
			const log = nextens.requests();
			const limited = log.entries.filter((e) => e.outcome === 'rate-limited').length;
			// the limit really bit, and no client was created twice (one carried-out POST per record)
			expect(limited).toBeGreaterThan(10);
			expect(log.entries.filter((e) => e.method === 'POST' && e.outcome === 'ok' && e.status === 201)).toHaveLength(RECORDS);
			process.stderr.write(
				`[queue] rate-limited client batch: ${run.ids.length} executions, ${RECORDS} records in ${((Date.now() - started) / 1000).toFixed(1)} s, ${log.total} Nextens calls, ${limited} answered 429 (${(limited / RECORDS).toFixed(2)} per record)\n`,
			);
		} finally {
			nextens.setKnobs({ rateLimit: { enabled: false }, faults: { rateLimitedRate: 0 } });
		}
	});
});
