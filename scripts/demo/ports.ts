/**
 * The demo's local ports and the environment variables that change them: one table, so the start-up check, the
 * error for a port that is taken, `--help` and docs/demo.md all name the same variable.
 */
import * as net from 'node:net';

import { DEMO_SMTP_PORT } from '../../demo/credentials';
import { DEFAULT_EMULATOR_PORTS, type EmulatorName } from './emulators';
import { portInUse } from './util';

export type DemoPortKey = 'n8n' | 'runnerBroker' | EmulatorName | 'smtp';

export interface DemoPortOption {
	key: DemoPortKey;
	/** The environment variable `npm start` reads. */
	variable: string;
	/** What listens on it, for messages. */
	label: string;
	/** Default port; the runner broker's default is the editor port + 1. */
	defaultPort: number | ((ports: Partial<DemoPorts>) => number);
}

export type DemoPorts = Record<DemoPortKey, number>;

export const DEFAULT_N8N_PORT = 5678;

export const DEMO_PORT_OPTIONS: readonly DemoPortOption[] = [
	{ key: 'n8n', variable: 'DEMO_N8N_PORT', label: 'n8n editor', defaultPort: DEFAULT_N8N_PORT },
	{
		key: 'runnerBroker',
		variable: 'DEMO_N8N_BROKER_PORT',
		label: "n8n's task runner broker",
		defaultPort: (ports) => (ports.n8n ?? DEFAULT_N8N_PORT) + 1,
	},
	{ key: 'nmbrs', variable: 'DEMO_NMBRS_PORT', label: 'Nmbrs emulator', defaultPort: DEFAULT_EMULATOR_PORTS.nmbrs },
	{
		key: 'eboekhouden',
		variable: 'DEMO_EBOEKHOUDEN_PORT',
		label: 'e-Boekhouden emulator',
		defaultPort: DEFAULT_EMULATOR_PORTS.eboekhouden,
	},
	{ key: 'nextens', variable: 'DEMO_NEXTENS_PORT', label: 'Nextens emulator', defaultPort: DEFAULT_EMULATOR_PORTS.nextens },
	{ key: 'smtp', variable: 'DEMO_SMTP_PORT', label: 'mail catcher (SMTP)', defaultPort: DEMO_SMTP_PORT },
];

export function portOption(key: DemoPortKey): DemoPortOption {
	return DEMO_PORT_OPTIONS.find((option) => option.key === key) as DemoPortOption;
}

/** A mistake in the port settings: its message is meant for the user as it is (no stack trace). */
export class DemoPortError extends Error {}

/** One line per variable for `--help`: `DEMO_NMBRS_PORT (5101)  Nmbrs emulator`. */
export function portVariablesHelp(indent: string): string {
	const width = Math.max(...DEMO_PORT_OPTIONS.map((option) => option.variable.length));
	return DEMO_PORT_OPTIONS.map((option) => {
		const fallback = typeof option.defaultPort === 'number' ? String(option.defaultPort) : 'editor port + 1';
		return `${indent}${option.variable.padEnd(width)}  ${option.label} (default ${fallback})`;
	}).join('\n');
}

/** Reads the DEMO_*_PORT variables; an unset or empty one means the default. */
export function demoPortsFromEnv(env: NodeJS.ProcessEnv = process.env): DemoPorts {
	const ports: Partial<DemoPorts> = {};
	for (const option of DEMO_PORT_OPTIONS) {
		const raw = env[option.variable]?.trim();
		if (raw) {
			const port = Number(raw);
			if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
				throw new DemoPortError(`${option.variable}=${raw} is not a port number (1-65535); it sets the ${option.label}'s port.`);
			}
			ports[option.key] = port;
		} else {
			ports[option.key] = typeof option.defaultPort === 'number' ? option.defaultPort : option.defaultPort(ports);
		}
	}
	return ports as DemoPorts;
}

