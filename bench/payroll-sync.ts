/**
 * Payroll journal sync benchmark: the daily template (workflows/payroll-journal-sync.json) in real n8n against the
 * Nmbrs and e-Boekhouden emulators (in this process), on a generated scenario.
 *
 *   npx tsx bench/payroll-sync.ts [--companies 20] [--runs 12] [--lines 60] [--latency 20] [--jitter 0]
 *                                 [--year 2025] [--n8n <pinned version>] [--at-once 1,4] [--reruns 1] [--nmbrs-fair-use]
 *                                 [--mode server|execute] [--no-history] [--engine legacy|vm] [--split <companies>]
 *                                 [--node-options '<Node.js flags for n8n>'] [--tarball <file>] [--json <file>]
 *
 * Scenario: generateNmbrsSeed({ companies, runsPerCompany: runs, linesPerJournal: lines, year }) and an e-Boekhouden
 * chart of accounts built from it (bench/fixtures/payroll/chart.ts: every ledger the journals resolve to with the
 * template's mapping, the clearing and fallback ledgers, every cost centre). Both emulators answer after `latency` ms.
 *
 * How n8n runs it (`--mode`):
 *   - `server` (default): as users run the template, in a started n8n (`n8n start`, test/harness/server.ts) with n8n's
 *     default expression engine (`--engine` overrides it). The workflow is the template as the end-to-end tests run it
 *     (test/e2e/fixtures/payroll.ts): a production webhook in front of Nmbrs: Get Companies (it answers when the run
 *     has ended), the e-mail node an Edit Fields node that renders the same text, the Data Table history steps kept on
 *     n8n 2.x (`--no-history` leaves them out). Each first run gets a new n8n; the re-runs run in the n8n of the last first run.
 *   - `execute`: `n8n execute` per run, without the history steps (it cannot run Data Table nodes), e-mail node a No
 *     Operation node; the process also prints the whole run as JSON.
 * In both, the Nmbrs start period is period 1 of `--year`. For every value of `--at-once` (Post Payroll Journal's
 * option "Journals Posted at Once"; default 1 and the node's default, side by side on the same scenario and latency)
 * it runs once on empty books (the e-Boekhouden emulator is reset to the chart before each); then `--reruns` times
 * without changes with the last value. Printed per run:
 *   - calls per emulator operation (the emulators' request logs),
 *   - e-Boekhouden calls per posted journal (raw ratio), POSTs per posted journal and the per-execution constant
 *     (every e-Boekhouden call that is not a POST /v1/mutation: session, probe, ledger and cost-centre lists),
 *   - calls of a no-change re-run per period,
 *   - wall time (workflow, per node) against the latency-bound minimum (see minimumRounds()),
 *   - peak RSS of the n8n main process (VmHWM; in a started n8n reset through /proc/<pid>/clear_refs just before the
 *     run, so it is that run's peak) and its growth over an idle n8n of the same version run the same way (a workflow
 *     with only its trigger), and the peak per phase of the run (before it, per node, after it: saving the run and,
 *     for `n8n execute`, printing it), from /proc samples every 50 ms.
 *
 * The node package is built from the committed HEAD (git archive + tsc into a temporary folder, packed there), not
 * from the shared dist/ and .tools/pack/, which other builds may be rewriting at the same moment; `--tarball <file>`
 * uses a ready tarball instead.
 *
 * `--split N` (with `--no-history`, server mode) runs a variant of the template with Get Journals and Post Payroll
 * Journal in sub-workflow executions of N companies each (splitIntoSubWorkflows()), to measure what memory a run
 * needs when no execution holds more than N companies' journals; the figures add up the sub-workflow runs.
 *
 * `--nmbrs-fair-use` switches on the Nmbrs emulator's fair-use knob (calls above 150/s are delayed 500 ms, as the real
 * Nmbrs policy does); off by default, so the figures show the nodes, not the policy.
 */
import { execFileSync, execSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { startEmulator, type RunningEmulator } from '../emulators/common';
import { eboekhoudenService, type EbState } from '../emulators/eboekhouden';
import { generateNmbrsSeed, nmbrsService, type NmbrsSeed } from '../emulators/nmbrs';
import {
	ExecutionResult,
	PRIMARY_N8N_VERSION,
	PROJECT_ROOT,
	createN8n,
	type N8nInstance,
	type WorkflowInput,
} from '../test/harness/n8n';
import { emulatorCredentials } from '../test/support/credentials';
import { payrollTestWorkflow, withoutHistory } from '../test/e2e/fixtures/payroll';
import { startN8nServer, type N8nServer } from '../test/harness/server';
import { EBOEKHOUDEN_DEFAULT_JOURNALS_AT_ONCE, EBOEKHOUDEN_MAX_JOURNALS_AT_ONCE } from '../nodes/common/assumptions';
import { chartForScenario, type ChartSummary, type PostingSettings } from './fixtures/payroll/chart';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TEMPLATE = path.join(PROJECT_ROOT, 'workflows', 'payroll-journal-sync.json');
const NODE = {
	companies: 'Nmbrs: Get Companies',
	journals: 'Nmbrs: Get Journals',
	post: 'e-Boekhouden: Post Payroll Journal',
} as const;
/** Concurrency of the Nmbrs node's calls within one input item (nodes/common/assumptions.ts NMBRS_MAX_CONCURRENCY). */
const NMBRS_CONCURRENCY = 4;
/** Targets at the node's default "Journals Posted at Once" (issue 14). */
const TARGET_TIME_RATIO = 1.3;
const TARGET_CALLS_PER_JOURNAL = 1.05;
const TARGET_MEMORY_GROWTH_MB = 150;

// ---- arguments ---------------------------------------------------------------------------------------------------

interface Args {
	companies: number;
	runs: number;
	lines: number;
	latency: number;
	jitter: number;
	year: number;
	n8n: string;
	reruns: number;
	/** Values of "Journals Posted at Once", each measured on empty books. */
	atOnce: number[];
	tarball?: string;
	json?: string;
	nmbrsFairUse: boolean;
	/** `server`: one started n8n (n8n start), runs through production webhooks; `execute`: `n8n execute` per run. */
	mode: 'server' | 'execute';
	/** Expression engine of the started n8n (`N8N_EXPRESSION_ENGINE`); undefined = n8n's default. */
	engine?: string;
	/** Started n8n on 2.x: run the template's Data Table history steps (as users do) or leave them out. */
	history: boolean;
	/** Node.js flags for the started n8n (`NODE_OPTIONS`), e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile a run. */
	nodeOptions?: string;
	/** Companies per sub-workflow execution (see splitIntoSubWorkflows()); 0 = the template as shipped. */
	split: number;
}

function parseArgs(argv: string[]): Args {
	const args: Args = { companies: 20, runs: 12, lines: 60, latency: 20, jitter: 0, year: 2025, n8n: PRIMARY_N8N_VERSION, reruns: 1, atOnce: [1, EBOEKHOUDEN_DEFAULT_JOURNALS_AT_ONCE], nmbrsFairUse: false, mode: 'server', history: true, split: 0 };
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const value = (): string => {
			const v = argv[++i];
			if (v === undefined) throw new Error(`${flag} needs a value`);
			return v;
		};
		const int = (min: number): number => {
			const n = Number(value());
			if (!Number.isInteger(n) || n < min) throw new Error(`${flag} must be an integer >= ${min}`);
			return n;
		};
		switch (flag) {
			case '--companies': args.companies = int(1); break;
			case '--runs': args.runs = int(1); break;
			case '--lines': args.lines = int(11); break;
			case '--latency': args.latency = int(0); break;
			case '--jitter': args.jitter = int(0); break;
			case '--year': args.year = int(2000); break;
			case '--n8n': args.n8n = value(); break;
			case '--reruns': args.reruns = int(0); break;
			case '--at-once': {
				const list = value().split(',').map((v) => Number(v.trim()));
				if (list.some((n) => !Number.isInteger(n) || n < 1 || n > EBOEKHOUDEN_MAX_JOURNALS_AT_ONCE)) {
					throw new Error(`--at-once takes whole numbers from 1 to ${EBOEKHOUDEN_MAX_JOURNALS_AT_ONCE}, e.g. 1,4`);
				}
				args.atOnce = [...new Set(list)];
				break;
			}
			case '--nmbrs-fair-use': args.nmbrsFairUse = true; break;
			case '--engine': args.engine = value(); break;
			case '--no-history': args.history = false; break;
			case '--node-options': args.nodeOptions = value(); break;
			case '--split': args.split = int(1); break;
			case '--mode': {
				const mode = value();
				if (mode !== 'server' && mode !== 'execute') throw new Error('--mode is server or execute');
				args.mode = mode;
				break;
			}
			case '--tarball': args.tarball = value(); break;
			case '--json': args.json = value(); break;
			case '-h':
			case '--help':
				process.stdout.write(fs.readFileSync(__filename, 'utf8').split('*/')[0] + '*/\n');
				process.exit(0);
				break;
			default:
				throw new Error(`unknown option ${flag}`);
		}
	}
	if (args.split > 0 && (args.mode !== 'server' || args.history)) {
		// n8n 2.x runs the published version of a workflow called from a non-manual execution, which `n8n execute`
		// does not have; the history steps read Get Journals' items, which the sub-workflows keep to themselves.
		throw new Error('--split needs --mode server (the default) and --no-history');
	}
	return args;
}

