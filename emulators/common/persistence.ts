/**
 * The state file of an emulator: the whole service state, written atomically (temporary file + rename) after
 * every change and before the response goes out, and read back at start and on a simulated restart.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface PersistedFile {
	format: 'nl-accountancy-emulator-state';
	version: 1;
	service: string;
	savedAt: string;
	state: unknown;
}

export interface StateFile {
	readonly file: string;
	/** found: false when there is no file yet (a first start). */
	load(): { found: boolean; state?: unknown };
	save(state: unknown): void;
}

/**
 * Write via a temporary file and rename, so a reader (or a restarted emulator) sees the old or the new state,
 * never a torn file. The data reaches the OS before the response goes out, which survives a killed or restarted
 * emulator process; set `fsync` to also survive a machine crash (slower).
 */
let tmpCounter = 0;
function writeAtomic(file: string, content: string, fsync: boolean): void {
	const tmp = `${file}.${process.pid}.${++tmpCounter}.tmp`;
	try {
		fs.writeFileSync(tmp, content);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(tmp, content);
	}
	if (fsync) {
		const fd = fs.openSync(tmp, 'r+');
		try {
			fs.fsyncSync(fd);
		} finally {
			fs.closeSync(fd);
		}
	}
	fs.renameSync(tmp, file);
}

export function openStateFile(file: string, serviceName: string, fsync: boolean): StateFile {
	const resolved = path.resolve(file);
	return {
		file: resolved,
		load() {
			if (!fs.existsSync(resolved)) return { found: false };
			const parsed = JSON.parse(fs.readFileSync(resolved, 'utf8')) as PersistedFile;
			if (parsed.format !== 'nl-accountancy-emulator-state' || parsed.service !== serviceName) {
				throw new Error(`State file ${resolved} does not hold ${serviceName} emulator state`);
			}
			return { found: true, state: parsed.state };
		},
		save(state) {
			const content: PersistedFile = {
				format: 'nl-accountancy-emulator-state',
				version: 1,
				service: serviceName,
				savedAt: new Date().toISOString(),
				state,
			};
			writeAtomic(resolved, JSON.stringify(content), fsync);
		},
	};
}
