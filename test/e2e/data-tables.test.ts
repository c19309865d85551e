/**
 * n8n Data Tables in the harness (the ground for templates that keep their state in Data Tables):
 * - `n8n execute` does not load n8n's backend modules, so a Data Table node fails there with "the module is disabled";
 * - a started n8n (test/harness/server.ts) runs the same workflow: the table is created on the first run and found
 *   again by name on the next, rows written in bulk are read back, and the runs are read through the REST API.
 */
import { PRIMARY_N8N_VERSION, runWorkflow, type WorkflowInput } from '../harness/n8n';
import { startN8nServer, type N8nServer } from '../harness/server';

const TABLE = 'Harness probe links';
const ROWS = 250;
const WORKFLOW_ID = 'dataTableProbe01';

function dataTableProbe(trigger: Record<string, unknown>): WorkflowInput {
	const table = { __rl: true, mode: 'name', value: TABLE };
	const node = (name: string, x: number, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
		id: `probe-${x}`,
		name,
		type: 'n8n-nodes-base.dataTable',
		typeVersion: 1.1,
		position: [x, 0],
		parameters,
		...extra,
	});
	const nodes = [
		trigger,
		node(
			'Open Table',
			200,
			{
				resource: 'table',
				operation: 'create',
				tableName: TABLE,
				columns: { column: [{ name: 'crmId', type: 'string' }, { name: 'nextensId', type: 'string' }] },
				// the editor shows "Reuse Existing Tables" switched on, but an absent option is off when the node runs
				options: { createIfNotExists: true },
			},
			{ executeOnce: true },
		),
		{
			id: 'probe-rows',
			name: 'Rows',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [400, 0],
			parameters: {
				mode: 'raw',
				jsonOutput: `={{ { rows: Array.from({ length: ${ROWS} }, (_, i) => ({ crmId: 'R-' + i, nextensId: 'N-' + i })) } }}`,
				options: {},
			},
		},
		{ id: 'probe-split', name: 'One Item per Row', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [600, 0], parameters: { fieldToSplitOut: 'rows', options: {} } },
		node('Write Rows', 800, {
			resource: 'row',
			operation: 'insert',
			dataTableId: table,
			columns: {
				mappingMode: 'defineBelow',
				value: { crmId: '={{ $json.crmId }}', nextensId: '={{ $json.nextensId }}' },
				matchingColumns: [],
				schema: [
					{ id: 'crmId', displayName: 'crmId', type: 'string' },
					{ id: 'nextensId', displayName: 'nextensId', type: 'string' },
				],
			},
			options: { optimizeBulk: true },
		}),
		node('Read Rows', 1000, { resource: 'row', operation: 'get', dataTableId: table, returnAll: true }, { executeOnce: true }),
	];
	const chain = nodes.map((n) => String(n.name));
	const connections = Object.fromEntries(
		chain.slice(0, -1).map((name, i) => [name, { main: [[{ node: chain[i + 1], type: 'main', index: 0 }]] }]),
	);
	return { id: WORKFLOW_ID, name: 'Data Table probe', nodes, connections, settings: { executionOrder: 'v1' } } as WorkflowInput;
}

const manualTrigger = { id: 'probe-manual', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
const webhookTrigger = {
	id: 'probe-webhook',
	name: 'Start',
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	position: [0, 0],
	webhookId: '6a0c7f4e-2b1d-4c55-9e0f-3d2a1b4c5e6f',
	parameters: { httpMethod: 'POST', path: 'data-table-probe', responseMode: 'onReceived', options: {} },
};

describe(`Data Tables in real n8n ${PRIMARY_N8N_VERSION}`, () => {
	test('`n8n execute` refuses a Data Table node: its backend module is only loaded by a started n8n', async () => {
		const result = await runWorkflow({ version: PRIMARY_N8N_VERSION, workflow: dataTableProbe(manualTrigger) });
		expect(result.ok).toBe(false);
		expect(result.lastNodeExecuted).toBe('Open Table');
		expect(JSON.stringify(result.error)).toContain('module is disabled');
	});

	describe('a started n8n', () => {
		let server: N8nServer;

		beforeAll(async () => {
			server = await startN8nServer({ version: PRIMARY_N8N_VERSION, workflows: [dataTableProbe(webhookTrigger)] });
		});

		afterAll(async () => {
			await server?.close();
		});

		test('creates the table on the first run, finds it by name on the next, and reads back what it wrote in bulk', async () => {
			const first = await server.run(WORKFLOW_ID, 'data-table-probe');
			expect(first.ok ? 'success' : first.summary()).toBe('success');
			const [created] = first.nodeOutput('Open Table');
			expect(created).toMatchObject({ name: TABLE });
			expect(first.nodeOutput('Read Rows')).toHaveLength(ROWS);

			const second = await server.run(WORKFLOW_ID, 'data-table-probe');
			expect(second.ok ? 'success' : second.summary()).toBe('success');
			expect(second.nodeOutput('Open Table')[0]).toMatchObject({ id: created.id, name: TABLE });
			const rows = second.nodeOutput('Read Rows');
			expect(rows).toHaveLength(2 * ROWS);
			expect(rows.filter((r) => r.crmId === 'R-7').map((r) => r.nextensId)).toEqual(['N-7', 'N-7']);
		});
	});
});