/** Two of the demo's services on one port: a settings mistake, named by variable. */
export function checkDistinct(ports: DemoPorts): void {
	const byPort = new Map<number, DemoPortOption[]>();
	for (const option of DEMO_PORT_OPTIONS) byPort.set(ports[option.key], [...(byPort.get(ports[option.key]) ?? []), option]);
	const clashes = [...byPort.entries()].filter(([, options]) => options.length > 1);
	if (clashes.length === 0) return;
	throw new DemoPortError(
		clashes
			.map(([port, options]) => `${options.map((o) => `${o.label} (${o.variable})`).join(' and ')} would both use port ${port}`)
			.join('; ') + '. Give each its own port.',
	);
}

/** True when something accepts connections on 127.0.0.1:port, or the port cannot be bound there. */
export async function portTaken(port: number): Promise<boolean> {
	if (await portInUse(port)) return true;
	return new Promise<boolean>((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(true));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
	});
}

/** A free port near `from` (from, from+1, ...) that is not in `avoid`. */
async function suggestPort(from: number, avoid: Set<number>, needsNext = false): Promise<number | undefined> {
	for (let port = from; port < from + 200 && port < 65535; port++) {
		if (avoid.has(port) || (needsNext && avoid.has(port + 1))) continue;
		if (await portTaken(port)) continue;
		if (needsNext && (await portTaken(port + 1))) continue;
		return port;
	}
	return undefined;
}

/**
 * Checks every port before anything starts; for the ones that are taken, throws a DemoPortError that names the
 * variable to set and a command with free ports to use instead.
 * `brokerFollows`: the broker port was not set, so it is the editor port + 1 and moves with it.
 */
export async function checkPortsFree(ports: DemoPorts, brokerFollows: boolean, rerun: string): Promise<void> {
	checkDistinct(ports);
	const taken: DemoPortOption[] = [];
	for (const option of DEMO_PORT_OPTIONS) if (await portTaken(ports[option.key])) taken.push(option);
	if (taken.length === 0) return;
	const avoid = new Set(Object.values(ports));
	const settings: string[] = [];
	const lines: string[] = [];
	for (const option of taken) {
		const port = ports[option.key];
		const movesWithEditor = option.key === 'n8n' && brokerFollows;
		if (option.key === 'runnerBroker' && brokerFollows && taken.some((o) => o.key === 'n8n')) {
			// Unset, the broker port is the editor port + 1: the suggestion for the editor moves it too.
			lines.push(`  ${String(port).padEnd(5)}  ${option.label.padEnd(26)} follows DEMO_N8N_PORT (+1), or set ${option.variable}`);
			continue;
		}
		const suggestion = await suggestPort(port + 100, avoid, movesWithEditor);
		if (suggestion !== undefined) {
			avoid.add(suggestion);
			if (movesWithEditor) avoid.add(suggestion + 1);
			settings.push(`${option.variable}=${suggestion}`);
		}
		const also = movesWithEditor ? ` (the task runner broker, ${portOption('runnerBroker').variable}, follows it: +1)` : '';
		lines.push(`  ${String(port).padEnd(5)}  ${option.label.padEnd(26)} change it with ${option.variable}${also}`);
	}
	throw new DemoPortError(
		[
			`${taken.length === 1 ? 'a port the demo needs is' : 'ports the demo needs are'} already in use on 127.0.0.1:`,
			...lines,
			'Another demo (or n8n, or `npm run emulators`) is probably still running: stop it (Ctrl-C in its terminal),',
			settings.length > 0
				? `or start this demo on other ports, for example:\n\n    ${settings.join(' ')} ${rerun}\n`
				: 'or start this demo on other ports with the variables above.',
		].join('\n'),
	);
}

/** The message for a port that was free at the check but taken when a service started listening (a race). */
export function portRaceMessage(option: DemoPortOption, port: number): string {
	return `port ${port} (${option.label}) was taken while the demo started; start again, or choose another port with ${option.variable}=<port>.`;
}
