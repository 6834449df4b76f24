import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from '../../../src/lib/errors.js';
import { rewriteImageTag, type RewriteOptions } from '../../../src/image-tag/rewrite.js';
import { parseKeyPath } from '../../../src/image-tag/key-path.js';

const FIXTURES = join(new URL('.', import.meta.url).pathname, '../../fixtures/values');
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const read = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/**
 * Asserts that old and new text differ only in the changed values: same line count and line endings,
 * and on every differing line, putting the old value back where the new value is yields the old line.
 */
function expectOnlyValuesChanged(
  before: string,
  after: string,
  changes: { line: number; oldValue: string; newValue: string; changed: boolean }[],
) {
  const oldLines = before.split('\n');
  const newLines = after.split('\n');
  expect(newLines.length).toBe(oldLines.length);
  const changedLines = new Set(changes.filter((c) => c.changed).map((c) => c.line - 1));
  oldLines.forEach((oldLine, i) => {
    const newLine = newLines[i] as string;
    if (!changedLines.has(i)) {
      expect(newLine).toBe(oldLine);
      return;
    }
    let restored = newLine;
    for (const change of changes.filter((c) => c.line - 1 === i && c.changed)) {
      restored = restored.replace(change.newValue, change.oldValue);
    }
    expect(restored).toBe(oldLine);
  });
}

function rewrite(name: string, options: Omit<RewriteOptions, 'file'>) {
  const before = read(name);
  const result = rewriteImageTag(before, { file: name, ...options });
  expectOnlyValuesChanged(before, result.text, result.changes);
  return { before, ...result };
}

