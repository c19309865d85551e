/**
 * Browser test of the demo (`npm run test:browser`): starts its own demo (temporary folder, free ports, so it can
 * run next to a demo someone is using), drives the system Chromium (Debian package `chromium`, through
 * playwright-core; no browser is downloaded) and checks what a user sees:
 *   - the documented login works;
 *   - every template opens, and every node of this pack on it renders as its n8n-nodes-nl-accountancy.* type with
 *     its icon (the image loaded), without n8n's "install this node" / unknown-node state and without an issue
 *     badge; every credential the saved template uses is one of the demo's, by id;
 *   - "Execute workflow" from each template's Manual Trigger succeeds and moves items between the nodes;
 *   - one node's parameter panel opens with its parameters (and its input and output after the run);
 *   - in the dark theme the pack's nodes show their .dark.svg icons;
 * and saves screenshots into docs/ for the README. Exits non-zero when any check fails.
 *
 * Environment: CHROMIUM_PATH (default /usr/bin/chromium), BROWSER_TEST_KEEP=1 keeps the temporary demo folder,
 * BROWSER_TEST_NO_SCREENSHOTS=1 checks without writing docs/.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { chromium, selectors, type Browser, type Page } from 'playwright-core';

import { DEMO_CREDENTIAL_REFS } from '../../demo/credentials';
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

async function closeToasts(page: Page): Promise<void> {
	const buttons = page.locator('.el-notification__closeBtn');
	for (let i = (await buttons.count()) - 1; i >= 0; i--) {
		await buttons.nth(i).click({ timeout: 2000 }).catch(() => undefined);
	}
}

/**
 * Runs the template as a user would: "Execute workflow" from its Manual Trigger (the other triggers wait for a
 * schedule or a webhook call). Its nodes talk only to the emulators and the mail catcher. Waits for n8n's toast.
 */
async function executeTemplate(page: Page, template: TemplateInfo): Promise<boolean> {
	const label = `template "${template.name}"`;
	const manual = templateNodes(template).find((n) => n.type === 'n8n-nodes-base.manualTrigger');
	if (!check(manual !== undefined, `${label} has a Manual Trigger to execute it from`)) return false;
	await closeToasts(page);
	const trigger = nodeOnCanvas(page, manual!.name);
	await trigger.hover();
	const button = page.getByTestId(`execute-workflow-button-${manual!.name}`);
	if ((await button.count()) > 0) await button.first().click({ force: true });
	else await page.getByTestId('execute-workflow-button').first().click();
	const toast = page.locator('.el-notification').first();
	let toastText = '';
	try {
		await toast.waitFor({ timeout: 120_000 });
		toastText = (await toast.innerText()).replace(/\s+/g, ' ').trim();
	} catch {
		toastText = 'no notification within 120 s';
	}
	const ok = check(/success/i.test(toastText), `${label}: "Execute workflow" from "${manual!.name}" succeeds`, toastText);
	const edgeLabels = await page.locator('[data-test-id="edge-label"]').allInnerTexts();
	check(edgeLabels.some((text) => /\d+ items?/.test(text)), `${label}: the run passed items between the nodes`, edgeLabels.join(', '));
	await closeToasts(page);
	await zoomToFit(page);
	await screenshot(page, `${path.basename(template.file, '.json')}-executed.png`);
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
			await executeTemplate(page, template);
			if (panel && panel.template === template) await openPanel(page, panel.node);
		}
		if (panel) await checkDarkTheme(browser, demo, panel.template);
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
