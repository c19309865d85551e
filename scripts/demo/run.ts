/**
 * The one-command demo: pack + pinned n8n + the three emulators with demo data + templates and demo credentials
 * imported + the editor login set up, then n8n serving the editor on 127.0.0.1. Used by `npm start`
 * (scripts/demo.ts) and by the browser test, which starts its own copy in a temporary folder on free ports.
 *
 * Everything is kept below `dir` (default `.demo/`) and reused: a second start skips the build, the n8n install,
 * the pack extraction and every import whose input did not change, so it is up in seconds.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { DEMO_SMTP_PORT, demoCredentials, defaultEmulatorUrls } from '../../demo/credentials';
import { DEMO_LOGIN } from '../../demo/login';
import {
	DEFAULT_EMULATOR_PORTS,
	EmulatorPortInUseError,
	startDemoEmulators,
	type EmulatorPorts,
	type StartedEmulators,
} from './emulators';
import {
	demoN8nVersion,
	ensureN8nInstalled,
	ensureOwner,
	login,
	n8nCli,
	restGet,
	startServer,
	stopStaleServer,
	waitUntilReady,
	type N8nServer,
	type N8nSetup,
} from './n8n';
import { n8nNodeBinary } from '../n8n-runtime';
import { PACKAGE_NAME, ensurePack, installPack } from './pack';
import { DEFAULT_N8N_PORT, DemoPortError, checkPortsFree, portOption, portRaceMessage, type DemoPorts } from './ports';
import { startMailCatcher, type MailCatcher } from './smtp';
import { readJson, seconds, sha256, writeJson } from './util';

export interface DemoOptions {
	/** Repository root (default: two levels up from this file). */
	root?: string;
	/** Where the demo keeps its state (default `<root>/.demo`). */
	dir?: string;
	/** Where the built tarball is kept (default `<root>/.demo/pack`; shared by every demo folder). */
	packDir?: string;
	/** Editor port (default 5678). */
	n8nPort?: number;
	/** n8n's task runner broker port (default: editor port + 1). */
	runnerBrokerPort?: number;
	emulatorPorts?: EmulatorPorts;
	/** Port of the local mail catcher the demo SMTP credential points at (default 5125). */
	smtpPort?: number;
	/** Wipe `dir` first (fresh database, fresh emulator data). */
	reset?: boolean;
	/** Import every template and the credentials again, even when unchanged. */
	reimport?: boolean;
	/** The command a message about a taken port suggests to run again with other ports (default `npm start`). */
	rerunCommand?: string;
	log?: (line: string) => void;
}

export interface TemplateInfo {
	file: string;
	id: string;
	name: string;
	nodeTypes: string[];
}

export interface RunningDemo {
	editorUrl: string;
	n8nVersion: string;
	login: typeof DEMO_LOGIN;
	templates: TemplateInfo[];
	/** Node types of this pack that n8n loaded. */
	packNodeTypes: string[];
	emulators: StartedEmulators;
	mail: MailCatcher;
	server: N8nServer;
	dir: string;
	logFile: string;
	timings: Record<string, number>;
	stop(): Promise<void>;
}

interface ImportState {
	packSha256?: string;
	credentialsHash?: string;
	workflows: Record<string, string>;
	ownerEmail?: string;
}

const here = __dirname;

export function readTemplates(root: string): TemplateInfo[] {
	const dir = path.join(root, 'workflows');
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => {
			const json = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as {
				id?: string;
				name?: string;
				nodes?: Array<{ type: string }>;
			};
			return {
				file: path.join(dir, name),
				id: json.id ?? '',
				name: json.name ?? name,
				nodeTypes: [...new Set((json.nodes ?? []).map((node) => node.type))],
			};
		});
}

/**
 * The demo's copy of a template. A shipped Webhook node has no webhook id and an empty path, so that the editor gives
 * it a new, unguessable address in every n8n it is imported into (n8n's CLI import, which the demo uses, does not).
 * The demo's copy gets a fixed one instead: `/webhook/demo-<template file name>`, the same in every demo, e.g.
 * `/webhook/demo-crm-to-nextens-webhook`. Only for the demo: the secret it needs is the demo credential's.
 */