// ---- workflow ----------------------------------------------------------------------------------------------------

/**
 * The workflow of one "Journals Posted at Once" value. `execute`: the template without its history steps (`n8n
 * execute` cannot run Data Table nodes, test/harness/README.md), the e-mail node a No Operation node. `server`: the
 * template as the end-to-end tests run it (test/e2e/fixtures/payroll.ts: a production webhook in front, the e-mail
 * node an Edit Fields node that renders the same text, the history steps kept on n8n 2.x).
 */
function benchWorkflow(args: Args, atOnce: number): { workflow: WorkflowInput; settings: PostingSettings; webhookPath: string } {
	const webhookPath = `payroll-bench-${atOnce}`;
	let wf = (
		args.mode === 'server'
			? payrollTestWorkflow(webhookPath, 'lastNode')
			: withoutHistory(JSON.parse(fs.readFileSync(TEMPLATE, 'utf8')) as WorkflowInput & { nodes: Json[] })
	) as WorkflowInput & { nodes: Json[] };
	// n8n 1.123 finds no table by name: its users create the history table by hand (the template's note); the benchmark leaves it out
	if (!args.history || args.n8n.startsWith('1.')) wf = withoutHistory(wf);
	let settings: PostingSettings | undefined;
	for (const node of wf.nodes) {
		if (node.type === 'n8n-nodes-base.emailSend') {
			node.type = 'n8n-nodes-base.noOp';
			node.typeVersion = 1;
			node.parameters = {};
			delete node.credentials;
		}
		if (node.name === NODE.journals) {
			node.parameters.fromYear = args.year;
			node.parameters.fromPeriod = 1;
		}
		if (node.name === NODE.post) {
			const p = node.parameters;
			p.options = { ...(p.options ?? {}), journalsPostedAtOnce: atOnce };
			settings = {
				clearingLedgerCode: String(p.clearingLedgerCode ?? ''),
				fallbackLedgerCode: String(p.fallbackLedgerCode ?? ''),
				ledgerMapping: ((p.ledgerMapping?.mapping ?? []) as Json[]).map((r) => ({ nmbrsCode: String(r.nmbrsCode), ledgerCode: String(r.ledgerCode) })),
				useSameCodeWhenUnmapped: p.useSameCodeWhenUnmapped !== false,
			};
		}
	}
	if (!settings) throw new Error(`the template has no node "${NODE.post}"`);
	for (const name of Object.values(NODE)) {
		if (!wf.nodes.some((n: Json) => n.name === name)) throw new Error(`the template has no node "${name}"`);
	}
	if (args.split > 0) wf = splitIntoSubWorkflows(wf, args.split);
	return { workflow: { ...wf, id: `payrollSyncBench${atOnce}`, name: `${String(wf.name)} (${atOnce} at once)` }, settings, webhookPath };
}

const SUB_WORKFLOW = { loop: 'In Batches of Companies', call: 'Sync These Companies', trigger: 'When Called for a Batch' } as const;

/**
 * `--split N`: the template with Get Journals and Post Payroll Journal in sub-workflow executions of N companies each,
 * so that no execution holds more than N companies' journals (a variant for measuring memory, not a shipped
 * template): Get Companies → Loop Over Items (N) → Execute Workflow (this workflow, by `$workflow.id`, waiting for it)
 * → back to the loop; the loop's done output feeds what Post Payroll Journal fed. The same workflow starts at
 * "When Executed by Another Workflow" → Get Journals → Post Payroll Journal, whose items go back to the caller.
 */
function splitIntoSubWorkflows(wf: WorkflowInput & { nodes: Json[] }, companies: number): WorkflowInput & { nodes: Json[] } {
	const connections = wf.connections as Record<string, { main: Json[][] }>;
	const to = (node: string) => [{ node, type: 'main', index: 0 }];
	const afterPosting = connections[NODE.post].main[0];
	delete connections[NODE.post];
	connections[NODE.companies] = { main: [to(SUB_WORKFLOW.loop)] };
	connections[SUB_WORKFLOW.loop] = { main: [afterPosting, to(SUB_WORKFLOW.call)] };
	connections[SUB_WORKFLOW.call] = { main: [to(SUB_WORKFLOW.loop)] };
	connections[SUB_WORKFLOW.trigger] = { main: [to(NODE.journals)] };
	const at = (name: string): [number, number] => ((wf.nodes as Json[]).find((n) => n.name === name)?.position as [number, number]) ?? [0, 0];
	const [x, y] = at(NODE.journals);
	wf.nodes.push(
		{ id: 'split-loop', name: SUB_WORKFLOW.loop, type: 'n8n-nodes-base.splitInBatches', typeVersion: 3, position: [x, y - 300], parameters: { batchSize: companies, options: {} } },
		{
			id: 'split-call',
			name: SUB_WORKFLOW.call,
			type: 'n8n-nodes-base.executeWorkflow',
			typeVersion: 1.2,
			position: [x + 220, y - 300],
			parameters: { source: 'database', workflowId: { __rl: true, mode: 'id', value: '={{ $workflow.id }}' }, mode: 'once', options: { waitForSubWorkflow: true } },
		},
		{ id: 'split-trigger', name: SUB_WORKFLOW.trigger, type: 'n8n-nodes-base.executeWorkflowTrigger', typeVersion: 1.1, position: [x - 220, y + 300], parameters: { inputSource: 'passthrough' } },
	);
	return wf;
}

