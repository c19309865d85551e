/**
 * Browser test of the demo (`npm run test:browser`): starts its own demo (temporary folder, free ports, so it can
 * run next to a demo someone is using), drives the system Chromium (Debian package `chromium`, through
 * playwright-core; no browser is downloaded) and checks what a user sees:
 *   - the documented login works;
 *   - every template opens, and every node of this pack on it renders as its n8n-nodes-nl-accountancy.* type with
 *     its icon (the image loaded), without n8n's "install this node" / unknown-node state and without an issue
 *     badge; every credential the saved template uses is one of the demo's, by id;
 *   - every sticky note shows all of its text (nothing cut off), and after "zoom to fit" the Execute workflow button
 *     covers no node;
 *   - the plain "Execute workflow" button (not a trigger's own button or the button's menu) runs each template's
 *     example path and the run has the results the template's sticky note promises (read back through n8n's REST
 *     API); the batch and webhook templates run twice, interleaved, so their demo data do not undo each other;
 *   - one node's parameter panel opens with its parameters (and its input and output after the run);
 *   - in the dark theme the pack's nodes show their .dark.svg icons;
 *   - last (the templates have run by then): each of the pack's demo credentials, opened from the Credentials list
 *     and saved with a wrong token, shows the credential test's actionable text (the exported constant of the
 *     credential file) under "More details"; saved again with the right token, its test succeeds;
 * and saves screenshots into docs/ for the README. Exits non-zero when any check fails.
 *
 * Environment: CHROMIUM_PATH (default /usr/bin/chromium), BROWSER_TEST_KEEP=1 keeps the temporary demo folder,
 * BROWSER_TEST_NO_SCREENSHOTS=1 checks without writing docs/.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { chromium, selectors, type Browser, type Locator, type Page, type Request } from 'playwright-core';

import { EBOEKHOUDEN_TEST_WRONG_TOKEN } from '../../credentials/EBoekhoudenApi.credentials';
import { NEXTENS_TEST_WRONG_TOKEN } from '../../credentials/NextensApi.credentials';
import { NMBRS_TEST_LOGIN_REFUSED } from '../../credentials/NmbrsApi.credentials';
import { DEMO_CREDENTIAL_REFS, DEMO_SECRETS } from '../../demo/credentials';
import { login, restGet } from '../../scripts/demo/n8n';
import { PACKAGE_NAME } from '../../scripts/demo/pack';
import { startDemo, type RunningDemo, type TemplateInfo } from '../../scripts/demo/run';
import { freePort } from '../../scripts/demo/util';

const ROOT = path.resolve(__dirname, '..', '..');
const DOCS = path.join(ROOT, 'docs');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
/** Texts n8n shows for a node type it does not have. */
const MISSING_NODE_TEXTS = [/install this node/i, /node is not currently installed/i, /unknown node/i, /not installed/i];
/** The node whose parameter panel is photographed (first match on the first template that has it). */
const PANEL_NODE_TYPES = [`${PACKAGE_NAME}.eBoekhouden`, `${PACKAGE_NAME}.nmbrs`, `${PACKAGE_NAME}.nextens`];

/**
 * The demo credentials whose test a user runs with a wrong token: the token field (name and label), the demo's
 * right token (saved again afterwards) and the text the credential test must show.
 */
const CREDENTIAL_TESTS = [
	{ ref: DEMO_CREDENTIAL_REFS.nmbrsApi, field: 'token', label: 'API Token', right: DEMO_SECRETS.nmbrsToken, message: NMBRS_TEST_LOGIN_REFUSED },
	{ ref: DEMO_CREDENTIAL_REFS.eBoekhoudenApi, field: 'apiToken', label: 'API Token', right: DEMO_SECRETS.eboekhoudenToken, message: EBOEKHOUDEN_TEST_WRONG_TOKEN },
	{ ref: DEMO_CREDENTIAL_REFS.nextensApi, field: 'token', label: 'Token', right: DEMO_SECRETS.nextensToken, message: NEXTENS_TEST_WRONG_TOKEN },
];
const WRONG_TOKEN = 'wrong-token-typed-in-the-browser-test';

const startedAt = Date.now();
const failures: string[] = [];
let restCookie: string | undefined;
const passes: string[] = [];

function check(ok: boolean, what: string, detail = ''): boolean {
	if (ok) passes.push(what);
	else failures.push(detail ? `${what}: ${detail}` : what);
	const at = ((Date.now() - startedAt) / 1000).toFixed(1).padStart(6);
	console.log(`${ok ? '  ok  ' : '  FAIL'} ${at}s ${what}${!ok && detail ? ` (${detail})` : ''}`);
	return ok;
}

interface TemplateNode {
	name: string;
	type: string;
}

