import { ConfigurationError } from '../lib/errors.js';

/** One step of a key path: a map key, a list index, a list item selected by a field, or every item. */
export type PathStep =
  | { kind: 'key'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'select'; field: string; value: string }
  | { kind: 'all' };

export interface KeyPath {
  /** The path as written by the user. */
  text: string;
  /** Steps applied to the list of documents in the file before the first key (`[1].image.tag`, `[kind=Deployment].spec…`). */
  documentSteps: PathStep[];
  steps: PathStep[];
}

/**
 * Parses `image.tag`, `images[name=backend].newTag`, `containers[0].image`, `"dotted.key".tag` and
 * `[kind=Deployment].spec.template.spec.containers[name=app].image` (leading selectors pick documents).
 */
export function parseKeyPath(text: string, inputName = 'key'): KeyPath {
  const fail = (why: string): never => {
    throw new ConfigurationError(
      `Input '${inputName}': '${text}' is not a key path (${why}). Write dotted keys with list selectors, e.g. 'image.tag' or 'images[name=backend].newTag'.`,
    );
  };
  const documentSteps: PathStep[] = [];
  const steps: PathStep[] = [];
  let i = 0;
  let expectKey = true;
  const readQuoted = (): string => {
    const quote = text[i];
    let out = '';
    for (i++; i < text.length; i++) {
      const c = text[i];
      if (c === '\\' && quote === '"' && i + 1 < text.length) out += text[++i];
      else if (c === quote) {
        if (quote === "'" && text[i + 1] === "'") {
          out += "'";
          i++;
        } else {
          i++;
          return out;
        }
      } else out += c;
    }
    return fail('unterminated quote');
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '[') {
      const end = findClosingBracket(text, i);
      if (end < 0) fail("'[' without ']'");
      const inner = text.slice(i + 1, end).trim();
      let step: PathStep;
      if (inner === '*') step = { kind: 'all' };
      else if (/^\d+$/.test(inner)) step = { kind: 'index', index: Number(inner) };
      else {
        const eq = inner.indexOf('=');
        if (eq <= 0) return fail(`'[${inner}]' is neither an index, '*', nor field=value`);
        step = {
          kind: 'select',
          field: inner.slice(0, eq).trim(),
          value: unquote(inner.slice(eq + 1).trim()),
        };
      }
      (steps.length === 0 ? documentSteps : steps).push(step);
      i = end + 1;
      expectKey = false;
      continue;
    }
    if (c === '.') {
      if (i === 0 || text[i - 1] === '.' || i === text.length - 1) fail('empty key');
      i++;
      expectKey = true;
      continue;
    }
    if (!expectKey) fail(`expected '.' or '[' at position ${i + 1}`);
    let name: string;
    if (c === '"' || c === "'") name = readQuoted();
    else {
      const start = i;
      while (i < text.length && text[i] !== '.' && text[i] !== '[') i++;
      name = text.slice(start, i).trim();
    }
    if (name === '') fail('empty key');
    steps.push({ kind: 'key', name });
    expectKey = false;
  }
  if (steps.length === 0) fail('no key');
  return { text, documentSteps, steps };
}

function findClosingBracket(text: string, open: number): number {
  let quote: string | undefined;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ']') return i;
  }
  return -1;
}

function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) {
    return value.slice(1, -1);
  }
  return value;
}

export function formatStep(step: PathStep): string {
  switch (step.kind) {
    case 'key':
      return /[.[\]"']/.test(step.name) ? JSON.stringify(step.name) : step.name;
    case 'index':
      return `[${step.index}]`;
    case 'select':
      return `[${step.field}=${step.value}]`;
    case 'all':
      return '[*]';
  }
}

/** Renders steps back into a path, e.g. for error messages and outputs. */
export function formatPath(steps: PathStep[]): string {
  let out = '';
  for (const step of steps) {
    const part = formatStep(step);
    out += step.kind === 'key' && out !== '' ? `.${part}` : part;
  }
  return out;
}