const IDLE_WEBHOOK_PATH = 'payroll-bench-idle';

/** `execute`: a workflow with only a Manual Trigger; `server`: one with only a production webhook. */
function baselineWorkflow(mode: Args['mode']): WorkflowInput {
	const trigger =
		mode === 'server'
			? { type: 'n8n-nodes-base.webhook', typeVersion: 2, webhookId: 'b0000000-0000-4000-8000-0000000000aa', parameters: { httpMethod: 'POST', path: IDLE_WEBHOOK_PATH, responseMode: 'lastNode', options: {} } }
			: { type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} };
	return {
		id: 'payrollSyncBenchIdle',
		name: 'Baseline: trigger only',
		nodes: [{ id: 'b0000000-0000-4000-8000-000000000001', name: 'Start', position: [0, 0], ...trigger }],
		connections: {},
	};
}

// ---- package ----------------------------------------------------------------------------------------------------

/** Builds and packs the committed HEAD in a private temporary folder. */
function packCommitted(): { tarball: string; commit: string; cleanup(): void } {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'payroll-bench-pack-'));
	const src = path.join(work, 'src');
	fs.mkdirSync(src);
	const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
	execSync(`git archive HEAD package.json tsconfig.json nodes credentials | tar -x -C '${src}'`, { cwd: PROJECT_ROOT });
	fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(src, 'node_modules'));
	execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: src, stdio: 'inherit' });
	// what gulp build:assets copies: icons and codex files
	const copyAssets = (dir: string) => {
		for (const entry of fs.readdirSync(path.join(src, dir), { withFileTypes: true })) {
			const rel = path.join(dir, entry.name);
			if (entry.isDirectory()) copyAssets(rel);
			else if (/\.(png|svg)$/.test(entry.name) || (dir.startsWith('nodes') && entry.name.endsWith('.node.json'))) {
				fs.mkdirSync(path.join(src, 'dist', dir), { recursive: true });
				fs.copyFileSync(path.join(src, rel), path.join(src, 'dist', rel));
			}
		}
	};
	copyAssets('nodes');
	copyAssets('credentials');
	const pkg = path.join(work, 'package');
	fs.mkdirSync(pkg);
	fs.copyFileSync(path.join(src, 'package.json'), path.join(pkg, 'package.json'));
	fs.renameSync(path.join(src, 'dist'), path.join(pkg, 'dist'));
	const tarball = path.join(work, 'package.tgz');
	execFileSync('tar', ['-czf', tarball, '-C', work, 'package']);
	return { tarball, commit, cleanup: () => fs.rmSync(work, { recursive: true, force: true }) };
}

// ---- peak RSS of the n8n process tree -----------------------------------------------------------------------------

interface MemorySample {
	/** Largest sum of VmRSS over the process tree seen in a sample (kB). */
	peakTreeRssKb: number;
	/** VmHWM (kernel peak RSS) of the main n8n process, last value read before it exited (kB). */
	mainHwmKb: number;
	/** Largest VmHWM of any child process (task runner) (kB). */
	childHwmKb: number;
	/** CPU time (user + system) of the main n8n process and of its children, last values read (ms). */
	mainCpuMs: number;
	childCpuMs: number;
	mainPid?: number;
	samples: number;
	/** [time (epoch ms), VmRSS of the main process (kB)] per sample: where in the run the peak is. */
	timeline: Array<[number, number]>;
}

function readStatus(pid: number): Record<string, string> | undefined {
	try {
		const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const out: Record<string, string> = {};
		for (const line of text.split('\n')) {
			const i = line.indexOf(':');
			if (i > 0) out[line.slice(0, i)] = line.slice(i + 1).trim();
		}
		return out;
	} catch {
		return undefined;
	}
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of a process in ms (/proc/<pid>/stat fields 14 and 15). */
function cpuMs(pid: number): number | undefined {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
	} catch {
		return undefined;
	}
}

const kb = (v: string | undefined): number => (v ? Number.parseInt(v, 10) || 0 : 0);

function pids(): number[] {
	return fs
		.readdirSync('/proc')
		.filter((d) => /^\d+$/.test(d))
		.map(Number);
}

/** The n8n process started by the harness: its environment names this instance's user folder. */
function findN8nPid(userFolder: string): number | undefined {
	const marker = `N8N_USER_FOLDER=${userFolder}\0`;
	for (const pid of pids()) {
		if (pid === process.pid) continue;
		try {
			if (fs.readFileSync(`/proc/${pid}/environ`, 'utf8').includes(marker)) {
				// the harness spawns node directly; take the topmost process with the marker
				const parent = Number(readStatus(pid)?.PPid ?? 0);
				if (parent === process.pid || !fs.readFileSync(`/proc/${parent}/environ`, 'utf8').includes(marker)) return pid;
			}
		} catch {
			// gone, or not ours
		}
	}
	return undefined;
}

function descendants(root: number): number[] {
	const children = new Map<number, number[]>();
	for (const pid of pids()) {
		const ppid = Number(readStatus(pid)?.PPid ?? 0);
		if (!children.has(ppid)) children.set(ppid, []);
		children.get(ppid)?.push(pid);
	}
	const out: number[] = [];
	const stack = [...(children.get(root) ?? [])];
	while (stack.length > 0) {
		const pid = stack.pop() as number;
		out.push(pid);
		stack.push(...(children.get(pid) ?? []));
	}
	return out;
}

