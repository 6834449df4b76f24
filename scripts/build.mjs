// Bundles every src/actions/<name>/index.ts into dist/<name>/ with ncc (minified, licenses file, ESM),
// as many at a time as the machine has cores (each ncc build is one busy process).
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeManifest } from './lib/bundle-manifest.mjs';

const root = new URL('..', import.meta.url).pathname;
const actionsDir = join(root, 'src', 'actions');
const only = process.argv.slice(2);

function actionNames() {
  return readdirSync(actionsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(actionsDir, entry.name, 'index.ts')))
    .map((entry) => entry.name)
    .sort();
}

async function build(name) {
  const out = join(root, 'dist', name);
  rmSync(out, { recursive: true, force: true });
  const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
  const args = ['build', join(actionsDir, name, 'index.ts'), '--out', out, '--minify'];
  args.push('--license', 'licenses.txt', '--target', 'es2022', '--quiet');
  try {
    await promisify(execFile)(process.execPath, [ncc, ...args], { cwd: root, maxBuffer: 64 << 20 });
  } catch (error) {
    process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
    throw new Error(`ncc could not bundle src/actions/${name}/index.ts (see above)`);
  }
  // ncc minifies index.js only; the chunks of lazy imports (AWS SDK, Octokit, yaml, undici) are minified here.
  const { transformSync } = await import('esbuild');
  for (const chunk of readdirSync(out).filter((file) => /^\d+\.index\.js$/.test(file))) {
    const source = readFileSync(join(out, chunk), 'utf8');
    const { code } = transformSync(source, {
      minify: true,
      format: 'esm',
      target: 'es2022',
      legalComments: 'none',
    });
    writeFileSync(join(out, chunk), code);
  }
  writeFileSync(join(out, 'package.json'), '{\n  "type": "module"\n}\n');
  await writeManifest(root, name);
  console.log(`built dist/${name}`);
}

const queue = actionNames().filter((name) => only.length === 0 || only.includes(name));
const worker = async () => {
  for (let name = queue.shift(); name; name = queue.shift()) await build(name);
};
try {
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), queue.length) }, worker));
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
