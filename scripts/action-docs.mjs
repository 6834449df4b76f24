// Writes each action's inputs and outputs tables into actions/<name>/README.md from its action.yml.
//
//   node scripts/action-docs.mjs          rewrite the tables
//   node scripts/action-docs.mjs --check  fail when a README's tables differ from its action.yml
//
// The tables sit between `<!-- action-docs:inputs -->` / `<!-- action-docs:outputs -->` and the matching
// `<!-- /action-docs:... -->` markers; everything else in the README is left as written.
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = new URL('..', import.meta.url).pathname;
const actionsDir = join(root, 'actions');

const cell = (text) =>
  String(text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
const code = (text) => (text === '' ? '' : `\`${cell(text).replace(/`/g, "'")}\``);

export function inputsTable(inputs = {}) {
  const rows = Object.entries(inputs).map(([name, spec]) => {
    const required = spec?.required === true || spec?.required === 'true';
    const fallback = spec?.default === undefined ? '' : String(spec.default);
    return `| \`${name}\` | ${required ? 'yes' : ''} | ${code(fallback)} | ${cell(spec?.description)} |`;
  });
  if (rows.length === 0) return '_No inputs._';
  return ['| input | required | default | description |', '|---|---|---|---|', ...rows].join('\n');
}

export function outputsTable(outputs = {}) {
  const rows = Object.entries(outputs).map(([name, spec]) => `| \`${name}\` | ${cell(spec?.description)} |`);
  if (rows.length === 0) return '_No outputs._';
  return ['| output | description |', '|---|---|', ...rows].join('\n');
}

/** Returns the README text with both generated sections replaced; throws when a marker is missing. */
export function renderReadme(readme, action, file = 'README.md') {
  let text = readme;
  for (const [section, table] of [
    ['inputs', inputsTable(action.inputs)],
    ['outputs', outputsTable(action.outputs)],
  ]) {
    const open = `<!-- action-docs:${section} -->`;
    const close = `<!-- /action-docs:${section} -->`;
    const start = text.indexOf(open);
    const end = text.indexOf(close);
    if (start < 0 || end < start) {
      throw new Error(`${file}: add the markers ${open} and ${close} where the ${section} table belongs`);
    }
    text = `${text.slice(0, start + open.length)}\n\n${table}\n\n${text.slice(end)}`;
  }
  return text;
}

export function actionNames() {
  return readdirSync(actionsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(actionsDir, entry.name, 'action.yml')))
    .map((entry) => entry.name)
    .sort();
}

/** Names of the actions whose README differs from what its action.yml generates (and the expected text). */
export function staleReadmes() {
  const stale = [];
  for (const name of actionNames()) {
    const readmePath = join(actionsDir, name, 'README.md');
    const action = parse(readFileSync(join(actionsDir, name, 'action.yml'), 'utf8'));
    const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '';
    const expected = renderReadme(readme, action, `actions/${name}/README.md`);
    if (expected !== readme) stale.push({ name, path: readmePath, expected });
  }
  return stale;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  try {
    const stale = staleReadmes();
    if (check) {
      if (stale.length > 0) {
        console.error(
          `The inputs/outputs tables of ${stale.map((s) => `actions/${s.name}/README.md`).join(', ')} differ from action.yml: run \`node scripts/action-docs.mjs\` and commit.`,
        );
        process.exit(1);
      }
      console.log('action READMEs match their action.yml');
    } else {
      for (const { name, path, expected } of stale) {
        writeFileSync(path, expected);
        console.log(`wrote actions/${name}/README.md`);
      }
    }
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
