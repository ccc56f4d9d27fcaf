// build.mjs: the esbuild step of build.sh. Bundles src/main.js and
// src/app.css into OUTDIR/app.js and OUTDIR/app.css, rewrites an output only
// when its content changed (so that ninja does not relink the binary for
// nothing), and writes a make-style depfile naming every input.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [outdir, depfile, target] = process.argv.slice(2);
const result = await esbuild.build({
	entryPoints: { app: 'src/main.js', 'app-style': 'src/app.css' },
	bundle: true,
	format: 'esm',
	target: ['chrome100', 'firefox100', 'safari15'],
	minify: true,
	legalComments: 'eof',
	write: false,
	metafile: true,
	outdir: 'out',
	logLevel: 'warning',
});

const wanted = { 'app.js': 'out/app.js', 'app.css': 'out/app-style.css' };
for (const [name, from] of Object.entries(wanted)) {
	const file = result.outputFiles.find((f) => f.path === resolve(from));
	if (!file) throw new Error(`esbuild gave no ${from}`);
	const dest = join(outdir, name);
	const old = existsSync(dest) ? readFileSync(dest) : null;
	if (!old || Buffer.compare(old, Buffer.from(file.contents)) !== 0)
		writeFileSync(dest, file.contents);
}
if (depfile) {
	const esc = (p) => p.replace(/ /g, '\\ ');
	const inputs = Object.keys(result.metafile.inputs).map((p) => esc(resolve(p)));
	inputs.push(esc(resolve('build.mjs')), esc(resolve('package-lock.json')));
	writeFileSync(depfile, `${esc(target)}: ${inputs.join(' ')}\n`);
}