function templateNodes(template: TemplateInfo): TemplateNode[] {
	const json = JSON.parse(fs.readFileSync(template.file, 'utf8')) as { nodes?: TemplateNode[] };
	return (json.nodes ?? []).map((node) => ({ name: node.name, type: node.type }));
}

function nodeOnCanvas(page: Page, name: string) {
	return page.locator(`[data-test-id="canvas-node"][data-node-name="${name.replace(/"/g, '\\"')}"]`);
}

async function screenshot(page: Page, file: string): Promise<void> {
	if (process.env.BROWSER_TEST_NO_SCREENSHOTS) return;
	fs.mkdirSync(DOCS, { recursive: true });
	await page.screenshot({ path: path.join(DOCS, file) });
	console.log(`       saved docs/${file}`);
}

async function signIn(page: Page, demo: RunningDemo): Promise<void> {
	await page.goto(`${demo.editorUrl}/signin`);
	const email = page.locator('input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]').first();
	await email.waitFor({ timeout: 60_000 });
	await email.fill(demo.login.email);
	await page.locator('input[type="password"]').first().fill(demo.login.password);
	await page.getByTestId('form-submit-button').or(page.getByRole('button', { name: /sign in/i })).first().click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
	check(true, `signed in as ${demo.login.email}`);
}

/** Closes modals n8n may show on a first visit (they would cover the canvas in screenshots). */
async function dismissModals(page: Page): Promise<void> {
	for (let i = 0; i < 3; i++) {
		const close = page.locator('.el-dialog__headerbtn, [data-test-id="modal-close-button"]').first();
		if (await close.isVisible().catch(() => false)) {
			await close.click().catch(() => undefined);
			await page.waitForTimeout(300);
		} else break;
	}
}

async function checkTemplate(page: Page, demo: RunningDemo, template: TemplateInfo): Promise<boolean> {
	const label = `template "${template.name}"`;
	await page.goto(`${demo.editorUrl}/workflow/${template.id}`);
	const canvasNodes = page.locator('[data-test-id="canvas-node"]');
	try {
		await canvasNodes.first().waitFor({ timeout: 60_000 });
	} catch {
		check(false, `${label} opens`, 'no node appeared on the canvas');
		return false;
	}
	await dismissModals(page);
	const nodes = templateNodes(template).filter((n) => n.type !== 'n8n-nodes-base.stickyNote');
	check((await canvasNodes.count()) === nodes.length, `${label} shows all ${nodes.length} nodes`, `canvas has ${await canvasNodes.count()}`);

	for (const node of nodes.filter((n) => n.type.startsWith(`${PACKAGE_NAME}.`))) {
		const element = nodeOnCanvas(page, node.name);
		if (!check((await element.count()) === 1, `${label}: node "${node.name}" is on the canvas`)) continue;
		const renderedType = await element.getAttribute('data-node-type');
		check(renderedType === node.type, `${label}: node "${node.name}" renders as ${node.type}`, `rendered as ${renderedType}`);
		// The icon is the pack's SVG served by n8n; it must have loaded (naturalWidth > 0), not a fallback glyph.
		const icon = element.locator('img').first();
		const iconLoaded =
			(await icon.count()) > 0 &&
			(await icon.evaluate((img) => {
				const image = img as unknown as { complete: boolean; naturalWidth: number };
				return image.complete && image.naturalWidth > 0;
			}).catch(() => false));
		const iconSrc = (await icon.count()) > 0 ? await icon.getAttribute('src') : null;
		check(iconLoaded, `${label}: node "${node.name}" (${node.type.split('.')[1]}) shows its icon`, `img src ${iconSrc}`);
		const text = (await element.innerText()).trim();
		const missing = MISSING_NODE_TEXTS.find((re) => re.test(text));
		const invalidClass = await element.evaluate((el) =>
			[...el.querySelectorAll('*'), el].some((e) => /node-not-installed|disabled-node-icon|unknown/i.test(e.className?.toString() ?? '')),
		);
		check(!missing && !invalidClass, `${label}: node "${node.name}" is not marked as missing`, missing ? String(missing) : 'marked by class');
		// n8n marks a node with a red issue badge when its credential is not found or a required parameter is empty.
		const issues = await element.locator('[data-test-id="node-issues"]').count();
		check(issues === 0, `${label}: node "${node.name}" has no issues (credential found, parameters filled)`, 'issue badge shown');
	}
	// The saved workflow must point every credential at an existing credential (the demo's), by id.
	// (A separate REST session: the browser's cookie is bound to its browser id, and n8n signs out on a mismatch.)
	restCookie ??= await login(demo.editorUrl);
	const saved = await restGet<{ data: { nodes: Array<{ name: string; credentials?: Record<string, { id?: string; name: string }> }> } }>(
		demo.editorUrl,
		restCookie,
		`/rest/workflows/${template.id}`,
	);
	const savedNodes = saved.data.nodes;
	const credentialIds = new Set(Object.values(DEMO_CREDENTIAL_REFS).map((ref) => ref.id as string));
	for (const node of savedNodes) {
		for (const [type, ref] of Object.entries(node.credentials ?? {})) {
			check(
				ref.id !== undefined && credentialIds.has(ref.id),
				`${label}: node "${node.name}" uses an existing ${type} credential`,
				`refers to ${JSON.stringify(ref)}; the demo has ${[...credentialIds].join(', ')}`,
			);
		}
	}

	const body = await page.locator('body').innerText();
	const missing = MISSING_NODE_TEXTS.find((re) => re.test(body));
	check(!missing, `${label}: no "install this node" / unknown-node warning on the page`, String(missing));

	await checkStickyNotes(page, label);
	await checkExecuteButtonClear(page, label);
	await zoomToFit(page);
	await screenshot(page, `${path.basename(template.file, '.json')}.png`);
	return true;
}

