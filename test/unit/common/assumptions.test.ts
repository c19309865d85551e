/**
 * The ASSUMPTION files are only true to their word ("nothing else hard-codes these choices") when every
 * value they export is read where the behaviour lives. A constant nobody reads means the behaviour is
 * hard-coded somewhere else, or not implemented at all: wire it there or remove it.
 */
import * as fs from 'fs';
import type { INodeProperties, INodeType } from 'n8n-workflow';
import * as path from 'path';
import * as ts from 'typescript';

import { NextensApi } from '../../../credentials/NextensApi.credentials';
import { EBoekhouden } from '../../../nodes/EBoekhouden/EBoekhouden.node';
import { Nextens } from '../../../nodes/Nextens/Nextens.node';
import { NextensTrigger } from '../../../nodes/Nextens/NextensTrigger.node';
import { Nmbrs } from '../../../nodes/Nmbrs/Nmbrs.node';
import { NmbrsTrigger } from '../../../nodes/Nmbrs/NmbrsTrigger.node';
import * as nodeAssumptions from '../../../nodes/common/assumptions';

const root = path.resolve(__dirname, '../../..');

function parse(file: string): ts.SourceFile {
	return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

const isExported = (node: ts.Node): boolean =>
	ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** Names of the exported constants and functions (values, not types) of a file. */
function exportedValues(file: string): string[] {
	const names: string[] = [];
	for (const statement of parse(file).statements) {
		if (!isExported(statement)) continue;
		if (ts.isVariableStatement(statement)) {
			for (const declaration of statement.declarationList.declarations) {
				if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text);
			}
		} else if (ts.isFunctionDeclaration(statement) && statement.name) {
			names.push(statement.name.text);
		}
	}
	return names;
}

/** Every .ts file below the given folders (relative to the repository root). */
function tsFiles(dirs: string[]): string[] {
	const out: string[] = [];
	const walk = (dir: string): void => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) {
				if (entry.name !== 'node_modules') walk(full);
			} else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
				out.push(full);
			}
		}
	};
	for (const dir of dirs) walk(path.join(root, dir));
	return out;
}

/**
 * Identifiers a file uses in code: comments do not count (they are trivia, not nodes), and neither do
 * import or export lists (an import nothing reads is not a use).
 */
function identifiersUsed(file: string): Set<string> {
	const used = new Set<string>();
	const visit = (node: ts.Node): void => {
		if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
		if (ts.isIdentifier(node)) used.add(node.text);
		ts.forEachChild(node, visit);
	};
	visit(parse(file));
	return used;
}

const cases = [
	{ list: 'nodes/common/assumptions.ts', dirs: ['nodes', 'credentials'] },
	{ list: 'emulators/assumptions.ts', dirs: ['emulators'] },
];

describe.each(cases)('$list', ({ list, dirs }) => {
	const listFile = path.join(root, list);
	const names = exportedValues(listFile);
	const others = tsFiles(dirs).filter((f) => f !== listFile);
	const used = others.map((f) => ({ file: path.relative(root, f), ids: identifiersUsed(f) }));

	test('the exports and the files that may read them are found', () => {
		expect(names.length).toBeGreaterThan(10);
		expect(others.length).toBeGreaterThan(10);
	});

	test.each(names)(`%s is read by another file under ${dirs.join('/, ')}/`, (name) => {
		const readers = used.filter((u) => u.ids.has(name)).map((u) => u.file);
		if (readers.length === 0) {
			throw new Error(
				`${list} exports ${name}, but no other .ts file under ${dirs.join('/, ')}/ reads it: make the code that ` +
					`implements this behaviour use it, or remove it when the behaviour is not implemented`,
			);
		}
	});
});

/**
 * n8n's lint (node-param-default-wrong-for-boolean) wants a boolean parameter default written as a literal,
 * so these few defaults cannot name their constant: they must at least agree with it.
 */
describe('node parameter defaults written as literals agree with nodes/common/assumptions.ts', () => {
	/** Every parameter of that name in a node, at any depth (collections, fixed collections). */
	function parameters(properties: readonly unknown[], name: string): INodeProperties[] {
		const found: INodeProperties[] = [];
		for (const p of properties as Array<INodeProperties & { values?: unknown[] }>) {
			if (p.name === name && 'default' in p) found.push(p);
			if (Array.isArray(p.options)) found.push(...parameters(p.options, name));
			if (Array.isArray(p.values)) found.push(...parameters(p.values, name));
		}
		return found;
	}

	const cases: Array<{ node: INodeType; parameter: string; constant: keyof typeof nodeAssumptions; count: number }> = [
		{ node: new Nmbrs(), parameter: 'onlyLockedRuns', constant: 'NMBRS_ONLY_LOCKED_RUNS_DEFAULT', count: 2 },
		{ node: new NmbrsTrigger(), parameter: 'onlyLockedRuns', constant: 'NMBRS_ONLY_LOCKED_RUNS_DEFAULT', count: 1 },
		{ node: new Nextens(), parameter: 'nameFallback', constant: 'NEXTENS_NAME_FALLBACK_DEFAULT', count: 1 },
		{
			node: new EBoekhouden(),
			parameter: 'useSameCostCentreWhenUnmapped',
			constant: 'EBOEKHOUDEN_COST_CENTRE_MATCH_BY_DESCRIPTION',
			count: 1,
		},
		{ node: new EBoekhouden(), parameter: 'signConvention', constant: 'EBOEKHOUDEN_DEFAULT_MEMORIAAL_SIGN', count: 2 }, // Post Payroll Journal and Reconcile
	];

	test.each(cases)('$node.description.name: $parameter = $constant', ({ node, parameter, constant, count }) => {
		const found = parameters(node.description.properties, parameter);
		expect(found).toHaveLength(count);
		for (const p of found) expect(p.default).toBe(nodeAssumptions[constant]);
	});
});

test('the Nextens credential type name, written as a literal in the credential and the node descriptions, is NEXTENS_CREDENTIAL', () => {
	expect(new NextensApi().name).toBe(nodeAssumptions.NEXTENS_CREDENTIAL);
	for (const node of [new Nextens(), new NextensTrigger()]) {
		expect(node.description.credentials?.map((c) => c.name)).toEqual([nodeAssumptions.NEXTENS_CREDENTIAL]);
	}
});
