/**
 * `npm run emulators` — starts the Nmbrs, e-Boekhouden and Nextens emulators on fixed local ports.
 *
 *   tsx emulators/cli.ts [--seed <file>] [--state-dir <dir>] [--latency <ms>] [--jitter <ms>]
 *                        [--host <host>] [--nmbrs-port 5101] [--eboekhouden-port 5102] [--nextens-port 5103]
 *                        [--only nmbrs,eboekhouden,nextens] [--no-nextens-rate-limit] [--fault-seed <n>]
 *                        [--rate-limited-rate <0..1>] [--retry-after <s>] [--restart-after <n>]
 *
 * --seed: one JSON file with optional sections "nmbrs", "eboekhouden", "nextens" (schemas in emulators/README.md).
 * --state-dir: persist each emulator's state to <dir>/<service>.json (reloaded on the next start; the file wins
 * over --seed). Ctrl-C closes all emulators cleanly.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { NEXTENS_CONTRACT_RATE_LIMIT } from './assumptions';
import { startEmulator } from './common/server';
import type { DeepPartial, EmulatorService, Knobs, RunningEmulator } from './common/types';
import { eboekhoudenService } from './eboekhouden';
import { nextensService } from './nextens';
import { nmbrsService } from './nmbrs';

type Name = 'nmbrs' | 'eboekhouden' | 'nextens';

export const DEFAULT_PORTS: Record<Name, number> = { nmbrs: 5101, eboekhouden: 5102, nextens: 5103 };

/** What a client appends to the emulator's root URL to get the base URL it configures. */
export const BASE_PATHS: Record<Name, { base: string; hint: string }> = {
	nmbrs: { base: '', hint: '/soap/v3/CompanyService.asmx (and /soap/v3/DebtorService.asmx)' },
	eboekhouden: { base: '', hint: '/v1/...' },
	nextens: { base: '/api/v1', hint: '/clients, /sba, ...' },
};

export const SERVICES: Record<Name, EmulatorService<unknown>> = {
	nmbrs: nmbrsService as EmulatorService<unknown>,
	eboekhouden: eboekhoudenService as EmulatorService<unknown>,
	nextens: nextensService as EmulatorService<unknown>,
};

export interface CliOptions {
	seedFile?: string;
	stateDir?: string;
	latencyMs: number;
	jitterMs: number;
	host: string;
	ports: Record<Name, number>;
	only: Name[];
	/** Nextens starts with its contract's rate limit (NEXTENS_CONTRACT_RATE_LIMIT) unless --no-nextens-rate-limit. */
	nextensRateLimit: boolean;
	/** Fault knobs given on the command line (each emulator gets them; absent ones keep the host default). */
	faults: Partial<Pick<Knobs['faults'], 'seed' | 'rateLimitedRate' | 'retryAfterSeconds' | 'restartAfter'>>;
}

const USAGE = `Usage: npm run emulators -- [options]
  --seed <file>            JSON with optional sections "nmbrs", "eboekhouden", "nextens"
  --state-dir <dir>        persist state to <dir>/<service>.json and reload it on start
  --latency <ms>           fixed latency for every vendor request (default 0)
  --jitter <ms>            extra random latency 0..ms (default 0)
  --host <host>            listen address (default 127.0.0.1)
  --nmbrs-port <n>         default 5101
  --eboekhouden-port <n>   default 5102
  --nextens-port <n>       default 5103
  --only <list>            comma-separated subset, e.g. nmbrs,eboekhouden
  --no-nextens-rate-limit  start Nextens without its contract rate limit (default: 5 requests/s per token, burst 10)
  --fault-seed <n>         seed of the fault PRNG (default 1)
  --rate-limited-rate <r>  share 0..1 of vendor requests answered with the vendor's 429 (default 0)
  --retry-after <s>        Retry-After seconds of those 429s (default 1)
  --restart-after <n>      restart each emulator once after n of its vendor requests (needs --state-dir)
  --help`;

export function parseArgs(argv: string[]): CliOptions {
	const opts: CliOptions = {
		latencyMs: 0,
		jitterMs: 0,
		host: '127.0.0.1',
		ports: { ...DEFAULT_PORTS },
		only: ['nmbrs', 'eboekhouden', 'nextens'],
		nextensRateLimit: true,
		faults: {},
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
		const value = (): string => {
			const v = inline ?? argv[++i];
			if (v === undefined) throw new Error(`${flag} needs a value`);
			return v;
		};
		const num = (): number => {
			const v = Number(value());
			if (!Number.isFinite(v) || v < 0) throw new Error(`${flag} needs a non-negative number`);
			return v;
		};
		const integer = (min: number): number => {
			const v = value();
			if (!/^\d+$/.test(v) || Number(v) < min) throw new Error(`${flag} needs a whole number >= ${min}`);
			return Number(v);
		};
		const port = (): number => {
			const v = value();
			if (!/^\d+$/.test(v) || Number(v) > 65535) throw new Error(`${flag} needs a port number (0-65535; 0 = any free port)`);
			return Number(v);
		};
		switch (flag) {
			case '--seed':
				opts.seedFile = value();
				break;
			case '--state-dir':
				opts.stateDir = value();
				break;
			case '--latency':
				opts.latencyMs = num();
				break;
			case '--jitter':
				opts.jitterMs = num();
				break;
			case '--host':
				opts.host = value();
				break;
			case '--nmbrs-port':
				opts.ports.nmbrs = port();
				break;
			case '--eboekhouden-port':
				opts.ports.eboekhouden = port();
				break;
			case '--nextens-port':
				opts.ports.nextens = port();
				break;
			case '--only': {
				const names = value().split(',').map((s) => s.trim()).filter(Boolean);
				for (const n of names) if (!(n in DEFAULT_PORTS)) throw new Error(`--only: unknown emulator "${n}"`);
				opts.only = names as Name[];
				break;
			}
			case '--no-nextens-rate-limit':
				opts.nextensRateLimit = false;
				break;
			case '--fault-seed':
				opts.faults.seed = integer(0);
				break;
			case '--rate-limited-rate': {
				const rate = num();
				if (rate > 1) throw new Error(`${flag} needs a share between 0 and 1`);
				opts.faults.rateLimitedRate = rate;
				break;
			}
			case '--retry-after':
				opts.faults.retryAfterSeconds = integer(0);
				break;
			case '--restart-after':
				opts.faults.restartAfter = integer(1);
				break;
			case '--help':
			case '-h':
				throw new Error('help');
			default:
				throw new Error(`unknown option ${arg}`);
		}
	}
	if (opts.faults.restartAfter && !opts.stateDir) {
		throw new Error('--restart-after needs --state-dir: a restart reloads each emulator\'s state from its state file');
	}
	return opts;
}