/** Fits the whole workflow into the view and moves the pointer off the canvas (no hover buttons in pictures). */
async function zoomToFit(page: Page): Promise<void> {
	const button = page.getByTestId('zoom-to-fit');
	if ((await button.count()) > 0) await button.first().click({ timeout: 5000 }).catch(() => undefined);
	else await page.keyboard.press('1').catch(() => undefined);
	// One step out, so the bottom toolbar does not cover the lowest nodes.
	await page.getByTestId('zoom-out-button').first().click({ timeout: 5000 }).catch(() => undefined);
	await page.mouse.move(700, 12);
	await page.waitForTimeout(800);
}

/** Every sticky note shows all of its text: no element in it scrolls or clips its content. */
async function checkStickyNotes(page: Page, label: string): Promise<void> {
	const stickies = page.locator('[data-test-id="sticky"]');
	const count = await stickies.count();
	for (let i = 0; i < count; i++) {
		const sticky = stickies.nth(i);
		const clipped = await sticky.evaluate((root) => {
			const candidates = [root, ...root.querySelectorAll('*')];
			const view = root.ownerDocument.defaultView;
			for (const el of candidates) {
				const style = view ? view.getComputedStyle(el) : undefined;
				if (!style) continue;
				const clips = ['hidden', 'auto', 'scroll', 'clip'].includes(style.overflowY);
				if (clips && el.clientHeight > 0 && el.scrollHeight > el.clientHeight + 4) {
					return `${el.scrollHeight - el.clientHeight}px of text hidden`;
				}
			}
			return '';
		});
		const text = ((await sticky.innerText().catch(() => '')) || '').split('\n')[0].slice(0, 50);
		check(clipped === '', `${label}: sticky note "${text}" shows all of its text`, clipped);
	}
}

/** After "zoom to fit" (without the extra step out the screenshots use) the Execute workflow button covers no node. */
async function checkExecuteButtonClear(page: Page, label: string): Promise<void> {
	const button = page.getByTestId('execute-workflow-button').first();
	const fit = page.getByTestId('zoom-to-fit');
	if ((await fit.count()) > 0) await fit.first().click({ timeout: 5000 }).catch(() => undefined);
	await page.mouse.move(700, 12);
	await page.waitForTimeout(800);
	const box = await button.boundingBox();
	if (!check(box !== null, `${label}: the Execute workflow button is shown`)) return;
	const covered: string[] = [];
	const nodes = page.locator('[data-test-id="canvas-node"]');
	for (let i = 0; i < (await nodes.count()); i++) {
		const node = nodes.nth(i);
		// the node with its label (the name is drawn under the node's box)
		const rects = await node.evaluate((el) =>
			[el, ...el.querySelectorAll('*')].map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0).map((r) => ({ x: r.x, y: r.y, w: r.width, h: r.height })),
		);
		const hit = rects.some((r) => r.x < box!.x + box!.width && r.x + r.w > box!.x && r.y < box!.y + box!.height && r.y + r.h > box!.y);
		if (hit) covered.push((await node.getAttribute('data-node-name')) ?? `node ${i}`);
	}
	check(covered.length === 0, `${label}: after "zoom to fit" the Execute workflow button covers no node`, covered.join(', '));
}

