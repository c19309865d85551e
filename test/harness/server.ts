/**
 * One regular n8n server (`n8n start`, SQLite) with this package, for what `n8n execute` cannot run: n8n loads its
 * backend modules (Data Tables among them) only in `start`, `worker` and `webhook`, so a workflow with Data Table nodes
 * fails in `n8n execute` with "the module is disabled". Workflows are imported and published (activated on 1.x) with
 * the CLI before the server starts; tests start them through their production webhooks and read the runs through
 * the REST API (signed in as an owner the harness sets up with the demo login).
 */
import { randomUUID } from 'node:crypto';

import { ensureOwner, login, restGet } from '../../scripts/demo/n8n';
import {
	N8nProcess,
	QUEUE_SERVER_ENV,
	importAndPublish,
	mainProcess,
	parseFlatted,
	postJson,
	type WebhookAnswer,
	waitForHttp,
	waitForWebhooks,
	webhookRoutes,
} from './queue';
import {
	ExecutionResult,
	PRIMARY_N8N_VERSION,
	createN8n,
	ensureN8n,
	packProject,
	type CredentialInput,
	type JsonObject,
	type WorkflowInput,
} from './n8n';

export interface N8nServerOptions {
	version?: string;
	tarball?: string;
	credentials?: CredentialInput[];
	workflows: WorkflowInput[];
	env?: Record<string, string | undefined>;
}

interface ExecutionSummary {
	id: string;
	status: string;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class N8nServer {
	private cookie: string | undefined;

	constructor(
		readonly process: N8nProcess,
		readonly url: string,
		readonly workflowIds: string[],
		readonly version: string,
	) {}

	/** A REST GET as the owner; a dropped connection (n8n busy with a large run) is tried again. */
	private async get<T>(pathAndQuery: string): Promise<T> {
		this.cookie ??= await login(this.url);
		for (let attempt = 1; ; attempt++) {
			try {
				return await restGet<T>(this.url, this.cookie, pathAndQuery);
			} catch (error) {
				if (!(error instanceof TypeError) || attempt >= 10) throw error; // fetch's "fetch failed": no answer at all
				await delay(1000);
			}
		}
	}

	/** Executions of a workflow, newest first (REST API, signed in as the owner the harness created). */
	async executions(workflowId: string): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const list = await this.get<{ data: { results?: ExecutionSummary[] } | ExecutionSummary[] }>(`/rest/executions?filter=${filter}&limit=50`);
		const rows = (Array.isArray(list.data) ? list.data : list.data.results) ?? [];
		return rows.map((r) => ({ id: String(r.id), status: String(r.status) }));
	}

	/** The stored run of an execution as an ExecutionResult (nodeOutput, error, ...), as `n8n execute` would give it. */
	async executionResult(executionId: string): Promise<ExecutionResult> {
		const full = await this.get<{ data: { data: unknown; status: string } }>(`/rest/executions/${executionId}`);
		const data = typeof full.data.data === 'string' ? parseFlatted(this.version, full.data.data) : full.data.data;
		const run = { data, status: full.data.status };
		return new ExecutionResult(full.data.status === 'success' ? 0 : 1, JSON.stringify(run, null, 2), '', 0);
	}

	/**
	 * Starts a workflow through its production webhook and waits for the execution it caused to finish; returns the
	 * run (for workflows whose webhook answers at once, or whose answer the caller does not need).
	 */
	async run(workflowId: string, webhookPath: string, body: unknown = {}, timeoutMs = 600_000): Promise<ExecutionResult> {
		const before = new Set((await this.executions(workflowId)).map((e) => e.id));
		await this.webhook(webhookPath, body);
		const until = Date.now() + timeoutMs;
		while (Date.now() < until) {
			const fresh = (await this.executions(workflowId)).filter((e) => !before.has(e.id));
			const done = fresh.find((e) => !['new', 'running', 'waiting', 'unknown'].includes(e.status));
			if (done) return await this.executionResult(done.id);
			await delay(250);
		}
		throw new Error(`no finished execution of ${workflowId} within ${timeoutMs} ms after POST /webhook/${webhookPath}`);
	}

	/** POSTs JSON to a production webhook (`/webhook/<path>`). */
	async webhook(webhookPath: string, body: unknown = {}, headers: Record<string, string> = {}): Promise<WebhookAnswer> {
		return await postJson(`${this.url}/webhook/${webhookPath}`, body, headers);
	}

	async close(): Promise<void> {
		await this.process.stop(10_000).catch(() => undefined);
		await this.process.instance.close();
	}
}

/** Starts `n8n start` on SQLite with the package, the credentials and the published workflows. */
export async function startN8nServer(options: N8nServerOptions): Promise<N8nServer> {
	const version = options.version ?? PRIMARY_N8N_VERSION;
	ensureN8n(version);
	const instance = await createN8n({ version, tarball: options.tarball ?? packProject(), env: options.env });
	try {
		await instance.importCredentials(options.credentials ?? []);
		const workflowIds = await importAndPublish(instance, options.workflows);
		const main = await mainProcess(instance, {
			...QUEUE_SERVER_ENV,
			...(options.env ?? {}),
			N8N_SECURE_COOKIE: 'false',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		});
		const url = main.url!;
		const server = new N8nServer(main, url, workflowIds, version);
		try {
			await main.start();
			await waitForHttp(`${url}/healthz/readiness`, 120_000);
			await ensureOwner(url);
			await waitForWebhooks(`${url}/webhook`, webhookRoutes(options.workflows), 120_000);
		} catch (error) {
			await server.close();
			throw error;
		}
		return server;
	} catch (error) {
		await instance.close().catch(() => undefined);
		throw error;
	}
}

/**
 * A workflow that reads a whole Data Table (by name): a production webhook, then Data Table → Get Many rows. Run it
 * with `server.run(id, webhookPath)` and read `nodeOutput('Read Rows')`, as a user would open the table.
 */
export function tableReaderWorkflow(id: string, webhookPath: string, tableName: string): WorkflowInput {
	return {
		id,
		name: `Read the table ${tableName}`,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-hook`,
				name: 'Start',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
			},
			{
				id: `${id}-rows`,
				name: 'Read Rows',
				type: 'n8n-nodes-base.dataTable',
				typeVersion: 1.1,
				position: [220, 0],
				alwaysOutputData: true,
				parameters: { resource: 'row', operation: 'get', dataTableId: { __rl: true, mode: 'name', value: tableName }, returnAll: true },
			},
		],
		connections: { Start: { main: [[{ node: 'Read Rows', type: 'main', index: 0 }]] } },
	};
}

/** The rows of a Data Table, read through a `tableReaderWorkflow` (the empty item of an empty table left out). */
export async function tableRows(server: N8nServer, readerId: string, webhookPath: string): Promise<JsonObject[]> {
	const read = await server.run(readerId, webhookPath);
	if (!read.ok) throw new Error(`reading the table failed: ${read.summary()}`);
	return read.nodeOutput('Read Rows').filter((row) => Object.keys(row).length > 0);
}
