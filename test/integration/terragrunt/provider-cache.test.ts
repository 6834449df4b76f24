// terragrunt-plan shares one provider plugin cache across the units of a job: the real
// terraform-provider-time, served by a local network mirror that counts each download.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  TIME_PROVIDER_VERSION,
  startProviderMirror,
  type ProviderMirror,
} from '../../harness/provider-mirror.js';
import { runAction } from '../../harness/run-action.js';
import { describeWithTools, TOOLS_PATH } from '../../harness/tools.js';

const UNITS = ['live/a', 'live/b', 'live/c'];

describeWithTools(
  ['terragrunt', 'tofu', 'terraform-provider-time', 'zip', 'openssl'],
  'terragrunt-plan with a shared provider cache',
  () => {
    let mirror: ProviderMirror;
    let work: string;

    beforeAll(async () => {
      mirror = await startProviderMirror();
      const lock = await mirror.lockFile();
      work = mkdtempSync(join(tmpdir(), 'tg-provider-cache-'));
      for (const unit of UNITS) {
        mkdirSync(join(work, unit), { recursive: true });
        writeFileSync(join(work, unit, 'terragrunt.hcl'), '');
        writeFileSync(join(work, unit, 'main.tf'), mirror.unitConfig(unit.replace('/', '_')));
        // The committed lock file: OpenTofu takes a cached provider only when its checksum is listed.
        writeFileSync(join(work, unit, '.terraform.lock.hcl'), lock);
      }
    });
    afterAll(async () => {
      await mirror?.stop();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    const plan = () =>
      runAction('terragrunt-plan', {
        cwd: work,
        inputs: {
          units: UNITS.join(' '),
          parallelism: String(UNITS.length),
          comment: 'false',
          'tf-path': 'tofu',
          'provider-cache-dir': 'providers',
        },
        env: {
          PATH: TOOLS_PATH,
          HOME: work,
          ...mirror.env,
          TF_PLUGIN_CACHE_DIR: '',
          // Terragrunt's own automatic cache is off: the one cache is the action's.
          TG_NO_AUTO_PROVIDER_CACHE_DIR: 'true',
        },
        timeoutMs: 300_000,
      });

    it('fetches the provider once for all units, and not at all with the cache restored', async () => {
      mirror.reset();
      const first = await plan();
      expect(first.stdout).not.toContain('::error::');
      expect(first.exitCode).toBe(0);
      expect(first.outputs.units).toBe(JSON.stringify(UNITS));
      expect(first.outputs['has-changes']).toBe('true');
      expect(mirror.downloads().count).toBe(1);
      const platform = `linux_${process.arch === 'arm64' ? 'arm64' : 'amd64'}`;
      expect(
        existsSync(
          join(work, 'providers/registry.opentofu.org/hashicorp/time', TIME_PROVIDER_VERSION, platform),
        ),
      ).toBe(true);

      // The next job, with the cache directory restored (as actions/cache does): nothing to fetch.
      for (const unit of UNITS) rmSync(join(work, unit, '.terraform'), { recursive: true, force: true });
      mirror.reset();
      const second = await plan();
      expect(second.exitCode).toBe(0);
      expect(mirror.downloads().count).toBe(0);
    });
  },
);
