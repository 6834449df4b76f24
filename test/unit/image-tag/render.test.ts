import { describe, expect, it } from '@jest/globals';
import { parseRenderSpecs } from '../../../src/image-tag/inputs.js';
import {
  checkRenders,
  referencesNewImage,
  renderComparisonMarkdown,
  renderedImages,
  type RenderComparison,
} from '../../../src/image-tag/render.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const RENDER = `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: ghcr.io/acme/web:1.0.0
      containers:
        - name: web
          image: "ghcr.io/acme/web:1.0.0"
        - name: proxy
          image: envoy:v1
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: report
              image: ghcr.io/acme/web:1.0.0
`;

describe('renderedImages', () => {
  it('lists every container, init container and CronJob container with its workload', () => {
    expect(renderedImages(RENDER)).toEqual([
      { workload: 'Deployment/web', container: 'migrate', image: 'ghcr.io/acme/web:1.0.0' },
      { workload: 'Deployment/web', container: 'web', image: 'ghcr.io/acme/web:1.0.0' },
      { workload: 'Deployment/web', container: 'proxy', image: 'envoy:v1' },
      { workload: 'CronJob/report', container: 'report', image: 'ghcr.io/acme/web:1.0.0' },
    ]);
  });
});

describe('referencesNewImage', () => {
  it('matches the tag, the digest when given, and the repository when known', () => {
    expect(referencesNewImage('ghcr.io/acme/web:2.0.0', { tag: '2.0.0' })).toBe(true);
    expect(referencesNewImage('ghcr.io/acme/web:2.0.0', { tag: '2.0.1' })).toBe(false);
    expect(referencesNewImage(`ghcr.io/acme/web:2.0.0@${DIGEST}`, { tag: '2.0.0', digest: DIGEST })).toBe(
      true,
    );
    expect(referencesNewImage('ghcr.io/acme/web:2.0.0', { tag: '2.0.0', digest: DIGEST })).toBe(false);
    expect(referencesNewImage(`web@${DIGEST}`, { tag: DIGEST })).toBe(true);
    expect(referencesNewImage('ghcr.io/acme/web:2.0.0', { tag: '2.0.0' }, 'ghcr.io/acme/api')).toBe(false);
  });
});

describe('checkRenders', () => {
  const comparison = (after: string): RenderComparison => ({
    label: 'helm charts/web',
    before: [{ workload: 'Deployment/web', container: 'web', image: 'web:1' }],
    after: [{ workload: 'Deployment/web', container: 'web', image: after }],
    changed:
      after === 'web:1' ? [] : [{ workload: 'Deployment/web', container: 'web', before: 'web:1', after }],
  });

  it('accepts a render that runs the new image and shows it before → after', () => {
    expect(() => checkRenders([comparison('web:2')], { tag: '2' }, true)).not.toThrow();
    expect(renderComparisonMarkdown([comparison('web:2')])).toBe(
      '#### Rendered images\n\n`helm charts/web`:\n\n```diff\n- Deployment/web web: web:1\n+ Deployment/web web: web:2\n```',
    );
  });

  it('refuses a render the edit does not change, and a container changed to another image', () => {
    expect(() => checkRenders([comparison('web:1')], { tag: '2' }, true)).toThrow(
      /helm charts\/web renders web:1, none of them with 2: the edit does not change the render/,
    );
    expect(() => checkRenders([comparison('web:2-rc')], { tag: '2' }, true)).toThrow(
      /renders Deployment\/web web: web:2-rc, not the new image 2/,
    );
  });
});

describe('parseRenderSpecs', () => {
  it('reads helm and kustomize lines and refuses anything else, or a path leaving the checkout', () => {
    expect(parseRenderSpecs(['helm charts/web/', 'kustomize overlays/prod'])).toEqual([
      { tool: 'helm', dir: 'charts/web' },
      { tool: 'kustomize', dir: 'overlays/prod' },
    ]);
    expect(() => parseRenderSpecs(['helmfile apply'])).toThrow(
      /'helmfile apply' is not 'helm <chart-dir>' or 'kustomize <dir>'/,
    );
    expect(() => parseRenderSpecs(['helm ../other'])).toThrow(
      /Input 'verify-render': '..\/other' must be relative/,
    );
  });
});
