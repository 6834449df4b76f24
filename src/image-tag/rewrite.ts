import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parse,
  parseAllDocuments,
  visit,
  type Document,
  type Scalar,
  type YAMLMap,
} from 'yaml';
import { ConfigurationError } from '../lib/errors.js';
import { formatPath, formatStep, parseKeyPath, type KeyPath, type PathStep } from './key-path.js';
import { isDigest, isValidTag, splitImageReference, formatImageReference } from './references.js';

export type ImageTagFormat = 'helm' | 'kustomize' | 'flux-marker';
export type FormatChoice = ImageTagFormat | 'auto';
export const FORMATS: readonly FormatChoice[] = ['auto', 'helm', 'kustomize', 'flux-marker'];

/** What a target scalar holds, which decides the value written into it. */
export type ValueKind = 'tag' | 'digest' | 'name' | 'image';

export interface NewValues {
  /** Image tag (OCI tag grammar). A `sha256:…` digest here is written into digest keys. */
  tag?: string;
  /** Image digest `sha256:…` for digest keys (Kustomize `digest`, Flux `:digest`, Helm keys ending in `digest`). */
  digest?: string;
  /** Image name for Kustomize `newName` and Flux `:name` markers; left alone when not given. */
  name?: string;
}

export interface RewriteOptions {
  /** File name used in messages. */
  file: string;
  format?: FormatChoice;
  /**
   * helm: key paths (default `image.tag`); kustomize: image names or `images[…]` paths (default: the only
   * entry); flux-marker: policies `namespace:name` or `name` (default: every marker, all of one policy).
   */
  keys?: string[];
  values: NewValues;
}

export interface ValueChange {
  file: string;
  key: string;
  kind: ValueKind;
  /** 1-based position of the value in the file. */
  line: number;
  column: number;
  oldValue: string;
  newValue: string;
  changed: boolean;
}

export interface RewriteResult {
  file: string;
  format: ImageTagFormat;
  /** The new file text; identical to the input when nothing changed. */
  text: string;
  changes: ValueChange[];
  changed: boolean;
  warnings: string[];
}

interface Target {
  key: string;
  kind: ValueKind;
  node: Scalar;
  /** Left alone when no value of its kind is given (Flux `:digest` markers). */
  optional?: boolean;
}

/** A key to add to a Kustomize `images` entry that does not have it yet. */
interface Insertion {
  key: string;
  kind: ValueKind;
  entry: YAMLMap;
  field: string;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

const FLUX_MARKER = /#\s*\{\s*"\$imagepolicy"\s*:\s*"([^"]*)"\s*\}/g;

/**
 * Sets image tags in one YAML file without re-serialising it: the file is parsed only to find the
 * source range of each target scalar, and the new value is spliced into the original text in the
 * quoting style the old value used. Every other byte (comments, blank lines, indentation, anchors,
 * document separators, CRLF, BOM, a missing final newline) is kept.
 */
export function rewriteImageTag(text: string, options: RewriteOptions): RewriteResult {
  const file = options.file;
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { keepSourceTokens: true, lineCounter, prettyErrors: true });
  const documents: Document.Parsed[] = Array.isArray(docs) ? docs : [];
  for (const doc of documents) {
    const error = doc.errors[0];
    if (error) {
      const pos = error.linePos?.[0];
      const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
      throw new ConfigurationError(
        `${where}: invalid YAML: ${error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}. Fix the file before updating its image tag.`,
      );
    }
  }
  const keys = options.keys ?? [];
  const format =
    options.format && options.format !== 'auto' ? options.format : detectFormat(text, documents, file, keys);
  const warnings: string[] = [];
  const insertions: Insertion[] = [];
  let targets: Target[];
  if (format === 'flux-marker') targets = fluxTargets(text, documents, keys, file, warnings);
  else if (format === 'kustomize')
    targets = kustomizeTargets(documents, keys, file, options.values, insertions);
  else
    targets = (keys.length > 0 ? keys : ['image.tag']).flatMap((key) =>
      pathTargets(documents, parseKeyPath(key), file),
    );