describe('rewriteImageTag: helm values', () => {
  it('changes only image.tag in a chart values file, keeping comments and blank lines', () => {
    const result = rewrite('helm-chart-values.yaml', { values: { tag: 'v2.0.1' } });
    expect(result.format).toBe('helm');
    expect(result.changes).toEqual([
      expect.objectContaining({
        key: 'image.tag',
        oldValue: '3f2a9c1',
        newValue: 'v2.0.1',
        line: 10,
        column: 8,
        changed: true,
      }),
    ]);
    expect(result.text).toContain('  tag: v2.0.1   # set by CI\n');
    expect(result.text.replace('v2.0.1', '3f2a9c1')).toBe(result.before);
  });

  it('sets several keys, keeping the quoting of each', () => {
    const result = rewrite('helm-chart-values.yaml', {
      keys: ['image.tag', 'migrations.image.tag'],
      values: { tag: 'abc123' },
    });
    expect(result.changes.map((c) => c.key)).toEqual(['image.tag', 'migrations.image.tag']);
    expect(result.text).toContain("    tag: 'abc123'\n");
  });

  it('rewrites the bot-managed file and keeps its header', () => {
    const result = rewrite('prod-image-tag.yaml', {
      values: { tag: '1111111111111111111111111111111111111111' },
    });
    expect(result.text).toBe(
      '# This file is automatically updated by the bot. DO NOT EDIT.\nimage:\n  tag: "1111111111111111111111111111111111111111"\n',
    );
  });

  it('keeps a missing final newline', () => {
    const result = rewrite('staging-image-tag.no-final-newline.yaml', { values: { tag: 'v1.2.4' } });
    expect(result.text.endsWith('tag: v1.2.4')).toBe(true);
  });

  it('keeps CRLF line endings byte for byte', () => {
    const before = readFileSync(join(FIXTURES, 'dev-values.crlf.yaml'));
    expect(before.includes('\r\n')).toBe(true);
    const result = rewriteImageTag(before.toString('utf8'), {
      file: 'dev-values.crlf.yaml',
      values: { tag: '2024.06.01-3' },
    });
    const after = Buffer.from(result.text, 'utf8');
    expect(after.toString('latin1')).toBe(before.toString('latin1').replace('2024.05.01-1', '2024.06.01-3'));
  });

  it('keeps a byte order mark', () => {
    const before = read('bom.yaml');
    const result = rewriteImageTag(before, { file: 'bom.yaml', values: { tag: 'v10' } });
    expect(result.text).toBe('\uFEFFimage:\n  tag: v10\n');
  });

  it('keeps the quoting style: double, single, and plain inside a flow map', () => {
    const result = rewrite('quoted-with-comments.yaml', {
      keys: ['frontend.image.tag', 'backend.image.tag', 'worker.image.tag'],
      values: { tag: 'v1.1.0' },
    });
    expect(result.text).toContain('tag: "v1.1.0" # double-quoted');
    expect(result.text).toContain("tag: 'v1.1.0'   # single-quoted");
    expect(result.text).toContain('{repository: ghcr.io/acme/worker, tag: v1.1.0} # flow map');
  });

  it('quotes a plain value that YAML would otherwise read as a number or boolean', () => {
    expect(rewriteImageTag('image:\n  tag: v1\n', { file: 'v.yaml', values: { tag: '1.10' } }).text).toBe(
      'image:\n  tag: "1.10"\n',
    );
    expect(rewriteImageTag('image:\n  tag: v1\n', { file: 'v.yaml', values: { tag: 'yes' } }).text).toBe(
      'image:\n  tag: "yes"\n',
    );
    expect(rewriteImageTag('image:\n  tag: v1\n', { file: 'v.yaml', values: { tag: '1e3' } }).text).toBe(
      'image:\n  tag: "1e3"\n',
    );
  });

  it('fills an empty value', () => {
    expect(rewriteImageTag('image:\n  tag:\n  x: 1\n', { file: 'v.yaml', values: { tag: 'v2' } }).text).toBe(
      'image:\n  tag: v2\n  x: 1\n',
    );
    expect(rewriteImageTag('image:\n  tag: # set me\n', { file: 'v.yaml', values: { tag: 'v2' } }).text).toBe(
      'image:\n  tag: v2 # set me\n',
    );
  });

  it('writes through an anchor only with allowAliases, reporting the aliases, and refuses an alias', () => {
    expect(() =>
      rewriteImageTag(read('anchors.yaml'), {
        file: 'anchors.yaml',
        keys: ['defaults.image.tag'],
        values: { tag: 'v2.0.0' },
      }),
    ).toThrow(
      /anchors\.yaml:3: defaults\.image\.tag is inside the anchor &defaults.*line 7.*allow-aliases: true/,
    );
    const result = rewrite('anchors.yaml', {
      keys: ['defaults.image.tag'],
      values: { tag: 'v2.0.0' },
      allowAliases: true,
    });
    expect(result.text).toContain('    tag: &tag v2.0.0\n');
    expect(result.text).toContain('    tag: *tag\n');
    expect(result.changes[0]?.aliases).toEqual([7, 12]);
    expect(result.warnings).toEqual([expect.stringMatching(/changes those places too/)]);
    expect(() =>
      rewriteImageTag(read('anchors.yaml'), {
        file: 'anchors.yaml',
        keys: ['cron.image.tag'],
        values: { tag: 'v2' },
      }),
    ).toThrow(/'cron\.image\.tag' is an alias \(\*tag\).*Set the anchored key instead/);
    expect(() =>
      rewriteImageTag(read('anchors.yaml'), {
        file: 'anchors.yaml',
        keys: ['api.image.tag'],
        values: { tag: 'v2' },
      }),
    ).toThrow(/'api' has keys '<<', 'replicas'.*merge key/);
  });

  it('is unchanged when the value is already the tag', () => {
    const before = read('prod-image-tag.yaml');
    const result = rewriteImageTag(before, {
      file: 'p.yaml',
      values: { tag: '0f4e5d6c7b8a99887766554433221100ffeeddcc' },
    });
    expect(result.changed).toBe(false);
    expect(result.text).toBe(before);
    expect(result.changes[0]).toMatchObject({
      changed: false,
      oldValue: '0f4e5d6c7b8a99887766554433221100ffeeddcc',
    });
  });

  it('replaces the tag of a full image reference, keeping the name', () => {
    const result = rewrite('multi-doc.yaml', {
      keys: ['[kind=Deployment].spec.template.spec.containers[name=web].image'],
      values: { tag: '1.5.0' },
    });
    expect(result.changes).toEqual([
      expect.objectContaining({
        kind: 'image',
        oldValue: 'ghcr.io/acme/web:1.4.0',
        newValue: 'ghcr.io/acme/web:1.5.0',
      }),
    ]);
    expect(result.text).toContain('  name: report\n');
    expect(result.text.match(/acme\/web:1\.4\.0/g)).toHaveLength(1);
    expect(result.text.startsWith('---\n# the web app\n')).toBe(true);
    expect(result.text.endsWith('\n...\n')).toBe(true);
  });

  it('updates every document with [*], and refuses a key found in several documents without it', () => {
    const key = 'spec.jobTemplate.spec.template.spec.containers[0].image';
    expect(rewrite('multi-doc.yaml', { keys: [key], values: { tag: '2.0.0' } }).changes).toHaveLength(1);
    const twoDocs = 'image:\n  tag: a\n---\nimage:\n  tag: b\n';
    const both = rewriteImageTag(twoDocs, { file: 'm.yaml', keys: ['[*].image.tag'], values: { tag: 'v1' } });
    expect(both.changes.map((c) => c.newValue)).toEqual(['v1', 'v1']);
    expect(() =>
      rewriteImageTag(twoDocs, { file: 'm.yaml', keys: ['image.tag'], values: { tag: 'v1' } }),
    ).toThrow(/in several documents.*document selector/);
  });

  it('writes a digest into a digest key and refuses a tag there', () => {
    const text = 'image:\n  tag: v1\n  digest: ""\n';
    const result = rewriteImageTag(text, {
      file: 'v.yaml',
      keys: ['image.tag', 'image.digest'],
      values: { tag: 'v2', digest: DIGEST },
    });
    expect(result.text).toBe(`image:\n  tag: v2\n  digest: "${DIGEST}"\n`);
    expect(() =>
      rewriteImageTag(text, { file: 'v.yaml', keys: ['image.digest'], values: { tag: 'v2' } }),
    ).toThrow(/holds a digest/);
  });
});

