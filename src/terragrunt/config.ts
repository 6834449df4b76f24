// Static reading of one Terragrunt unit: the files it pulls in, its local module source and its
// dependencies, evaluated from the HCL without running Terragrunt. Where a value cannot be known, the
// reading fails closed: both branches of a conditional count, a partly known path becomes a pattern, and an
// unknown module source means "any module".
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseHcl, type Block, type Body, type Expression } from './hcl.js';

/** A value that is any one of `options` (the branches of a conditional, the arguments of `try`). */
export class OneOf {
  constructor(readonly options: Value[]) {}
}

/** A string known only in part: literal text and unknown parts (`undefined`). */
export class PartialString {
  constructor(readonly parts: (string | undefined)[]) {}
  /** The literal text before the first unknown part. */
  get prefix(): string {
    let text = '';
    for (const part of this.parts) {
      if (part === undefined) break;
      text += part;
    }
    return text;
  }
}

export type Value = string | Value[] | { [key: string]: Value } | OneOf | PartialString | undefined;

export const STACK_FILE = 'terragrunt.stack.hcl';
export const STACK_DIR = '.terragrunt-stack';

export interface UnitConfig {
  /** Absolute unit directory (for a stack unit: where `terragrunt stack generate` puts it). */
  dir: string;
  /** The file read as the unit's configuration (a stack unit's comes from its `source`). */
  configFile: string;
  /** Absolute paths of files the config reads (includes, read_terragrunt_config, file, templatefile…). */
  files: Set<string>;
  /** Files read through a path known only in part (absolute path patterns). */
  filePatterns: RegExp[];
  /** Absolute paths of the files it includes (`include` blocks). */
  includes: Set<string>;
  /** Absolute directories of local Terraform modules the unit uses, with their local module calls. */
  modules: Set<string>;
  /** Directories any module under which the unit may use (a source known only in part, a stack unit's source). */
  moduleTrees: Set<string>;
  /** The module source could not be derived at all: any module change affects the unit. */
  anyModule: boolean;
  /** Absolute directories of units this one depends on (dependency / dependencies blocks). */
  dependencies: Set<string>;
  /** Expressions that could not be resolved statically, for diagnostics. */
  unresolved: string[];
  /** The stack file that generates this unit (absolute; the outermost one for nested stacks). */
  stackFile?: string;
}

/** What a module directory's Terraform files call and read. */
export interface ModuleReads {
  /** Local module directories called (`module "x" { source = "../y" }`). */
  calls: string[];
  /** Files read by file-family functions with a known path. */
  files: string[];
  /** Files read through a partly known path. */
  patterns: RegExp[];
  /** Text of the module's configuration files (to tell whether a documentation file is named). */
  text: string;
}

const TERRAFORM_FILE = /\.(?:tf|tofu|tf\.json|tofu\.json)$/;
const FILE_FUNCTIONS = new Set([
  'file',
  'templatefile',
  'filebase64',
  'fileexists',
  'filemd5',
  'filesha1',
  'filesha256',
  'filesha512',
  'filebase64sha256',
  'filebase64sha512',
]);

/** File-system lookups shared by every unit of one detection run. */
export class ConfigCache {
  private readonly parsed = new Map<string, Body | null>();
  private readonly exists = new Map<string, boolean>();
  private readonly moduleReadsCache = new Map<string, ModuleReads>();

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

  isDirectory(path: string): boolean {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  }

  /** The local module calls and file reads in the Terraform files of `dir`. */
  moduleReads(dir: string): ModuleReads {
    let reads = this.moduleReadsCache.get(dir);
    if (reads) return reads;
    reads = { calls: [], files: [], patterns: [], text: '' };
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((name) => TERRAFORM_FILE.test(name));
    } catch {
      names = [];
    }
    for (const name of names) {
      const file = join(dir, name);
      try {
        reads.text += readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      const body = this.parse(file);
      if (!body) continue;
      for (const block of body.blocks) {
        if (block.type !== 'module') continue;
        const source = literal(block.body.attributes.get('source'));
        if (source && (source.startsWith('./') || source.startsWith('../')))
          reads.calls.push(resolve(dir, source));
      }
      for (const expression of expressionsOf(body)) collectTerraformReads(expression, dir, reads);
    }
    this.moduleReadsCache.set(dir, reads);
    return reads;
  }
}

