/**
 * The templates that keep state in n8n Data Tables (link table, payroll history, SBA readiness) and the copies their
 * notes tell n8n 1.123 users to make (the Data Table nodes deleted, the flow reconnected): every node a note names
 * exists, the copy has no Data Table node left, and every remaining node is still reached from the trigger.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	BATCH_LINK_NODES,
	BATCH_TEMPLATE,
	WEBHOOK_LINK_NODES,
	WEBHOOK_TEMPLATE,
	withoutLinkTable,
	withoutWebhookLink,
} from '../e2e/fixtures/client-sync/harness';
import { HISTORY_NODES, withoutHistory } from '../e2e/fixtures/payroll';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Workflow = { nodes: Json[]; connections: Record<string, { main: Array<Array<{ node: string }>> }> };

const ROOT = path.resolve(__dirname, '..', '..');
const PAYROLL_TEMPLATE = path.join(ROOT, 'workflows', 'payroll-journal-sync.json');
const READINESS_TEMPLATE = path.join(ROOT, 'workflows', 'sba-readiness-check.json');

const load = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Workflow;
const isTrigger = (n: Json) => /trigger$|\.webhook$/i.test(String(n.type));
const dataTableNodes = (wf: Workflow) => wf.nodes.filter((n) => n.type === 'n8n-nodes-base.dataTable').map((n) => String(n.name));

/** Names of the nodes reached from any trigger. */
function reached(wf: Workflow): Set<string> {
	const seen = new Set<string>();
	const queue = wf.nodes.filter(isTrigger).map((n) => String(n.name));
	while (queue.length > 0) {
		const name = queue.shift()!;
		if (seen.has(name)) continue;
		seen.add(name);
		for (const targets of wf.connections[name]?.main ?? []) for (const t of targets ?? []) queue.push(t.node);
	}
	return seen;
}

const cases = [
	{ file: 'crm-export-to-nextens-batch.json', template: BATCH_TEMPLATE, names: BATCH_LINK_NODES, strip: (wf: Workflow) => withoutLinkTable(wf as never) as unknown as Workflow },
	{ file: 'crm-to-nextens-webhook.json', template: WEBHOOK_TEMPLATE, names: WEBHOOK_LINK_NODES, strip: (wf: Workflow) => withoutWebhookLink(wf as never) as unknown as Workflow },
	{ file: 'payroll-journal-sync.json', template: PAYROLL_TEMPLATE, names: HISTORY_NODES, strip: (wf: Workflow) => withoutHistory(wf as never) as unknown as Workflow },
];

describe.each(cases)('workflows/$file', ({ template, names, strip }) => {
	const wf = load(template);

	test('every node of its Data Table steps exists, and each Data Table node is one of them', () => {
		const all = wf.nodes.map((n) => String(n.name));
		for (const name of names) expect(all).toContain(name);
		for (const name of dataTableNodes(wf)) expect(names).toContain(name);
		expect(dataTableNodes(wf).length).toBeGreaterThan(0);
	});

	test('the copy without them (what its note tells n8n 1.123 users to do) has no Data Table node and no node cut off', () => {
		const copy = strip(JSON.parse(JSON.stringify(wf)) as Workflow);
		expect(dataTableNodes(copy)).toEqual([]);
		const live = reached(copy);
		const orphans = copy.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote' && !live.has(String(n.name)));
		expect(orphans.map((n) => n.name)).toEqual([]);
		for (const [from, outputs] of Object.entries(copy.connections)) {
			expect(copy.nodes.some((n) => n.name === from)).toBe(true);
			for (const targets of outputs.main) for (const t of targets ?? []) expect(names).not.toContain(t.node);
		}
	});

	test('the note for n8n 1.123 names the nodes to delete', () => {
		const notes = wf.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').map((n) => String(n.parameters.content)).join('\n');
		expect(notes).toMatch(/n8n 1\.123/);
	});
});

// n8n reads a table in pages and stops with "synchronization error: result count changed during pagination" when
// another execution adds rows meanwhile (parallel executions, queue mode); reading again is safe.
test('every Data Table read is tried again when it fails', () => {
	for (const file of [BATCH_TEMPLATE, WEBHOOK_TEMPLATE, PAYROLL_TEMPLATE, READINESS_TEMPLATE]) {
		const reads = load(file).nodes.filter((n) => n.type === 'n8n-nodes-base.dataTable' && n.parameters.operation === 'get');
		for (const n of reads) expect([file, n.name, n.retryOnFail, n.maxTries, n.waitBetweenTries]).toEqual([file, n.name, true, 3, 1000]);
	}
});

test('every Data Table node finds its table by name and the table is opened (created if missing) first', () => {
	for (const file of [BATCH_TEMPLATE, WEBHOOK_TEMPLATE, PAYROLL_TEMPLATE, READINESS_TEMPLATE]) {
		const wf = load(file);
		const opened = wf.nodes.filter((n) => n.type === 'n8n-nodes-base.dataTable' && n.parameters.resource === 'table');
		expect(opened).toHaveLength(1);
		// an absent "Reuse Existing Tables" is off when the node runs: the second run would fail
		expect(opened[0].parameters.options).toMatchObject({ createIfNotExists: true });
		// two runs at once (queue mode) may both try to create it: the one that loses goes on
		expect(opened[0].onError).toBe('continueRegularOutput');
		for (const n of wf.nodes.filter((x) => x.type === 'n8n-nodes-base.dataTable' && x.parameters.resource !== 'table')) {
			expect(n.parameters.dataTableId).toEqual({ __rl: true, mode: 'name', value: opened[0].parameters.tableName });
		}
	}
});

test.each([BATCH_TEMPLATE, WEBHOOK_TEMPLATE, PAYROLL_TEMPLATE, READINESS_TEMPLATE])(
	'%s: the note tells n8n 1.123 users the table to create with every column and type, the node to disable and the nodes to pick it in',
	(file) => {
		const wf = load(file);
		const notes = wf.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').map((n) => String(n.parameters.content));
		const note = notes.find((text) => /\*\*n8n 1\.123\*\*/.test(text)) ?? '';
		const paragraph = note.slice(note.indexOf('**n8n 1.123**')).split('\n\n')[0];
		const create = wf.nodes.find((n) => n.type === 'n8n-nodes-base.dataTable' && n.parameters.resource === 'table')!;
		expect(paragraph).toContain(`**${String(create.parameters.tableName)}**`);
		expect(paragraph).toContain(`disable *${String(create.name)}*`);
		for (const column of create.parameters.columns.column as Json[]) {
			expect(paragraph).toContain(`\`${String(column.name)}\``);
			if (column.type !== 'string') expect(paragraph).toMatch(new RegExp(`\`${String(column.name)}\`[^;(]*of type ${String(column.type)}`));
		}
		for (const row of wf.nodes.filter((n) => n.type === 'n8n-nodes-base.dataTable' && n.parameters.resource !== 'table')) {
			expect(paragraph).toContain(`*${String(row.name)}*`);
		}
	},
);
