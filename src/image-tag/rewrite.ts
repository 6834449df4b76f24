import { isAlias, isMap, isSeq, LineCounter, parseAllDocuments, visit, type Document } from 'yaml';
import { ConfigurationError } from '../lib/errors.js';
import {
  DIGEST_RULE,
  formatImageReference,
  isDigest,
  isValidTag,
  splitImageReference,
  splitPinnedTag,
  TAG_RULE,
} from '../lib/image-reference.js';
import { fluxTargets, hasFluxMarker } from './flux-markers.js';
import { helmTargets } from './helm-paths.js';
import { kustomizeTargets } from './kustomize.js';
import { applyEdits, insertEdit, spliceEdit, type Edit } from './splice.js';
import {
  scalarText,
  type FormatChoice,
  type ImageTagFormat,
  type Insertion,
  type NewValues,
  type Target,
  type ValueKind,
} from './targets.js';

export type { FormatChoice, ImageTagFormat, NewValues, ValueKind } from './targets.js';

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
  /** Allow setting a value inside an anchor that aliases reuse (which changes them too). */
  allowAliases?: boolean;
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
  /** Lines of the aliases that share the value through an anchor, and so change with it. */
  aliases?: number[];
  /** The digest the old value was pinned to, which the new value no longer has (no 'digest' given). */
  droppedDigest?: string;
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