function* expressionsOf(body: Body): Generator<Expression> {
  yield* body.attributes.values();
  for (const block of body.blocks) yield* expressionsOf(block.body);
}

/** Calls of file-family functions in Terraform code; `path.module`/`path.root` is the module directory. */
function collectTerraformReads(expression: Expression, moduleDir: string, reads: ModuleReads): void {
  const visit = (node: Expression): void => {
    switch (node.kind) {
      case 'call':
        if ((FILE_FUNCTIONS.has(node.name) || node.name === 'fileset') && node.args[0]) {
          const path = terraformPath(node.args[0], moduleDir);
          if (node.name === 'fileset') {
            if (typeof path === 'string')
              reads.patterns.push(prefixPattern(path.endsWith(sep) ? path : path + sep));
            else if (path) reads.patterns.push(path);
          } else if (typeof path === 'string') reads.files.push(path);
          else if (path) reads.patterns.push(path);
        }
        node.args.forEach(visit);
        return;
      case 'template':
        for (const part of node.parts) if (typeof part !== 'string') visit(part);
        return;
      case 'list':
        node.items.forEach(visit);
        return;
      case 'object':
        for (const [, value] of node.entries) visit(value);
        return;
      case 'conditional':
        visit(node.condition);
        visit(node.whenTrue);
        visit(node.whenFalse);
        return;
      case 'operation':
        node.operands.forEach(visit);
        return;
      case 'unknown':
        node.parts.forEach(visit);
        return;
      default:
        return;
    }
  };
  visit(expression);
}

/** A Terraform path argument: a path when fully known, a pattern when partly known. */
function terraformPath(expression: Expression, moduleDir: string): string | RegExp | undefined {
  if (expression.kind !== 'template') return undefined;
  const parts: (string | undefined)[] = expression.parts.map((part) => {
    if (typeof part === 'string') return part;
    if (
      part.kind === 'reference' &&
      part.path[0] === 'path' &&
      ['module', 'root', 'cwd'].includes(part.path[1] ?? '')
    )
      return moduleDir;
    return undefined;
  });
  if (parts.every((part) => part !== undefined)) return resolve(moduleDir, parts.join(''));
  return pathPattern(new PartialString(parts), moduleDir) ?? undefined;
}

