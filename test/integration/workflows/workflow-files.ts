import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../harness/run-action.js';

export const OWN_REPOSITORY = 'platform-actions/platform-actions';

export interface WorkflowFile {
  path: string;
  content: string;
  doc: Record<string, unknown>;
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** The public reusable workflows and the examples users copy. */
export function workflowFiles(): WorkflowFile[] {
  const paths = [
    ...yamlFilesUnder(join(REPO_ROOT, '.github', 'workflows')),
    ...yamlFilesUnder(join(REPO_ROOT, 'examples')).filter(
      (path) => !path.includes(`${join('examples', 'demo')}`),
    ),
  ];
  return (
    paths
      .map((path) => {
        const content = readFileSync(path, 'utf8');
        return { path: relative(REPO_ROOT, path), content, doc: parse(content) as Record<string, unknown> };
      })
      // A Kubernetes manifest among the examples (an Argo CD hook Job) is not a workflow.
      .filter((file) => !(file.doc && 'apiVersion' in file.doc && 'kind' in file.doc))
  );
}
