// Points every reference to this repository's actions and workflows at one ref, so a release's reusable
// workflows call the actions of the same release. Usage: node scripts/set-ref.mjs v1.2.0 [--check]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const OWN_REPOSITORY = 'platform-actions/platform-actions';
const root = new URL('..', import.meta.url).pathname;
const [ref, flag] = process.argv.slice(2);
if (!ref || !/^[\w./-]+$/.test(ref)) {
  console.error('usage: node scripts/set-ref.mjs <ref> [--check]   e.g. v1.2.0 or main');
  process.exit(2);
}

const files = ['.github/workflows', 'examples']
  .flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true }).map((file) => join(root, dir, String(file))),
  )
  .filter((file) => /\.ya?ml$/.test(file))
  .concat(join(root, 'README.md'));

const pattern = new RegExp(
  `(${OWN_REPOSITORY}/(?:actions/[a-z0-9-]+|\\.github/workflows/[a-z0-9-]+\\.ya?ml))@[\\w./-]+`,
  'g',
);
let stale = 0;
for (const file of files) {
  const before = readFileSync(file, 'utf8');
  const after = before.replace(pattern, `$1@${ref}`);
  if (after === before) continue;
  stale++;
  if (flag === '--check') console.error(`${relative(root, file)} references another ref than ${ref}`);
  else writeFileSync(file, after);
}
if (flag === '--check' && stale > 0) process.exit(1);
console.log(flag === '--check' ? `all references use @${ref}` : `${stale} file(s) now reference @${ref}`);
