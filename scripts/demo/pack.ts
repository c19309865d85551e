/**
 * Builds and packs the node pack (`npm run build` + `npm pack`) only when its sources changed, and installs the
 * tarball into an n8n user folder exactly as users get it: `<userFolder>/.n8n/nodes/node_modules/<package>`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { hashTree, readJson, runOrThrow, sha256File, writeJson } from './util';

export const PACKAGE_NAME = 'n8n-nodes-nl-accountancy';

/** Everything that ends up in dist/ or decides what npm pack produces. */
const PACK_INPUTS = ['package.json', 'tsconfig.json', 'gulpfile.js', 'nodes', 'credentials'];

export interface PackResult {
	tarball: string;
	sha256: string;
	rebuilt: boolean;
}

interface PackStamp {
	sourceHash: string;
	tarball: string;
	sha256: string;
}

export async function ensurePack(root: string, packDir: string, log: (line: string) => void): Promise<PackResult> {
	const stampFile = path.join(packDir, 'stamp.json');
	const sourceHash = hashTree(root, PACK_INPUTS);
	const stamp = readJson<PackStamp | null>(stampFile, null);
	if (stamp && stamp.sourceHash === sourceHash && fs.existsSync(stamp.tarball) && sha256File(stamp.tarball) === stamp.sha256) {
		return { tarball: stamp.tarball, sha256: stamp.sha256, rebuilt: false };
	}
	log('building the node pack (npm run build) ...');
	await runOrThrow('npm run build', 'npm', ['run', '-s', 'build'], { cwd: root });
	fs.mkdirSync(packDir, { recursive: true });
	for (const old of fs.readdirSync(packDir).filter((name) => name.endsWith('.tgz'))) {
		fs.rmSync(path.join(packDir, old));
	}
	log('packing it (npm pack) ...');
	const output = await runOrThrow('npm pack', 'npm', ['pack', '--json', '--pack-destination', packDir], { cwd: root });
	const json = JSON.parse(output.slice(output.indexOf('['))) as Array<{ filename: string }>;
	const tarball = path.join(packDir, path.basename(json[0].filename));
	const sha256 = sha256File(tarball);
	writeJson(stampFile, { sourceHash, tarball, sha256 } satisfies PackStamp);
	return { tarball, sha256, rebuilt: true };
}

/**
 * Extracts the tarball into `<userFolder>/.n8n/nodes/node_modules/n8n-nodes-nl-accountancy` when it differs from
 * what is there. Returns true when it (re)installed.
 */
export async function installPack(pack: PackResult, userFolder: string): Promise<boolean> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	const stampFile = path.join(target, '.demo-pack-sha256');
	if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8').trim() === pack.sha256) return false;

	const staging = path.join(nodesDir, `.staging-${process.pid}`);
	fs.rmSync(staging, { recursive: true, force: true });
	fs.mkdirSync(staging, { recursive: true });
	await runOrThrow('extracting the pack', 'tar', ['-xzf', pack.tarball, '-C', staging], { cwd: nodesDir });
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(path.dirname(target), { recursive: true });
	fs.renameSync(path.join(staging, 'package'), target);
	fs.rmSync(staging, { recursive: true, force: true });
	fs.writeFileSync(stampFile, `${pack.sha256}\n`);

	return true;
}
