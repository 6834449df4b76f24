// Differential test: this runtime against @actions/core, byte for byte, on stdout and in the file commands.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import * as core from '@actions/core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  appendSummary,
  coreLogger,
  getIdToken,
  maskSecrets,
  setOutputs,
  SUMMARY_MAX_BYTES,
  truncateUtf8,
} from '../../../src/lib/actions-runtime.js';
import { Inputs } from '../../../src/lib/inputs.js';

const CORPUS = [
  '',
  'plain',
  'multi\nline\nvalue',
  'crlf\r\nline',
  'lone\rcarriage',
  '100% sure, %25 already %0A escaped',
  '::error::not a command',
  'v\n::error::injected',
  'name=value',
  'colon: and, comma',
  'unicode ü 日本語 🚀 \u2028 separator',
  '  padded  ',
  'trailing newline\n',
  '\n',
  'ghadelimiter_not-the-real-one',
];
const STRUCTURED: unknown[] = [{ a: 1, b: ['x', 'y'] }, ['one', 'two'], 42, true, false, null];

let work: string;
const savedEnv = { ...process.env };

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'runtime-diff-'));
  delete process.env.GITHUB_OUTPUT;
  delete process.env.GITHUB_STEP_SUMMARY;
});
afterEach(() => {
  process.env = { ...savedEnv };
  rmSync(work, { recursive: true, force: true });
});

/** Everything fn writes to stdout, as bytes. */
async function stdoutOf(fn: () => unknown): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(Buffer.from(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    await fn();
  } finally {
    process.stdout.write = original;
  }
  return Buffer.concat(chunks);
}

const sameDelimiters = (text: string) =>
  text.replace(
    /ghadelimiter_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
    'ghadelimiter_X',
  );

describe('workflow commands on stdout', () => {
  it.each(CORPUS.map((value) => [JSON.stringify(value), value]))(
    'writes the same bytes as @actions/core for %s',
    async (_label, value) => {
      const ours = await stdoutOf(async () => {
        coreLogger.info(value);
        coreLogger.debug(value);
        coreLogger.warning(value);
        coreLogger.error(value);
        await coreLogger.group(value, async () => coreLogger.info('inside'));
      });
      const theirs = await stdoutOf(async () => {
        core.info(value);
        core.debug(value);
        core.warning(value);
        core.error(value);
        await core.group(value, async () => core.info('inside'));
      });
      expect(ours.toString('utf8')).toBe(theirs.toString('utf8'));
      expect(ours.equals(theirs)).toBe(true);
    },
  );

  it('masks like core.setSecret, and also each line of a multi-line secret', async () => {
    for (const value of CORPUS.filter((v) => v !== '')) {
      const ours = await stdoutOf(() => maskSecrets(value));
      const theirs = await stdoutOf(() => {
        core.setSecret(value);
        for (const line of value.split(/\r?\n/)) if (line.trim() && line !== value) core.setSecret(line);
      });
      expect(ours.equals(theirs)).toBe(true);
    }
    expect((await stdoutOf(() => maskSecrets('', undefined))).length).toBe(0);
  });
});

describe('outputs', () => {
  const values = [...CORPUS, ...STRUCTURED];

  it('writes GITHUB_OUTPUT as core.setOutput does, delimiters aside', async () => {
    const oursFile = join(work, 'ours');
    const theirsFile = join(work, 'theirs');
    writeFileSync(oursFile, '');
    writeFileSync(theirsFile, '');
    process.env.GITHUB_OUTPUT = oursFile;
    const oursStdout = await stdoutOf(() =>
      values.forEach((value, i) => setOutputs({ [`out-${i}`]: value })),
    );
    process.env.GITHUB_OUTPUT = theirsFile;
    const theirsStdout = await stdoutOf(() =>
      values.forEach((value, i) => core.setOutput(`out-${i}`, value)),
    );
    expect(oursStdout.equals(theirsStdout)).toBe(true);
    const ours = readFileSync(oursFile, 'utf8');
    expect(ours).toMatch(/^out-0<<ghadelimiter_[0-9a-f-]{36}\n/);
    expect(sameDelimiters(ours)).toBe(sameDelimiters(readFileSync(theirsFile, 'utf8')));
    expect(Buffer.byteLength(ours)).toBe(Buffer.byteLength(readFileSync(theirsFile, 'utf8')));
  });

  it('without GITHUB_OUTPUT writes the escaped set-output command, never a bare name=value line', async () => {
    const ours = await stdoutOf(() => values.forEach((value, i) => setOutputs({ [`out-${i}`]: value })));
    const theirs = await stdoutOf(() => values.forEach((value, i) => core.setOutput(`out-${i}`, value)));
    expect(ours.equals(theirs)).toBe(true);
    const lines = ours.toString('utf8').split('\n');
    expect(lines.filter((line) => line.startsWith('::error::'))).toEqual([]);
    expect(lines.filter((line) => /^out-\d+=/.test(line))).toEqual([]);
    expect(lines).toContain('::set-output name=out-7::v%0A::error::injected');
  });

  it('fails as core does when GITHUB_OUTPUT names a missing file', () => {
    process.env.GITHUB_OUTPUT = join(work, 'absent');
    expect(() => setOutputs({ a: 'b' })).toThrow(`Missing file at path: ${join(work, 'absent')}`);
    expect(() => core.setOutput('a', 'b')).toThrow(`Missing file at path: ${join(work, 'absent')}`);
  });
});