function literal(expression: Expression | undefined): string | undefined {
  if (expression?.kind !== 'template' || !expression.parts.every((part) => typeof part === 'string'))
    return undefined;
  return expression.parts.join('');
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function prefixPattern(prefix: string): RegExp {
  return new RegExp(`^${escapeRegExp(prefix)}`);
}

/**
 * The files a partly known path can name: the literal prefix (its directory resolved against `baseDir`),
 * then anything for each unknown part. Undefined when nothing is known before the first unknown part.
 */
export function pathPattern(value: PartialString, baseDir: string): RegExp | undefined {
  const prefix = value.prefix;
  if (prefix === '') return undefined;
  const text = value.parts.map((part) => part ?? '\u0000').join('');
  const cut = prefix.lastIndexOf('/') + 1;
  const dir = resolve(baseDir, prefix.slice(0, cut) || '.');
  const rest = text.slice(cut);
  return new RegExp(
    `^${escapeRegExp(dir.endsWith(sep) ? dir : dir + sep)}${rest.split('\u0000').map(escapeRegExp).join('.*')}$`,
  );
}

interface Scope {
  /** get_terragrunt_dir(): the unit's directory, or inside read_terragrunt_config the read file's own. */
  terragruntDir: string;
  /** get_original_terragrunt_dir(): always the unit's directory. */
  originalDir: string;
  /** Directory of the file being evaluated: Terraform functions (`file`, `templatefile`…) resolve from it. */
  fileDir: string;
  /** Directory of the included file while evaluating it (get_parent_terragrunt_dir()). */
  includeDir?: string;
  locals: Map<string, Expression>;
  localValues: Map<string, Value>;
  includes: Map<string, Value>;
  /** `values.*` of a stack unit (its unit block's `values`). */
  values?: Value;
  depth: number;
}

const MAX_DEPTH = 8;

function newUnit(dir: string, configFile: string): UnitConfig {
  return {
    dir,
    configFile,
    files: new Set(),
    filePatterns: [],
    includes: new Set(),
    modules: new Set(),
    moduleTrees: new Set(),
    anyModule: false,
    dependencies: new Set(),
    unresolved: [],
  };
}

export interface ReadUnitOptions {
  /** Config file to read (default `<unitDir>/terragrunt.hcl`); a stack unit's is its source's. */
  configFile?: string;
  /** `values` of a stack unit. */
  values?: Value;
}

/** Reads a unit's terragrunt.hcl and everything it includes. */
export function readUnit(cache: ConfigCache, unitDir: string, options: ReadUnitOptions = {}): UnitConfig {
  const file = options.configFile ?? join(unitDir, 'terragrunt.hcl');
  const unit = newUnit(unitDir, file);
  const body = cache.parse(file);
  if (!body) return unit;
  const scope = newScope(unitDir, unitDir, unitDir, body, 0);
  scope.values = options.values;

  // Included files: their locals are exposed as include.<name>.locals; their blocks merge into the unit.
  const bodies: [Body, Scope][] = [[body, scope]];
  for (const block of body.blocks.filter((b) => b.type === 'include')) {
    const paths = strings(evaluate(block.body.attributes.get('path'), scope, unit, cache));
    if (paths.length === 0) unit.unresolved.push(`include ${block.labels[0] ?? ''} path`);
    for (const path of paths) {
      if (typeof path !== 'string') {
        const pattern = pathPattern(path, unitDir);
        if (pattern) unit.filePatterns.push(pattern);
        unit.unresolved.push(`include ${block.labels[0] ?? ''} path`);
        continue;
      }
      const includePath = resolve(unitDir, path);
      unit.files.add(includePath);
      unit.includes.add(includePath);
      const included = cache.parse(includePath);
      if (!included) continue;
      const includeScope = newScope(unitDir, unitDir, dirname(includePath), included, 1);
      includeScope.includeDir = dirname(includePath);
      includeScope.values = options.values;
      scope.includes.set(block.labels[0] ?? '', { locals: evaluateLocals(includeScope, unit, cache) });
      collect(included, includeScope, unit, cache);
      bodies.push([included, includeScope]);
    }
  }
  collect(body, scope, unit, cache);

  // terraform { source }: the unit's own wins over an included one.
  for (const [candidate, candidateScope] of bodies) {
    const terraform = candidate.blocks.find((b) => b.type === 'terraform');
    const sourceExpression = terraform?.body.attributes.get('source');
    if (!sourceExpression) continue;
    candidateScope.includes = scope.includes;
    addSources(evaluate(sourceExpression, candidateScope, unit, cache), unit, cache);
    break;
  }
  return unit;
}

function newScope(
  terragruntDir: string,
  originalDir: string,
  fileDir: string,
  body: Body,
  depth: number,
): Scope {
  const locals = new Map<string, Expression>();
  for (const block of body.blocks) {
    if (block.type === 'locals')
      for (const [name, expression] of block.body.attributes) locals.set(name, expression);
  }
  return { terragruntDir, originalDir, fileDir, locals, localValues: new Map(), includes: new Map(), depth };
}

/** Walks every attribute (recording the files functions read) and the dependency blocks. */
function collect(body: Body, scope: Scope, unit: UnitConfig, cache: ConfigCache, ownConfig = true): void {
  const walk = (blocks: Block[]) => {
    for (const block of blocks) {
      if (block.type === 'include') continue;
      // Dependencies of a config that is only read (read_terragrunt_config) are not the unit's.
      if (!ownConfig && (block.type === 'dependency' || block.type === 'dependencies')) continue;
      if (block.type === 'dependency') {
        const paths = strings(evaluate(block.body.attributes.get('config_path'), scope, unit, cache));
        if (paths.length === 0 || paths.some((path) => typeof path !== 'string'))
          unit.unresolved.push(`dependency "${block.labels[0] ?? ''}" config_path`);
        for (const path of paths)
          if (typeof path === 'string') addDependency(path, scope.terragruntDir, unit);
        for (const [name, expression] of block.body.attributes)
          if (name !== 'config_path') evaluate(expression, scope, unit, cache);
        continue;
      }
      if (block.type === 'dependencies') {
        const paths = evaluate(block.body.attributes.get('paths'), scope, unit, cache);
        const items = Array.isArray(paths) ? paths.flatMap((path) => strings(path)) : [];
        if (!Array.isArray(paths) || items.some((path) => typeof path !== 'string'))
          unit.unresolved.push('dependencies paths');
        for (const path of items)
          if (typeof path === 'string') addDependency(path, scope.terragruntDir, unit);
        continue;
      }
      for (const expression of block.body.attributes.values()) evaluate(expression, scope, unit, cache);
      walk(block.body.blocks);
    }
  };
  for (const expression of body.attributes.values()) evaluate(expression, scope, unit, cache);
  walk(body.blocks);
}

function addDependency(path: string, baseDir: string, unit: UnitConfig): void {
  let dir = resolve(baseDir, path);
  if (basename(dir).endsWith('.hcl')) dir = dirname(dir);
  unit.dependencies.add(dir);
}

export const REMOTE_SOURCE = /^(?:[a-z0-9]+::|tfr:|git@|github\.com\/|bitbucket\.org\/|https?:|s3:|gcs:)/i;

/** Every module source the value can be: local ones followed, partly known ones as trees, unknown as any. */
function addSources(value: Value, unit: UnitConfig, cache: ConfigCache): void {
  const options = strings(value);
  if (options.length === 0) {
    unit.anyModule = true;
    unit.unresolved.push('terraform source');
    return;
  }
  for (const source of options) {
    if (typeof source === 'string') {
      addLocalSource(source, unit.dir, unit, cache);
      continue;
    }
    const prefix = source.prefix;
    if (REMOTE_SOURCE.test(prefix)) continue;
    if (prefix === '' || !/[/.]/.test(prefix)) {
      unit.anyModule = true;
      unit.unresolved.push('terraform source');
      continue;
    }
    // `../../modules//${local.name}`: any module under ../../modules.
    const known = prefix.slice(0, prefix.lastIndexOf('/') + 1).replace(/\/\/+/g, '/');
    unit.moduleTrees.add(resolve(unit.dir, known || '.'));
    unit.unresolved.push('terraform source (any module under its known directory)');
  }
}

function addLocalSource(source: string, unitDir: string, unit: UnitConfig, cache: ConfigCache): void {
  if (REMOTE_SOURCE.test(source)) return;
  // `modules//ecs`: Terragrunt copies `modules` and runs in `modules/ecs`.
  const path = source.split('?')[0]!.replace(/\/\/+/g, '/');
  addModule(resolve(unitDir, path), unit, cache);
}

export function addModule(dir: string, unit: UnitConfig, cache: ConfigCache): void {
  const stack = [dir];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (unit.modules.has(next)) continue;
    unit.modules.add(next);
    stack.push(...cache.moduleReads(next).calls);
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

const UNKNOWN = new PartialString([undefined]);

/** Every string a value can be (an unknown one as a PartialString with no known prefix); empty for lists and objects. */
export function strings(value: Value): (string | PartialString)[] {
  if (typeof value === 'string' || value instanceof PartialString) return [value];
  if (value instanceof OneOf) return value.options.flatMap((option) => strings(option));
  if (value === undefined) return [UNKNOWN];
  return [];
}

const isStructured = (value: Value) =>
  Array.isArray(value) ||
  (typeof value === 'object' && !(value instanceof OneOf) && !(value instanceof PartialString));

function isRecord(value: Value): value is { [key: string]: Value } {
  return isStructured(value) && !Array.isArray(value);
}

const MAX_OPTIONS = 16;

/** Applies a string function to every option of a value; a partly known or unknown value gives unknown. */
function mapString(value: Value, fn: (text: string) => Value): Value {
  if (typeof value === 'string') return fn(value);
  if (value instanceof OneOf) return oneOf(value.options.map((option) => mapString(option, fn)));
  return undefined;
}

function oneOf(options: Value[]): Value {
  const unique: Value[] = [];
  for (const option of options) {
    if (option instanceof OneOf) unique.push(...option.options);
    else unique.push(option);
  }
  const seen = new Set<string>();
  const kept = unique.filter((option) => {
    if (typeof option !== 'string') return true;
    if (seen.has(option)) return false;
    seen.add(option);
    return true;
  });
  if (kept.length === 1) return kept[0];
  return kept.length > MAX_OPTIONS ? undefined : new OneOf(kept);
}

function template(parts: (string | Expression)[], scope: Scope, unit: UnitConfig, cache: ConfigCache): Value {
  // Each alternative is a list of parts; a OneOf part multiplies them (up to MAX_OPTIONS).
  let alternatives: (string | undefined)[][] = [[]];
  for (const part of parts) {
    if (typeof part === 'string') {
      for (const alternative of alternatives) alternative.push(part);
      continue;
    }
    const value = evaluate(part, scope, unit, cache);
    const options = value instanceof OneOf ? value.options : [value];
    if (alternatives.length * options.length > MAX_OPTIONS) {
      for (const alternative of alternatives) alternative.push(undefined);
      continue;
    }
    alternatives = alternatives.flatMap((alternative) =>
      options.map((option) => [
        ...alternative,
        ...(typeof option === 'string'
          ? [option]
          : option instanceof PartialString
            ? option.parts
            : option instanceof OneOf
              ? [undefined]
              : [undefined]),
      ]),
    );
  }
  const values = alternatives.map((alternative): Value => {
    if (alternative.every((part) => part !== undefined)) return alternative.join('');
    // Merge adjacent literals so `prefix` reads the whole known start.
    const merged: (string | undefined)[] = [];
    for (const part of alternative) {
      const last = merged.length - 1;
      if (part !== undefined && typeof merged[last] === 'string') merged[last] += part;
      else merged.push(part);
    }
    return new PartialString(merged);
  });
  return values.length === 1 ? values[0] : oneOf(values);
}

function evaluate(
  expression: Expression | undefined,
  scope: Scope,
  unit: UnitConfig,
  cache: ConfigCache,
): Value {
  if (!expression) return undefined;
  switch (expression.kind) {
    case 'literal':
      return expression.value;
    case 'template':
      return template(expression.parts, scope, unit, cache);
    case 'list':
      return expression.items.map((item) => evaluate(item, scope, unit, cache));
    case 'object': {
      const result: { [key: string]: Value } = {};
      for (const [key, value] of expression.entries) result[key] = evaluate(value, scope, unit, cache);
      return result;
    }
    case 'conditional': {
      const condition = evaluate(expression.condition, scope, unit, cache);
      if (condition === 'true') return evaluate(expression.whenTrue, scope, unit, cache);
      if (condition === 'false') return evaluate(expression.whenFalse, scope, unit, cache);
      // Unknown condition: either branch (both are read).
      return oneOf([
        evaluate(expression.whenTrue, scope, unit, cache),
        evaluate(expression.whenFalse, scope, unit, cache),
      ]);
    }
    case 'operation':
      for (const operand of expression.operands) evaluate(operand, scope, unit, cache);
      return undefined;
    case 'unknown':
      for (const part of expression.parts) evaluate(part, scope, unit, cache);
      return undefined;
    case 'reference':
      return reference(expression.path, scope, unit, cache);
    case 'call':
      return call(expression, scope, unit, cache);
  }
}

function reference(path: string[], scope: Scope, unit: UnitConfig, cache: ConfigCache): Value {
  const [root, ...rest] = path;
  let value: Value;
  if (root === 'local' && rest.length > 0) value = local(rest.shift()!, scope, unit, cache);
  else if (root === 'include' && rest.length > 0) value = scope.includes.get(rest.shift()!);
  else if (root === 'values') value = scope.values;
  else return undefined;
  for (const key of rest) value = property(value, key);
  return value;
}

function property(value: Value, key: string): Value {
  if (value instanceof OneOf) return oneOf(value.options.map((option) => property(option, key)));
  return isRecord(value) ? value[key] : undefined;
}

/** Records a file a Terragrunt or Terraform function reads; a partly known path is kept as a pattern. */
function recordRead(path: Value, baseDir: string, unit: UnitConfig, what: string): string[] {
  const options = strings(path);
  if (options.length === 0) unit.unresolved.push(`${what} path`);
  const files: string[] = [];
  for (const option of options) {
    if (typeof option === 'string') {
      const file = resolve(baseDir, option);
      unit.files.add(file);
      files.push(file);
    } else {
      const pattern = pathPattern(option, baseDir);
      if (pattern) unit.filePatterns.push(pattern);
      else unit.unresolved.push(`${what} path`);
    }
  }
  return files;
}

function call(
  expression: Extract<Expression, { kind: 'call' }>,
  scope: Scope,
  unit: UnitConfig,
  cache: ConfigCache,
): Value {
  // Arguments are evaluated on demand: a fallback or default that is not used reads nothing.
  const evaluated = new Map<number, Value>();
  const arg = (index: number): Value => {
    if (!evaluated.has(index)) evaluated.set(index, evaluate(expression.args[index], scope, unit, cache));
    return evaluated.get(index);
  };
  const all = () => expression.args.map((_, index) => arg(index));
  switch (expression.name) {
    case 'get_terragrunt_dir':
      return scope.terragruntDir;
    case 'get_original_terragrunt_dir':
      return scope.originalDir;
    case 'get_parent_terragrunt_dir':
      return scope.includeDir ?? scope.terragruntDir;
    case 'get_repo_root':
      return cache.repoRoot;
    case 'get_path_to_repo_root':
      return relative(scope.terragruntDir, cache.repoRoot) || '.';
    case 'get_path_from_repo_root':
      return relative(cache.repoRoot, scope.terragruntDir) || '.';
    case 'path_relative_to_include':
      return relative(scope.includeDir ?? scope.terragruntDir, scope.terragruntDir) || '.';
    case 'path_relative_from_include':
      return relative(scope.terragruntDir, scope.includeDir ?? scope.terragruntDir) || '.';
    case 'dirname':
      return mapString(arg(0), (text) => dirname(text));
    case 'basename':
      return mapString(arg(0), (text) => basename(text));
    case 'abspath':
      return mapString(arg(0), (text) => resolve(scope.originalDir, text));
    case 'trimspace':
      return mapString(arg(0), (text) => text.trim());
    case 'lower':
      return mapString(arg(0), (text) => text.toLowerCase());
    case 'upper':
      return mapString(arg(0), (text) => text.toUpperCase());
    case 'trimprefix': {
      const prefix = arg(1);
      return typeof prefix === 'string'
        ? mapString(arg(0), (text) => (text.startsWith(prefix) ? text.slice(prefix.length) : text))
        : undefined;
    }
    case 'trimsuffix': {
      const suffix = arg(1);
      return typeof suffix === 'string'
        ? mapString(arg(0), (text) => (text.endsWith(suffix) ? text.slice(0, -suffix.length) : text))
        : undefined;
    }
    case 'join': {
      const separator = arg(0);
      const list = arg(1);
      if (typeof separator !== 'string' || !Array.isArray(list) || !list.every((x) => typeof x === 'string'))
        return undefined;
      return list.join(separator);
    }
    case 'format': {
      const values = all();
      const [format, ...rest] = values;
      if (typeof format !== 'string' || !rest.every((x) => typeof x === 'string')) return undefined;
      let index = 0;
      return format.replace(/%[sv%]/g, (directive) =>
        directive === '%%' ? '%' : ((rest[index++] as string) ?? ''),
      );
    }
    case 'merge': {
      const values = all();
      if (!values.every(isRecord)) return undefined;
      return Object.assign({}, ...values) as { [key: string]: Value };
    }
    case 'lookup': {
      const map = arg(0);
      const key = arg(1);
      if (isRecord(map) && typeof key === 'string' && key in map) return map[key];
      return expression.args.length > 2 ? arg(2) : undefined;
    }
    case 'try':
    case 'coalesce':
      // The first that works: statically, any of them.
      return oneOf(all());
    case 'find_in_parent_folders':
      return findInParentFolders(
        expression.args.length === 0 ? 'terragrunt.hcl' : arg(0),
        () => arg(1),
        scope,
        unit,
        cache,
      );
    case 'read_terragrunt_config': {
      const path = arg(0);
      const options = strings(path);
      if (options.length === 0) unit.unresolved.push('read_terragrunt_config path');
      const results: Value[] = [];
      for (const option of options) {
        if (typeof option !== 'string') {
          const pattern = pathPattern(option, scope.terragruntDir);
          if (pattern) unit.filePatterns.push(pattern);
          else unit.unresolved.push('read_terragrunt_config path');
          results.push(undefined);
          continue;
        }
        let file = resolve(scope.terragruntDir, option);
        if (cache.isDirectory(file)) file = join(file, 'terragrunt.hcl');
        unit.files.add(file);
        if (!cache.fileExists(file)) {
          // Terragrunt returns the default (or fails) without reading anything.
          results.push(expression.args.length > 1 ? arg(1) : undefined);
          continue;
        }
        const body = scope.depth < MAX_DEPTH ? cache.parse(file) : null;
        if (!body) {
          results.push(undefined);
          continue;
        }
        // Terragrunt re-roots parsing at the file read: get_terragrunt_dir() and relative paths are its own.
        const inner = newScope(dirname(file), scope.originalDir, dirname(file), body, scope.depth + 1);
        collect(body, inner, unit, cache, false);
        results.push({
          locals: evaluateLocals(inner, unit, cache),
          inputs: evaluate(body.attributes.get('inputs'), inner, unit, cache),
        });
      }
      return results.length === 0 ? undefined : oneOf(results);
    }
    case 'sops_decrypt_file':
    case 'read_tfvars_file':
    case 'mark_as_read':
      recordRead(arg(0), scope.terragruntDir, unit, expression.name);
      return expression.name === 'mark_as_read' ? arg(0) : undefined;
    default:
      if (FILE_FUNCTIONS.has(expression.name)) {
        recordRead(arg(0), scope.fileDir, unit, expression.name);
        for (let index = 1; index < expression.args.length; index++) arg(index);
        return undefined;
      }
      all();
      return undefined;
  }
}

/** Terragrunt's find_in_parent_folders: the nearest match above the config's directory, else the fallback. */
function findInParentFolders(
  name: Value,
  fallback: () => Value,
  scope: Scope,
  unit: UnitConfig,
  cache: ConfigCache,
): Value {
  const names = strings(name);
  if (names.length === 0) {
    unit.unresolved.push('find_in_parent_folders argument');
    return undefined;
  }
  const found: Value[] = [];
  for (const option of names) {
    if (typeof option !== 'string') {
      unit.unresolved.push('find_in_parent_folders argument');
      found.push(undefined);
      continue;
    }
    if (isAbsolute(option)) {
      found.push(option);
      continue;
    }
    let match: string | undefined;
    for (let dir = dirname(scope.terragruntDir); ; dir = dirname(dir)) {
      const candidate = join(dir, option);
      // A nearer candidate that does not exist still matters: deleting it changes which file is found.
      unit.files.add(candidate);
      if (cache.fileExists(candidate)) {
        match = candidate;
        break;
      }
      if (dirname(dir) === dir || !isInside(dir, cache.repoRoot)) break;
    }
    found.push(match ?? fallback());
  }
  return oneOf(found);
}

export function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

// ---------------------------------------------------------------------------------------------------------
// Stacks: `terragrunt.stack.hcl` files whose `unit` blocks Terragrunt generates into `.terragrunt-stack/`.

export interface StackUnit {
  /** Where the unit is generated (absolute). */
  dir: string;
  /** The unit's source directory (absolute), or undefined for a remote or unknown source. */
  sourceDir?: string;
  values?: Value;
  /** Stack files (absolute) and the files they read, whose edits affect this unit. */
  stackFiles: string[];
  /** The outermost stack file. */
  stackFile: string;
  unresolved: string[];
}

/**
 * The units a stack file generates, following nested `stack` blocks. `stackDir` is where the file is (or
 * would be generated), `file` the file to read (a nested stack's comes from its source).
 */
export function readStack(
  cache: ConfigCache,
  stackDir: string,
  file = join(stackDir, STACK_FILE),
  values?: Value,
  outer: string[] = [],
  depth = 0,
): StackUnit[] {
  const body = cache.parse(file);
  if (!body || depth > MAX_DEPTH) return [];
  const reads = newUnit(stackDir, file);
  const scope = newScope(stackDir, stackDir, stackDir, body, 0);
  scope.values = values;
  const stackFiles = [...outer, file];
  const outermost = stackFiles[0]!;
  const units: StackUnit[] = [];
  const generated: { block: Block; dir: string; source?: string; values: Value }[] = [];
  for (const block of body.blocks) {
    if (block.type !== 'unit' && block.type !== 'stack') continue;
    const source = strings(evaluate(block.body.attributes.get('source'), scope, reads, cache));
    const path = strings(evaluate(block.body.attributes.get('path'), scope, reads, cache));
    const noStackDir =
      evaluate(block.body.attributes.get('no_dot_terragrunt_stack'), scope, reads, cache) === 'true';
    const blockValues = evaluate(block.body.attributes.get('values'), scope, reads, cache);
    const name = `${block.type} "${block.labels[0] ?? ''}"`;
    if (path.length !== 1 || typeof path[0] !== 'string') {
      reads.unresolved.push(`${name} path`);
      continue;
    }
    const dir = resolve(noStackDir ? stackDir : join(stackDir, STACK_DIR), path[0]);
    const local = source.length === 1 && typeof source[0] === 'string' && !REMOTE_SOURCE.test(source[0]);
    if (!local) reads.unresolved.push(`${name} source`);
    generated.push({
      block,
      dir,
      source: local ? resolve(stackDir, (source[0] as string).replace(/\/\/+/g, '/')) : undefined,
      values: blockValues,
    });
  }
  // Every unit of the stack is affected by the stack file and by whatever it reads.
  const filesRead = [...stackFiles, ...reads.files];
  for (const item of generated) {
    if (item.block.type === 'unit') {
      units.push({
        dir: item.dir,
        sourceDir: item.source,
        values: item.values,
        stackFiles: filesRead,
        stackFile: outermost,
        unresolved: [...reads.unresolved],
      });
    } else if (item.source) {
      units.push(
        ...readStack(cache, item.dir, join(item.source, STACK_FILE), item.values, filesRead, depth + 1),
      );
    }
  }
  return units;
}

/** A stack unit read as a unit: its source's terragrunt.hcl evaluated at the generated location. */
export function readStackUnit(cache: ConfigCache, stackUnit: StackUnit): UnitConfig {
  const unit = stackUnit.sourceDir
    ? readUnit(cache, stackUnit.dir, {
        configFile: join(stackUnit.sourceDir, 'terragrunt.hcl'),
        values: stackUnit.values,
      })
    : newUnit(stackUnit.dir, join(stackUnit.dir, 'terragrunt.hcl'));
  unit.stackFile = stackUnit.stackFile;
  for (const file of stackUnit.stackFiles) unit.files.add(file);
  // The source directory is copied into the unit: any file in it counts.
  if (stackUnit.sourceDir) unit.moduleTrees.add(stackUnit.sourceDir);
  else unit.unresolved.push('stack unit source (remote or unknown: only stack file edits are seen)');
  unit.unresolved.push(...stackUnit.unresolved);
  return unit;
}
