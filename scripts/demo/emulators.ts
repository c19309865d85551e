/**
 * Starts the three vendor emulators in this process with their deterministic demo data. Their state is saved to
 * `<stateDir>/<service>.json` after every change and loaded on the next start, so what a user did in the demo
 * (clients created, journals posted) is still there after a restart.
 */
import * as path from 'node:path';

import type { EmulatorService, RunningEmulator } from '../../emulators/common/types';

export type EmulatorName = 'nmbrs' | 'eboekhouden' | 'nextens';

export const EMULATOR_LABELS: Record<EmulatorName, string> = {
	nmbrs: 'Nmbrs (payroll, SOAP)',
	eboekhouden: 'e-Boekhouden (bookkeeping, REST)',
	nextens: 'Nextens (tax, REST)',
};

export type EmulatorPorts = Record<EmulatorName, number>;

export const DEFAULT_EMULATOR_PORTS: EmulatorPorts = { nmbrs: 5101, eboekhouden: 5102, nextens: 5103 };

/** Loads a service module; a missing module is reported instead of stopping the demo. */
async function loadService(name: EmulatorName): Promise<EmulatorService<unknown> | string> {
	try {
		switch (name) {
			case 'nmbrs':
				return (await import('../../emulators/nmbrs')).nmbrsService as EmulatorService<unknown>;
			case 'eboekhouden':
				return (await import('../../emulators/eboekhouden')).eboekhoudenService as EmulatorService<unknown>;
			case 'nextens':
				return (await import('../../emulators/nextens')).nextensService as EmulatorService<unknown>;
		}
	} catch (error) {
		return (error as Error).message.split('\n')[0];
	}
}

/** An emulator's port was taken between the demo's port check and its start. */
export class EmulatorPortInUseError extends Error {
	constructor(
		readonly emulator: EmulatorName,
		readonly port: number,
	) {
		super(`the ${emulator} emulator cannot listen on 127.0.0.1:${port}: the port is in use`);
	}
}

export interface StartedEmulators {
	running: Partial<Record<EmulatorName, RunningEmulator<unknown>>>;
	missing: Partial<Record<EmulatorName, string>>;
	close(): Promise<void>;
}

export async function startDemoEmulators(ports: EmulatorPorts, stateDir: string): Promise<StartedEmulators> {
	const { startEmulator } = await import('../../emulators/common/server');
	const running: StartedEmulators['running'] = {};
	const missing: StartedEmulators['missing'] = {};
	const close = async (): Promise<void> => {
		await Promise.all(Object.values(running).map((emulator) => emulator?.close().catch(() => undefined)));
	};
	let current: EmulatorName | undefined;
	try {
		for (const name of Object.keys(ports) as EmulatorName[]) {
			current = name;
			const service = await loadService(name);
			if (typeof service === 'string') {
				missing[name] = service;
				continue;
			}
			running[name] = await startEmulator(service, {
				port: ports[name],
				host: '127.0.0.1',
				stateFile: path.join(stateDir, `${name}.json`),
			});
		}
	} catch (error) {
		await close();
		if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE' && current) throw new EmulatorPortInUseError(current, ports[current]);
		throw new Error(
			`starting the emulators failed: ${(error as Error).message}. To start over with fresh demo data: npm start -- --reset`,
		);
	}
	return { running, missing, close };
}