  const edits: Edit[] = [];
  const changes: ValueChange[] = [];
  const seen = new Set<number>();
  for (const target of targets) {
    const start = target.node.range?.[0] ?? 0;
    if (seen.has(start)) continue;
    seen.add(start);
    const oldValue = scalarText(target.node);
    const newValue =
      target.optional && target.kind === 'digest' && !hasDigest(options.values)
        ? undefined
        : newValueFor(target, oldValue, options.values, file);
    if (newValue === undefined) continue;
    const pos = lineCounter.linePos(start);
    const changed = oldValue !== newValue;
    changes.push({
      file,
      key: target.key,
      kind: target.kind,
      line: pos.line,
      column: pos.col,
      oldValue,
      newValue,
      changed,
    });
    if (changed) edits.push(spliceEdit(text, target, newValue, file, pos.line));
  }
  for (const insertion of insertions) {
    const newValue = newValueFor(
      { ...insertion, node: undefined as unknown as Scalar },
      '',
      options.values,
      file,
    );
    if (newValue === undefined) continue;
    const edit = insertEdit(text, insertion, newValue);
    const pos = lineCounter.linePos(edit.start);
    changes.push({
      file,
      key: insertion.key,
      kind: insertion.kind,
      line: pos.line + 1,
      column: 1,
      oldValue: '',
      newValue,
      changed: true,
    });
    edits.push(edit);
  }
  edits.sort((a, b) => b.start - a.start);
  let out = text;
  for (const edit of edits) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return { file, format, text: out, changes, changed: edits.length > 0, warnings };
}

