import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { contractProblems, ownRefs } from './contract.js';
import { OWN_REPOSITORY, workflowFiles } from './workflow-files.js';

const files = workflowFiles();

describe('workflow contract: our actions and reusable workflows are called as declared', () => {
  for (const file of files) {
    it(file.path, () => {
      expect(contractProblems(file)).toEqual([]);
    });
  }

  it('reusable workflows call this repository by full owner/repo path, never ./', () => {
    for (const file of files.filter(
      (f) => f.path.startsWith('.github/workflows/') && f.path !== '.github/workflows/ci.yml',
    )) {
      expect(file.content).not.toMatch(/uses:\s+\.\//);
    }
  });

  it('every reference to this repository uses the same ref', () => {
    const refs = new Set(files.flatMap(ownRefs));
    expect(refs.size).toBe(1);
  });

  it('catches an unknown input, a missing required input and an unknown output', () => {
    const content = [
      'on: push',
      'jobs:',
      '  deploy:',
      `    uses: ${OWN_REPOSITORY}/.github/workflows/deploy.yml@main`,
      '    with: { environment: dev, colour: blue }',
      '  report:',
      '    needs: deploy',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo "${{ needs.deploy.outputs.nothing }}"',
    ].join('\n');
    const problems = contractProblems({ path: 'bad.yml', content, doc: parse(content) });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining("has no input 'colour'"),
        expect.stringContaining("required input 'app'"),
        expect.stringContaining("job 'deploy' has no output 'nothing'"),
      ]),
    );
  });
});
