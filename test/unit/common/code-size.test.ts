/**
 * Keeps node code readable: no function in nodes/ or credentials/ longer than about 60 lines and no file
 * longer than about 300, unless a `size:` comment says why (on the line above the function, or in the
 * file's first lines for a file).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '../../..');
const MAX_FUNCTION_LINES = 60;
const MAX_FILE_LINES = 300;
const REASON = /\/\/\s*size:|\*\s*size:/i;

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

const files = [...sourceFiles(join(ROOT, 'nodes')), ...sourceFiles(join(ROOT, 'credentials'))];

function functionName(node: ts.Node): string {
	const named = node as ts.Node & { name?: ts.Node };
	if (named.name && ts.isIdentifier(named.name)) return named.name.text;
	const parent = node.parent;
	if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && ts.isIdentifier(parent.name)) return parent.name.text;
	return '(anonymous)';
}

function longFunctions(path: string): string[] {
	const text = readFileSync(path, 'utf8');
	const lines = text.split('\n');
	const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
	const found: string[] = [];
	const visit = (node: ts.Node): void => {
		if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
			const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
			const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
			const length = end - start + 1;
			const above = lines.slice(Math.max(0, start - 3), start + 1).join('\n');
			if (length > MAX_FUNCTION_LINES && !REASON.test(above)) {
				found.push(`${relative(ROOT, path)}:${start + 1} ${functionName(node)} has ${length} lines`);
			}
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

describe('code size in nodes/ and credentials/', () => {
	it(`no function is longer than ${MAX_FUNCTION_LINES} lines without a written reason`, () => {
		expect(files.flatMap(longFunctions)).toEqual([]);
	});

	it(`no file is longer than ${MAX_FILE_LINES} lines without a written reason`, () => {
		const long = files.filter((path) => {
			const lines = readFileSync(path, 'utf8').split('\n');
			return lines.length > MAX_FILE_LINES && !REASON.test(lines.slice(0, 15).join('\n'));
		});
		expect(long.map((path) => relative(ROOT, path))).toEqual([]);
	});
});