/** Flux markers win; then Kustomize (`kind: Kustomization` or a kustomization.yaml file); else Helm values. */
export function detectFormat(
  text: string,
  documents: Document.Parsed[],
  file: string,
  keys: string[] = [],
): ImageTagFormat {
  const pathLike = keys.length > 0 && keys.every((key) => /[.[]/.test(key) && !/^images\[/.test(key));
  if (!pathLike && text.includes('$imagepolicy') && new RegExp(FLUX_MARKER.source).test(text))
    return 'flux-marker';
  if (pathLike) return 'helm';
  if (/(^|[\\/])kustomization\.ya?ml$/i.test(file)) return 'kustomize';
  for (const doc of documents) {
    const root = doc.contents;
    if (
      isMap(root) &&
      String(root.get('kind') ?? '') === 'Kustomization' &&
      isSeq(root.get('images', true))
    ) {
      return 'kustomize';
    }
  }
  return 'helm';
}

/* ---------------------------------------------------------------- key paths */

class PathError extends ConfigurationError {
  constructor(
    message: string,
    readonly depth: number,
  ) {
    super(message);
  }
}

function pathTargets(documents: Document.Parsed[], path: KeyPath, file: string): Target[] {
  const roots = documents.map((doc, index) => ({ doc, index }));
  const where = (index: number) => (documents.length > 1 ? ` (document ${index + 1})` : '');
  let selected = roots;
  for (const step of path.documentSteps) selected = selectDocuments(selected, step, file);
  const explicit = path.documentSteps.length > 0;
  const found: Target[] = [];
  let best: PathError | undefined;
  for (const { doc, index } of selected) {
    try {
      const nodes = walk(doc.contents, path.steps, 0, file, path.text);
      for (const node of nodes) found.push({ key: path.text, kind: kindForPath(path, node), node });
      if (!explicit && found.length > 0 && nodes.length > 0 && found.length > nodes.length) {
        throw new ConfigurationError(
          `${file}: key '${path.text}' is in several documents${where(index)}; pick one by putting a document selector first, e.g. '[${index}].${path.text}' or '[kind=Deployment].${path.text}', or '[*].${path.text}' for all.`,
        );
      }
    } catch (error) {
      if (!(error instanceof PathError)) throw error;
      if (explicit) throw error;
      if (!best || error.depth > best.depth) best = error;
    }
  }
  if (found.length === 0) {
    if (best) throw best;
    throw new ConfigurationError(`${file}: key '${path.text}' not found: the file has no YAML documents.`);
  }
  return found;
}

function selectDocuments<T extends { doc: Document.Parsed }>(docs: T[], step: PathStep, file: string): T[] {
  if (step.kind === 'all') return docs;
  if (step.kind === 'index') {
    const doc = docs[step.index];
    if (!doc)
      throw new ConfigurationError(
        `${file}: there is no document [${step.index}]; the file has ${docs.length} (counted from 0).`,
      );
    return [doc];
  }
  if (step.kind === 'select') {
    const match = docs.filter(
      ({ doc }) => isMap(doc.contents) && scalarEquals(doc.contents.get(step.field, true), step.value),
    );
    if (match.length === 0)
      throw new ConfigurationError(`${file}: no document has ${step.field}=${step.value}.`);
    if (match.length > 1) {
      throw new ConfigurationError(
        `${file}: ${match.length} documents have ${step.field}=${step.value}, where one was expected; use an index ([0]) or '[*]' for all.`,
      );
    }
    return match;
  }
  return docs;
}

function walk(node: unknown, steps: PathStep[], depth: number, file: string, full: string): Scalar[] {
  const trail = formatPath(steps.slice(0, depth)) || '(the document root)';
  if (isAlias(node)) {
    throw new PathError(
      `${file}: '${trail}' is an alias (*${node.source}); the value belongs to the anchor &${node.source}, shared by every alias. Set the anchored key instead.`,
      depth,
    );
  }
  if (depth === steps.length) {
    if (isScalar(node)) return [node];
    const what = isMap(node) ? 'a map' : isSeq(node) ? 'a list' : 'empty';
    throw new PathError(
      `${file}: key '${full}' is ${what}, not a scalar${isMap(node) ? ` (its keys: ${mapKeys(node).join(', ')})` : ''}. Point the key at the tag itself.`,
      depth + 1,
    );
  }
  const step = steps[depth] as PathStep;
  if (step.kind === 'key') {
    if (!isMap(node)) {
      throw new PathError(
        `${file}: key '${full}' not found: '${trail}' is ${describe(node)}, not a map${isSeq(node) ? '; select an item with [0] or [name=…]' : ''}.`,
        depth,
      );
    }
    const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === step.name);
    if (!pair) {
      const keys = mapKeys(node);
      const merge = keys.includes('<<')
        ? " It inherits keys through '<<' (a merge key); set the key in the anchored map or add it here."
        : '';
      throw new PathError(
        `${file}: key '${full}' not found: ${depth === 0 ? 'the top level' : `'${trail}'`} has ${keys.length > 0 ? `keys ${keys.map((key) => `'${key}'`).join(', ')}` : 'no keys'}.${merge}`,
        depth,
      );
    }
    return walk(pair.value, steps, depth + 1, file, full);
  }
  if (!isSeq(node)) {
    throw new PathError(
      `${file}: key '${full}' not found: '${trail}' is ${describe(node)}, not a list, so '${formatStep(step)}' does not apply.`,
      depth,
    );
  }
  if (step.kind === 'index') {
    if (step.index >= node.items.length) {
      throw new PathError(
        `${file}: key '${full}' not found: '${trail}' has ${node.items.length} items (counted from 0).`,
        depth,
      );
    }
    return walk(node.items[step.index], steps, depth + 1, file, full);
  }
  if (step.kind === 'all') return node.items.flatMap((item) => walk(item, steps, depth + 1, file, full));
  const matches = node.items.filter(
    (item) => isMap(item) && scalarEquals(item.get(step.field, true), step.value),
  );
  if (matches.length === 0) {
    const values = node.items
      .map((item) => (isMap(item) ? item.get(step.field, true) : undefined))
      .filter((value): value is Scalar => isScalar(value))
      .map((value) => `'${String(value.value)}'`);
    throw new PathError(
      `${file}: key '${full}' not found: no item of '${trail}' has ${step.field}=${step.value}${values.length > 0 ? ` (${step.field} values: ${values.join(', ')})` : ''}.`,
      depth,
    );
  }
  if (matches.length > 1) {
    throw new ConfigurationError(
      `${file}: key '${full}': ${matches.length} items of '${trail}' have ${step.field}=${step.value}, where one was expected. Use an index ([0]) or '[*]' for all of them.`,
    );
  }
  return walk(matches[0], steps, depth + 1, file, full);
}

function kindForPath(path: KeyPath, node: Scalar): ValueKind {
  const last = [...path.steps].reverse().find((step) => step.kind === 'key');
  const name = last?.kind === 'key' ? last.name : '';
  if (/digest$/i.test(name)) return 'digest';
  if (/^newName$/.test(name)) return 'name';
  const old = scalarText(node);
  if (!isDigest(old) && /[/:]/.test(old)) return 'image';
  return 'tag';
}

/* ---------------------------------------------------------------- kustomize */

function kustomizeTargets(
  documents: Document.Parsed[],
  keys: string[],
  file: string,
  values: NewValues,
  insertions: Insertion[],
): Target[] {
  const doc = documents.find(
    (candidate) => isMap(candidate.contents) && isSeq(candidate.contents.get('images', true)),
  );
  if (!doc)
    throw new ConfigurationError(
      `${file}: no 'images:' list found; it is not a Kustomization with images (set 'format' if it is another kind of file).`,
    );
  const images = (doc.contents as YAMLMap).get('images', true);
  if (!isSeq(images)) return [];
  const entries = images.items.filter(isMap);
  const names = entries
    .map((entry) => entry.get('name', true))
    .filter(isScalar)
    .map((value) => String(value.value));
  let chosen: { name: string; entry: YAMLMap }[];
  const paths = keys.filter((key) => /^images[[.]/.test(key));
  if (paths.length > 0) {
    return paths.flatMap((key) => pathTargets([doc], parseKeyPath(key), file));
  }
  if (keys.length === 0) {
    if (entries.length !== 1) {
      throw new ConfigurationError(
        `${file}: 'images' has ${entries.length} entries (${names.join(', ')}); name the image to set in 'key', one per line.`,
      );
    }
    chosen = [{ name: names[0] ?? '', entry: entries[0] as YAMLMap }];
  } else {
    chosen = keys.map((name) => {
      const matches = entries.filter((entry) => scalarEquals(entry.get('name', true), name));
      if (matches.length === 0) {
        throw new ConfigurationError(
          `${file}: no entry of 'images' has name=${name} (names: ${names.map((n) => `'${n}'`).join(', ')}).`,
        );
      }
      if (matches.length > 1)
        throw new ConfigurationError(
          `${file}: ${matches.length} entries of 'images' have name=${name}, where one was expected.`,
        );
      return { name, entry: matches[0] as YAMLMap };
    });
  }
  const targets: Target[] = [];
  const tagIsDigest = values.tag !== undefined && isDigest(values.tag);
  for (const { name, entry } of chosen) {
    const fields: [string, ValueKind][] = [];
    if (values.tag !== undefined && !tagIsDigest) fields.push(['newTag', 'tag']);
    if (values.digest !== undefined || tagIsDigest) fields.push(['digest', 'digest']);
    if (values.name !== undefined) fields.push(['newName', 'name']);
    for (const [field, kind] of fields) {
      const steps: PathStep[] = [
        { kind: 'key', name: 'images' },
        { kind: 'select', field: 'name', value: name },
        { kind: 'key', name: field },
      ];
      const value = entry.get(field, true);
      if (value === undefined) {
        if (entry.flow) {
          throw new ConfigurationError(
            `${file}: the 'images' entry name=${name} has no '${field}' (its keys: ${mapKeys(entry).join(', ')}); add '${field}:' to it once by hand.`,
          );
        }
        insertions.push({ key: formatPath(steps), kind, entry, field });
        continue;
      }
      const nodes = walk(value, steps, steps.length, file, formatPath(steps));
      for (const node of nodes) targets.push({ key: formatPath(steps), kind, node });
    }
  }
  return targets;
}

/* ---------------------------------------------------------------- flux markers */

function fluxTargets(
  text: string,
  documents: Document.Parsed[],
  keys: string[],
  file: string,
  warnings: string[],
): Target[] {
  const scalars: Scalar[] = [];
  for (const doc of documents) {
    visit(doc, {
      Scalar(_key, node) {
        if (node.range) scalars.push(node);
      },
    });
  }
  scalars.sort((a, b) => (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0));
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  const targets: Target[] = [];
  const policies = new Set<string>();
  for (const match of text.matchAll(FLUX_MARKER)) {
    const at = match.index ?? 0;
    const policy = match[1] ?? '';
    const inside = scalars.find((node) => (node.range?.[0] ?? 0) < at && at < (node.range?.[1] ?? 0));
    if (inside) {
      warnings.push(
        `${file}:${lineOf(at)}: the $imagepolicy marker is inside a ${inside.type === 'BLOCK_LITERAL' || inside.type === 'BLOCK_FOLDED' ? 'block scalar' : 'string'}, not a YAML comment; it was ignored.`,
      );
      continue;
    }
    let node: Scalar | undefined;
    for (const candidate of scalars) {
      const end = candidate.range?.[1] ?? 0;
      if ((candidate.range?.[0] ?? 0) >= at) break;
      if (/^[ \t]*$/.test(text.slice(end, at))) node = candidate;
    }
    if (!node) {
      warnings.push(
        `${file}:${lineOf(at)}: the $imagepolicy marker is not on the same line as a value; it was ignored.`,
      );
      continue;
    }
    const parts = policy.split(':');
    const suffix = parts.length >= 3 ? parts[2] : undefined;
    const kind: ValueKind =
      suffix === 'tag' ? 'tag' : suffix === 'name' ? 'name' : suffix === 'digest' ? 'digest' : 'image';
    const policyName = parts.slice(0, 2).join(':');
    if (keys.length > 0 && !keys.some((key) => key === policyName || key === policy || key === parts[1]))
      continue;
    policies.add(policyName);
    targets.push({ key: `$imagepolicy ${policy}`, kind, node, optional: true });
  }
  if (targets.length === 0) {
    throw new ConfigurationError(
      keys.length > 0
        ? `${file}: no $imagepolicy marker for ${keys.map((key) => `'${key}'`).join(', ')}.`
        : `${file}: no $imagepolicy marker next to a value.`,
    );
  }
  if (keys.length === 0 && policies.size > 1) {
    throw new ConfigurationError(
      `${file}: markers of ${policies.size} image policies (${[...policies].join(', ')}), where one was expected; name the policy in 'key'.`,
    );
  }
  return targets;
}

/* ---------------------------------------------------------------- values and splicing */

function newValueFor(target: Target, oldValue: string, values: NewValues, file: string): string | undefined {
  const tagIsDigest = values.tag !== undefined && isDigest(values.tag);
  const digest = values.digest ?? (tagIsDigest ? values.tag : undefined);
  const tag = tagIsDigest ? undefined : values.tag;
  const fail = (message: string): never => {
    throw new ConfigurationError(`${file}: ${target.key}: ${message}`);
  };
  switch (target.kind) {
    case 'tag':
      if (tag === undefined)
        return fail(
          `holds a tag; give a tag (${values.tag ? `'${values.tag}' is a digest` : 'none given'}).`,
        );
      if (!isValidTag(tag))
        return fail(
          `'${tag}' is not a valid image tag (letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-').`,
        );
      return tag;
    case 'digest':
      if (digest === undefined)
        return fail(`holds a digest; give 'sha256:' followed by 64 hex digits, not '${values.tag ?? ''}'.`);
      if (!isDigest(digest))
        return fail(`'${digest}' is not a digest ('sha256:' followed by 64 lowercase hex digits).`);
      return digest;
    case 'name':
      return values.name;
    case 'image': {
      const old = splitImageReference(oldValue);
      if (tag !== undefined && !isValidTag(tag)) return fail(`'${tag}' is not a valid image tag.`);
      return formatImageReference({
        name: values.name ?? old.name,
        ...(tag !== undefined ? { tag } : {}),
        ...(digest !== undefined ? { digest } : {}),
      });
    }
  }
}

function hasDigest(values: NewValues): boolean {
  return values.digest !== undefined || (values.tag !== undefined && isDigest(values.tag));
}

/** Adds `field: value` as a new line after the last key of a block-style Kustomize images entry. */
function insertEdit(text: string, insertion: Insertion, value: string): Edit {
  const entry = insertion.entry;
  const first = entry.items[0]?.key as Scalar | undefined;
  const last = entry.items.at(-1);
  const firstStart = first?.range?.[0] ?? entry.range?.[0] ?? 0;
  const lineStart = text.lastIndexOf('\n', firstStart - 1) + 1;
  const indent = ' '.repeat(firstStart - lineStart);
  const lastEnd =
    (last?.value as Scalar | undefined)?.range?.[1] ??
    (last?.key as Scalar | undefined)?.range?.[1] ??
    firstStart;
  let at = text.indexOf('\n', lastEnd);
  const crlf = at > 0 && text[at - 1] === '\r';
  if (at < 0) at = text.length;
  else if (crlf) at -= 1;
  const eol = crlf || (at === text.length && text.includes('\r\n')) ? '\r\n' : '\n';
  const written = plainIsString(value) ? value : JSON.stringify(value);
  return { start: at, end: at, text: `${eol}${indent}${insertion.field}: ${written}` };
}

function scalarText(node: Scalar): string {
  const token = node.srcToken;
  if (token && 'type' in token && token.type === 'scalar') return token.source;
  return node.value === null || node.value === undefined ? '' : String(node.value);
}

const plainCache = new Map<string, boolean>();

/** True when the text, written without quotes, reads back as the same string in YAML 1.1 and 1.2. */
function plainIsString(value: string): boolean {
  let ok = plainCache.get(value);
  if (ok === undefined) {
    try {
      ok =
        value !== '' &&
        parse(value, { version: '1.2' }) === value &&
        parse(value, { version: '1.1' }) === value;
    } catch {
      ok = false;
    }
    if (plainCache.size > 10_000) plainCache.clear();
    plainCache.set(value, ok);
  }
  return ok;
}

function spliceEdit(text: string, target: Target, value: string, file: string, line: number): Edit {
  const node = target.node;
  const [start, end] = node.range ?? [0, 0];
  const token = node.srcToken;
  const type = token && 'type' in token ? token.type : undefined;
  if (type === 'single-quoted-scalar') return { start, end, text: `'${value.replace(/'/g, "''")}'` };
  if (type === 'double-quoted-scalar') return { start, end, text: JSON.stringify(value) };
  if (type === 'block-scalar') {
    throw new ConfigurationError(
      `${file}:${line}: ${target.key} is a block scalar ('|' or '>'); write the value on the key's line, plain or quoted.`,
    );
  }
  const written = plainIsString(value) ? value : JSON.stringify(value);
  if (start === end) {
    // An empty value (`tag:`): add the separating space, and one before a following comment.
    const before = text[start - 1] === ':' ? ' ' : '';
    const after = text[start] === '#' ? ' ' : '';
    return { start, end, text: `${before}${written}${after}` };
  }
  return { start, end, text: written };
}

function scalarEquals(node: unknown, value: string): boolean {
  return isScalar(node) && String(node.value) === value;
}

function mapKeys(node: YAMLMap): string[] {
  return node.items.map((item) => (isScalar(item.key) ? String(item.key.value) : String(item.key)));
}

function describe(node: unknown): string {
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return node.value === null ? 'empty' : `the scalar '${String(node.value)}'`;
  return 'empty';
}
