import { describe, expect, it } from '@jest/globals';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { workflowFiles } from './workflow-files.js';

describe('workflows parse with @actions/workflow-parser', () => {
  for (const file of workflowFiles()) {
    it(file.path, () => {
      const result = parseWorkflow({ name: file.path, content: file.content }, new NoOperationTraceWriter());
      expect(result.context.errors.getErrors().map((error) => error.message)).toEqual([]);
    });
  }
});

describe('the parser check', () => {
  it('reports a malformed workflow', () => {
    const content = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    stepz: []\n';
    const result = parseWorkflow({ name: 'bad.yml', content }, new NoOperationTraceWriter());
    expect(result.context.errors.getErrors().length).toBeGreaterThan(0);
  });
});
