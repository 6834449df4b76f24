// Static reading of one Terragrunt unit: the files it pulls in, its local module source and its
// dependencies, evaluated from the HCL without running Terragrunt.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseHcl, type Block, type Body, type Expr } from './hcl.js';

export type Value = string | Value[] | { [key: string]: Value } | undefined;

export interface UnitConfig {
  /** Absolute unit directory. */
  dir: string;
  /** Absolute paths of files the config reads (includes, read_terragrunt_config, file, templatefile…). */
  files: Set<string>;
  /** Absolute directories of local Terraform modules the unit uses, with their local module calls. */
  modules: Set<string>;
  /** Absolute directories of units this one depends on (dependency / dependencies blocks). */
  dependencies: Set<string>;
  /** Expressions that could not be resolved statically, for diagnostics. */
  unresolved: string[];
}

/** File-system lookups shared by every unit of one detection run. */
export class ConfigCache {
  private readonly parsed = new Map<string, Body | null>();
  private readonly exists = new Map<string, boolean>();
  private readonly moduleCalls = new Map<string, string[]>();

  constructor(readonly repoRoot: string) {}

  parse(file: string): Body | null {
    let body = this.parsed.get(file);
    if (body === undefined) {
      try {
        body = parseHcl(readFileSync(file, 'utf8'));
      } catch {
        body = null;
      }
      this.parsed.set(file, body);
    }
    return body;
  }

  fileExists(file: string): boolean {
    let found = this.exists.get(file);
    if (found === undefined) {
      found = existsSync(file);
      this.exists.set(file, found);
    }
    return found;
  }

  /** Local module directories called from the .tf files of `dir` (`module "x" { source = "../y" }`). */
  localModuleCalls(dir: string): string[] {
    let calls = this.moduleCalls.get(dir);
    if (calls) return calls;
    calls = [];
    let entries: string[] = [];
    try {
      entries = readdirSync(dir).filter((name) => name.endsWith('.tf') || name.endsWith('.tofu'));
    } catch {
      entries = [];
    }
    for (const name of entries) {
      const body = this.parse(join(dir, name));
      for (const block of body?.blocks ?? []) {
        if (block.type !== 'module') continue;
        const source = literal(block.body.attrs.get('source'));
        if (source && (source.startsWith('./') || source.startsWith('../'))) calls.push(resolve(dir, source));
      }
    }
    this.moduleCalls.set(dir, calls);
    return calls;
  }
}

function literal(expr: Expr | undefined): string | undefined {
  if (expr?.k !== 'str' || !expr.parts.every((part) => typeof part === 'string')) return undefined;
  return expr.parts.join('');
}

interface Scope {
  /** The unit's directory: get_terragrunt_dir(), and the base of relative paths. */
  unitDir: string;
  /** Directory of the file being evaluated (find_in_parent_folders starts from the unit's parent). */
  fileDir: string;
  /** Directory of the included file while evaluating it (get_parent_terragrunt_dir()). */
  includeDir?: string;
  locals: Map<string, Expr>;
  localValues: Map<string, Value>;
  includes: Map<string, Value>;
  depth: number;
}

const MAX_DEPTH = 8;

/** Reads a unit's terragrunt.hcl and everything it includes. */
export function readUnit(cache: ConfigCache, unitDir: string, configName = 'terragrunt.hcl'): UnitConfig {
  const unit: UnitConfig = {
    dir: unitDir,
    files: new Set(),
    modules: new Set(),
    dependencies: new Set(),
    unresolved: [],
  };
  const file = join(unitDir, configName);
  const body = cache.parse(file);
  if (!body) return unit;
  const scope = newScope(unitDir, unitDir, body, 0);

  // Included files: their locals are exposed as include.<name>.locals; their blocks merge into the unit.
  const bodies: [Body, Scope][] = [[body, scope]];
  for (const block of body.blocks.filter((b) => b.type === 'include')) {
    const path = asString(evaluate(block.body.attrs.get('path'), scope, unit, cache));
    if (!path) {
      unit.unresolved.push(`include ${block.labels[0] ?? ''} path`);
      continue;
    }
    const includePath = resolve(unitDir, path);
    unit.files.add(includePath);
    const included = cache.parse(includePath);
    if (!included) continue;
    const includeScope = newScope(unitDir, dirname(includePath), included, 1);
    includeScope.includeDir = dirname(includePath);
    scope.includes.set(block.labels[0] ?? '', { locals: evaluateLocals(includeScope, unit, cache) });
    collect(included, includeScope, unit, cache);
    bodies.push([included, includeScope]);
  }
  collect(body, scope, unit, cache);

  // terraform { source }: the unit's own wins over an included one.
  for (const [candidate, candidateScope] of bodies) {
    const terraform = candidate.blocks.find((b) => b.type === 'terraform');
    const sourceExpr = terraform?.body.attrs.get('source');
    if (!sourceExpr) continue;
    candidateScope.includes = scope.includes;
    const source = asString(evaluate(sourceExpr, candidateScope, unit, cache));
    if (source === undefined) unit.unresolved.push('terraform source');
    else addLocalSource(source, unitDir, unit, cache);
    break;
  }
  return unit;
}

