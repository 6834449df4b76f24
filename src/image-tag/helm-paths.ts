// Helm values (and any YAML) addressed by key path: `image.tag`, `[kind=Deployment].spec…containers[name=app].image`.
import { isAlias, isMap, isScalar, isSeq, type Document, type Scalar } from 'yaml';
import { ConfigurationError } from '../lib/errors.js';
import { formatPath, formatStep, parseKeyPath, type KeyPath, type PathStep } from './key-path.js';
import { describe, mapKeys, scalarEquals, type Target, type ValueKind } from './targets.js';

class PathError extends ConfigurationError {
  constructor(
    message: string,
    readonly depth: number,
  ) {
    super(message);
  }
}

/** The targets of every key path; the default is `image.tag`. */
export function helmTargets(documents: Document.Parsed[], keys: string[], file: string): Target[] {
  return (keys.length > 0 ? keys : ['image.tag']).flatMap((key) =>
    pathTargets(documents, parseKeyPath(key), file),
  );
}

export function pathTargets(documents: Document.Parsed[], path: KeyPath, file: string): Target[] {
  const kind = kindForPath(path, file);
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
      for (const node of nodes) found.push({ key: path.text, kind, node });
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

export function selectDocuments<T extends { doc: Document.Parsed }>(
  docs: T[],
  step: PathStep,
  file: string,
): T[] {
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

export function walk(node: unknown, steps: PathStep[], depth: number, file: string, full: string): Scalar[] {
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

/** What a field holds, told by its name: `tag`, `newTag`, `imageTag` a tag; `image` a reference; `…digest` a digest. */
export function kindForField(name: string, parent?: string): ValueKind | undefined {
  if (/digest$/i.test(name)) return 'digest';
  if (name === 'newName') return 'name';
  if (/tag$/i.test(name)) return 'tag';
  if (/image$/i.test(name)) return 'image';
  if (parent !== undefined && /image$/i.test(parent) && /^(version|ref|reference)$/i.test(name)) return 'tag';
  return undefined;
}

/** The kind of the values a path reaches, from its last key; a key that is no image field is refused. */
function kindForPath(path: KeyPath, file: string): ValueKind {
  const names = path.steps.flatMap((step) => (step.kind === 'key' ? [step.name] : []));
  const name = names.at(-1) ?? '';
  const kind = kindForField(name, names.at(-2));
  if (kind === undefined) {
    throw new ConfigurationError(
      `${file}: key '${path.text}' is not an image field: '${name}' names neither a tag ('tag', 'newTag', 'imageTag'), an image reference ('image'), nor a digest ('digest'). Point 'key' at the image's tag, e.g. 'image.tag'.`,
    );
  }
  return kind;
}
