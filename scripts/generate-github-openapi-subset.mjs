#!/usr/bin/env node
// Writes test/harness/github/schema/openapi-subset.json: the operations listed in
// test/harness/github/operations.json, cut out of GitHub's published OpenAPI description
// (@octokit/openapi, api.github.com) together with every component they reference.
// The full package is several hundred MB, so it is fetched with `npm pack` into a temp dir, never installed.
//   node scripts/generate-github-openapi-subset.mjs [--from path/to/api.github.com.json]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const listFile = join(root, 'test/harness/github/operations.json');
const outFile = join(root, 'test/harness/github/schema/openapi-subset.json');
const { openapiVersion, operations } = JSON.parse(readFileSync(listFile, 'utf8'));

function loadDescription() {
  const fromIndex = process.argv.indexOf('--from');
  if (fromIndex !== -1) return JSON.parse(readFileSync(process.argv[fromIndex + 1], 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'github-openapi-'));
  try {
    const spec = `@octokit/openapi@${openapiVersion}`;
    console.log(`Fetching ${spec} ...`);
    const tarball = execFileSync('npm', ['pack', spec, '--silent'], { cwd: dir, encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop();
    execFileSync('tar', ['xzf', tarball, 'package/generated/api.github.com.json'], { cwd: dir });
    return JSON.parse(readFileSync(join(dir, 'package/generated/api.github.com.json'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const description = loadDescription();

function resolvePointer(ref) {
  if (!ref.startsWith('#/')) throw new Error(`External $ref not supported: ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((node, key) => node?.[key], description);
}

/** Drops examples (large, unused) and inlines component parameters/responses/headers; schema refs stay refs. */
function clean(node) {
  if (Array.isArray(node)) return node.map(clean);
  if (!node || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string' && !node.$ref.startsWith('#/components/schemas/'))
    return clean(resolvePointer(node.$ref));
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'examples' || key === 'example') continue;
    out[key] = clean(value);
  }
  return out;
}

const wanted = new Set(operations);
const paths = {};
for (const [path, item] of Object.entries(description.paths)) {
  for (const [method, operation] of Object.entries(item)) {
    if (!wanted.has(operation?.operationId)) continue;
    wanted.delete(operation.operationId);
    const shared = item.parameters ?? [];
    paths[path] ??= {};
    paths[path][method] = clean({ ...operation, parameters: [...shared, ...(operation.parameters ?? [])] });
  }
}
if (wanted.size > 0)
  throw new Error(`Operations not found in the OpenAPI description: ${[...wanted].join(', ')}`);

// Collect every schema component reachable from the kept operations.
const schemas = {};
const queue = [paths];
while (queue.length > 0) {
  const node = queue.pop();
  if (Array.isArray(node)) queue.push(...node);
  else if (node && typeof node === 'object') {
    if (typeof node.$ref === 'string') {
      const name = node.$ref.slice('#/components/schemas/'.length);
      if (!(name in schemas)) {
        schemas[name] = clean(description.components.schemas[name]);
        queue.push(schemas[name]);
      }
    }
    queue.push(...Object.values(node));
  }
}
const sortedSchemas = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
const subset = {
  openapi: description.openapi,
  info: {
    ...description.info,
    'x-subset-of': `@octokit/openapi@${openapiVersion} api.github.com`,
    'x-operations': operations.length,
  },
  paths,
  components: { schemas: sortedSchemas },
};
writeFileSync(outFile, `${JSON.stringify(subset, null, 1)}\n`);
console.log(
  `Wrote ${relative(root, outFile)}: ${operations.length} operations, ${Object.keys(sortedSchemas).length} schemas.`,
);
