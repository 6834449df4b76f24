// Bundles every src/actions/<name>/index.ts into dist/<name>/ with ncc (minified, licenses file, ESM).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const actionsDir = join(root, 'src', 'actions');
const only = process.argv.slice(2);

export function actionNames() {
  return readdirSync(actionsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(actionsDir, entry.name, 'index.ts')))
    .map((entry) => entry.name)
    .sort();
}

const names = actionNames().filter((name) => only.length === 0 || only.includes(name));
for (const name of names) {
  const out = join(root, 'dist', name);
  rmSync(out, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js'),
      'build',
      join(actionsDir, name, 'index.ts'),
      '--out',
      out,
      '--minify',
      '--license',
      'licenses.txt',
      '--target',
      'es2022',
      '--quiet',
    ],
    { stdio: 'inherit', cwd: root },
  );
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
  console.log(`built dist/${name}`);
}