function newScope(unitDir: string, fileDir: string, body: Body, depth: number): Scope {
  const locals = new Map<string, Expr>();
  for (const block of body.blocks) {
    if (block.type === 'locals') for (const [name, expr] of block.body.attrs) locals.set(name, expr);
  }
  return { unitDir, fileDir, locals, localValues: new Map(), includes: new Map(), depth };
}

/** Walks every attribute (recording the files functions read) and the dependency blocks. */
function collect(body: Body, scope: Scope, unit: UnitConfig, cache: ConfigCache): void {
  const walk = (blocks: Block[]) => {
    for (const block of blocks) {
      if (block.type === 'include') continue;
      if (block.type === 'dependency') {
        const path = asString(evaluate(block.body.attrs.get('config_path'), scope, unit, cache));
        if (path) addDependency(path, scope.unitDir, unit);
        else unit.unresolved.push(`dependency "${block.labels[0] ?? ''}" config_path`);
        continue;
      }
      if (block.type === 'dependencies') {
        const paths = evaluate(block.body.attrs.get('paths'), scope, unit, cache);
        if (Array.isArray(paths)) {
          for (const path of paths) {
            if (typeof path === 'string') addDependency(path, scope.unitDir, unit);
            else unit.unresolved.push('dependencies paths');
          }
        } else unit.unresolved.push('dependencies paths');
        continue;
      }
      for (const expr of block.body.attrs.values()) evaluate(expr, scope, unit, cache);
      walk(block.body.blocks);
    }
  };
  for (const expr of body.attrs.values()) evaluate(expr, scope, unit, cache);
  walk(body.blocks);
}

function addDependency(path: string, unitDir: string, unit: UnitConfig): void {
  let dir = resolve(unitDir, path);
  if (basename(dir).endsWith('.hcl')) dir = dirname(dir);
  unit.dependencies.add(dir);
}

const REMOTE_SOURCE = /^(?:[a-z0-9]+::|tfr:|git@|github\.com\/|bitbucket\.org\/|https?:|s3:|gcs:)/i;

function addLocalSource(source: string, unitDir: string, unit: UnitConfig, cache: ConfigCache): void {
  if (REMOTE_SOURCE.test(source)) return;
  // `modules//ecs`: Terragrunt copies `modules` and runs in `modules/ecs`.
  const path = source.split('?')[0]!.replace(/\/\/+/g, '/');
  const dir = resolve(unitDir, path);
  const stack = [dir];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (unit.modules.has(next)) continue;
    unit.modules.add(next);
    stack.push(...cache.localModuleCalls(next));
  }
}

function evaluateLocals(scope: Scope, unit: UnitConfig, cache: ConfigCache): Value {
  const result: { [key: string]: Value } = {};
  for (const name of scope.locals.keys()) result[name] = local(name, scope, unit, cache);
  return result;
}

function local(name: string, scope: Scope, unit: UnitConfig, cache: ConfigCache): Value {
  if (scope.localValues.has(name)) return scope.localValues.get(name);
  scope.localValues.set(name, undefined); // guards against cycles
  const value = evaluate(scope.locals.get(name), scope, unit, cache);
  scope.localValues.set(name, value);
  return value;
}

