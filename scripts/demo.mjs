// npm run demo: installs what it needs on a fresh clone, then runs the deploy pipeline locally.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
if (!existsSync(join(root, 'node_modules', 'tsx'))) {
  console.log('node_modules is missing: running npm ci first');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}
try {
  execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'demo', 'run-demo.ts')], {
    cwd: root,
    stdio: 'inherit',
  });
} catch {
  process.exit(1);
}