/** Samples the n8n process tree every `everyMs` until stop() is called. */
function startMemorySampler(userFolder: string, everyMs = 50, pid?: number): { stop(): MemorySample } {
	const result: MemorySample = { peakTreeRssKb: 0, mainHwmKb: 0, childHwmKb: 0, mainCpuMs: 0, childCpuMs: 0, samples: 0, timeline: [], mainPid: pid };
	const childCpu = new Map<number, number>();
	let childrenSeen: number[] = [];
	let tick = 0;
	const sample = () => {
		tick++;
		if (result.mainPid === undefined) result.mainPid = findN8nPid(userFolder);
		const main = result.mainPid;
		if (main === undefined) return;
		const status = readStatus(main);
		if (!status) return;
		// the tree is re-read every 10th sample (scanning /proc is the expensive part)
		if (tick % 10 === 1 || childrenSeen.length === 0) childrenSeen = descendants(main);
		let tree = kb(status.VmRSS);
		result.timeline.push([Date.now(), tree]);
		result.mainHwmKb = Math.max(result.mainHwmKb, kb(status.VmHWM));
		result.mainCpuMs = Math.max(result.mainCpuMs, cpuMs(main) ?? 0);
		for (const child of childrenSeen) {
			const s = readStatus(child);
			if (!s) continue;
			tree += kb(s.VmRSS);
			result.childHwmKb = Math.max(result.childHwmKb, kb(s.VmHWM));
			childCpu.set(child, Math.max(childCpu.get(child) ?? 0, cpuMs(child) ?? 0));
		}
		result.childCpuMs = [...childCpu.values()].reduce((a, b) => a + b, 0);
		result.peakTreeRssKb = Math.max(result.peakTreeRssKb, tree);
		result.samples++;
	};
	// a process that lives on (a started n8n): CPU time from now on, not since it started
	const cpuAtStart = pid !== undefined ? { main: cpuMs(pid) ?? 0, children: new Map(descendants(pid).map((c) => [c, cpuMs(c) ?? 0])) } : undefined;
	const timer = setInterval(sample, everyMs);
	return {
		stop() {
			clearInterval(timer);
			if (pid !== undefined) sample();
			if (cpuAtStart) {
				result.mainCpuMs -= cpuAtStart.main;
				result.childCpuMs = [...childCpu.entries()].reduce((a, [c, v]) => a + v - (cpuAtStart.children.get(c) ?? 0), 0);
			}
			return result;
		},
	};
}

// ---- execution ----------------------------------------------------------------------------------------------------

// ---- measurement -------------------------------------------------------------------------------------------------

interface RunFigures {
	label: string;
	/** "Journals Posted at Once" of this run (undefined for the idle run). */
	atOnce?: number;
	ok: boolean;
	processMs: number;
	workflowMs: number | null;
	nodeMs: Record<string, number>;
	statuses: Record<string, number>;
	journals: number;
	nmbrs: Record<string, number>;
	eboekhouden: Record<string, number>;
	nmbrsTotal: number;
	eboekhoudenTotal: number;
	memory: MemorySample;
	/** CPU time of this process (the two emulators, the sampler) during the run (ms). */
	benchCpuMs: number;
	/** Size of what `n8n execute --rawOutput` printed (the whole run data). */
	outputBytes: number;
	/** 1-minute load average of the machine before and after the run. */
	load: [number, number];
	/** RSS of the main n8n process when the run was started (kB; 0 for `n8n execute`, a new process). */
	rssAtStartKb: number;
	/** Peak RSS of the main n8n process per phase of the run (see peakByPhase()). */
	phases: Array<{ phase: string; peakKb: number }>;
	error?: string;
}

const sum = (o: Record<string, number>): number => Object.values(o).reduce((a, b) => a + b, 0);

function tally(list: string[]): Record<string, number> {
	const out: Record<string, number> = {};
	for (const s of list) out[s] = (out[s] ?? 0) + 1;
	return out;
}

/** What one run left behind before its figures are worked out (the run data may be read later). */
interface Captured {
	label: string;
	memory: MemorySample;
	benchCpuMs: number;
	nmbrs: Record<string, number>;
	eboekhouden: Record<string, number>;
	load: [number, number];
	/** RSS of the main n8n process when the run was started (kB); a started n8n keeps what earlier runs grew. */
	rssAtStartKb: number;
	/** Wall time of the process (`n8n execute`) or from the webhook call to the finished execution (started n8n). */
	processMs: number;
	result: () => Promise<ExecutionResult>;
}

interface Emulators {
	nmbrs: RunningEmulator<unknown>;
	eb: RunningEmulator<EbState>;
}

async function capture(label: string, emulators: Emulators, pid: () => number | undefined, userFolder: string, run: () => Promise<{ processMs: number; result: () => Promise<ExecutionResult> }>): Promise<Captured> {
	emulators.nmbrs.clearRequests();
	emulators.eb.clearRequests();
	const loadBefore = os.loadavg()[0];
	const cpuBefore = process.cpuUsage();
	const known = pid();
	if (known !== undefined) resetPeak(known);
	const rssAtStartKb = known !== undefined ? kb(readStatus(known)?.VmRSS) : 0;
	const sampler = startMemorySampler(userFolder, 50, known);
	const done = await run();
	const memory = sampler.stop();
	const cpu = process.cpuUsage(cpuBefore);
	return {
		label,
		memory,
		benchCpuMs: (cpu.user + cpu.system) / 1000,
		nmbrs: { ...emulators.nmbrs.requests().byOperation },
		eboekhouden: { ...emulators.eb.requests().byOperation },
		load: [loadBefore, os.loadavg()[0]],
		rssAtStartKb,
		processMs: done.processMs,
		result: done.result,
	};
}

