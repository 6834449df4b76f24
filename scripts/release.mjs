// Cuts a release: a commit on top of the current one in which every reference to this repository's actions
// and workflows (.github/workflows, examples, README) names the release tag instead of @main, tagged with it.
// The branch itself keeps @main. Usage: node scripts/release.mjs v1.2.0, then git push origin v1.2.0
// (the release workflow, .github/workflows/release.yml, does both).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const version = process.argv[2] ?? '';
const fail = (message) => {
  console.error(`release: ${message}`);
  process.exit(1);
};
if (!/^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version))
  fail(`'${version}' is not a version tag like v1.2.0.`);

const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
if (git('status', '--porcelain') !== '')
  fail('the working tree has uncommitted changes; commit or stash them.');
if (git('tag', '--list', version) !== '') fail(`tag ${version} exists already.`);

const branch = git('rev-parse', '--abbrev-ref', 'HEAD');
const base = git('rev-parse', 'HEAD');
const setRef = (...args) =>
  execFileSync(process.execPath, [join(root, 'scripts', 'set-ref.mjs'), ...args], {
    cwd: root,
    stdio: 'inherit',
  });
git('checkout', '--quiet', '--detach');
try {
  setRef(version);
  setRef(version, '--check');
  git(
    'commit',
    '--quiet',
    '--all',
    '--allow-empty',
    '-m',
    `Release ${version}: workflows call the actions at ${version}`,
  );
  git('tag', '--annotate', version, '-m', `Release ${version}`);
} finally {
  git('checkout', '--quiet', '--force', branch === 'HEAD' ? base : branch);
}
console.log(
  `tagged ${version} (${git('rev-parse', `${version}^{commit}`)}); push it with: git push origin ${version}`,
);