describe('inputs', () => {
  it('reads the same raw value as core.getInput', () => {
    const inputs = new Inputs();
    CORPUS.forEach((value, i) => {
      process.env[`INPUT_MY_INPUT-${i}`] = value;
      expect(inputs.optional(`my input-${i}`) ?? '').toBe(core.getInput(`my input-${i}`));
    });
  });

  it('accepts exactly the booleans core.getBooleanInput accepts, and the error lists them', () => {
    const inputs = new Inputs();
    const candidates = [
      'true',
      'True',
      'TRUE',
      'false',
      'False',
      'FALSE',
      'yes',
      'no',
      'on',
      'off',
      '1',
      '0',
      'tRUE',
      ' true ',
    ];
    for (const value of candidates) {
      process.env.INPUT_FLAG = value;
      let theirs: boolean | 'error';
      try {
        theirs = core.getBooleanInput('flag');
      } catch {
        theirs = 'error';
      }
      let ours: boolean | 'error';
      try {
        ours = inputs.boolean('flag', false);
      } catch (error) {
        ours = 'error';
        expect((error as Error).message).toBe(
          `Input 'flag' must be one of true, True, TRUE, false, False, FALSE; got '${value.trim()}'.`,
        );
      }
      expect([value, ours]).toEqual([value, theirs]);
    }
  });
});

describe('job summary', () => {
  it('appends Markdown with a final newline', () => {
    process.env.GITHUB_STEP_SUMMARY = join(work, 'summary.md');
    appendSummary('# one');
    appendSummary('two\n');
    expect(readFileSync(join(work, 'summary.md'), 'utf8')).toBe('# one\ntwo\n');
  });

  it('keeps the file within 1 MiB in bytes, cutting on a character boundary', async () => {
    const file = join(work, 'summary.md');
    process.env.GITHUB_STEP_SUMMARY = file;
    writeFileSync(file, 'x'.repeat(1000));
    const big = '日本語'.repeat(200_000); // 600,000 characters, 1.8 MB of UTF-8
    appendSummary(big);
    const written = readFileSync(file);
    expect(written.length).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(written.length).toBeGreaterThan(SUMMARY_MAX_BYTES - 100);
    const text = written.toString('utf8');
    expect(text).not.toContain('\uFFFD');
    expect(text).toMatch(/cut here: the runner shows at most 1 MiB\._\n$/);
    appendSummary('more');
    expect(readFileSync(file).length).toBe(written.length);
  });

  it('warns instead of failing when the summary directory is missing', async () => {
    process.env.GITHUB_STEP_SUMMARY = join(work, 'gone', 'summary.md');
    const stdout = (await stdoutOf(() => appendSummary('done'))).toString('utf8');
    expect(stdout).toMatch(/^::warning::Could not write the job summary to .*gone\/summary\.md \(ENOENT\)/);
    expect(process.exitCode ?? 0).toBe(0);
  });

  it('truncates UTF-8 without splitting a character', () => {
    expect(truncateUtf8('aü', 2)).toBe('a');
    expect(truncateUtf8('aü', 3)).toBe('aü');
    expect(truncateUtf8('🚀', 3)).toBe('');
  });
});

describe('OIDC token', () => {
  let server: Server;
  let paths: string[];
  let baseUrl: string;

  beforeEach(async () => {
    paths = [];
    server = createServer((req, res) => {
      paths.push(req.url ?? '');
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ value: 'jwt.token.value' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/_apis/token?api-version=2.0`;
    process.env.ACTIONS_ID_TOKEN_REQUEST_URL = baseUrl;
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = 'request-token';
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each([['sts.amazonaws.com'], ['a b/c&d=é'], ['']])(
    'requests the same URL and prints the same commands as core.getIDToken for audience %j',
    async (audience) => {
      let ours = '';
      let theirs = '';
      const oursStdout = await stdoutOf(async () => (ours = await getIdToken(audience)));
      const theirsStdout = await stdoutOf(async () => (theirs = await core.getIDToken(audience)));
      expect(ours).toBe(theirs);
      expect(paths[0]).toBe(paths[1]);
      expect(oursStdout.equals(theirsStdout)).toBe(true);
      if (audience === '') expect(paths[0]).not.toContain('audience');
    },
  );
});
