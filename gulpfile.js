// Copies what tsc does not emit into dist/: node and credential icons. Codex files (*.node.json)
// are emitted by tsc itself (resolveJsonModule), but are copied too so a node without an import of
// its codex still ships it.
const { src, dest, task } = require('gulp');

task('build:assets', () =>
	src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist')),
);
