// dist/<name>/inputs.sha256: the hash of everything a bundle was built from and the hash of each file the
// build wrote. `npm run check-dist` compares it with the checkout, so a stale or hand-edited bundle fails in
// a second instead of a full rebuild (`check-dist --rebuild` still rebuilds and compares every byte).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MANIFEST = 'inputs.sha256';
/** Inputs of every bundle besides its own sources: the locked dependencies, the compiler and build settings. */
const SHARED_INPUTS = ['package-lock.json', 'tsconfig.json', join('scripts', 'build.mjs')];

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** The repository files src/actions/<name>/index.ts imports, directly or not (node_modules aside). */
export async function sourceFiles(root, name) {
  const { build } = await import('esbuild');
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: [join('src', 'actions', name, 'index.ts')],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  return Object.keys(metafile.inputs)
    .filter((path) => !path.startsWith('node_modules/'))
    .sort();
}

/** One hash over the bundle's sources and the shared inputs, each by path and content. */
export async function inputsHash(root, name) {
  const files = [...(await sourceFiles(root, name)), ...SHARED_INPUTS];
  return sha256(files.map((file) => `${file}\0${sha256(readFileSync(join(root, file)))}\n`).join(''));
}

function outputFiles(dir) {
  return readdirSync(dir)
    .filter((file) => file !== MANIFEST)
    .sort();
}

export async function writeManifest(root, name) {
  const dir = join(root, 'dist', name);
  const lines = [`inputs ${await inputsHash(root, name)}`];
  for (const file of outputFiles(dir)) lines.push(`${sha256(readFileSync(join(dir, file)))}  ${file}`);
  writeFileSync(join(dir, MANIFEST), `${lines.join('\n')}\n`);
}

/** Why dist/<name>/ is not the build of the checkout's sources, or undefined when it is. */
export async function bundleDrift(root, name) {
  const dir = join(root, 'dist', name);
  const manifestFile = join(dir, MANIFEST);
  if (!existsSync(manifestFile)) return `dist/${name}/${MANIFEST} is missing`;
  const [first, ...rest] = readFileSync(manifestFile, 'utf8').trimEnd().split('\n');
  if (first !== `inputs ${await inputsHash(root, name)}`) {
    return `src/actions/${name} or what it imports changed since dist/${name} was built`;
  }
  const listed = new Map(rest.map((line) => [line.slice(66), line.slice(0, 64)]));
  const present = outputFiles(dir);
  for (const file of present) {
    if (!listed.has(file)) return `dist/${name}/${file} was not written by the build`;
    if (listed.get(file) !== sha256(readFileSync(join(dir, file)))) {
      return `dist/${name}/${file} differs from what the build wrote`;
    }
  }
  const missing = [...listed.keys()].find((file) => !present.includes(file));
  return missing ? `dist/${name}/${missing} is missing` : undefined;
}
