/**
 * The real-n8n harness on every pinned n8n version:
 * 1. built-in nodes only (Manual Trigger -> Code -> Set): n8n starts headless, imports, executes, and the run JSON is parsed;
 * 2. a throw-away community package generated in a temp folder: proves pack -> extract into .n8n/nodes/node_modules ->
 *    `<package>.<node>` type names -> credentials imported (encrypted) and decrypted for the node -> node errors surface;
 * 3. this package (`npm pack` of the project): an e-Boekhouden node operation against the e-Boekhouden emulator.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	N8N_VERSIONS,
	PROJECT_ROOT,
	createN8n,
	packProject,
	runWorkflow,
	type N8nInstance,
	type WorkflowInput,
} from '../harness/n8n';
import { PROBE_CREDENTIAL_TYPE, PROBE_NODE_TYPE, packProbePackage } from '../harness/probe-package';
import { startEmulator } from '../../emulators/common/server';
import { eboekhoudenService } from '../../emulators/eboekhouden';

/** The e-Boekhouden node ships in this package once package.json lists it (n8n.nodes). */
const shipsEBoekhouden = (
	JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } }
).n8n.nodes.some((file) => file.endsWith('EBoekhouden.node.js'));

const BUILTIN_WORKFLOW = path.join(PROJECT_ROOT, 'test', 'harness', 'fixtures', 'builtin-smoke.workflow.json');

function manualTrigger(): Record<string, unknown> {
	return {
		id: '11111111-0000-4000-8000-000000000001',
		name: 'Manual Trigger',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
}

function chain(id: string, name: string, nodes: Array<Record<string, unknown>>): WorkflowInput {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name as string] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { id, name, nodes, connections, settings: { executionOrder: 'v1', timezone: 'Europe/Amsterdam' } };
}

describe.each(N8N_VERSIONS.map((v) => [v]))('real n8n %s', (version) => {
	test('runs a workflow of built-in nodes headless and returns its run data', async () => {
		const result = await runWorkflow({ version, workflow: BUILTIN_WORKFLOW, tarball: null });
		expect(result.ok ? 'ok' : result.summary()).toBe('ok');
		expect(result.exitCode).toBe(0);
		expect(result.executedNodes).toEqual(['Manual Trigger', 'Code', 'Set']);
		expect(result.nodeOutput('Set')).toEqual([
			{ n: 1, tz: 'Europe/Amsterdam', double: 2 },
			{ n: 2, tz: 'Europe/Amsterdam', double: 4 },
			{ n: 3, tz: 'Europe/Amsterdam', double: 6 },
		]);
	});

	describe('a community package extracted into .n8n/nodes/node_modules', () => {
		let n8n: N8nInstance;
		const token = 'probe-secret-token-123';

		beforeAll(async () => {
			n8n = await createN8n({ version, tarball: packProbePackage() });
			await n8n.importCredentials([
				{ id: 'probeCred0001', name: 'Probe account', type: PROBE_CREDENTIAL_TYPE, data: { token } },
			]);
		});
		afterAll(async () => {
			await n8n?.close();
		});

		function probeWorkflow(id: string, fail: boolean): WorkflowInput {
			return chain(id, `Probe ${id}`, [
				manualTrigger(),
				{
					id: '11111111-0000-4000-8000-000000000002',
					name: 'Two Items',
					type: 'n8n-nodes-base.code',
					typeVersion: 2,
					position: [220, 0],
					parameters: { jsCode: "return [{ json: { customer: 'A' } }, { json: { customer: 'B' } }];" },
				},
				{
					id: '11111111-0000-4000-8000-000000000003',
					name: 'Probe',
					type: PROBE_NODE_TYPE,
					typeVersion: 1,
					position: [440, 0],
					parameters: { greeting: 'goedemorgen', fail },
					credentials: { [PROBE_CREDENTIAL_TYPE]: { id: 'probeCred0001', name: 'Probe account' } },
				},
			]);
		}

		test('loads the node under its package type name and hands it the decrypted credential', async () => {
			expect(fs.existsSync(path.join(n8n.nodesDir, 'node_modules', 'n8n-nodes-harness-probe', 'package.json'))).toBe(true);
			const id = await n8n.importWorkflow(probeWorkflow('probeOk0001', false));
			const result = await n8n.execute(id);
			expect(result.ok ? 'ok' : result.summary()).toBe('ok');
			const fingerprint = createHash('sha256').update(token).digest('hex');
			expect(result.nodeOutput('Probe')).toEqual([
				{ customer: 'A', greeting: 'goedemorgen', tokenLength: token.length, tokenSha256: fingerprint },
				{ customer: 'B', greeting: 'goedemorgen', tokenLength: token.length, tokenSha256: fingerprint },
			]);
			expect(result.stdout).not.toContain(token);
		});

		test('reports a node error with a non-zero exit code and the error details', async () => {
			const id = await n8n.importWorkflow(probeWorkflow('probeFail001', true));
			const result = await n8n.execute(id);
			expect(result.ok).toBe(false);
			expect(result.exitCode).not.toBe(0);
			expect(result.lastNodeExecuted).toBe('Probe');
			expect(String(result.error?.message)).toContain('Probe failed on purpose');
			expect(result.nodeError('Probe')).toBeDefined();
		});
	});

	(shipsEBoekhouden ? describe : describe.skip)('this package (npm pack), e-Boekhouden node against its emulator', () => {
		test('Ledger > Get Many returns the emulator\'s profit-and-loss ledgers as items', async () => {
			const emulator = await startEmulator(eboekhoudenService, { port: 0 });
			try {
				const result = await runWorkflow({
					version,
					tarball: packProject(),
					credentials: [
						{
							id: 'ebCredential01',
							name: 'e-Boekhouden demo',
							type: 'eBoekhoudenApi',
							data: { apiToken: 'demo-eboekhouden-token', source: 'n8nNodes', baseUrl: emulator.url },
						},
					],
					workflow: chain('e2eEbLedgers01', 'e-Boekhouden ledgers', [
						manualTrigger(),
						{
							id: '11111111-0000-4000-8000-000000000004',
							name: 'e-Boekhouden',
							type: 'n8n-nodes-nl-accountancy.eBoekhouden',
							typeVersion: 1,
							position: [220, 0],
							parameters: { resource: 'ledger', operation: 'getMany', returnAll: true, filters: { category: 'VW' } },
							credentials: { eBoekhoudenApi: { id: 'ebCredential01', name: 'e-Boekhouden demo' } },
						},
					]),
				});
				expect(result.ok ? 'ok' : result.summary()).toBe('ok');
				const ledgers = result.nodeOutput('e-Boekhouden');
				expect(ledgers.length).toBeGreaterThan(3);
				expect(ledgers.every((l) => l.category === 'VW')).toBe(true);
				expect(ledgers).toEqual(
					expect.arrayContaining([expect.objectContaining({ code: '4000', description: 'Lonen en salarissen' })]),
				);
				// the node really talked to the emulator: one session, one list call, session closed
				expect(emulator.requests().byOperation).toMatchObject({ 'POST /v1/session': 1, 'GET /v1/ledger': 1 });
				expect(result.stdout).not.toContain('demo-eboekhouden-token');
			} finally {
				await emulator.close();
			}
		});
	});
});
