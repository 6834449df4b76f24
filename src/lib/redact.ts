// The one redaction every text we send to GitHub (comments, PR bodies and titles, commit messages, issue
// bodies, deployment statuses, job summaries) passes through. The runner masks only what it prints; text sent
// through the API reaches GitHub as is, so it is redacted here.

const MASK = '***';

/** Every value given to `maskSecrets` in this process (and any line of a multi-line one). */
const registry = new Set<string>();

/** Values shorter than this are not replaced inside text (they would hit ordinary words). */
const MIN_LENGTH = 4;

/** Adds values to the registry `redact` always applies; `maskSecrets` calls it. */
export function registerSecrets(...values: (string | undefined)[]): void {
  for (const value of values) {
    if (!value) continue;
    registry.add(value);
    for (const line of value.split(/\r?\n/)) if (line.trim()) registry.add(line.trim());
    for (const part of urlSecrets(value)) registry.add(part);
  }
}

/** Empties the registry (tests). */
export function clearSecrets(): void {
  registry.clear();
}

/** The password (raw and decoded) and the user of a URL's userinfo, when it has one. */
function urlSecrets(value: string): string[] {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^\s/@]*)@/i.exec(value.trim());
  if (!match?.[1]) return [];
  const [user = '', password] = match[1].split(/:(.*)/s);
  const out: string[] = [];
  for (const part of password === undefined ? [user] : [password]) {
    out.push(part);
    try {
      out.push(decodeURIComponent(part));
    } catch {
      // not percent-encoded
    }
  }
  return out;
}

/** Names of environment variables whose values are secret. */
const SECRET_NAME =
  /(TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|_PASS$|_PWD$|PRIVATE|CREDENTIALS?|API_?KEY|ACCESS_KEY|_KEY$|^KEY$|_DSN$|^DSN$|CONNECTION_STRING|_AUTH$)/i;

/** Whether a variable's value must be redacted: a secret-looking name, or any value carrying URL userinfo. */
export function isSecretVariable(name: string, value: string): boolean {
  return SECRET_NAME.test(name) || /[a-z][a-z0-9+.-]*:\/\/[^\s/@]+@/i.test(value);
}

/** Values of the secret-looking variables of an environment (e.g. `DATABASE_URL=postgres://app:pw@…`). */
export function secretsFromEnv(env: NodeJS.ProcessEnv | Record<string, string>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value.length < MIN_LENGTH || !isSecretVariable(name, value)) continue;
    out.push(value, ...urlSecrets(value));
  }
  return out;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@:'"`<>]*)(:[^\s/@'"`<>]*)?@/gi;
// `NAME=value` / `NAME: value` for upper-case, environment-style names that look secret.
const ASSIGNMENT = /\b([A-Z][A-Z0-9_]*)(\s*[=:]\s*)("[^"\n]*"|'[^'\n]*'|[^\s"'`]+)/g;

/**
 * Replaces with `***`: every registered secret and every value in `extra`; the password of any URL
 * (`scheme://user:pass@` → `scheme://user:***@`, a lone `scheme://token@` → `scheme://***@`); and the value of `NAME=value` where NAME looks secret.
 */
export function redact(text: string, extra: Iterable<string> = []): string {
  if (!text) return text;
  const values = new Set<string>();
  for (const value of [...registry, ...extra]) {
    if (!value || value.length < MIN_LENGTH) continue;
    values.add(value);
    for (const part of urlSecrets(value)) if (part.length >= MIN_LENGTH) values.add(part);
  }
  let out = text;
  if (values.size > 0) {
    // Longest first, so a value containing another is replaced whole.
    const sorted = [...values].sort((a, b) => b.length - a.length).map(escapeRegExp);
    out = out.replace(new RegExp(sorted.join('|'), 'g'), MASK);
  }
  // `user:password@` keeps the user; a lone `user@` may be a token (`https://<token>@host`).
  out = out.replace(USERINFO, (_match, scheme: string, user: string, password?: string) =>
    password === undefined ? `${scheme}${MASK}@` : `${scheme}${user}:${MASK}@`,
  );
  out = out.replace(ASSIGNMENT, (whole, name: string, separator: string, value: string) =>
    SECRET_NAME.test(name) && value !== MASK && !/^\*+$/.test(value.replace(/["']/g, ''))
      ? `${name}${separator}${MASK}`
      : whole,
  );
  return out;
}

/** Strings marked sensitive in a plan's JSON (`before_sensitive` / `after_sensitive` trees). */
export function sensitiveValues(value: unknown, sensitive: unknown, out: string[] = []): string[] {
  if (sensitive === true) {
    collectStrings(value, out);
  } else if (Array.isArray(sensitive) && Array.isArray(value)) {
    sensitive.forEach((mark, i) => sensitiveValues(value[i], mark, out));
  } else if (sensitive && typeof sensitive === 'object' && value && typeof value === 'object') {
    for (const [key, mark] of Object.entries(sensitive as Record<string, unknown>))
      sensitiveValues((value as Record<string, unknown>)[key], mark, out);
  }
  return out;
}

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') {
    if (value.length >= MIN_LENGTH) out.push(value);
  } else if (typeof value === 'number' && String(value).length >= MIN_LENGTH) out.push(String(value));
  else if (Array.isArray(value)) value.forEach((item) => collectStrings(item, out));
  else if (value && typeof value === 'object')
    Object.values(value).forEach((item) => collectStrings(item, out));
}

/** Request fields that carry text for people (never file contents): redacted on the way to GitHub. */
const TEXT_FIELDS = new Set(['body', 'title', 'headline', 'message', 'description']);
const SKIPPED_FIELDS = new Set(['fileChanges', 'content', 'contents', 'tree', 'query']);

/** A copy of request parameters with every human-text field redacted (recursively, e.g. GraphQL variables). */
export function redactRequestFields<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => redactRequestFields(item as unknown)) as T;
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (SKIPPED_FIELDS.has(key)) out[key] = field;
    else if (typeof field === 'string') out[key] = TEXT_FIELDS.has(key) ? redact(field) : field;
    else if (key === 'headers' || key === 'request') out[key] = field;
    else out[key] = redactRequestFields(field);
  }
  return out as T;
}