/** One run through `n8n execute` (a new n8n process per run, which prints the whole run as JSON). */
async function measureExecute(label: string, n8n: N8nInstance, workflowId: string, emulators: Emulators): Promise<Captured> {
	return await capture(label, emulators, () => undefined, n8n.userFolder, async () => {
		const result = await n8n.execute(workflowId, { timeoutMs: 900_000 });
		return { processMs: result.durationMs, result: async () => result };
	});
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One run in a started n8n, the way the template runs for users (the schedule fires in a running n8n): a POST to the
 * workflow's production webhook, which answers when the run has ended; then the executions list is read until the run
 * is saved. (Polling the list during the run cost n8n's main thread about 20 ms a time and bunched the requests.) The peak RSS
 * (VmHWM) of the n8n process is reset just before the run (/proc/<pid>/clear_refs), so it is this run's peak. The run
 * data is read through the REST API only when asked for (after all runs), so reading it does not count. With
 * `subWorkflows` > 0 (`--split`) the webhook's execution called that many sub-workflow executions of the same
 * workflow; their runs of Get Journals and Post Payroll Journal are added to its run data, one run per execution.
 */
async function measureServer(label: string, server: N8nServer, workflowId: string, webhookPath: string, emulators: Emulators, subWorkflows = 0): Promise<Captured> {
	return await capture(label, emulators, () => server.process.pid, server.process.instance.userFolder, async () => {
		const limit = 50 + subWorkflows;
		const before = new Set((await server.executions(workflowId, limit)).map((e) => e.id));
		const t0 = Date.now();
		// The webhook answers when the run has ended (responseMode lastNode), so no polling competes with the run for
		// n8n's main thread; polling then only waits for the saved execution (or takes over if the answer timed out).
		await server.webhook(webhookPath, {}).catch(() => undefined);
		for (;;) {
			const fresh = (await server.executions(workflowId, limit)).filter((e) => !before.has(e.id));
			const done = fresh.find((e) => e.mode !== 'integrated' && !['new', 'running', 'waiting', 'unknown'].includes(e.status));
			if (done) {
				const processMs = Date.now() - t0;
				const children = fresh.filter((e) => e.mode === 'integrated');
				if (children.length !== subWorkflows) throw new Error(`${label}: ${children.length} sub-workflow executions, expected ${subWorkflows}`);
				const result = async () => withSubWorkflowRuns(await server.executionResult(done.id), await Promise.all(children.map((c) => server.executionResult(c.id))));
				return { processMs, result };
			}
			if (Date.now() - t0 > 1_800_000) throw new Error(`${label}: no finished execution after 30 minutes`);
			await delay(250);
		}
	});
}

/** The run of the calling execution with the runs of Get Journals and Post Payroll Journal of its sub-workflows. */
function withSubWorkflowRuns(parent: ExecutionResult, children: ExecutionResult[]): ExecutionResult {
	if (children.length === 0) return parent;
	const failed = children.find((c) => !c.ok);
	if (failed) return failed;
	const run = JSON.parse(JSON.stringify(parent.run)) as Json;
	const runData = run.data.resultData.runData as Json;
	for (const node of [NODE.journals, NODE.post]) {
		runData[node] = children.flatMap((c) => c.runData[node] ?? []).sort((a, b) => (a.startTime ?? 0) - (b.startTime ?? 0));
	}
	return new ExecutionResult(parent.exitCode, JSON.stringify(run, null, 2), '', parent.durationMs);
}

/** Sets the kernel's peak RSS (VmHWM) of a process and its children back to their current RSS. */
function resetPeak(pid: number): void {
	for (const p of [pid, ...descendants(pid)]) {
		try {
			fs.writeFileSync(`/proc/${p}/clear_refs`, '5');
		} catch {
			// gone, or not allowed: the peak then covers the process's life
		}
	}
}

async function figuresOf(c: Captured, withNodes = true): Promise<{ figures: RunFigures; result: ExecutionResult }> {
	const result = await c.result();
	const run = result.run ?? {};
	const nodeWindows = Object.values(result.runData).flatMap((runs) => runs.filter((r) => typeof r.startTime === 'number').map((r) => [r.startTime as number, (r.startTime as number) + (r.executionTime ?? 0)]));
	// `n8n execute` prints startedAt / stoppedAt; the REST API's run has only the nodes' times
	let started = typeof run.startedAt === 'string' ? Date.parse(run.startedAt) : NaN;
	let stopped = typeof run.stoppedAt === 'string' ? Date.parse(run.stoppedAt) : NaN;
	if (!Number.isFinite(started) && nodeWindows.length > 0) started = Math.min(...nodeWindows.map((w) => w[0]));
	if (!Number.isFinite(stopped) && nodeWindows.length > 0) stopped = Math.max(...nodeWindows.map((w) => w[1]));
	const nodeMs: Record<string, number> = {};
	for (const [name, runs] of Object.entries(result.runData)) nodeMs[name] = runs.reduce((a, r) => a + (r.executionTime ?? 0), 0);
	const phases = peakByPhase(c.memory.timeline, result.runData, Number.isFinite(started) ? started : undefined, Number.isFinite(stopped) ? stopped : undefined);
	let statuses: Record<string, number> = {};
	let journals = 0;
	if (withNodes && result.runData[NODE.post]) {
		const out = result.nodeOutput(NODE.post);
		statuses = tally(out.map((o) => String(o.status)));
		journals = out.length;
	}
	return {
		result,
		figures: {
			label: c.label,
			ok: result.ok,
			processMs: c.processMs,
			workflowMs: Number.isFinite(started) && Number.isFinite(stopped) ? stopped - started : null,
			nodeMs,
			statuses,
			journals,
			nmbrs: c.nmbrs,
			eboekhouden: c.eboekhouden,
			nmbrsTotal: sum(c.nmbrs),
			eboekhoudenTotal: sum(c.eboekhouden),
			memory: c.memory,
			benchCpuMs: c.benchCpuMs,
			outputBytes: result.durationMs > 0 ? Buffer.byteLength(result.stdout) + Buffer.byteLength(result.stderr) : 0,
			load: c.load,
			rssAtStartKb: c.rssAtStartKb,
			phases,
			error: result.ok ? undefined : result.summary(),
		},
	};
}

/**
 * Peak RSS of the main n8n process (sampled) in each phase of a run: before the workflow starts (process start-up,
 * loading), while each node runs (its startTime .. startTime + executionTime in the run data), between nodes, and
 * after the workflow stopped (n8n saving the run to its database and, for `n8n execute`, printing it).
 */
function peakByPhase(
	timeline: Array<[number, number]>,
	runData: ExecutionResult['runData'],
	startedAt: number | undefined,
	stoppedAt: number | undefined,
): Array<{ phase: string; peakKb: number }> {
	const windows: Array<{ phase: string; from: number; to: number }> = [];
	for (const [name, runs] of Object.entries(runData)) {
		for (const r of runs) {
			if (typeof r.startTime === 'number') windows.push({ phase: name, from: r.startTime, to: r.startTime + (r.executionTime ?? 0) });
		}
	}
	const first = startedAt ?? Math.min(...windows.map((w) => w.from));
	const last = stoppedAt ?? Math.max(...windows.map((w) => w.to));
	const peaks = new Map<string, number>();
	const add = (phase: string, value: number) => peaks.set(phase, Math.max(peaks.get(phase) ?? 0, value));
	for (const [t, rss] of timeline) {
		if (Number.isFinite(first) && t < first) add('before the workflow (start-up)', rss);
		else if (Number.isFinite(last) && t > last) add('after the workflow (saving / printing the run)', rss);
		else {
			const inNode = windows.filter((w) => t >= w.from && t <= w.to);
			if (inNode.length === 0) add('between nodes', rss);
			for (const w of inNode) add(w.phase, rss);
		}
	}
	return [...peaks.entries()].map(([phase, peakKb]) => ({ phase, peakKb }));
}

/**
 * Sequential rounds of vendor calls the nodes need at the least (each round costs one latency):
 * - Nmbrs: Get Companies: 1 (List_GetAll).
 * - Nmbrs: Get Journals reads its input items (companies) 4 at a time with at most NMBRS_MAX_CONCURRENCY = 4 calls
 *   in flight for the whole execution: 1 List_GetAll (cached for every item), then every Run_GetList and journal
 *   call 4 at a time: ceil((Run_GetList + journal calls) / 4) rounds.
 * - e-Boekhouden: Post Payroll Journal sends its per-execution calls one after another (session, probe, the ledger and
 *   cost-centre lists together, session end) and its POSTs `atOnce` at a time: rounds = other calls + one round per
 *   execution for the lists (one per list at 1 at once) + ceil(POSTs / atOnce). Each execution reads the ledger list
 *   once, so the ledger lists count the executions (more than one with `--split`).
 */
function minimumRounds(f: RunFigures): { companies: number; journals: number; post: number } {
	const listCalls = f.nmbrs['CompanyService.List_GetAll'] ?? 0;
	const otherCalls = Object.entries(f.nmbrs)
		.filter(([operation]) => operation !== 'CompanyService.List_GetAll')
		.reduce((a, [, n]) => a + n, 0);
	return {
		companies: Math.min(listCalls, 1),
		journals: Math.max(listCalls - 1, 0) + Math.ceil(otherCalls / NMBRS_CONCURRENCY),
		post: postRounds(f),
	};
}

function postRounds(f: RunFigures): number {
	const atOnce = f.atOnce ?? 1;
	const posts = f.eboekhouden['POST /v1/mutation'] ?? 0;
	const ledgerLists = f.eboekhouden['GET /v1/ledger'] ?? 0;
	const lists = ledgerLists + (f.eboekhouden['GET /v1/costcenter'] ?? 0);
	return f.eboekhoudenTotal - posts - lists + (atOnce > 1 ? ledgerLists : lists) + Math.ceil(posts / atOnce);
}

// ---- printing ----------------------------------------------------------------------------------------------------

function table(rows: string[][]): string {
	const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
	return rows
		.map((r, i) => {
			const line = r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
			return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
		})
		.join('\n');
}

const ms = (n: number | null | undefined): string => (n === null || n === undefined ? '-' : `${(n / 1000).toFixed(2)} s`);
const mb = (kbValue: number): string => (kbValue > 0 ? `${(kbValue / 1024).toFixed(0)} MB` : '-');
const fx = (n: number, d = 3): string => (Number.isFinite(n) ? n.toFixed(d) : '-');
const mark = (ok: boolean): string => (ok ? 'ok' : 'MISSED');

// ---- main --------------------------------------------------------------------------------------------------------

interface EndState {
	label: string;
	mutations: number;
	distinctKeys: number;
	exactlyOnce: boolean;
}

/** Exactly one memoriaal per journal in the e-Boekhouden emulator. */
function endState(label: string, eb: RunningEmulator<EbState>, chart: ChartSummary): EndState {
	const payroll = (eb.state.mutations as unknown as Json[]).filter((m) => String(m.invoiceNumber ?? '').startsWith('NMBRS-'));
	const keys = new Set(payroll.map((m) => String(m.invoiceNumber)));
	return { label, mutations: payroll.length, distinctKeys: keys.size, exactlyOnce: payroll.length === chart.journals && keys.size === chart.journals };
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const log = (text: string) => process.stderr.write(`${text}\n`);

	const nmbrsSeed: NmbrsSeed = generateNmbrsSeed({ companies: args.companies, runsPerCompany: args.runs, linesPerJournal: args.lines, year: args.year });
	const chart: ChartSummary = chartForScenario(nmbrsSeed, benchWorkflow(args, args.atOnce[0]).settings);
	log(
		`scenario: ${args.companies} companies × ${args.runs} runs × ~${args.lines} lines = ${chart.journals} journals, ${chart.lines} lines; ` +
			`GL codes ${chart.glCodes.map((g) => g || '(none)').join(' ')}; ledgers ${chart.ledgerCodes.join(' ')}; cost centres ${chart.costCentres.join(' ') || '-'}`,
	);

	const knobs = { latency: { fixedMs: args.latency, jitterMs: args.jitter } };
	const nmbrs = (await startEmulator(nmbrsService as never, {
		seed: nmbrsSeed,
		knobs: { ...knobs, service: { fairUse: { enabled: args.nmbrsFairUse } } },
		maxLogEntries: 100,
	})) as RunningEmulator<unknown>;
	const eb = await startEmulator(eboekhoudenService, { seed: chart.seed, knobs, maxLogEntries: 100 });
	let n8n: N8nInstance | undefined;
	let server: N8nServer | undefined;
	const figures: RunFigures[] = [];
	const cleanups: Array<() => void> = [];
	let packageLabel = `package ${args.tarball ?? ''}`;
	try {
		log(`building the node package${args.tarball ? '' : ' (committed HEAD)'} and preparing n8n ${args.n8n} ...`);
		let tarball: string;
		if (args.tarball) tarball = path.resolve(args.tarball);
		else {
			const packed = packCommitted();
			cleanups.push(packed.cleanup);
			tarball = packed.tarball;
			packageLabel = `package built from commit ${packed.commit}`;
		}
		const credentials = emulatorCredentials({ nmbrs: nmbrs.url, eboekhouden: eb.url, nextens: 'http://127.0.0.1:9/api/v1' }).filter((c) => c.type !== 'nextensApi');
		const byAtOnce = new Map(args.atOnce.map((atOnce) => [atOnce, benchWorkflow(args, atOnce)]));
		const emulators = { nmbrs, eb };
		/** Runs the workflow of `atOnce` (or the idle one) once. */
		let runOnce: (label: string, atOnce: number | undefined) => Promise<Captured>;
		/** Runs captured in the current started n8n, whose run data is read before that n8n is closed. */
		let onServer: Captured[] = [];
		/** Server mode: a new started n8n (the previous one closed), so a first run never starts from what another left. */
		let freshServer = async (): Promise<void> => {};
		if (args.mode === 'server') {
			freshServer = async () => {
				if (server) {
					for (const c of onServer) {
						const result = await c.result();
						c.result = async () => result;
					}
					await server.close();
				}
				onServer = [];
				log(`starting n8n ${args.n8n} (n8n start) with the workflows ...`);
				server = await startN8nServer({ version: args.n8n, tarball, credentials, workflows: [baselineWorkflow('server'), ...[...byAtOnce.values()].map((b) => b.workflow)], env: { ...(args.engine ? { N8N_EXPRESSION_ENGINE: args.engine } : {}), ...(args.nodeOptions ? { NODE_OPTIONS: args.nodeOptions } : {}) } });
			};
			runOnce = async (label, atOnce) => {
				const b = atOnce === undefined ? undefined : byAtOnce.get(atOnce);
				const subWorkflows = b && args.split > 0 ? Math.ceil(args.companies / args.split) : 0;
				const c = await measureServer(label, server as N8nServer, b ? String(b.workflow.id) : 'payrollSyncBenchIdle', b ? b.webhookPath : IDLE_WEBHOOK_PATH, emulators, subWorkflows);
				onServer.push(c);
				return c;
			};
		} else {
			const instance = await createN8n({ version: args.n8n, tarball });
			n8n = instance;
			await instance.importCredentials(credentials);
			const ids = new Map<number | undefined, string>([[undefined, await instance.importWorkflow(baselineWorkflow('execute'))]]);
			for (const [atOnce, b] of byAtOnce) ids.set(atOnce, await instance.importWorkflow(b.workflow));
			runOnce = async (label, atOnce) => await measureExecute(label, instance, ids.get(atOnce) as string, emulators);
		}

		await freshServer();
		log(`idle n8n: a workflow with only a ${args.mode === 'server' ? 'webhook' : 'Manual Trigger'} ...`);
		const captured: Array<{ c: Captured; atOnce?: number; first: boolean }> = [{ c: await runOnce(`idle n8n (${args.mode === 'server' ? 'webhook' : 'Manual Trigger'} only)`, undefined), first: false }];
		const endStates: EndState[] = [];
		for (const [i, atOnce] of args.atOnce.entries()) {
			if (i > 0) await freshServer();
			eb.reset(chart.seed);
			log(`first run (empty books), ${atOnce} journals posted at once ...`);
			captured.push({ c: await runOnce(`first run, ${atOnce} at once`, atOnce), atOnce, first: true });
			endStates.push(endState(`after the first run, ${atOnce} at once`, eb, chart));
		}
		const last = args.atOnce[args.atOnce.length - 1];
		for (let i = 1; i <= args.reruns; i++) {
			log(`no-change re-run ${i} ...`);
			captured.push({ c: await runOnce(`re-run ${i} (no change), ${last} at once`, last), atOnce: last, first: false });
		}
		if (args.reruns > 0) endStates.push(endState('after the re-runs', eb, chart));

		log('reading the runs ...');
		for (const [i, { c, atOnce, first }] of captured.entries()) {
			const { figures: f, result } = await figuresOf(c, i > 0);
			f.atOnce = atOnce;
			figures.push(f);
			if (i > 0 && !f.ok) throw new Error(`${f.label} failed: ${f.error}`);
			if (first) {
				const notPosted = result.nodeOutput(NODE.post).filter((o) => o.status !== 'posted');
				if (notPosted.length > 0) log(`warning: ${notPosted.length} journals not posted on the first run, e.g. ${JSON.stringify(notPosted[0]).slice(0, 400)}`);
			}
		}
		report(args, packageLabel, chart, figures, figures[0], endStates);
	} finally {
		for (const cleanup of cleanups) cleanup();
		await server?.close();
		await n8n?.close();
		await nmbrs.close();
		await eb.close();
	}
	if (args.json) fs.writeFileSync(args.json, `${JSON.stringify({ args, chart: { ...chart, seed: undefined }, figures }, null, 2)}\n`);
}

function callsTable(runs: RunFigures[]): string {
	const ops = new Set<string>();
	for (const f of runs) for (const k of [...Object.keys(f.nmbrs).map((o) => `Nmbrs ${o}`), ...Object.keys(f.eboekhouden).map((o) => `e-Boekhouden ${o}`)]) ops.add(k);
	const rows: string[][] = [['Calls per operation', ...runs.map((f) => f.label)]];
	for (const op of [...ops].sort()) {
		rows.push([op, ...runs.map((f) => String(op.startsWith('Nmbrs ') ? (f.nmbrs[op.slice(6)] ?? 0) : (f.eboekhouden[op.slice(13)] ?? 0)))]);
	}
	rows.push(['Nmbrs total', ...runs.map((f) => String(f.nmbrsTotal))]);
	rows.push(['e-Boekhouden total', ...runs.map((f) => String(f.eboekhoudenTotal))]);
	rows.push(['Post Payroll Journal statuses', ...runs.map((f) => Object.entries(f.statuses).map(([s, n]) => `${s} ${n}`).join(', '))]);
	return table(rows);
}

/** Post Payroll Journal on empty books, one row per "Journals Posted at Once". */
function atOnceTable(firsts: RunFigures[], L: number): string {
	const rows: string[][] = [
		['Post Payroll Journal (first run)', 'posted', 'e-Boekhouden calls', 'calls / posted journal', 'POSTs / posted journal', 'node wall time', 'rounds', `minimum (rounds × ${L} ms)`, 'measured / minimum', 'speed-up vs first row'],
	];
	const base = firsts[0]?.nodeMs[NODE.post];
	for (const f of firsts) {
		const posted = f.statuses.posted ?? 0;
		const posts = f.eboekhouden['POST /v1/mutation'] ?? 0;
		const t = f.nodeMs[NODE.post];
		const rounds = minimumRounds(f).post;
		const min = rounds * L;
		rows.push([
			`${f.atOnce} at once`,
			String(posted),
			String(f.eboekhoudenTotal),
			posted > 0 ? fx(f.eboekhoudenTotal / posted) : '-',
			posted > 0 ? fx(posts / posted) : '-',
			ms(t),
			String(rounds),
			ms(min),
			t !== undefined && min > 0 ? fx(t / min, 2) : '-',
			t !== undefined && base !== undefined && t > 0 ? `${fx(base / t, 2)}×` : '-',
		]);
	}
	return table(rows);
}

function targetsTable(
	args: Args,
	chart: ChartSummary,
	judged: RunFigures,
	reruns: RunFigures[],
	baseline: RunFigures,
	endStates: EndState[],
): string {
	const L = args.latency + args.jitter / 2;
	const posted = judged.statuses.posted ?? 0;
	const posts = judged.eboekhouden['POST /v1/mutation'] ?? 0;
	const raw = posted > 0 ? judged.eboekhoudenTotal / posted : NaN;
	const t = judged.nodeMs[NODE.post];
	const min = minimumRounds(judged).post * L;
	const ratio = t !== undefined && min > 0 ? t / min : NaN;
	const growthKb = judged.memory.mainHwmKb - baseline.memory.mainHwmKb;
	const rows: string[][] = [['Target', 'measured', 'target', 'result']];
	const at = `${judged.atOnce} at once`;
	rows.push([`First run, ${at}: e-Boekhouden calls / posted journal`, `${judged.eboekhoudenTotal} / ${posted} = ${fx(raw)}`, `≤ ${TARGET_CALLS_PER_JOURNAL}`, mark(raw <= TARGET_CALLS_PER_JOURNAL)]);
	rows.push([`First run, ${at}: POST /v1/mutation per posted journal`, posted > 0 ? fx(posts / posted) : '-', '1', mark(posts === posted)]);
	rows.push([
		`First run, ${at}: calls per execution besides the POSTs`,
		`${judged.eboekhoudenTotal - posts} (${Object.entries(judged.eboekhouden).filter(([k]) => k !== 'POST /v1/mutation').map(([k, v]) => `${k} ${v}`).join(', ')})`,
		'constant',
		'',
	]);
	rows.push([`First run, ${at}: Post Payroll Journal / latency-bound minimum`, `${ms(t)} / ${ms(min)} = ${fx(ratio, 2)}`, `≤ ${TARGET_TIME_RATIO}`, mark(ratio <= TARGET_TIME_RATIO)]);
	rows.push([
		`First run, ${at}: peak RSS of n8n over the idle n8n (VmHWM)`,
		`${mb(judged.memory.mainHwmKb)} − ${mb(baseline.memory.mainHwmKb)} = ${(growthKb / 1024).toFixed(0)} MB`,
		`≤ ${TARGET_MEMORY_GROWTH_MB} MB`,
		mark(growthKb / 1024 <= TARGET_MEMORY_GROWTH_MB),
	]);
	for (const r of reruns) {
		const perPeriod = r.eboekhoudenTotal / chart.periods;
		rows.push([
			`${r.label}: e-Boekhouden calls per period`,
			`${r.eboekhoudenTotal} / ${chart.periods} = ${fx(perPeriod)} (${fx(r.eboekhoudenTotal / chart.companyPeriods)} per company-period)`,
			'≤ 1',
			mark(perPeriod <= 1),
		]);
		rows.push([`${r.label}: POST /v1/mutation`, String(r.eboekhouden['POST /v1/mutation'] ?? 0), '0', mark((r.eboekhouden['POST /v1/mutation'] ?? 0) === 0)]);
	}
	for (const e of endStates) {
		rows.push([`End state ${e.label}: one memoriaal per journal`, `${e.mutations} mutations, ${e.distinctKeys} keys, ${chart.journals} journals`, 'equal', mark(e.exactlyOnce)]);
	}
	return table(rows);
}

function timeTable(args: Args, runs: RunFigures[], baseline: RunFigures): string {
	const whole = args.mode === 'server' ? 'webhook call → execution finished and saved' : 'n8n process (spawn → exit)';
	const L = args.latency + args.jitter / 2;
	const rows: string[][] = [['Wall time', 'measured', 'sequential rounds', `minimum (rounds × ${L} ms)`, 'measured / minimum', 'above minimum']];
	for (const f of runs) {
		const rounds = minimumRounds(f);
		const parts: Array<[string, number, number | undefined]> = [
			[NODE.companies, rounds.companies, f.nodeMs[NODE.companies]],
			[NODE.journals, rounds.journals, f.nodeMs[NODE.journals]],
			[NODE.post, rounds.post, f.nodeMs[NODE.post]],
		];
		const totalRounds = parts.reduce((a, p) => a + p[1], 0);
		for (const [name, r, t] of parts) {
			const min = r * L;
			rows.push([`${f.label}: ${name}`, ms(t), String(r), ms(min), t !== undefined && min > 0 ? fx(t / min, 2) : '-', t !== undefined ? ms(t - min) : '-']);
		}
		const min = totalRounds * L;
		rows.push([`${f.label}: workflow (startedAt → stoppedAt)`, ms(f.workflowMs), String(totalRounds), ms(min), f.workflowMs && min > 0 ? fx(f.workflowMs / min, 2) : '-', f.workflowMs !== null ? ms(f.workflowMs - min) : '-']);
		rows.push([`${f.label}: ${whole}`, ms(f.processMs), '', '', '', `${ms(baseline.processMs)} for the idle workflow`]);
	}
	rows.push([`${baseline.label}: ${whole}`, ms(baseline.processMs), '0', '-', '', '']);
	return table(rows);
}

function memoryTable(figures: RunFigures[], baseline: RunFigures): string {
	const rows: string[][] = [
		['Peak RSS', 'n8n main process (VmHWM)', 'over idle n8n', 'RSS when the run started', 'task runner child (VmHWM)', 'process tree (sum of VmRSS, sampled)', 'samples', 'run data printed', 'load avg 1 min (before/after)'],
	];
	for (const f of figures) {
		rows.push([
			f.label,
			mb(f.memory.mainHwmKb),
			f === baseline ? '-' : `${((f.memory.mainHwmKb - baseline.memory.mainHwmKb) / 1024).toFixed(0)} MB`,
			f.rssAtStartKb > 0 ? mb(f.rssAtStartKb) : '(new process)',
			mb(f.memory.childHwmKb),
			mb(f.memory.peakTreeRssKb),
			String(f.memory.samples),
			f.outputBytes > 0 ? `${(f.outputBytes / 1024 / 1024).toFixed(1)} MB` : '-',
			`${f.load[0].toFixed(2)} / ${f.load[1].toFixed(2)}`,
		]);
	}
	const phaseRows: string[][] = [['Peak RSS of the main process by phase (sampled)', ...figures.map((f) => f.label)]];
	const names = [...new Set(figures.flatMap((f) => f.phases.map((p) => p.phase)))];
	for (const name of names) {
		phaseRows.push([name, ...figures.map((f) => mb(f.phases.find((p) => p.phase === name)?.peakKb ?? 0))]);
	}
	return `${table(rows)}\n\n${table(phaseRows)}`;
}

function report(
	args: Args,
	packageLabel: string,
	chart: ChartSummary,
	figures: RunFigures[],
	baseline: RunFigures,
	endStates: EndState[],
): void {
	const out: string[] = [];
	const runs = figures.filter((f) => f !== baseline);
	const firsts = runs.slice(0, args.atOnce.length);
	const reruns = runs.slice(args.atOnce.length);
	const judged = firsts.find((f) => f.atOnce === EBOEKHOUDEN_DEFAULT_JOURNALS_AT_ONCE) ?? firsts[firsts.length - 1];
	const L = args.latency + args.jitter / 2;

	out.push(`Payroll journal sync benchmark — n8n ${args.n8n} (${args.mode === 'server' ? `started n8n, runs through production webhooks, expression engine ${args.engine ?? 'default'}${args.history ? '' : ', without the history steps'}${args.split > 0 ? `, Get Journals and Post Payroll Journal in sub-workflow executions of ${args.split} companies` : ''}` : 'n8n execute per run, without the history steps'}), ${args.companies} companies × ${args.runs} runs × ~${args.lines} lines, latency ${args.latency} ms${args.jitter ? ` + U[0,${args.jitter})` : ''}, ${packageLabel}, ${os.cpus().length} CPUs${args.nmbrsFairUse ? ', Nmbrs fair use on' : ''}`);
	out.push(`Scenario: ${chart.journals} journals, ${chart.lines} lines, ${chart.periods} periods (${chart.companyPeriods} company-periods); ` +
		`chart: ${chart.ledgerCodes.length} payroll ledgers (${chart.ledgerCodes.join(', ')}), ${chart.costCentres.length} cost centres`);
	out.push(`Journals Posted at Once: ${args.atOnce.join(', ')} (node default ${EBOEKHOUDEN_DEFAULT_JOURNALS_AT_ONCE}; targets judged at ${judged.atOnce})`);
	out.push('');
	out.push(callsTable(runs));
	out.push('');
	out.push(atOnceTable(firsts, L));
	out.push('');
	out.push(targetsTable(args, chart, judged, reruns, baseline, endStates));
	out.push('');
	out.push(timeTable(args, runs, baseline));
	out.push('');
	out.push(memoryTable(figures, baseline));
	out.push('');
	const cpuRows: string[][] = [['CPU time (less load-dependent than wall time)', 'n8n main process', 'task runner child', 'this process (emulators + /proc sampler)']];
	for (const f of figures) cpuRows.push([f.label, ms(f.memory.mainCpuMs), ms(f.memory.childCpuMs), ms(f.benchCpuMs)]);
	out.push(table(cpuRows));
	out.push('');
	out.push('Minimum wall time: sequential rounds × latency. Nmbrs: Get Journals reads 4 company items at a time with at most');
	out.push(`${NMBRS_CONCURRENCY} calls in flight for the execution (1 List_GetAll, then ceil((Run_GetList + journal calls) / ${NMBRS_CONCURRENCY}) rounds).`);
	out.push('Post Payroll Journal sends its per-execution calls (session, probe, the ledger and cost-centre lists together,');
	out.push('session end) one after another and its POSTs "Journals Posted at Once" at a time: rounds = other calls + one round');
	out.push('per execution for the two lists (one per list at 1 at once) + ceil(POSTs / at once). The n8n process time adds n8n');
	out.push('start-up and shutdown, which no node controls.');
	out.push('Memory growth: VmHWM of the n8n process of the run minus that of the idle n8n (same version, same way of running, same run of');
	out.push(args.mode === 'server'
		? 'this script). Started n8n: a new n8n for each first run; its VmHWM is reset just before each run, so each figure is that run\'s\npeak; the re-runs run in the n8n of the last first run and start from what it left (RSS when the run started).'
		: 'this script). n8n execute: a new process per run, which also prints the whole run as JSON.');
	process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