export function readSeedFile(file: string): Partial<Record<Name, unknown>> {
	const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new Error(`${file}: the seed file must hold a JSON object with sections "nmbrs", "eboekhouden", "nextens"`);
	}
	const unknownKeys = Object.keys(parsed).filter((k) => !(k in DEFAULT_PORTS) && !k.startsWith('$') && k !== 'description');
	if (unknownKeys.length) throw new Error(`${file}: unknown section(s) ${unknownKeys.join(', ')}`);
	return parsed as Partial<Record<Name, unknown>>;
}

/**
 * The knobs the CLI starts an emulator with, on top of the host defaults (emulators/common defaultKnobs, which
 * have no rate limit): the command line's latency and fault knobs, and for Nextens the rate limit its contract
 * states. emulators/README.md documents the result; test/emulators/cliDefaults.test.ts keeps the two equal.
 */
export function cliKnobs(opts: CliOptions, name: Name): DeepPartial<Knobs> {
	const knobs: DeepPartial<Knobs> = { latency: { fixedMs: opts.latencyMs, jitterMs: opts.jitterMs }, faults: { ...opts.faults } };
	if (name === 'nextens' && opts.nextensRateLimit) knobs.rateLimit = { ...NEXTENS_CONTRACT_RATE_LIMIT };
	return knobs;
}

export async function startAll(opts: CliOptions): Promise<Array<RunningEmulator<unknown>>> {
	const seeds = opts.seedFile ? readSeedFile(opts.seedFile) : {};
	const started: Array<RunningEmulator<unknown>> = [];
	try {
		for (const name of opts.only) {
			started.push(
				await startEmulator(SERVICES[name], {
					port: opts.ports[name],
					host: opts.host,
					knobs: cliKnobs(opts, name),
					seed: seeds[name],
					stateFile: opts.stateDir ? path.join(opts.stateDir, `${name}.json`) : undefined,
				}),
			);
		}
	} catch (error) {
		await Promise.all(started.map((e) => e.close()));
		const name = opts.only[started.length];
		if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE' && name) {
			throw new Error(
				`port ${opts.ports[name]} on ${opts.host} is already in use, so the ${name} emulator cannot listen on it. ` +
					`Stop what uses it (another \`npm run emulators\`, or \`npm start\`, which runs the same emulators), ` +
					`or choose another port with --${name}-port <port>.`,
			);
		}
		throw error;
	}
	return started;
}

async function main(): Promise<void> {
	let opts: CliOptions;
	try {
		opts = parseArgs(process.argv.slice(2));
	} catch (error) {
		const msg = (error as Error).message;
		if (msg !== 'help') console.error(`emulators: ${msg}\n`);
		console.log(USAGE);
		process.exit(msg === 'help' ? 0 : 2);
	}
	let running: Array<RunningEmulator<unknown>>;
	try {
		running = await startAll(opts);
	} catch (error) {
		console.error(`emulators: could not start: ${(error as Error).message}`);
		process.exit(1);
	}
	console.log('Emulators running (Ctrl-C to stop):');
	for (const em of running) {
		const p = BASE_PATHS[em.name as Name];
		console.log(`  ${em.name.padEnd(12)} base URL ${em.url}${p.base}   (${p.hint})`);
		console.log(`  ${''.padEnd(12)} admin    ${em.url}/__admin   (state, requests, knobs, reset, service/...)`);
	}
	if (opts.stateDir) console.log(`State persisted in ${path.resolve(opts.stateDir)}`);
	if (opts.latencyMs || opts.jitterMs) console.log(`Latency ${opts.latencyMs} ms + jitter up to ${opts.jitterMs} ms`);
	if (opts.only.includes('nextens')) {
		const limit = NEXTENS_CONTRACT_RATE_LIMIT;
		console.log(
			opts.nextensRateLimit
				? `Nextens rate limit on: ${limit.requestsPerSecond} requests/s per token, burst ${limit.burst} (--no-nextens-rate-limit turns it off)`
				: 'Nextens rate limit off',
		);
	}
	if (Object.keys(opts.faults).length) console.log(`Fault knobs: ${JSON.stringify(opts.faults)}`);
	console.log('Demo credentials: Nmbrs payroll@voorbeeld.nl / demo-nmbrs-token / domain voorbeeld; e-Boekhouden demo-eboekhouden-token; Nextens demo-nextens-token');

	let stopping = false;
	const stop = (signal: string): void => {
		if (stopping) process.exit(1);
		stopping = true;
		console.log(`\n${signal}: closing emulators...`);
		Promise.all(running.map((e) => e.close())).then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
	void main();
}
