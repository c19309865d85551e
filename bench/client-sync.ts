/**
 * Client sync benchmark: a CRM export of N records (default 10,000: 50 % new, 40 % changed, 10 % unchanged)
 * upserted into the Nextens emulator (20 ms latency) by a real n8n process, twice from the same starting state:
 *
 *   1. the batch template workflows/crm-export-to-nextens-batch.json with this package's Nextens node
 *      (as shipped: batches of 10000, lookup strategy automatic; only the example rows and the node's
 *      requests-per-second cap are replaced, see below),
 *   1b. the same template with its batch size raised to all records ("one-batch": one node run, one list read),
 *   2. bench/fixtures/client-sync-http-code.json: what a user builds without this pack, generic HTTP Request +
 *      Code nodes, per record a lookup GET and then a POST or PUT.
 *   3. the link table's cost, in a started n8n (Data Tables need one; test/harness/server.ts), side by side on the
 *      same data: the template without its link steps ("server"), the template as shipped on an empty link table
 *      ("links": every record read, synchronised and inserted into the table) and the same again with the table
 *      filled ("links-rerun": nothing changed, every record skipped). Wall time from the webhook call to the
 *      finished execution; target: "links" <= 1.5x "server".
 *
 *   npx tsx bench/client-sync.ts [--records 10000] [--latency 20] [--concurrency 4] [--rps 250] [--n8n <pinned version>]
 *                                [--only floor,template,one-batch,http,server,links,links-rerun] [--engine legacy|vm]
 *                                [--n8n-node-options "--cpu-prof --cpu-prof-dir=DIR"]
 *
 * Rate limit: the contract's 5 requests/s would make any client take 30 minutes for 9,000 writes, so the emulator's
 * rate limit is RAISED ALONG WITH the clients' caps: the emulator allows `--rps` per second (burst rps/10), the
 * Nextens node gets `requestsPerSecond = --rps`, and the HTTP Request nodes batch 5 requests per 20 ms (= 250/s).
 * With the default --rps 250 and concurrency 4 at 20 ms the cap does not bind (4 / 0.02 s = 200 calls/s), so the
 * node's wall time is bounded by latency and concurrency, which is what the target compares against.
 *
 *   4. "floor": the same writes (a POST per new, a PUT per changed record, nothing else) from a bare Node.js HTTP
 *      client in a process of its own, no n8n, a new connection per request as n8n's HTTP helper opens one,
 *      `concurrency` at a time: what this machine and the emulator allow at all, measured in the same run.
 *
 * Figures: Nextens calls per record (target <= 1.6); the Nextens phase (first request to last answer) against the
 * latency-bound minimum for the configured concurrency (target <= 1.15x): the minimum is one write per new or changed
 * record at `concurrency` at a time, `writes x latency / concurrency`. The table shows the Nextens node's own
 * execution time and the whole `n8n execute` (process start, expressions, batches) separately, and checks that the
 * emulator ends up holding every record exactly as the export has it. Below the table, the two targets of the batch
 * template side by side: its Nextens phase against the minimum, and how many times faster its whole `n8n execute`
 * is than the HTTP Request + Code workflow's on the same records (target >= 3x).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { spawn } from 'node:child_process';
import * as path from 'node:path';

import { startEmulator } from '../emulators/common';
import { nextensService } from '../emulators/nextens';
import { PRIMARY_N8N_VERSION, PROJECT_ROOT, createN8n, packProject, type ExecutionResult, type WorkflowInput } from '../test/harness/n8n';
import { CREDENTIAL_REFS, DEMO_SECRETS } from '../test/support/credentials';
import { batchTemplateWithRows, batchWorkflow, importWorkflows, templateNode, withoutLinkTable } from '../test/e2e/fixtures/client-sync/harness';
import { withWebhookTrigger } from '../test/harness/queue';
import { startN8nServer } from '../test/harness/server';
import { EXPORT_COLUMNS, changedClient, generatedClient, rowOf, type ExportRow } from '../test/e2e/fixtures/client-sync/records';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function arg(name: string, fallback: string): string {
	const at = process.argv.indexOf(`--${name}`);
	return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

const RECORDS = Number(arg('records', '10000'));
const LATENCY_MS = Number(arg('latency', '20'));
const CONCURRENCY = Number(arg('concurrency', '4'));
const RPS = Number(arg('rps', '250'));
const VERSION = arg('n8n', PRIMARY_N8N_VERSION);
const ONLY = arg('only', 'floor,template,one-batch,http,server,links,links-rerun').split(',');
/** The template's batch size: with no more records than that, "one-batch" is the template as shipped and is left out. */
const TEMPLATE_BATCH = 10000;
const PHASE_TARGET = 1.15;
const END_TO_END_TARGET = 3;
/** e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where n8n spends its time */
const N8N_NODE_OPTIONS = arg('n8n-node-options', '');
/**
 * n8n 2.41's default expression engine ('vm', isolated-vm) is far slower per expression than the 'legacy' one the
 * harness's `n8n execute` uses; at 10,000 rows the template's ~35 expressions per row then dominate. The started-n8n
 * rows use the same engine as the rows above (`--engine vm` for n8n's default).
 */