function asString(value: Value): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function evaluate(expr: Expr | undefined, scope: Scope, unit: UnitConfig, cache: ConfigCache): Value {
  if (!expr) return undefined;
  switch (expr.k) {
    case 'lit':
      return expr.value;
    case 'str': {
      let text = '';
      let known = true;
      for (const part of expr.parts) {
        if (typeof part === 'string') text += part;
        else {
          const value = evaluate(part, scope, unit, cache);
          if (typeof value === 'string') text += value;
          else known = false;
        }
      }
      return known ? text : undefined;
    }
    case 'list':
      return expr.items.map((item) => evaluate(item, scope, unit, cache));
    case 'obj': {
      const result: { [key: string]: Value } = {};
      for (const [key, value] of expr.entries) result[key] = evaluate(value, scope, unit, cache);
      return result;
    }
    case 'unknown':
      for (const part of expr.parts) evaluate(part, scope, unit, cache);
      return undefined;
    case 'ref':
      return reference(expr.path, scope, unit, cache);
    case 'call':
      return call(expr, scope, unit, cache);
  }
}

function reference(path: string[], scope: Scope, unit: UnitConfig, cache: ConfigCache): Value {
  const [root, ...rest] = path;
  let value: Value;
  if (root === 'local' && rest.length > 0) value = local(rest.shift()!, scope, unit, cache);
  else if (root === 'include' && rest.length > 0) value = scope.includes.get(rest.shift()!);
  else return undefined;
  for (const key of rest) {
    if (value === undefined || typeof value === 'string' || Array.isArray(value)) return undefined;
    value = value[key];
  }
  return value;
}

function call(expr: Extract<Expr, { k: 'call' }>, scope: Scope, unit: UnitConfig, cache: ConfigCache): Value {
  const args = expr.args.map((arg) => evaluate(arg, scope, unit, cache));
  const first = asString(args[0]);
  switch (expr.name) {
    case 'get_terragrunt_dir':
      return scope.unitDir;
    case 'get_original_terragrunt_dir':
      return scope.unitDir;
    case 'get_parent_terragrunt_dir':
      return scope.includeDir ?? scope.unitDir;
    case 'get_repo_root':
      return cache.repoRoot;
    case 'get_path_to_repo_root':
      return relative(scope.unitDir, cache.repoRoot) || '.';
    case 'get_path_from_repo_root':
      return relative(cache.repoRoot, scope.unitDir) || '.';
    case 'path_relative_to_include':
      return relative(scope.includeDir ?? scope.unitDir, scope.unitDir) || '.';
    case 'path_relative_from_include':
      return relative(scope.unitDir, scope.includeDir ?? scope.unitDir) || '.';
    case 'dirname':
      return first === undefined ? undefined : dirname(first);
    case 'basename':
      return first === undefined ? undefined : basename(first);
    case 'abspath':
      return first === undefined ? undefined : resolve(scope.unitDir, first);
    case 'trimspace':
      return first?.trim();
    case 'lower':
      return first?.toLowerCase();
    case 'find_in_parent_folders':
      return findInParentFolders(
        expr.args.length === 0 ? 'terragrunt.hcl' : first,
        args[1],
        scope,
        unit,
        cache,
      );
    case 'read_terragrunt_config': {
      if (first === undefined) {
        unit.unresolved.push('read_terragrunt_config path');
        return undefined;
      }
      const file = resolve(scope.unitDir, first);
      unit.files.add(file);
      const body = scope.depth < MAX_DEPTH ? cache.parse(file) : null;
      if (!body) return args[1];
      const inner = newScope(scope.unitDir, dirname(file), body, scope.depth + 1);
      collect(body, inner, unit, cache);
      return { locals: evaluateLocals(inner, unit, cache) };
    }
    case 'file':
    case 'templatefile':
    case 'fileexists':
    case 'filebase64':
    case 'sops_decrypt_file':
      if (first !== undefined) unit.files.add(resolve(scope.unitDir, first));
      return undefined;
    default:
      return undefined;
  }
}

/** Terragrunt's find_in_parent_folders: the nearest match above the unit's directory. */
function findInParentFolders(
  name: string | undefined,
  fallback: Value,
  scope: Scope,
  unit: UnitConfig,
  cache: ConfigCache,
): Value {
  if (name === undefined) {
    unit.unresolved.push('find_in_parent_folders argument');
    return fallback;
  }
  if (isAbsolute(name)) return name;
  let dir = dirname(scope.unitDir);
  for (;;) {
    const candidate = join(dir, name);
    if (cache.fileExists(candidate)) {
      unit.files.add(candidate);
      return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir || !isInside(dir, cache.repoRoot)) break;
    dir = parent;
  }
  return fallback;
}

export function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith('/') ? root : root + '/');
}