/**
 * Sets image tags in one YAML file without re-serialising it: the file is parsed only to find the
 * source range of each target scalar, and the new value is spliced into the original text in the
 * quoting style the old value used. Every other byte (comments, blank lines, indentation, anchors,
 * document separators, CRLF, BOM, a missing final newline) is kept. Any refusal throws before an edit.
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
  const values = options.values;
  const format =
    options.format && options.format !== 'auto' ? options.format : detectFormat(text, documents, file, keys);
  const warnings: string[] = [];
  const insertions: Insertion[] = [];
  const targets =
    format === 'flux-marker'
      ? fluxTargets(text, documents, keys, file, values, warnings)
      : format === 'kustomize'
        ? kustomizeTargets(documents, keys, file, values, insertions)
        : helmTargets(documents, keys, file);

  const digestGroups = new Set(
    [...targets, ...insertions].filter((t) => t.kind === 'digest').map((t) => t.group ?? ''),
  );
  const anchors = text.includes('&') ? sharedAnchors(documents, lineCounter) : [];
  const edits: Edit[] = [];
  const changes: ValueChange[] = [];
  const seen = new Set<number>();
  for (const target of targets) {
    const start = target.node.range?.[0] ?? 0;
    if (seen.has(start)) continue;
    seen.add(start);
    const oldValue = scalarText(target.node);
    if (target.optional && target.kind === 'digest' && !hasDigest(values)) continue;
    const pos = lineCounter.linePos(start);
    const where = `${file}:${pos.line}: ${target.key}`;
    const notes: Notes = {};
    const newValue = newValueFor(target, oldValue, values, where, digestGroups, warnings, notes);
    if (newValue === undefined) continue;
    const changed = oldValue !== newValue;
    const aliases = changed ? aliasesOf(anchors, start) : [];
    if (aliases.length > 0) {
      const shared = `${where} is inside the anchor &${aliases[0]?.anchor}, which ${aliases.length === 1 ? 'an alias reuses' : `${aliases.length} aliases reuse`} (line ${aliases.map((a) => a.line).join(', ')}), so setting it changes ${aliases.length === 1 ? 'that place' : 'those places'} too`;
      if (!options.allowAliases)
        throw new ConfigurationError(
          `${shared}. Set 'allow-aliases: true' to accept that, or give those places their own value.`,
        );
      warnings.push(`${shared}.`);
    }
    changes.push({
      file,
      key: target.key,
      kind: target.kind,
      line: pos.line,
      column: pos.col,
      oldValue,
      newValue,
      changed,
      ...(aliases.length > 0 ? { aliases: aliases.map((alias) => alias.line) } : {}),
      ...notes,
    });
    if (changed) edits.push(spliceEdit(text, target, newValue, file, pos.line));
  }
  for (const insertion of insertions) {
    const where = `${file}: ${insertion.key}`;
    const newValue = newValueFor(insertion, '', values, where, digestGroups, warnings, {});
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
  return { file, format, text: applyEdits(text, edits), changes, changed: edits.length > 0, warnings };
}

/** Flux markers win; then Kustomize (`kind: Kustomization` or a kustomization.yaml file); else Helm values. */
export function detectFormat(
  text: string,
  documents: Document.Parsed[],
  file: string,
  keys: string[] = [],
): ImageTagFormat {
  const pathLike = keys.length > 0 && keys.every((key) => /[.[]/.test(key) && !/^images\[/.test(key));
  if (!pathLike && hasFluxMarker(text)) return 'flux-marker';
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

/**
 * The value written into a target. A tag value keeps a digest pin (`v2@sha256:…`) when a digest is given
 * and no digest field of the same image receives it; a pin that gets no new digest is dropped, with a warning.
 */
function newValueFor(
  target: Pick<Target, 'kind' | 'group'>,
  oldValue: string,
  values: NewValues,
  where: string,
  digestGroups: Set<string>,
  warnings: string[],
  notes: Notes,
): string | undefined {
  const tagIsDigest = values.tag !== undefined && isDigest(values.tag);
  const digest = values.digest ?? (tagIsDigest ? values.tag : undefined);
  const tag = tagIsDigest ? undefined : values.tag;
  const fail = (message: string): never => {
    throw new ConfigurationError(`${where}: ${message}`);
  };
  const checkTag = (value: string | undefined) => {
    if (value !== undefined && !isValidTag(value)) fail(`'${value}' is not a valid image tag (${TAG_RULE}).`);
  };
  const dropped = (old: string | undefined, written: string | undefined) => {
    if (!old || written) return;
    notes.droppedDigest = old;
    warnings.push(
      `${where}: the old value was pinned to ${old}; the new value has no digest (give 'digest' to pin it).`,
    );
  };
  switch (target.kind) {
    case 'tag': {
      if (tag === undefined)
        return fail(
          `holds a tag; give a tag (${values.tag ? `'${values.tag}' is a digest` : 'none given'}).`,
        );
      checkTag(tag);
      const old = splitPinnedTag(oldValue);
      const pin = digest !== undefined && (!!old.digest || !digestGroups.has(target.group ?? ''));
      dropped(old.digest, pin ? digest : undefined);
      return pin ? `${tag}@${digest}` : tag;
    }
    case 'digest':
      if (digest === undefined)
        return fail(`holds a digest; give ${DIGEST_RULE}, not '${values.tag ?? ''}'.`);
      if (!isDigest(digest)) return fail(`'${digest}' is not a digest (${DIGEST_RULE}).`);
      return digest;
    case 'name':
      return values.name;
    case 'image': {
      const old = splitImageReference(oldValue);
      const name = values.name ?? old.name;
      if (name === '') return fail("holds an image reference but is empty; give 'image-name'.");
      checkTag(tag);
      dropped(old.digest, digest);
      return formatImageReference({
        name,
        ...(tag !== undefined ? { tag } : {}),
        ...(digest !== undefined ? { digest } : {}),
      });
    }
  }
}

interface Notes {
  droppedDigest?: string;
}

function hasDigest(values: NewValues): boolean {
  return values.digest !== undefined || (values.tag !== undefined && isDigest(values.tag));
}

interface Anchor {
  anchor: string;
  start: number;
  end: number;
  aliases: number[];
}

/** Anchored nodes that at least one alias (or `<<: *merge`) reuses, with the lines of those aliases. */
function sharedAnchors(documents: Document.Parsed[], lineCounter: LineCounter): Anchor[] {
  const shared: Anchor[] = [];
  for (const doc of documents) {
    const defined: Anchor[] = [];
    visit(doc, {
      Node(_key, node) {
        const [start = 0, , end = start] = node.range ?? [];
        if (isAlias(node)) {
          const target = defined
            .filter((anchor) => anchor.anchor === node.source && anchor.start < start)
            .at(-1);
          target?.aliases.push(lineCounter.linePos(start).line);
        } else if (node.anchor) defined.push({ anchor: node.anchor, start, end, aliases: [] });
      },
    });
    shared.push(...defined.filter((anchor) => anchor.aliases.length > 0));
  }
  return shared;
}

function aliasesOf(anchors: Anchor[], offset: number): { anchor: string; line: number }[] {
  return anchors
    .filter((anchor) => anchor.start <= offset && offset < anchor.end)
    .flatMap((anchor) => anchor.aliases.map((line) => ({ anchor: anchor.anchor, line })));
}
