/**
 * A throw-away community node package, generated into a temporary folder and packed with `npm pack`, to prove the
 * harness's package path (pack -> extract into .n8n/nodes/node_modules -> `<package>.<node>` type -> credentials
 * imported and decrypted) independently of this project's own nodes. Never shipped, never written into nodes/.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const PROBE_PACKAGE = 'n8n-nodes-harness-probe';
export const PROBE_NODE_TYPE = `${PROBE_PACKAGE}.harnessProbe`;
export const PROBE_CREDENTIAL_TYPE = 'harnessProbeApi';

const NODE_JS = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.HarnessProbe = void 0;
const crypto = require("crypto");
const n8n_workflow_1 = require("n8n-workflow");
class HarnessProbe {
	constructor() {
		this.description = {
			displayName: "Harness Probe",
			name: "harnessProbe",
			icon: "fa:vial",
			group: ["transform"],
			version: 1,
			description: "Echoes its input with a greeting and a fingerprint of its credential",
			defaults: { name: "Harness Probe" },
			inputs: ["main"],
			outputs: ["main"],
			credentials: [{ name: "harnessProbeApi", required: true }],
			properties: [
				{ displayName: "Greeting", name: "greeting", type: "string", default: "hello" },
				{ displayName: "Fail", name: "fail", type: "boolean", default: false },
			],
		};
	}
	async execute() {
		const items = this.getInputData();
		const credentials = await this.getCredentials("harnessProbeApi");
		const token = String(credentials.token);
		const out = [];
		for (let i = 0; i < items.length; i++) {
			if (this.getNodeParameter("fail", i)) {
				throw new n8n_workflow_1.NodeOperationError(this.getNode(), "Probe failed on purpose", {
					itemIndex: i,
					description: "The Fail option of the probe node is on",
				});
			}
			out.push({
				json: {
					...items[i].json,
					greeting: this.getNodeParameter("greeting", i),
					tokenLength: token.length,
					tokenSha256: crypto.createHash("sha256").update(token).digest("hex"),
				},
				pairedItem: { item: i },
			});
		}
		return [out];
	}
}
exports.HarnessProbe = HarnessProbe;
`;

const CREDENTIAL_JS = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.HarnessProbeApi = void 0;
class HarnessProbeApi {
	constructor() {
		this.name = "harnessProbeApi";
		this.displayName = "Harness Probe API";
		this.properties = [
			{ displayName: "Token", name: "token", type: "string", typeOptions: { password: true }, default: "" },
		];
	}
}
exports.HarnessProbeApi = HarnessProbeApi;
`;

/** Writes the probe package into a temporary folder, packs it and returns the tarball path. */
export function packProbePackage(): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-probe-package-'));
	const pkgDir = path.join(dir, 'package');
	const write = (rel: string, text: string) => {
		const file = path.join(pkgDir, rel);
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, text);
	};
	write(
		'package.json',
		`${JSON.stringify(
			{
				name: PROBE_PACKAGE,
				version: '0.0.1',
				private: true,
				license: 'MIT',
				keywords: ['n8n-community-node-package'],
				files: ['dist'],
				n8n: {
					n8nNodesApiVersion: 1,
					nodes: ['dist/nodes/HarnessProbe/HarnessProbe.node.js'],
					credentials: ['dist/credentials/HarnessProbeApi.credentials.js'],
				},
				peerDependencies: { 'n8n-workflow': '*' },
			},
			null,
			2,
		)}\n`,
	);
	write('dist/nodes/HarnessProbe/HarnessProbe.node.js', NODE_JS);
	write('dist/credentials/HarnessProbeApi.credentials.js', CREDENTIAL_JS);
	const env = { ...process.env };
	delete env.NODE_OPTIONS;
	const result = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
		cwd: pkgDir,
		env,
		encoding: 'utf8',
	});
	if (result.status !== 0) throw new Error(`npm pack of the probe package failed:\n${result.stdout}\n${result.stderr}`);
	const info = JSON.parse(result.stdout.slice(result.stdout.indexOf('['))) as Array<{ filename: string }>;
	return path.join(dir, info[0].filename);
}