async function closeToasts(page: Page): Promise<void> {
	const buttons = page.locator('.el-notification__closeBtn');
	for (let i = (await buttons.count()) - 1; i >= 0; i--) {
		await buttons.nth(i).click({ timeout: 2000 }).catch(() => undefined);
	}
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** n8n stores execution data in the `flatted` format: an array whose strings in objects are indices into it. */
function unflatten(text: string): Json {
	const input = JSON.parse(text) as unknown[];
	const done = new Map<number, unknown>();
	const revive = (index: number): unknown => {
		const value = input[index];
		if (typeof value !== 'object' || value === null) return value;
		if (done.has(index)) return done.get(index);
		const out: Json = Array.isArray(value) ? [] : {};
		done.set(index, out);
		for (const [key, v] of Object.entries(value as Json)) out[key] = typeof v === 'string' ? revive(Number(v)) : v;
		return out;
	};
	return revive(0) as Json;
}

interface Run {
	id: string;
	status: string;
	/** the trigger the run started from */
	trigger: string | undefined;
	/** output items (json) of each node that ran, all runs and outputs */
	out: Record<string, Json[]>;
	errors: Record<string, string>;
}

/** The newest execution of the workflow, read through n8n's REST API. */
async function lastRun(demo: RunningDemo, workflowId: string, after: string | undefined): Promise<Run | undefined> {
	restCookie ??= await login(demo.editorUrl);
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	for (let attempt = 0; attempt < 30; attempt++) {
		const list = await restGet<{ data: { results?: Json[] } | Json[] }>(demo.editorUrl, restCookie, `/rest/executions?filter=${filter}&limit=1`);
		const results = (Array.isArray(list.data) ? list.data : list.data.results) ?? [];
		const newest = results[0];
		if (newest && String(newest.id) !== after && !['running', 'new', 'waiting'].includes(String(newest.status))) {
			const full = await restGet<{ data: Json }>(demo.editorUrl, restCookie, `/rest/executions/${newest.id}`);
			const data = typeof full.data.data === 'string' ? unflatten(full.data.data) : (full.data.data as Json);
			const runData = (data?.resultData?.runData ?? {}) as Record<string, Json[]>;
			const out: Record<string, Json[]> = {};
			const errors: Record<string, string> = {};
			for (const [name, runs] of Object.entries(runData)) {
				out[name] = runs.flatMap((r) => ((r.data?.main ?? []) as Array<Json[] | null>).flatMap((o) => (o ?? []).map((i) => i.json as Json)));
				const error = runs.find((r) => r.error)?.error;
				if (error) errors[name] = String(error.message ?? error);
			}
			const triggerNames = Object.keys(runData).filter((name) => (runData[name][0]?.source ?? []).every((s: Json | null) => !s));
			return { id: String(newest.id), status: String(newest.status), trigger: triggerNames[0], out, errors };
		}
		await new Promise((r) => setTimeout(r, 1000));
	}
	return undefined;
}

async function newestExecutionId(demo: RunningDemo, workflowId: string): Promise<string | undefined> {
	restCookie ??= await login(demo.editorUrl);
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const list = await restGet<{ data: { results?: Json[] } | Json[] }>(demo.editorUrl, restCookie, `/rest/executions?filter=${filter}&limit=1`);
	const results = (Array.isArray(list.data) ? list.data : list.data.results) ?? [];
	return results[0] ? String(results[0].id) : undefined;
}

/**
 * What each template's sticky note promises for "Execute workflow", per template file and run (1 = first press).
 * Each entry: the trigger the plain button must start from, and checks on the run.
 */
const PROMISES: Record<string, { trigger: string; checks: (run: Run, press: number) => Array<[boolean, string, string]> }> = {
	'crm-export-to-nextens-batch': {
		trigger: 'Schedule',
		checks: (run, press) => {
			const summary = run.out['Summary']?.[0] ?? {};
			const failed = (run.out['Failure Report Columns'] ?? []).map((r) => r.crmId);
			const checks: Array<[boolean, string, string]> = [
				[!!run.out['Example Export Rows'] && !run.out['Read Export File'], 'took the example rows, not the export file', Object.keys(run.out).join(', ')],
				[summary.total === 4 && summary.failed === 1, 'the summary counts 4 rows, 1 failed', JSON.stringify(summary)],
				[failed.length === 1 && failed[0] === 'E-1003', 'the failure report lists the row with the wrong BSN (E-1003)', failed.join(', ')],
				[(run.out['Failure Report (CSV)'] ?? []).length === 1, 'the failure report is one CSV file', ''],
			];
			if (press === 1) checks.push([summary.created + summary.updated + summary.unchanged === 3, 'the three valid rows are created or updated', JSON.stringify(summary)]);
			else checks.push([summary.skipped === 3, 'pressed again, the three valid rows are skipped: unchanged since their last sync, nothing sent', JSON.stringify(summary)]);
			return checks;
		},
	},
	'crm-to-nextens-webhook': {
		trigger: 'CRM Webhook',
		checks: (run, press) => {
			const [result] = run.out['Create or Update in Nextens'] ?? [];
			const ok = press === 1 ? ['created', 'updated', 'unchanged'].includes(String(result?.status)) : result?.status === 'unchanged';
			return [
				[!!run.out['CRM Webhook'] && !!run.out['Respond with Result'] && !run.out['E-mail the Failure'], 'the pinned example record went through to Respond with Result', Object.keys(run.out).join(', ')],
				[ok && result?.crmId === 'organization:4f6b8e2c', press === 1 ? 'the example record is synchronised' : 'run again (after the batch template), the example record is unchanged', JSON.stringify(result ?? {})],
			];
		},
	},
	'daily-sba-fetch': {
		trigger: "New SBA's in Nextens",
		checks: (run) => {
			const open = run.out["Open SBA's"] ?? [];
			const [note] = run.out['Compose Notification'] ?? [];
			return [
				[open.length > 1 && open.every((s) => s.status === 'nieuw'), "Open SBA's lists the SBA's with status nieuw", `${open.length} SBA's`],
				[note?.count === open.length && /new SBA/.test(String(note?.subject)), 'Compose Notification lists every one of them', JSON.stringify({ count: note?.count, subject: note?.subject })],
				[!!run.out['E-mail the List'] && !run.errors['E-mail the List'], 'E-mail the List sent the e-mail', run.errors['E-mail the List'] ?? ''],
			];
		},
	},
	'sba-readiness-check': {
		trigger: 'Every Year on 15 January',
		checks: (run) => {
			const blocked = run.out['Check SBA Readiness'] ?? [];
			const [mail] = run.out['Compose E-mail'] ?? [];
			return [
				[blocked.length > 0 && blocked.every((r) => typeof r.code === 'string' && typeof r.message === 'string'), 'Check SBA Readiness lists the clients to fix, each with a reason and what to do', `${blocked.length} rows`],
				[!!run.out['Write to Readiness Table'] && !run.errors['Write to Readiness Table'], 'the list is written to the Data Table "SBA readiness"', run.errors['Write to Readiness Table'] ?? ''],
				[mail?.count === blocked.length && !!run.out['E-mail the List'] && !run.errors['E-mail the List'], 'E-mail the List sent the list', JSON.stringify({ count: mail?.count, subject: mail?.subject })],
			];
		},
	},
	'payroll-reconciliation': {
		trigger: 'Every Month on the 5th',
		checks: (run) => {
			// The payroll journal sync ran just before (templates run in file order), so last month's journals are booked.
			const journals = run.out['e-Boekhouden: Reconcile'] ?? [];
			const [mail] = run.out['E-mail the Reconciliation'] ?? [];
			const statuses = [...new Set(journals.map((j) => String(j.status)))];
			return [
				[journals.every((j) => j.status === 'booked'), "every journal of last month is reported as booked and equal (the sync booked them)", statuses.join(', ')],
				[journals.length === 0 || (!!mail && !run.errors['E-mail the Reconciliation']), 'E-mail the Reconciliation sent the report', run.errors['E-mail the Reconciliation'] ?? ''],
				[journals.length === 0 || (run.out['Reconciliation CSV'] ?? []).length === 1, 'the report is one CSV file', ''],
			];
		},
	},
	'payroll-journal-sync': {
		trigger: 'Every Day 06:00',
		checks: (run, press) => {
			const [summary] = run.out['Run Summary'] ?? [];
			return [
				[(summary?.journals ?? 0) > 0 && summary?.failed === 0, 'every payroll journal is booked or already booked, none failed', JSON.stringify(summary ?? {})],
				[press > 1 || summary?.posted + summary?.alreadyPosted === summary?.journals, 'the journals are posted (or were already)', JSON.stringify(summary ?? {})],
			];
		},
	},
};

/** The Data Tables the templates keep, once they have run: each opened in the editor and photographed. */
const DATA_TABLES: Array<{ name: string; file: string }> = [
	{ name: 'SBA readiness', file: 'sba-readiness-table.png' },
	{ name: 'Payroll journal history', file: 'payroll-journal-history-table.png' },
	{ name: 'Nextens client links', file: 'nextens-client-links-table.png' },
];

async function checkDataTables(page: Page, demo: RunningDemo): Promise<void> {
	restCookie ??= await login(demo.editorUrl);
	const list = await restGet<{ data: { data?: Json[] } | Json[] }>(demo.editorUrl, restCookie, '/rest/data-tables-global?take=100');
	const tables = (Array.isArray(list.data) ? list.data : list.data.data) ?? [];
	for (const wanted of DATA_TABLES) {
		const table = tables.find((t) => t.name === wanted.name);
		if (!check(table !== undefined, `the Data Table "${wanted.name}" exists after the templates ran`, tables.map((t) => String(t.name)).join(', '))) continue;
		await page.goto(`${demo.editorUrl}/projects/${String(table!.projectId)}/datatables/${String(table!.id)}`);
		const cell = page.locator('.ag-cell').first();
		const shown = await cell.waitFor({ timeout: 30_000 }).then(() => true, () => false);
		check(shown, `the Data Table "${wanted.name}" opens in the editor with its rows`);
		await dismissModals(page);
		await screenshot(page, wanted.file);
	}
}

/**
 * Runs the template as a user would: the plain "Execute workflow" button at the bottom of the canvas (not a
 * trigger's own button, not the button's menu). Checks which trigger n8n started from and the results the sticky
 * note promises. Its nodes talk only to the emulators and the mail catcher.
 */
async function executeTemplate(page: Page, demo: RunningDemo, template: TemplateInfo, press = 1): Promise<boolean> {
	const label = `template "${template.name}"${press > 1 ? ` (press ${press})` : ''}`;
	const key = path.basename(template.file, '.json');
	const promise = PROMISES[key];
	if (press > 1) {
		await page.goto(`${demo.editorUrl}/workflow/${template.id}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
		await dismissModals(page);
	}
	await closeToasts(page);
	const before = await newestExecutionId(demo, template.id);
	const button = page.getByTestId('execute-workflow-button').first();
	const buttonText = (await button.innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
	await button.click();
	const toast = page.locator('.el-notification').first();
	let toastText = '';
	try {
		await toast.waitFor({ timeout: 120_000 });
		toastText = (await toast.innerText()).replace(/\s+/g, ' ').trim();
	} catch {
		toastText = 'no notification within 120 s';
	}
	const ok = check(/success/i.test(toastText), `${label}: the plain "Execute workflow" button ("${buttonText}") succeeds`, toastText);
	const run = await lastRun(demo, template.id, before);
	if (check(run !== undefined, `${label}: the run is saved`)) {
		if (promise) {
			check(run!.trigger === promise.trigger, `${label}: the button started from "${promise.trigger}"`, `started from ${run!.trigger}`);
			for (const [passed, what, detail] of promise.checks(run!, press)) check(passed, `${label}: ${what}`, detail);
		}
		const errors = Object.entries(run!.errors).map(([n, e]) => `${n}: ${e}`);
		check(errors.length === 0, `${label}: no node reported an error`, errors.join('; '));
	}
	if (press === 1) {
		const edgeLabels = await page.locator('[data-test-id="edge-label"]').allInnerTexts();
		check(edgeLabels.some((text) => /\d+ items?/.test(text)), `${label}: the run passed items between the nodes`, edgeLabels.join(', '));
		await closeToasts(page);
		await zoomToFit(page);
		await screenshot(page, `${key}-executed.png`);
	}
	return ok;
}

/** Opens the node's parameter panel (after the run it also shows the node's input and output). */
async function openPanel(page: Page, node: TemplateNode): Promise<void> {
	const element = nodeOnCanvas(page, node.name);
	await element.dblclick();
	const ndv = page.getByTestId('ndv');
	try {
		await ndv.waitFor({ timeout: 30_000 });
	} catch {
		check(false, `parameter panel of "${node.name}" opens`);
		return;
	}
	const parameters = ndv.locator('[data-test-id^="parameter-input-"]');
	await parameters.first().waitFor({ timeout: 15_000 }).catch(() => undefined);
	const count = await parameters.count();
	check(count > 0, `parameter panel of "${node.name}" shows its parameters`, `${count} parameter inputs`);
	const text = await ndv.innerText();
	const missing = MISSING_NODE_TEXTS.find((re) => re.test(text));
	check(!missing, `parameter panel of "${node.name}" has no "install this node" warning`, String(missing));
	await page.waitForTimeout(800);
	await screenshot(page, `${node.type.split('.')[1]}-node-panel.png`);
	await page.keyboard.press('Escape');
}

/** In n8n's dark theme (it follows the system's colour scheme) the pack's nodes show their `.dark.svg` icons. */
async function checkDarkTheme(browser: Browser, demo: RunningDemo, template: TemplateInfo): Promise<void> {
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'dark' });
	context.setDefaultTimeout(30_000);
	const page = await context.newPage();
	try {
		await signIn(page, demo);
		await page.goto(`${demo.editorUrl}/workflow/${template.id}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
		await dismissModals(page);
		for (const node of templateNodes(template).filter((n) => n.type.startsWith(`${PACKAGE_NAME}.`))) {
			const icon = nodeOnCanvas(page, node.name).locator('img').first();
			const src = (await icon.count()) > 0 ? ((await icon.getAttribute('src')) ?? '') : '';
			const loaded = await icon
				.evaluate((img) => {
					const image = img as unknown as { complete: boolean; naturalWidth: number };
					return image.complete && image.naturalWidth > 0;
				})
				.catch(() => false);
			check(loaded && /\.dark\.svg/.test(src), `dark theme: node "${node.name}" shows its dark icon`, `img src ${src}`);
		}
		await zoomToFit(page);
		await screenshot(page, `${path.basename(template.file, '.json')}-dark.png`);
	} finally {
		await context.close();
	}
}

const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * As a user fixes a login: opens the credential from the Credentials list, types a wrong token and saves (n8n's
 * credential modal tests on save); the banner "Couldn't connect with these settings" must show, under "More
 * details", the credential test's actionable text. Then saves the right token again and checks that the test
 * succeeds, so the demo keeps working.
 */
async function checkCredentialTest(page: Page, demo: RunningDemo, test: (typeof CREDENTIAL_TESTS)[number]): Promise<void> {
	const label = `credential "${test.ref.name}"`;
	await page.goto(`${demo.editorUrl}/home/credentials`);
	const card = page.getByTestId('resources-list-item').filter({ hasText: test.ref.name }).first();
	try {
		await card.waitFor({ timeout: 60_000 });
	} catch {
		check(false, `${label} is listed under Credentials`);
		return;
	}
	await dismissModals(page);
	await closeToasts(page);
	// n8n tests a credential when its modal opens. Two tests at once can fail with "Node not found" (n8n 2.41 keeps
	// the test's temporary node under one shared name and the first test to finish removes it), so each save below
	// waits until no test is running, as a user reading the modal would.
	let testsRunning = 0;
	const isTest = (r: Request) => r.url().includes('/rest/credentials/test');
	const started = (r: Request) => void (isTest(r) && testsRunning++);
	const ended = (r: Request) => void (isTest(r) && testsRunning--);
	page.on('request', started);
	page.on('requestfinished', ended);
	page.on('requestfailed', ended);
	try {
		await editCredential(page, card, test, () => testsRunning);
	} finally {
		page.off('request', started);
		page.off('requestfinished', ended);
		page.off('requestfailed', ended);
	}
}

async function editCredential(
	page: Page,
	card: Locator,
	test: (typeof CREDENTIAL_TESTS)[number],
	testsRunning: () => number,
): Promise<void> {
	const label = `credential "${test.ref.name}"`;
	await card.click();
	const modal = page.getByTestId('editCredential-modal');
	const parameter = modal.getByTestId(`parameter-input-${test.field}`);
	const input = parameter.locator('input, textarea').first();
	try {
		await input.waitFor({ state: 'visible', timeout: 30_000 });
	} catch {
		check(false, `${label} opens with its ${test.label} field`, `no parameter-input-${test.field} in the credential modal`);
		return;
	}
	// The field's form (one per parameter) holds its label and its input.
	const fieldText = await modal
		.getByTestId('credential-connection-parameter')
		.filter({ has: page.getByTestId(`parameter-input-${test.field}`) })
		.first()
		.innerText({ timeout: 5000 })
		.catch(() => '');
	check(squash(fieldText).startsWith(test.label), `${label} opens with its field "${test.label}"`, `the field reads "${squash(fieldText)}"`);

	const save = modal.getByTestId('credential-save-button');
	const success = modal.getByTestId('credentials-config-container-test-success');
	const moreDetails = modal.getByText('More details', { exact: true });
	/** Saves the typed token and waits for the test n8n runs after the save (the one with this token). */
	const saveAndTest = async (token: string): Promise<string> => {
		await page.waitForTimeout(1000);
		for (let waited = 0; testsRunning() > 0 && waited < 60_000; waited += 250) await page.waitForTimeout(250);
		const tested = page
			.waitForResponse((r) => r.url().includes('/rest/credentials/test') && (r.request().postData() ?? '').includes(token), { timeout: 60_000 })
			.then(
				() => '',
				() => 'no credential test with this token within 60 s',
			);
		await save.click();
		return tested;
	};

	await input.fill(WRONG_TOKEN);
	let shown = await saveAndTest(WRONG_TOKEN);
	if (!shown) {
		try {
			await moreDetails.waitFor({ timeout: 15_000 });
			await moreDetails.click();
			await page.waitForTimeout(300);
		} catch {
			// the check below says what the modal shows instead
		}
		shown = squash(await modal.innerText().catch(() => ''));
	}
	const failure = shown.search(/couldn.t connect/i);
	check(
		failure >= 0 && shown.includes(squash(test.message)),
		`${label}: saved with a wrong ${test.label}, the test shows "${test.message.split(/[.:]/)[0]} ..." (the whole text)`,
		failure >= 0 ? shown.slice(failure, failure + 500) : `no failed test shown: ${shown.slice(0, 500)}`,
	);

	await input.fill(test.right);
	const notTested = await saveAndTest(test.right);
	const restored = !notTested && (await success.waitFor({ timeout: 15_000 }).then(() => true, () => false));
	check(
		restored,
		`${label}: saved with the right ${test.label} again, the test succeeds`,
		notTested || squash(await modal.innerText().catch(() => '')).slice(0, 500),
	);
	await modal.locator('.el-dialog__headerbtn, [data-test-id="modal-close-button"]').first().click({ timeout: 5000 }).catch(() => page.keyboard.press('Escape'));
	await modal.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
}

/** The node whose panel is photographed: the first PANEL_NODE_TYPES match over the templates. */
function panelNode(templates: TemplateInfo[]): { template: TemplateInfo; node: TemplateNode } | undefined {
	for (const type of PANEL_NODE_TYPES) {
		for (const template of templates) {
			const node = templateNodes(template).find((n) => n.type === type);
			if (node) return { template, node };
		}
	}
	return undefined;
}

async function main(): Promise<void> {
	const started = Date.now();
	if (!fs.existsSync(CHROMIUM)) {
		console.error(`Chromium not found at ${CHROMIUM}. Install the Debian package: apt-get install -y chromium`);
		process.exit(1);
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nl-accountancy-browser-'));
	const ports = {
		n8n: await freePort(),
		broker: await freePort(),
		nmbrs: await freePort(),
		eboekhouden: await freePort(),
		nextens: await freePort(),
		smtp: await freePort(),
	};
	console.log(`browser test: demo in ${dir}`);
	let demo: RunningDemo | undefined;
	let browser: Browser | undefined;
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			console.log(`browser test: ${signal}, stopping the demo ...`);
			void Promise.resolve()
				.then(() => browser?.close())
				.then(() => demo?.stop())
				.finally(() => {
					fs.rmSync(dir, { recursive: true, force: true });
					process.exit(130);
				});
		});
	}
	try {
		demo = await startDemo({
			root: ROOT,
			dir,
			packDir: path.join(ROOT, '.demo', 'pack'),
			n8nPort: ports.n8n,
			runnerBrokerPort: ports.broker,
			emulatorPorts: { nmbrs: ports.nmbrs, eboekhouden: ports.eboekhouden, nextens: ports.nextens },
			smtpPort: ports.smtp,
			log: (line) => console.log(`[demo] ${line}`),
		});
		const demoReady = Date.now();
		check(demo.templates.length > 0, 'the demo has template workflows', 'workflows/*.json is empty');
		check(demo.packNodeTypes.length > 0, 'n8n loaded the nodes of the pack', 'no n8n-nodes-nl-accountancy.* node types');

		selectors.setTestIdAttribute('data-test-id');
		browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
		context.setDefaultTimeout(30_000);
		const page = await context.newPage();
		page.on('pageerror', (error) => console.log(`       (page error: ${error.message.split('\n')[0]})`));
		await signIn(page, demo);
		await dismissModals(page);
		await page.waitForTimeout(1000);
		await screenshot(page, 'overview.png');
		const panel = panelNode(demo.templates);
		check(panel !== undefined, 'a template holds a node of this pack to open');
		for (const template of demo.templates) {
			if (!(await checkTemplate(page, demo, template))) continue;
			await executeTemplate(page, demo, template);
			if (panel && panel.template === template) await openPanel(page, panel.node);
		}
		// The batch template ran before the webhook template; both again: neither undid the other's example data.
		for (const key of ['crm-export-to-nextens-batch', 'crm-to-nextens-webhook']) {
			const template = demo.templates.find((t) => path.basename(t.file, '.json') === key);
			if (template) await executeTemplate(page, demo, template, 2);
		}
		await checkDataTables(page, demo);
		if (panel) await checkDarkTheme(browser, demo, panel.template);
		// Last: these save the credentials (with a wrong token, then the right one again).
		for (const test of CREDENTIAL_TESTS) {
			try {
				await checkCredentialTest(page, demo, test);
			} catch (error) {
				check(false, `credential "${test.ref.name}": test with a wrong token`, (error as Error).message.split('\n')[0]);
			}
		}
		console.log(
			`browser test: demo up in ${((demoReady - started) / 1000).toFixed(1)} s, browser checks ${((Date.now() - demoReady) / 1000).toFixed(1)} s`,
		);
	} catch (error) {
		failures.push(`unexpected error: ${(error as Error).stack ?? error}`);
		console.error(error);
	} finally {
		await browser?.close().catch(() => undefined);
		await demo?.stop().catch(() => undefined);
		if (!process.env.BROWSER_TEST_KEEP) fs.rmSync(dir, { recursive: true, force: true });
	}
	console.log(`\nbrowser test took ${((Date.now() - started) / 1000).toFixed(1)} s`);
	// The plain count line, alone on its line, is what scripts/test-all.sh adds to the overall total.
	console.log(`browser: ${passes.length} passed, ${failures.length} failed`);
	for (const failure of failures) console.log(`  FAIL ${failure}`);
	process.exit(failures.length > 0 ? 1 : 0);
}

void main();
