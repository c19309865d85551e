/**
 * One regular n8n server (`n8n start`, SQLite) with this package, for what `n8n execute` cannot run: n8n loads its
 * backend modules (Data Tables among them) only in `start`, `worker` and `webhook`, so a workflow with Data Table nodes
 * fails in `n8n execute` with "the module is disabled". Workflows are imported and published (activated on 1.x) with
 * the CLI before the server starts; tests start them through their production webhooks and read the runs through
 * the REST API (signed in as an owner the harness sets up with the demo login).
 *
 * n8n 1.123 cannot create a Data Table from a workflow nor find one by name: its users create the table in the editor
 * and pick it in each Data Table node. `createTable` and `addWorkflow` do the same through the REST API the editor
 * uses, on a running server.
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
	/** How it started: `webhook`, `trigger`, `manual`, ...; `integrated` for a sub-workflow execution. */
	mode: string;
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

	/** A REST call with a JSON body as the owner; throws on 4xx/5xx. */
	private async send<T>(method: string, pathAndQuery: string, body: unknown): Promise<T> {
		this.cookie ??= await login(this.url);
		const response = await fetch(`${this.url}${pathAndQuery}`, {
			method,
			headers: { cookie: this.cookie, 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${pathAndQuery}: HTTP ${response.status} ${text.slice(0, 500)}`);
		return JSON.parse(text) as T;
	}

	/** Creates a Data Table in the owner's personal project, as Overview → Data tables → Create does; returns its id. */
	async createTable(name: string, columns: Array<{ name: string; type: string }>): Promise<string> {
		const project = await this.get<{ data: { id: string } }>('/rest/projects/personal');
		const table = await this.send<{ data: { id: string } }>('POST', `/rest/projects/${project.data.id}/data-tables`, { name, columns });
		return table.data.id;
	}

	/**
	 * Saves a workflow and activates it through the REST API (as the editor does), then waits for its production
	 * webhooks; returns the id n8n gave it. For n8n 1.x, whose Activate is a PATCH of `active`.
	 */
	async addWorkflow(workflow: WorkflowInput): Promise<string> {
		// As a user does after importing: each credential reference (a name) gets its credential picked.
		const credentials = (await this.get<{ data: Array<{ id: string; name: string; type: string }> }>('/rest/credentials')).data;
		const { id: _ignored, ...body } = JSON.parse(JSON.stringify(workflow)) as WorkflowInput & { id?: string };
		for (const node of body.nodes as Node[]) {
			for (const [type, ref] of Object.entries((node.credentials ?? {}) as Record<string, Node>)) {
				ref.id ??= credentials.find((c) => c.type === type && c.name === ref.name)?.id;
			}
		}
		const saved = await this.send<{ data: { id: string; versionId: string } }>('POST', '/rest/workflows', { ...body, active: false });
		await this.send('PATCH', `/rest/workflows/${saved.data.id}`, { active: true, versionId: saved.data.versionId });
		await waitForWebhooks(`${this.url}/webhook`, webhookRoutes([workflow]), 60_000);
		return saved.data.id;
	}

	/** Executions of a workflow, newest first (REST API, signed in as the owner the harness created). */
	async executions(workflowId: string, limit = 50): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const list = await this.get<{ data: { results?: ExecutionSummary[] } | ExecutionSummary[] }>(`/rest/executions?filter=${filter}&limit=${limit}`);
		const rows = (Array.isArray(list.data) ? list.data : list.data.results) ?? [];
		return rows.map((r) => ({ id: String(r.id), status: String(r.status), mode: String(r.mode) }));
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

type Node = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The workflow as a user of n8n 1.123 sets it up after creating its tables in the editor (the templates' notes say
 * how): each Data Table node that finds its table by name gets the table picked from the list, each Table → Create
 * node is disabled (1.123 has no such operation; a disabled node passes its input on).
 */
export function withPickedTables<W extends WorkflowInput>(workflow: W, tables: Record<string, string>): W {
	const copy = JSON.parse(JSON.stringify(workflow)) as W;
	for (const node of copy.nodes as Node[]) {
		if (node.type !== 'n8n-nodes-base.dataTable') continue;
		if (node.parameters?.resource === 'table') {
			node.disabled = true;
			continue;
		}
		const ref = node.parameters?.dataTableId as Node | undefined;
		if (ref?.mode !== 'name') continue;
		const id = tables[String(ref.value)];
		if (!id) throw new Error(`no table "${String(ref.value)}" was created for node "${String(node.name)}"`);
		node.parameters.dataTableId = { __rl: true, mode: 'list', value: id, cachedResultName: ref.value };
	}
	return copy;
}

/** The columns a Table → Create node of the workflow defines (what a 1.123 user creates by hand). */
export function tableColumns(workflow: WorkflowInput, tableName: string): Array<{ name: string; type: string }> {
	const create = (workflow.nodes as Node[]).find((n) => n.type === 'n8n-nodes-base.dataTable' && n.parameters?.resource === 'table' && n.parameters?.tableName === tableName);
	if (!create) throw new Error(`${workflow.name ?? 'the workflow'} has no Table → Create node for "${tableName}"`);
	return (create.parameters.columns.column as Node[]).map((c) => ({ name: String(c.name), type: String(c.type ?? 'string') }));
}