const ENGINE = arg('engine', 'legacy');
const UPSERT = 'Create or Update in Nextens';
const HTTP_FIXTURE = path.join(PROJECT_ROOT, 'bench', 'fixtures', 'client-sync-http-code.json');

/** Deterministic shuffle (so new, changed and unchanged records are mixed in the export). */
function shuffled<T>(list: T[]): T[] {
	const out = [...list];
	let x = 123456789;
	for (let i = out.length - 1; i > 0; i--) {
		x = (x * 1103515245 + 12345) % 2147483648;
		const j = x % (i + 1);
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

/** A Code node body returning the rows (compact: column list once, then one value array per row). */
function rowsCode(rows: ExportRow[]): string {
	const values = rows.map((r) => EXPORT_COLUMNS.map((c) => r[c]));
	return `const columns = ${JSON.stringify(EXPORT_COLUMNS)};\nconst rows = ${JSON.stringify(values)};\nreturn rows.map((v) => ({ json: Object.fromEntries(columns.map((c, i) => [c, v[i]])) }));\n`;
}

function nodeTimeMs(result: ExecutionResult, name: string): number {
	return (result.runData[name] ?? []).reduce((sum, r) => sum + (r.executionTime ?? 0), 0);
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

async function main(): Promise<void> {
	const started = Date.now();
	const nNew = Math.round(RECORDS * 0.5);
	const nChanged = Math.round(RECORDS * 0.4);
	const existingCount = RECORDS - nNew;
	const population = Array.from({ length: RECORDS }, (_, i) => generatedClient(i, 'B', 600_000_000));
	const seed = { clients: population.slice(0, existingCount).map((c) => ({ ...c })) };
	const rows = shuffled(population.map((c, i) => rowOf(i < nChanged ? changedClient(c, i) : c)));
	const writesNeeded = nNew + nChanged;
	const minimumMs = (writesNeeded * LATENCY_MS) / CONCURRENCY;
	process.stderr.write(
		`records ${RECORDS} (new ${nNew}, changed ${nChanged}, unchanged ${RECORDS - nNew - nChanged}); Nextens emulator latency ${LATENCY_MS} ms, ` +
			`rate limit ${RPS}/s; node concurrency ${CONCURRENCY}, cap ${RPS}/s; n8n ${VERSION}\n`,
	);

	const em = await startEmulator(nextensService, {
		seed,
		knobs: { latency: { fixedMs: LATENCY_MS, jitterMs: 0 }, rateLimit: { enabled: true, requestsPerSecond: RPS, burst: Math.max(10, Math.round(RPS / 10)) } },
		maxLogEntries: 200_000,
	});
	const n8n = await createN8n({ version: VERSION, tarball: packProject(), env: N8N_NODE_OPTIONS ? { NODE_OPTIONS: N8N_NODE_OPTIONS } : {} });
	try {
		await n8n.importCredentials([
			{ ...CREDENTIAL_REFS.nextensApi, type: 'nextensApi', data: { ...DEMO_SECRETS.nextens, baseUrl: `${em.url}/api/v1` } },
			{ id: 'NextensHeaderAuth', name: 'Nextens header auth', type: 'httpHeaderAuth', data: { name: 'Authorization', value: `Bearer ${DEMO_SECRETS.nextens.token}` } },
		]);
		const template = batchWorkflow('benchClientSyncTpl', 'Bench: batch template', { jsCode: rowsCode(rows) });
		const upsert = templateNode(template as { nodes: Json[] }, UPSERT);
		upsert.parameters.options = { ...upsert.parameters.options, concurrency: CONCURRENCY, requestsPerSecond: RPS };
		const http = JSON.parse(
			fs.readFileSync(HTTP_FIXTURE, 'utf8').replace(/__NEXTENS_BASE_URL__/g, `${em.url}/api/v1`),
		) as WorkflowInput & { nodes: Json[] };
		templateNode(http, 'Export Rows').parameters.jsCode = rowsCode(rows);
		// the same template with one batch of all records (the node then reads the client list once per run)
		const oneBatch = JSON.parse(JSON.stringify(template)) as WorkflowInput & { nodes: Json[] };
		templateNode(oneBatch, 'In Batches of 10000').parameters.batchSize = RECORDS;
		await importWorkflows(n8n, [template, { ...oneBatch, id: 'benchClientSyncOne', name: 'Bench: batch template, one batch' }, { ...http, id: 'benchClientSyncHttp' }]);

		const table: Array<Record<string, string>> = [];
		const figures: Record<string, { phaseMs: number; executeMs: number }> = {};
		if (ONLY.includes('floor')) {
			em.reset(seed);
			em.clearRequests();
			process.stderr.write('running: bare HTTP client (no n8n) ...\n');
			const ms = await bareClientWrites(em.url, writesOf(em.state.clients as unknown as Json[], population, existingCount, nChanged));
			const log = em.requests();
			const phaseMs = Date.parse(log.entries[log.entries.length - 1].at) - Date.parse(log.entries[0].at) + LATENCY_MS;
			figures.floor = { phaseMs, executeMs: ms };
			process.stderr.write(`  done: phase ${fmt(phaseMs / 1000)} s (${fmt(phaseMs / minimumMs, 2)}x the minimum)\n`);
			table.push({
				workflow: 'floor: bare Node.js HTTP client, no n8n (same writes)',
				'calls/record': fmt(log.total / RECORDS, 2),
				calls: String(log.total),
				'by operation': Object.entries(log.byOperation).map(([k, v]) => `${k} ${v}`).join('; '),
				'429s': String(log.entries.filter((e) => e.outcome === 'rate-limited').length),
				'Nextens phase s': fmt(phaseMs / 1000),
				'phase / minimum': `${fmt(phaseMs / minimumMs, 2)}x`,
				'node time s': '-',
				'n8n execute s': '-',
				'execute / minimum': '-',
				'records correct': `${correctRecords(em, rows)}/${RECORDS}`,
				outcome: '-',
			});
		}
		const runs: Array<{ key: string; label: string; id: string; node: string[] }> = [
			{ key: 'template', label: 'Nextens node: batch template as shipped (batches of 10000)', id: 'benchClientSyncTpl', node: [UPSERT] },
			{ key: 'one-batch', label: 'Nextens node: batch template, one batch', id: 'benchClientSyncOne', node: [UPSERT] },
			{ key: 'http', label: 'HTTP Request + Code (no pack)', id: 'benchClientSyncHttp', node: ['Look Up Client', 'Write Client'] },
		].filter((r) => ONLY.includes(r.key) && !(r.key === 'one-batch' && RECORDS <= TEMPLATE_BATCH));
		if (ONLY.includes('one-batch') && RECORDS <= TEMPLATE_BATCH) process.stderr.write(`(one-batch left out: ${RECORDS} records are one batch of the template as shipped)\n`);

		for (const r of runs) {
			em.reset(seed);
			em.clearRequests();
			process.stderr.write(`running: ${r.label} ...\n`);
			const result = await n8n.execute(r.id, { timeoutMs: 3 * 3600_000 });
			// With thousands of items n8n's printed run can be cut off (the process exits before the pipe is drained),
			// so the figures come from the emulator: its request log and its stored state. Exit code 0 = success.
			if (result.exitCode !== 0) {
				// recorded and reported, so the figures of the other rows are still printed
				const reason = result.summary().split('\n')[0];
				process.stderr.write(`  FAILED: ${result.summary()}\n`);
				const log = em.requests();
				// what the vendor refused first (a refused request fails an HTTP Request node, whose retry sends all its items again)
				const refusedAt = log.entries.findIndex((e) => e.status === 0 || e.status >= 400);
				if (refusedAt >= 0) {
					const e = log.entries[refusedAt];
					const byStatus = log.entries.reduce<Record<string, number>>((acc, x) => ({ ...acc, [`${x.status} ${x.outcome}`]: (acc[`${x.status} ${x.outcome}`] ?? 0) + 1 }), {});
					process.stderr.write(`  first refused request: #${refusedAt + 1} of ${log.entries.length}, ${e.method} ${e.path} -> ${e.status} (${e.outcome}); by status: ${JSON.stringify(byStatus)}\n`);
				}
				table.push({
					workflow: r.label, 'calls/record': fmt(log.total / RECORDS, 2), calls: String(log.total),
					'by operation': Object.entries(log.byOperation).map(([k, v]) => `${k} ${v}`).join('; '), '429s': '-',
					'Nextens phase s': '-', 'phase / minimum': '-', 'node time s': '-', 'n8n execute s': `${fmt(result.durationMs / 1000)} (failed)`,
					'execute / minimum': '-', 'records correct': `${correctRecords(em, rows)}/${RECORDS}`, outcome: `FAILED: ${reason}`,
				});
				continue;
			}
			const log = em.requests();
			const calls = log.total;
			const entries = log.entries;
			const complete = entries.length === log.total;
			const rateLimited = complete ? entries.filter((e) => e.outcome === 'rate-limited').length : NaN;
			// Nextens phase: first request sent (its log time minus the latency) to the last answer
			const phaseMs = entries.length > 0 ? Date.parse(entries[entries.length - 1].at) - Date.parse(entries[0].at) + LATENCY_MS : 0;
			const correct = correctRecords(em, rows);
			const posts = log.byOperation['POST /clients'] ?? 0;
			const puts = log.byOperation['PUT /clients/{id}'] ?? 0;
			let actions = `${posts} POST, ${puts} PUT`;
			if (r.key !== 'http' && result.run) {
				const counts: Record<string, number> = {};
				for (const o of result.nodeOutput(UPSERT)) counts[String(o.status)] = (counts[String(o.status)] ?? 0) + 1;
				actions = Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ');
			}
			figures[r.key] = { phaseMs, executeMs: result.durationMs };
			const nodeMs = result.run ? r.node.reduce((sum, name) => sum + nodeTimeMs(result, name), 0) : NaN;
			table.push({
				workflow: r.label,
				'calls/record': fmt(calls / RECORDS, 2),
				calls: String(calls),
				'by operation': Object.entries(log.byOperation).map(([k, v]) => `${k} ${v}`).join('; '),
				'429s': Number.isNaN(rateLimited) ? '-' : String(rateLimited),
				'Nextens phase s': fmt(phaseMs / 1000),
				'phase / minimum': `${fmt(phaseMs / minimumMs, 2)}x`,
				'node time s': Number.isNaN(nodeMs) ? '-' : fmt(nodeMs / 1000),
				'n8n execute s': fmt(result.durationMs / 1000),
				'execute / minimum': `${fmt(result.durationMs / minimumMs, 2)}x`,
				'records correct': `${correct}/${RECORDS}`,
				outcome: actions,
			});
			process.stderr.write(`  done in ${fmt(result.durationMs / 1000)} s: Nextens phase ${fmt(phaseMs / 1000)} s (${fmt(phaseMs / minimumMs, 2)}x the minimum), ${calls} calls, ${correct}/${RECORDS} correct\n`);
		}

		await n8n.close();
		table.push(...(await linkTableRuns(em, seed, rows, minimumMs)));

		const columns = Object.keys(table[0] ?? {});
		const widths = columns.map((c) => Math.max(c.length, ...table.map((row) => row[c].length)));
		const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
		console.log(`\nClient sync benchmark: ${RECORDS} records (${nNew} new, ${nChanged} changed, ${RECORDS - nNew - nChanged} unchanged), latency ${LATENCY_MS} ms, concurrency ${CONCURRENCY}, rate cap ${RPS}/s, n8n ${VERSION}`);
		console.log(
			`Latency-bound minimum: ${writesNeeded} writes x ${LATENCY_MS} ms / ${CONCURRENCY} = ${fmt(minimumMs / 1000)} s. ` +
				`Targets: calls/record <= 1.6, Nextens phase <= ${PHASE_TARGET}x minimum, end to end >= ${END_TO_END_TARGET}x faster than HTTP Request + Code.\n`,
		);
		console.log(line(columns));
		console.log(line(widths.map((w) => '-'.repeat(w))));
		for (const row of table) console.log(line(columns.map((c) => row[c])));
		console.log(`\n${targetLines(figures, minimumMs).join('\n')}`);
		console.log(`(load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')} on ${os.cpus().length} CPUs)`);
		console.log(`\n(total benchmark time ${fmt((Date.now() - started) / 1000)} s)`);
	} finally {
		await n8n.close();
		await em.close();
	}
}

/** The records the emulator holds exactly once and exactly as the export has them. */
function correctRecords(em: { state: { clients: unknown } }, rows: ExportRow[]): number {
	const stored = new Map<string, ExportRow[]>();
	for (const c of em.state.clients as Json[]) stored.set(String(c.klantnummer), [...(stored.get(String(c.klantnummer)) ?? []), rowOf(c)]);
	return rows.filter((row) => {
		const s = stored.get(row.Relatienummer);
		return s?.length === 1 && JSON.stringify(s[0]) === JSON.stringify(row);
	}).length;
}

interface Write {
	method: 'POST' | 'PUT';
	path: string;
	body: Json;
}

/** The writes the export needs, in the export's mixed order: a PUT of each changed record to its seeded id, a POST of each new one. */
function writesOf(stored: Json[], population: Json[], existingCount: number, nChanged: number): Write[] {
	const idOf = new Map(stored.map((c) => [String(c.klantnummer), String(c.id)]));
	const writes: Write[] = population.flatMap((c, i): Write[] => {
		if (i < nChanged) return [{ method: 'PUT', path: `/api/v1/clients/${idOf.get(String(c.klantnummer))}`, body: changedClient(c as never, i) as Json }];
		return i >= existingCount ? [{ method: 'POST', path: '/api/v1/clients', body: c }] : [];
	});
	return shuffled(writes);
}

/** Sends the writes from a child Node.js process (node:http, a new connection per request, CONCURRENCY at a time); its wall time. */
async function bareClientWrites(baseUrl: string, writes: Write[]): Promise<number> {
	const code = `
const http = require('node:http');
let input = '';
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', async () => {
	const { base, token, concurrency, writes } = JSON.parse(input);
	const agent = new http.Agent({ keepAlive: false });
	const send = (w) => new Promise((resolve, reject) => {
		const data = JSON.stringify(w.body);
		const req = http.request(base + w.path, { agent, method: w.method, headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token } }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode));
		});
		req.on('error', reject);
		req.end(data);
	});
	const t0 = Date.now();
	let next = 0;
	const failed = [];
	await Promise.all(Array.from({ length: concurrency }, async () => {
		while (next < writes.length) {
			const w = writes[next++];
			const status = await send(w);
			if (status >= 300) failed.push(w.method + ' ' + w.path + ' -> ' + status);
		}
	}));
	process.stdout.write(JSON.stringify({ ms: Date.now() - t0, failed }));
});`;
	const child = spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
	let out = '';
	child.stdout.on('data', (c: Buffer) => (out += c.toString()));
	const done = new Promise<number>((resolve) => child.on('close', (rc) => resolve(rc ?? 1)));
	child.stdin.end(JSON.stringify({ base: baseUrl, token: DEMO_SECRETS.nextens.token, concurrency: CONCURRENCY, writes }));
	if ((await done) !== 0) throw new Error('the bare HTTP client failed');
	const result = JSON.parse(out) as { ms: number; failed: string[] };
	if (result.failed.length > 0) throw new Error(`bare HTTP client: ${result.failed.length} writes failed, e.g. ${result.failed[0]}`);
	return result.ms;
}

/** The two targets for the batch template, side by side, with by how much each is met or missed. */
function targetLines(figures: Record<string, { phaseMs: number; executeMs: number }>, minimumMs: number): string[] {
	const pack = figures.template;
	const http = figures.http;
	if (!pack) return ['(targets need the "template" row)'];
	const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
	const phase = pack.phaseMs / minimumMs;
	const lines = [
		`Nextens phase, batch template: ${fmt(pack.phaseMs / 1000)} s = ${fmt(phase, 2)}x the minimum (target <= ${PHASE_TARGET}x): ${verdict(phase <= PHASE_TARGET)}` +
			(phase > PHASE_TARGET ? ` by ${fmt(((phase - PHASE_TARGET) * minimumMs) / 1000)} s` : ''),
	];
	if (http) {
		const speedUp = http.executeMs / pack.executeMs;
		lines.push(
			`End to end, n8n execute: HTTP Request + Code ${fmt(http.executeMs / 1000)} s / batch template ${fmt(pack.executeMs / 1000)} s = ` +
				`${fmt(speedUp, 2)}x faster (target >= ${END_TO_END_TARGET}x): ${verdict(speedUp >= END_TO_END_TARGET)}` +
				(speedUp < END_TO_END_TARGET ? ` (the template would need ${fmt(http.executeMs / END_TO_END_TARGET / 1000)} s)` : ''),
		);
	} else lines.push('(end to end needs the "http" row)');
	const floor = figures.floor;
	if (floor) {
		lines.push(
			`Floor on this machine now: a bare HTTP client without n8n needs ${fmt(floor.phaseMs / 1000)} s = ${fmt(floor.phaseMs / minimumMs, 2)}x the minimum for the same writes; ` +
				`the batch template's phase is ${fmt(pack.phaseMs / floor.phaseMs, 2)}x that`,
		);
	}
	return lines;
}

/** The runs in a started n8n: the template without and with its link table (first and second run). */
async function linkTableRuns(
	em: Awaited<ReturnType<typeof startEmulator<unknown>>>,
	seed: Json,
	rows: ExportRow[],
	minimumMs: number,
): Promise<Array<Record<string, string>>> {
	const keys = ['server', 'links', 'links-rerun'].filter((k) => ONLY.includes(k));
	if (keys.length === 0) return [];
	const shipped = batchTemplateWithRows({ jsCode: rowsCode(rows) });
	const upsert = templateNode(shipped, UPSERT);
	upsert.parameters.options = { ...upsert.parameters.options, concurrency: CONCURRENCY, requestsPerSecond: RPS };
	const started = (wf: WorkflowInput & { nodes: Json[] }, id: string, webhookPath: string) => ({
		...withWebhookTrigger(wf, { path: webhookPath, firstNode: 'Example Export Rows' }),
		id,
	});
	const server = await startN8nServer({
		version: VERSION,
		credentials: [{ ...CREDENTIAL_REFS.nextensApi, type: 'nextensApi', data: { ...DEMO_SECRETS.nextens, baseUrl: `${em.url}/api/v1` } }],
		workflows: [started(withoutLinkTable(shipped), 'benchClientNoLink', 'bench-no-links'), started(shipped, 'benchClientLinks', 'bench-links')],
		// the expression engine of the `n8n execute` rows above (see ENGINE), so the rows compare
		env: { N8N_EXPRESSION_ENGINE: ENGINE, ...(N8N_NODE_OPTIONS ? { NODE_OPTIONS: N8N_NODE_OPTIONS } : {}) },
	});
	const runs = [
		{ key: 'server', label: 'started n8n: template without link steps', id: 'benchClientNoLink', path: 'bench-no-links', reset: true },
		{ key: 'links', label: 'started n8n: template with link table (empty table)', id: 'benchClientLinks', path: 'bench-links', reset: true },
		{ key: 'links-rerun', label: 'started n8n: link table filled, nothing changed', id: 'benchClientLinks', path: 'bench-links', reset: false },
	].filter((r) => keys.includes(r.key));
	const table: Array<Record<string, string>> = [];
	let baseMs = NaN;
	try {
		for (const r of runs) {
			if (r.reset) em.reset(seed);
			em.clearRequests();
			process.stderr.write(`running: ${r.label} ...\n`);
			const t0 = Date.now();
			const result = await server.run(r.id, r.path, {}, 3 * 3600_000);
			const wallMs = Date.now() - t0;
			if (!result.ok) throw new Error(`${r.label} failed: ${result.summary()}`);
			if (r.key === 'server') baseMs = wallMs;
			const counts: Record<string, number> = {};
			for (const o of result.nodeOutput(r.key === 'server' ? UPSERT : 'All Outcomes')) counts[String(o.status)] = (counts[String(o.status)] ?? 0) + 1;
			const calls = em.requests().total;
			table.push({
				workflow: r.label,
				'calls/record': fmt(calls / RECORDS, 2),
				calls: String(calls),
				'by operation': Object.entries(em.requests().byOperation).map(([k, v]) => `${k} ${v}`).join('; '),
				'429s': '-',
				'Nextens phase s': '-',
				'phase / minimum': '-',
				'node time s': fmt(nodeTimeMs(result, UPSERT) / 1000),
				'n8n execute s': `${fmt(wallMs / 1000)} (webhook to end)`,
				'execute / minimum': Number.isNaN(baseMs) ? `${fmt(wallMs / minimumMs, 2)}x` : `${fmt(wallMs / minimumMs, 2)}x (${fmt(wallMs / baseMs, 2)}x without links)`,
				'records correct': '-',
				outcome: Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', '),
			});
			process.stderr.write(`  done in ${fmt(wallMs / 1000)} s\n`);
		}
	} finally {
		await server.close();
	}
	return table;
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
