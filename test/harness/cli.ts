/**
 * Runs one workflow in a real n8n process with this package installed and prints the execution result as JSON.
 *
 *   npm run e2e:run -- --workflow workflows/x.json [--credentials creds.json] [--n8n <pinned version>] (default: the primary, N8N_VERSIONS[0])
 *                      [--tarball pack.tgz | --no-package] [--raw] [--env KEY=VALUE ...]
 *
 * --credentials: a JSON array as `n8n import:credentials` takes it (`data` as a plain object).
 * --raw: print the complete run object n8n returned instead of the per-node summary.
 * Exit code: 0 when the workflow ran without error, 1 otherwise (the JSON is printed either way), 2 on bad usage.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { N8N_VERSIONS, runWorkflow, type CredentialInput } from './n8n';

interface Args {
	workflow?: string;
	credentials?: string;
	version: string;
	tarball?: string | null;
	raw: boolean;
	env: Record<string, string>;
}

const USAGE =
	'usage: npm run e2e:run -- --workflow <file> [--credentials <file>] [--n8n <version>] [--tarball <file> | --no-package] [--raw] [--env KEY=VALUE]';

function parseArgs(argv: string[]): Args {
	const args: Args = { version: N8N_VERSIONS[0], raw: false, env: {} };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split(/=(.*)/s, 2);
		const value = () => {
			const v = inline ?? argv[++i];
			if (v === undefined) throw new Error(`${flag} needs a value`);
			return v;
		};
		switch (flag) {
			case '--workflow':
				args.workflow = value();
				break;
			case '--credentials':
				args.credentials = value();
				break;
			case '--n8n':
				args.version = value();
				break;
			case '--tarball':
				args.tarball = value();
				break;
			case '--no-package':
				args.tarball = null;
				break;
			case '--raw':
				args.raw = true;
				break;
			case '--env': {
				const pair = value();
				const eq = pair.indexOf('=');
				if (eq < 1) throw new Error(`--env expects KEY=VALUE, got "${pair}"`);
				args.env[pair.slice(0, eq)] = pair.slice(eq + 1);
				break;
			}
			case '--help':
			case '-h':
				process.stdout.write(`${USAGE}\n`);
				process.exit(0);
				break;
			default:
				throw new Error(`unknown argument "${argv[i]}"`);
		}
	}
	if (!args.workflow) throw new Error('--workflow is required');
	return args;
}

async function main(): Promise<number> {
	let args: Args;
	try {
		args = parseArgs(process.argv.slice(2));
	} catch (error) {
		process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
		return 2;
	}
	// `npm run` changes into the project folder: resolve paths against where the command was typed.
	const base = process.env.INIT_CWD ?? process.cwd();
	const credentials = args.credentials
		? (JSON.parse(fs.readFileSync(path.resolve(base, args.credentials), 'utf8')) as CredentialInput[])
		: [];
	const result = await runWorkflow({
		version: args.version,
		workflow: path.resolve(base, args.workflow as string),
		credentials,
		tarball: typeof args.tarball === 'string' ? path.resolve(base, args.tarball) : args.tarball,
		env: args.env,
	});
	const output = args.raw ? (result.run ?? result.toJSON()) : { n8n: args.version, ...result.toJSON() };
	process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
	return result.ok ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(1);
	},
);
