/**
 * `npm start`: the demo. Builds the pack, starts the vendor emulators with demo data, installs the pack into a
 * local n8n (the newest pinned 2.x, SQLite in .demo/n8n), imports the templates and demo credentials, creates the editor
 * login and serves the editor on http://127.0.0.1:5678 until Ctrl-C.
 *
 *   npm start                      start (or restart) the demo; reuses .demo/
 *   npm start -- --reset           throw .demo/ away first: fresh n8n database and fresh emulator demo data
 *   npm start -- --reimport        import the templates and demo credentials again (overwrites edits to them)
 *   npm start -- --exit-after-ready   start, check, print, stop (also: DEMO_EXIT_AFTER_READY=1), for scripts and CI
 *
 * Environment: DEMO_DIR (default .demo), DEMO_N8N_HOME (an existing n8n install to use instead of
 * .tools/n8n/<version>), and the ports (scripts/demo/ports.ts): DEMO_N8N_PORT (5678), DEMO_N8N_BROKER_PORT (editor
 * port + 1), DEMO_NMBRS_PORT (5101), DEMO_EBOEKHOUDEN_PORT (5102), DEMO_NEXTENS_PORT (5103), DEMO_SMTP_PORT (5125).
 */
import * as path from 'node:path';

import { EMULATOR_LABELS, type EmulatorName } from './demo/emulators';
import { DemoPortError, demoPortsFromEnv, portOption, portVariablesHelp } from './demo/ports';
import { DEMO_SECRETS } from '../demo/credentials';
import { demoWebhookPath, startDemo, type RunningDemo } from './demo/run';

function flag(name: string): boolean {
	return process.argv.slice(2).includes(`--${name}`);
}

function printBanner(demo: RunningDemo): void {
	const lines: string[] = [];
	lines.push('');
	lines.push(`  n8n-nodes-nl-accountancy demo is running (n8n ${demo.n8nVersion})`);
	lines.push('');
	lines.push(`  Editor:    ${demo.editorUrl}`);
	lines.push(`  Login:     ${demo.login.email}`);
	lines.push(`  Password:  ${demo.login.password}`);
	lines.push('');
	const relative = path.relative(process.cwd(), demo.dir);
	const dir = relative.startsWith('..') || path.isAbsolute(relative) ? demo.dir : relative || '.';
	lines.push(`  Vendor emulators (demo data, saved in ${dir}/emulator-state/):`);
	for (const name of Object.keys(EMULATOR_LABELS) as EmulatorName[]) {
		const running = demo.emulators.running[name];
		lines.push(`    ${EMULATOR_LABELS[name].padEnd(38)} ${running ? running.url : 'NOT RUNNING'}`);
	}
	lines.push(`    ${'Mail catcher (SMTP, nothing is sent)'.padEnd(38)} 127.0.0.1:${demo.mail.port} -> ${dir}/mail/*.eml`);
	lines.push('');
	if (demo.templates.length > 0) {
		lines.push('  Template workflows (Overview > Workflows):');
		const width = Math.max(...demo.templates.map((t) => t.name.length)) + 1;
		for (const template of demo.templates) {
			lines.push(`    ${template.name.padEnd(width)} ${demo.editorUrl}/workflow/${template.id}`);
			if (template.nodeTypes.includes('n8n-nodes-base.webhook')) {
				lines.push(`    ${''.padEnd(width)} once published: POST ${demo.editorUrl}/webhook/${demoWebhookPath(template.file)}`);
				lines.push(`    ${''.padEnd(width)} with the header ${DEMO_SECRETS.crmWebhookHeader}: Bearer ${DEMO_SECRETS.crmWebhookSecret}`);
			}
		}
		lines.push('');
	}
	lines.push(`  Nodes of the pack loaded: ${demo.packNodeTypes.length > 0 ? demo.packNodeTypes.map((t) => t.split('.')[1]).join(', ') : 'none'}`);
	lines.push('');
	lines.push('  First steps:');
	lines.push('    1. Open the editor URL and sign in with the login above.');
	lines.push('    2. Open a template workflow (Overview > Workflows), e.g. the payroll journal sync.');
	lines.push('    3. Press "Execute workflow" at the bottom of the canvas: in every template it runs the example');
	lines.push('       (the sticky note says what it does). Double-click a node to see its input and output.');
	lines.push('       The credentials (Overview > Credentials) already point at the local emulators.');
	lines.push('');
	lines.push('  Press Ctrl-C to stop n8n and the emulators. `npm start` again continues where you left off;');
	lines.push('  `npm start -- --reset` starts over with fresh demo data.');
	lines.push('');
	console.log(lines.join('\n'));
}

