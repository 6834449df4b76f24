// Writing a value into the original text: the new value replaces the old one's source range in the
// quoting style the old one used, or a new `key: value` line is added to a Kustomize images entry.
import { parse, type Scalar } from 'yaml';
import { ConfigurationError } from '../lib/errors.js';
import type { Insertion, Target } from './targets.js';

export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Applies edits that do not overlap, from the last to the first. */
export function applyEdits(text: string, edits: Edit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

export function spliceEdit(text: string, target: Target, value: string, file: string, line: number): Edit {
  const node: Scalar = target.node;
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

/** Adds `field: value` as a new line after the last key of a block-style Kustomize images entry. */
export function insertEdit(text: string, insertion: Insertion, value: string): Edit {
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