export function demoTemplateCopy(file: string): string {
	const text = fs.readFileSync(file, 'utf8');
	const json = JSON.parse(text) as { nodes?: Array<{ type: string; name: string; webhookId?: string; parameters?: Record<string, unknown> }> };
	let changed = false;
	for (const node of json.nodes ?? []) {
		if (node.type !== 'n8n-nodes-base.webhook' || node.webhookId || (node.parameters?.path ?? '') !== '') continue;
		const hash = sha256(`demo:${path.basename(file)}:${node.name}`);
		node.webhookId = `${hash.slice(0, 8)}-${hash.slice(8, 12)}-4${hash.slice(13, 16)}-a${hash.slice(17, 20)}-${hash.slice(20, 32)}`;
		node.parameters = { ...node.parameters, path: demoWebhookPath(file) };
		changed = true;
	}
	return changed ? `${JSON.stringify(json, null, '\t')}\n` : text;
}

/** The path of a template's webhook in the demo (see demoTemplateCopy). */
export function demoWebhookPath(file: string): string {
	return `demo-${path.basename(file, '.json')}`;
}

export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
	const root = options.root ?? path.resolve(here, '..', '..');
	const dir = options.dir ?? path.join(root, '.demo');
	const log = options.log ?? ((line: string) => console.log(`[demo] ${line}`));
	const show = (file: string): string => (file.startsWith(root + path.sep) ? path.relative(root, file) : file);
	const n8nPort = options.n8nPort ?? DEFAULT_N8N_PORT;
	const runnerBrokerPort = options.runnerBrokerPort ?? n8nPort + 1;
	const emulatorPorts = options.emulatorPorts ?? DEFAULT_EMULATOR_PORTS;
	const smtpPort = options.smtpPort ?? DEMO_SMTP_PORT;
	const timings: Record<string, number> = {};
	const t0 = Date.now();
	let mark = t0;
	const step = (name: string): void => {
		timings[name] = Date.now() - mark;
		mark = Date.now();
	};

	if (options.reset && fs.existsSync(dir)) {
		log(`--reset: removing ${show(dir)}`);
		await stopStaleServer(dir, log);
		fs.rmSync(dir, { recursive: true, force: true });
	}
	fs.mkdirSync(dir, { recursive: true });
	await stopStaleServer(dir, log);

	// Every port first: a taken one is named with the variable that moves it, before anything is built or started.
	const ports: DemoPorts = { n8n: n8nPort, runnerBroker: runnerBrokerPort, ...emulatorPorts, smtp: smtpPort };
	await checkPortsFree(ports, options.runnerBrokerPort === undefined, options.rerunCommand ?? 'npm start');

	// The pack build and the n8n install (minutes on a first start) do not depend on each other: side by side.
	const n8nVersion = demoN8nVersion(root);
	const parallelStart = Date.now();
	const packDone = ensurePack(root, options.packDir ?? path.join(dir, 'pack'), log).then((result) => {
		timings.pack = Date.now() - parallelStart;
		log(result.rebuilt ? `pack built: ${path.basename(result.tarball)}` : `pack unchanged: ${path.basename(result.tarball)}`);
		return result;
	});
	const installDone = ensureN8nInstalled(root, n8nVersion, log).then((result) => {
		timings.n8nInstall = Date.now() - parallelStart;
		return result;
	});
	// If one fails, the other is not waited for (a failed build should not wait for a ten-minute install): the
	// demo exits, and the install, in its own process group, is stopped with it.
	const [pack, home] = await Promise.all([packDone, installDone]);
	mark = Date.now();

	const userFolder = path.join(dir, 'n8n');
	fs.mkdirSync(userFolder, { recursive: true });
	const logFile = path.join(dir, 'n8n.log');
	fs.writeFileSync(logFile, `n8n ${n8nVersion} demo log, ${new Date().toISOString()}\n`);
	// DEMO_N8N_HOME is an n8n the caller installed for the Node running the demo.
	const node = process.env.DEMO_N8N_HOME ? process.execPath : n8nNodeBinary(n8nVersion, root);
	const setup: N8nSetup = { home, node, userFolder, port: n8nPort, runnerBrokerPort, logFile };

	if (await installPack(pack, userFolder)) log(`pack installed into ${show(userFolder)}/.n8n/nodes`);
	step('packInstall');

	const emulators = await startDemoEmulators(emulatorPorts, path.join(dir, 'emulator-state')).catch((error: Error) => {
		throw error instanceof EmulatorPortInUseError ? new DemoPortError(portRaceMessage(portOption(error.emulator), error.port)) : error;
	});
	for (const [name, reason] of Object.entries(emulators.missing)) {
		log(`WARNING: the ${name} emulator is not available (${reason}); workflows using it will fail.`);
	}
	let mail: MailCatcher;
	try {
		mail = await startMailCatcher(smtpPort, path.join(dir, 'mail'), (file, subject, to) =>
			log(`mail to ${to.join(', ')} caught: "${subject}" (${show(file)})`),
		);
	} catch (error) {
		await emulators.close();
		throw (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? new DemoPortError(portRaceMessage(portOption('smtp'), smtpPort)) : error;
	}
	step('emulators');

	let server: N8nServer | undefined;
	const stop = async (): Promise<void> => {
		await server?.stop();
		await emulators.close();
		await mail.close();
	};
	try {
		// Imports: only what changed since the last start of this user folder.
		const stateFile = path.join(userFolder, 'demo-imports.json');
		const state = readJson<ImportState>(stateFile, { workflows: {} });
		if (options.reimport) {
			state.credentialsHash = undefined;
			state.workflows = {};
		}
		const credentials = demoCredentials(defaultEmulatorUrls(emulatorPorts, smtpPort));
		const credentialsJson = JSON.stringify(credentials, null, '\t');
		const credentialsHash = sha256(credentialsJson);
		if (state.credentialsHash !== credentialsHash) {
			const file = path.join(dir, 'import', 'credentials.json');
			fs.mkdirSync(path.dirname(file), { recursive: true });
			fs.writeFileSync(file, credentialsJson);
			log(`importing ${credentials.length} demo credentials ...`);
			await n8nCli(setup, ['import:credentials', `--input=${file}`]);
			fs.rmSync(file, { force: true });
			state.credentialsHash = credentialsHash;
			// Templates may name a credential without its id; n8n resolves those at import, so import them again.
			state.workflows = {};
			writeJson(stateFile, state);
		}
		step('importCredentials');

		const templates = readTemplates(root);
		const changed = templates.filter((t) => state.workflows[path.basename(t.file)] !== sha256(fs.readFileSync(t.file)));
		if (changed.length > 0) {
			const importDir = path.join(dir, 'import', 'workflows');
			fs.rmSync(importDir, { recursive: true, force: true });
			fs.mkdirSync(importDir, { recursive: true });
			for (const template of changed) {
				if (!template.id) log(`WARNING: ${path.basename(template.file)} has no workflow id; it is imported as a new copy each time it changes.`);
				fs.writeFileSync(path.join(importDir, path.basename(template.file)), demoTemplateCopy(template.file));
			}
			log(`importing ${changed.length} template workflow(s): ${changed.map((t) => t.name).join(', ')} ...`);
			await n8nCli(setup, ['import:workflow', '--separate', `--input=${importDir}`]);
			fs.rmSync(importDir, { recursive: true, force: true });
			for (const template of changed) {
				state.workflows[path.basename(template.file)] = sha256(fs.readFileSync(template.file));
			}
			writeJson(stateFile, state);
		}
		step('importWorkflows');

		log(`starting n8n ${n8nVersion} on http://127.0.0.1:${n8nPort} (log: ${show(logFile)}) ...`);
		server = startServer(setup, dir);
		await waitUntilReady(server, logFile, 180_000).catch((error: Error) => {
			// Taken after the check (n8n reports it in its log): name the variable, as the check does.
			if (!/EADDRINUSE|already in use/i.test(error.message)) throw error;
			const which = new RegExp(`\\b${runnerBrokerPort}\\b`).test(error.message) ? portOption('runnerBroker') : portOption('n8n');
			throw new DemoPortError(portRaceMessage(which, which.key === 'n8n' ? n8nPort : runnerBrokerPort));
		});
		step('n8nStart');

		if (await ensureOwner(server.url)) log(`editor login created: ${DEMO_LOGIN.email}`);
		state.ownerEmail = DEMO_LOGIN.email;
		writeJson(stateFile, state);
		const cookie = await login(server.url);
		const types = await restGet<Array<{ name: string }> | { data?: Array<{ name: string }> }>(
			server.url,
			cookie,
			'/types/nodes.json',
		).catch(() => [] as Array<{ name: string }>);
		const typeList = Array.isArray(types) ? types : (types.data ?? []);
		const packNodeTypes = [...new Set(typeList.map((t) => t.name).filter((name) => name.startsWith(`${PACKAGE_NAME}.`) && !name.endsWith('Tool')))].sort();
		const known = new Set(typeList.map((t) => t.name));
		for (const template of templates) {
			const unknown = template.nodeTypes.filter((type) => known.size > 0 && !known.has(type));
			if (unknown.length > 0) log(`WARNING: template "${template.name}" uses node types n8n does not know: ${unknown.join(', ')}`);
		}
		step('ownerAndChecks');
		timings.total = Date.now() - t0;
		log(`ready in ${seconds(t0)}`);
		return {
			editorUrl: server.url,
			n8nVersion,
			login: DEMO_LOGIN,
			templates,
			packNodeTypes,
			emulators,
			mail,
			server,
			dir,
			logFile,
			timings,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}