describe('rewriteImageTag: errors that say what to change', () => {
  const expectError = (text: string, options: Omit<RewriteOptions, 'file'>, message: RegExp) => {
    let error: unknown;
    try {
      rewriteImageTag(text, { file: 'values.yaml', ...options });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
  };

  it('reports invalid YAML with file, line and column', () => {
    expectError(
      'image:\n  tag: v1\n   bad: [\n',
      { values: { tag: 'v2' } },
      /^values\.yaml:2:8: invalid YAML: Nested mappings are not allowed in compact mappings\. Fix the file/,
    );
  });

  it('lists the keys at the deepest level reached', () => {
    expectError(
      'image:\n  repository: x\n  pullPolicy: Always\n',
      { values: { tag: 'v2' } },
      /key 'image\.tag' not found: 'image' has keys 'repository', 'pullPolicy'/,
    );
    expectError('app: {}\n', { values: { tag: 'v2' } }, /the top level has keys 'app'/);
  });

  it('refuses a key that is not a scalar', () => {
    expectError(
      'image:\n  tag:\n    a: 1\n',
      { values: { tag: 'v2' } },
      /'image\.tag' is a map, not a scalar \(its keys: a\)/,
    );
  });

  it('refuses several matches where one is expected', () => {
    expectError(
      'images:\n  - {name: a, newTag: v1}\n  - {name: a, newTag: v1}\n',
      { format: 'helm', keys: ['images[name=a].newTag'], values: { tag: 'v2' } },
      /2 items of 'images' have name=a, where one was expected/,
    );
  });

  it('names the values of a selector that matched nothing', () => {
    expectError(
      'images:\n  - {name: a, newTag: v1}\n',
      { format: 'helm', keys: ['images[name=b].newTag'], values: { tag: 'v2' } },
      /no item of 'images' has name=b \(name values: 'a'\)/,
    );
  });

  it('refuses an invalid tag', () => {
    expectError('image:\n  tag: v1\n', { values: { tag: '-bad' } }, /'-bad' is not a valid image tag/);
    expectError('image:\n  tag: v1\n', { values: { tag: 'x'.repeat(129) } }, /not a valid image tag/);
    expectError(
      'image:\n  tag: v1\n',
      { values: { tag: DIGEST } },
      /holds a tag; give a tag \('sha256:.*' is a digest\)/,
    );
  });

  it('refuses a block scalar target', () => {
    expectError('image:\n  tag: |\n    v1\n', { values: { tag: 'v2' } }, /block scalar/);
  });
});

describe('rewriteImageTag: kustomize', () => {
  it('auto-detects a kustomization and sets newTag of the named image', () => {
    const result = rewrite('kustomization.yaml', { keys: ['api'], values: { tag: '1.1.0' } });
    expect(result.format).toBe('kustomize');
    expect(result.changes).toEqual([
      expect.objectContaining({ key: 'images[name=api].newTag', oldValue: '1.0.0', newValue: '1.1.0' }),
    ]);
    expect(result.text).toContain('    newTag: "1.1.0"\n');
  });

  it('sets digest when the tag is a digest, and adds a missing newName as one new line', () => {
    const before = read('kustomization.yaml');
    const result = rewriteImageTag(before, {
      file: 'kustomization.yaml',
      keys: ['worker'],
      values: { tag: DIGEST, name: 'ghcr.io/acme/worker' },
    });
    expect(result.changes.map((c) => [c.key, c.oldValue, c.newValue])).toEqual([
      ['images[name=worker].digest', `sha256:${'0'.repeat(64)}`, DIGEST],
      ['images[name=worker].newName', '', 'ghcr.io/acme/worker'],
    ]);
    expect(result.text).toBe(
      before
        .replace(`sha256:${'0'.repeat(64)}`, DIGEST)
        .replace(`${DIGEST}\n`, `${DIGEST}\n    newName: ghcr.io/acme/worker\n`),
    );
  });

  it('adds a missing newTag with the file line ending and no final newline kept', () => {
    const text = 'kind: Kustomization\r\nimages:\r\n- name: api # the api\r\n  newName: x/api';
    const result = rewriteImageTag(text, { file: 'k.yaml', values: { tag: 'v2' } });
    expect(result.text).toBe(`${text}\r\n  newTag: v2`);
  });

  it('asks for a name when there are several images', () => {
    expect(() =>
      rewriteImageTag(read('kustomization.yaml'), { file: 'kustomization.yaml', values: { tag: 'v1' } }),
    ).toThrow(/'images' has 2 entries \(api, worker\); name the image/);
  });

  it('accepts a full images[…] path', () => {
    const result = rewrite('kustomization.yaml', {
      keys: ['images[name=worker].newTag'],
      values: { tag: '1.2.0', digest: DIGEST },
    });
    expect(result.text).toContain(`    newTag: 1.2.0\n    digest: ${DIGEST}`);
    const api = rewrite('kustomization.yaml', {
      keys: ['images[name=api].newTag'],
      values: { tag: '1.2.0' },
    });
    expect(api.text).toContain('    newTag: "1.2.0"\n');
  });
});

describe('rewriteImageTag: flux markers', () => {
  it('sets :tag and whole-image markers and ignores a marker inside a block scalar', () => {
    const result = rewrite('flux-markers.yaml', { values: { tag: '5.1.0' } });
    expect(result.format).toBe('flux-marker');
    expect(result.changes.map((c) => [c.kind, c.oldValue, c.newValue])).toEqual([
      ['image', 'ghcr.io/stefanprodan/podinfo:5.0.0', 'ghcr.io/stefanprodan/podinfo:5.1.0'],
      ['tag', '5.0.0', '5.1.0'],
    ]);
    expect(result.warnings).toEqual([
      expect.stringMatching(/flux-markers\.yaml:13: .* inside a block scalar/),
    ]);
  });

  it('sets :digest and :name markers when given', () => {
    const result = rewrite('flux-markers.yaml', {
      keys: ['flux-system:podinfo'],
      values: { tag: '5.1.0', digest: DIGEST, name: 'ghcr.io/acme/podinfo' },
    });
    expect(result.changes.map((c) => c.kind)).toEqual(['image', 'name', 'tag', 'digest']);
    expect(result.text).toContain(`image: ghcr.io/acme/podinfo:5.1.0@${DIGEST} #`);
    expect(result.text).toContain(`digest: "${DIGEST}" #`);
  });

  it('treats an explicit key path as helm even when the file has markers', () => {
    const result = rewrite('flux-markers.yaml', {
      keys: ['[1].spec.values.image.tag'],
      values: { tag: '6.0.0' },
    });
    expect(result.format).toBe('helm');
    expect(result.changes.map((c) => c.newValue)).toEqual(['6.0.0']);
  });

  it('refuses markers of several policies without a key', () => {
    const text = 'a: x:1 # {"$imagepolicy": "ns:one"}\nb: y:1 # {"$imagepolicy": "ns:two"}\n';
    expect(() => rewriteImageTag(text, { file: 'f.yaml', values: { tag: 'v2' } })).toThrow(
      /2 image policies \(ns:one, ns:two\)/,
    );
    expect(rewriteImageTag(text, { file: 'f.yaml', keys: ['ns:two'], values: { tag: 'v2' } }).text).toBe(
      'a: x:1 # {"$imagepolicy": "ns:one"}\nb: y:v2 # {"$imagepolicy": "ns:two"}\n',
    );
  });
});

describe('rewriteImageTag: round trip', () => {
  it.each([
    ['helm-chart-values.yaml', { keys: ['image.tag', 'migrations.image.tag'] }],
    ['prod-image-tag.yaml', {}],
    ['staging-image-tag.no-final-newline.yaml', {}],
    ['dev-values.crlf.yaml', {}],
    ['bom.yaml', {}],
    ['quoted-with-comments.yaml', { keys: ['frontend.image.tag', 'backend.image.tag', 'worker.image.tag'] }],
    ['anchors.yaml', { keys: ['defaults.image.tag'], allowAliases: true }],
    ['kustomization.yaml', { keys: ['api'] }],
    ['flux-markers.yaml', { keys: ['flux-system:podinfo'] }],
  ] as [string, { keys?: string[]; allowAliases?: boolean }][])(
    '%s: setting a tag and setting the old one back gives the original bytes',
    (name, options) => {
      const before = readFileSync(join(FIXTURES, name));
      const text = before.toString('utf8');
      const changed = rewriteImageTag(text, { file: name, ...options, values: { tag: 'zz-9.9.9' } });
      expect(changed.changed).toBe(true);
      const old = changed.changes[changed.changes.length - 1]?.oldValue ?? '';
      const tag = old.includes(':') ? old.slice(old.lastIndexOf(':') + 1) : old;
      const back = rewriteImageTag(changed.text, { file: name, ...options, values: { tag } });
      expect(Buffer.from(back.text, 'utf8').equals(before)).toBe(true);
    },
  );
});

describe('parseKeyPath', () => {
  it('parses keys, selectors, indexes, quoted keys and document selectors', () => {
    expect(parseKeyPath('images[name=backend].newTag').steps).toEqual([
      { kind: 'key', name: 'images' },
      { kind: 'select', field: 'name', value: 'backend' },
      { kind: 'key', name: 'newTag' },
    ]);
    expect(parseKeyPath('[1].a[0]."b.c"')).toMatchObject({
      documentSteps: [{ kind: 'index', index: 1 }],
      steps: [
        { kind: 'key', name: 'a' },
        { kind: 'index', index: 0 },
        { kind: 'key', name: 'b.c' },
      ],
    });
  });

  it('refuses malformed paths naming the input', () => {
    expect(() => parseKeyPath('a..b')).toThrow(/Input 'key': 'a\.\.b' is not a key path \(empty key\)/);
    expect(() => parseKeyPath('a[1')).toThrow(/without '\]'/);
    expect(() => parseKeyPath('a[x]')).toThrow(/neither an index/);
  });
});

describe('rewriteImageTag: the manifests people keep', () => {
  const PIN = `sha256:${'cd'.repeat(32)}`;
  const set = (text: string, options: Partial<Omit<RewriteOptions, 'file'>>) =>
    rewriteImageTag(text, { file: 'f.yaml', values: { tag: 'v2' }, ...options });

  it('reads a tag pinned with a digest as a tag: writes the new tag, with the digest when one is given', () => {
    const text = `image:\n  repository: ghcr.io/acme/app\n  tag: v1.84.0@${PIN} # renovate\n`;
    const plain = set(text, { values: { tag: 'v1.85.0' } });
    expect(plain.text).toBe('image:\n  repository: ghcr.io/acme/app\n  tag: v1.85.0 # renovate\n');
    expect(plain.changes[0]).toMatchObject({ kind: 'tag', droppedDigest: PIN, newValue: 'v1.85.0' });
    expect(plain.warnings).toEqual([
      expect.stringMatching(/f\.yaml:3: image\.tag: the old value was pinned to sha256:cdcd.*give 'digest'/),
    ]);
    const pinned = set(text, { values: { tag: 'v1.85.0', digest: DIGEST } });
    expect(pinned.text).toContain(`  tag: v1.85.0@${DIGEST} # renovate\n`);
    expect(pinned.warnings).toEqual([]);
  });

  it('gives an image reference without a tag the tag, keeping its registry and repository', () => {
    const text = 'db:\n  image: mongo\nproxy:\n  image: registry.local:5000/team/proxy\n';
    const result = set(text, { keys: ['db.image', 'proxy.image'], values: { tag: '7.0' } });
    expect(result.text).toBe(
      'db:\n  image: mongo:7.0\nproxy:\n  image: registry.local:5000/team/proxy:7.0\n',
    );
    expect(result.changes.map((c) => c.kind)).toEqual(['image', 'image']);
    expect(set(text, { keys: ['db.image'], values: { tag: DIGEST } }).text).toContain(
      `  image: mongo@${DIGEST}\n`,
    );
  });

  it('adds a missing newTag whether the entry is named or addressed by path', () => {
    const text = 'kind: Kustomization\nimages:\n  - name: redis\n    newName: mirror.local/redis\n';
    for (const key of ['redis', 'images[name=redis].newTag']) {
      const result = set(text, { keys: [key], values: { tag: '7.2' } });
      expect(result.text).toBe(
        'kind: Kustomization\nimages:\n  - name: redis\n    newName: mirror.local/redis\n    newTag: "7.2"\n',
      );
      expect(result.changes).toEqual([
        expect.objectContaining({ key: 'images[name=redis].newTag', oldValue: '', newValue: '7.2' }),
      ]);
    }
  });

  it('refuses a new tag where a Kustomize digest or a Flux :digest marker would keep the old image', () => {
    expect(() =>
      rewriteImageTag(read('kustomization.yaml'), {
        file: 'k.yaml',
        keys: ['worker'],
        values: { tag: '1.2.0' },
      }),
    ).toThrow(/name=worker has digest sha256:0000.*Kustomize uses instead of newTag.*Give 'digest'/);
    const flux = `image:\n  tag: 5.0.0 # {"$imagepolicy": "ns:app:tag"}\n  digest: ${PIN} # {"$imagepolicy": "ns:app:digest"}\n`;
    expect(() => set(flux, {})).toThrow(
      /\$imagepolicy ns:app:digest holds the digest sha256:cdcd.*Give 'digest'/,
    );
    expect(set(flux, { values: { tag: '5.1.0', digest: DIGEST } }).text).toBe(
      `image:\n  tag: 5.1.0 # {"$imagepolicy": "ns:app:tag"}\n  digest: ${DIGEST} # {"$imagepolicy": "ns:app:digest"}\n`,
    );
  });

  it('sets :tag, :name and :digest markers of one policy in one file', () => {
    const text = [
      'image:',
      '  repository: ghcr.io/acme/app # {"$imagepolicy": "flux-system:app:name"}',
      '  tag: "1.0.0" # {"$imagepolicy": "flux-system:app:tag"}',
      '  digest: \'\' # {"$imagepolicy": "flux-system:app:digest"}',
      '',
    ].join('\n');
    const result = set(text, { values: { tag: '1.1.0', digest: DIGEST, name: 'ghcr.io/acme/app2' } });
    expect(result.changes.map((c) => [c.kind, c.newValue])).toEqual([
      ['name', 'ghcr.io/acme/app2'],
      ['tag', '1.1.0'],
      ['digest', DIGEST],
    ]);
    expect(result.text).toBe(
      text
        .replace('ghcr.io/acme/app #', 'ghcr.io/acme/app2 #')
        .replace('"1.0.0"', '"1.1.0"')
        .replace("''", `'${DIGEST}'`),
    );
  });

  it('fills tag: null and tag: ""', () => {
    expect(set('image:\n  tag: null\n', {}).text).toBe('image:\n  tag: v2\n');
    expect(set('image:\n  tag: ~ # later\n', {}).text).toBe('image:\n  tag: v2 # later\n');
    const empty = set('image:\n  tag: ""\n', {});
    expect(empty.text).toBe('image:\n  tag: "v2"\n');
    expect(empty.changes[0]).toMatchObject({ oldValue: '', newValue: 'v2', changed: true });
  });

  it('picks a document of a multi-document file by index', () => {
    const text = '# one\nimage:\n  tag: a\n---\n# two\nimage:\n  tag: b\n';
    expect(set(text, { keys: ['[1].image.tag'] }).text).toBe(text.replace('tag: b', 'tag: v2'));
    expect(set(text, { keys: ['[0].image.tag'] }).text).toBe(text.replace('tag: a', 'tag: v2'));
    expect(() => set(text, { keys: ['[2].image.tag'] })).toThrow(/no document \[2\]; the file has 2/);
  });

  it('edits JSON written as YAML in place', () => {
    const text =
      '{\n  "image": {"repository": "ghcr.io/acme/app", "tag": "1.0.0"},\n  "replicaCount": 2\n}\n';
    expect(set(text, {}).text).toBe(text.replace('"1.0.0"', '"v2"'));
  });

  it('refuses a key that is not an image field, naming the key', () => {
    const text = 'replicaCount: 2\nresources:\n  limits:\n    cpu: 500m\nimage:\n  tag: v1\n';
    expect(() => set(text, { keys: ['replicaCount'] })).toThrow(
      /key 'replicaCount' is not an image field.*e\.g\. 'image\.tag'/,
    );
    expect(() => set(text, { keys: ['resources.limits.cpu'] })).toThrow(/'cpu' names neither a tag/);
  });
});