const USAGE = `npm start [-- options]   the n8n-nodes-nl-accountancy demo (n8n + pack + emulators + templates)

  --reset              start over: new n8n database, fresh emulator demo data (deletes .demo/)
  --reimport           import the templates and demo credentials again (overwrites edits to them)
  --exit-after-ready   start, check, print, stop (also DEMO_EXIT_AFTER_READY=1)
  --help               this text

  Environment:
    DEMO_DIR               where the demo keeps its state (default .demo)
    DEMO_N8N_HOME          an n8n already installed in <folder>/node_modules/n8n, instead of installing one
  Ports (all on 127.0.0.1):
${portVariablesHelp('    ')}
    e.g. DEMO_N8N_PORT=5778 DEMO_NMBRS_PORT=5201 npm start

  The first start installs n8n into .tools/ once (about 5 minutes; its progress is shown). Details: docs/demo.md`;

async function main(): Promise<void> {
	if (flag('help') || process.argv.includes('-h')) {
		console.log(USAGE);
		return;
	}
	const unknown = process.argv.slice(2).filter((arg) => !['--reset', '--reimport', '--exit-after-ready'].includes(arg));
	if (unknown.length > 0) {
		console.error(`[demo] unknown option ${unknown.join(' ')}\n\n${USAGE}`);
		process.exit(2);
	}
	const exitAfterReady = flag('exit-after-ready') || ['1', 'true'].includes(process.env.DEMO_EXIT_AFTER_READY ?? '');
	let ports: ReturnType<typeof demoPortsFromEnv>;
	try {
		ports = demoPortsFromEnv();
	} catch (error) {
		if (!(error instanceof DemoPortError)) throw error;
		console.error(`[demo] ${error.message}`);
		process.exit(2);
	}
	const args = process.argv.slice(2);
	const root = path.resolve(__dirname, '..');
	let demo: RunningDemo | undefined;
	let stopping = false;

	const shutdown = async (reason: string, code: number): Promise<void> => {
		if (stopping) return;
		stopping = true;
		console.log(`[demo] ${reason}: stopping n8n and the emulators ...`);
		const started = Date.now();
		await demo?.stop();
		console.log(`[demo] stopped in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		process.exit(code);
	};
	const onSignal = (signal: NodeJS.Signals): void => {
		if (!demo) {
			// Still starting: exiting kills what was started (n8n's process group and any running install or
			// import, through exit hooks); the emulators' data is saved after every change, so nothing is lost.
			console.log(`[demo] ${signal} while starting: stopped.`);
			process.exit(130);
		}
		void shutdown(signal, 0);
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	process.on('SIGHUP', onSignal);

	demo = await startDemo({
		root,
		dir: process.env.DEMO_DIR ? path.resolve(root, process.env.DEMO_DIR) : undefined,
		n8nPort: ports.n8n,
		// Unset, the broker port follows the editor port (+1), and a message about a taken one says so.
		runnerBrokerPort: process.env[portOption('runnerBroker').variable]?.trim() ? ports.runnerBroker : undefined,
		emulatorPorts: { nmbrs: ports.nmbrs, eboekhouden: ports.eboekhouden, nextens: ports.nextens },
		smtpPort: ports.smtp,
		reset: flag('reset'),
		reimport: flag('reimport'),
		rerunCommand: args.length > 0 ? `npm start -- ${args.join(' ')}` : 'npm start',
	});

	printBanner(demo);
	const timings = Object.entries(demo.timings)
		.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)}s`)
		.join(', ');
	console.log(`[demo] timings: ${timings}`);

	if (exitAfterReady) return shutdown('--exit-after-ready', 0);

	demo.server.child.on('exit', (code, signal) => {
		if (!stopping) void shutdown(`n8n exited unexpectedly (${code ?? signal}; see ${demo?.logFile})`, 1);
	});
}

main().catch((error: Error) => {
	// The message says what to do (a taken port names the variable that moves it); a stack trace would not help.
	console.error(`[demo] ${error.message.replace(/\n(?=.)/g, '\n       ')}`);
	process.exit(1);
});
