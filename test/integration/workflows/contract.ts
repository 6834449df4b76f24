import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../harness/run-action.js';
import { OWN_REPOSITORY, type WorkflowFile } from './workflow-files.js';

type Obj = Record<string, unknown>;
const asObj = (value: unknown): Obj => (value && typeof value === 'object' ? (value as Obj) : {});

interface Interface {
  inputs: Obj;
  outputs: Obj;
  secrets: Obj;
}

const ACTION_USE = new RegExp(`^${OWN_REPOSITORY}/actions/([a-z0-9-]+)@(.+)$`);
const WORKFLOW_USE = new RegExp(`^${OWN_REPOSITORY}/\\.github/workflows/([a-z0-9-]+\\.ya?ml)@(.+)$`);

function actionInterface(name: string): Interface | undefined {
  const file = join(REPO_ROOT, 'actions', name, 'action.yml');
  if (!existsSync(file)) return undefined;
  const doc = asObj(parse(readFileSync(file, 'utf8')));
  return { inputs: asObj(doc.inputs), outputs: asObj(doc.outputs), secrets: {} };
}

function workflowInterface(file: string): Interface | undefined {
  const path = join(REPO_ROOT, '.github', 'workflows', file);
  if (!existsSync(path)) return undefined;
  const call = asObj(asObj(asObj(parse(readFileSync(path, 'utf8'))).on).workflow_call);
  return { inputs: asObj(call.inputs), outputs: asObj(call.outputs), secrets: asObj(call.secrets) };
}

const isRequired = (spec: unknown) => asObj(spec).required === true && asObj(spec).default === undefined;

function checkWith(where: string, kind: string, iface: Interface, given: Obj, problems: string[]): void {
  for (const key of Object.keys(given)) {
    if (!(key in iface.inputs)) problems.push(`${where}: ${kind} has no input '${key}'`);
  }
  for (const [key, spec] of Object.entries(iface.inputs)) {
    if (isRequired(spec) && !(key in given))
      problems.push(`${where}: required input '${key}' of ${kind} not given`);
  }
}

function expressionsIn(value: unknown): string[] {
  if (typeof value === 'string')
    return [...value.matchAll(/\$\{\{(.*?)\}\}/gs)].map((match) => match[1] ?? '');
  if (Array.isArray(value)) return value.flatMap(expressionsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(expressionsIn);
  return [];
}

/** Every mismatch between a workflow and the actions and reusable workflows it calls. */
export function contractProblems(file: WorkflowFile): string[] {
  const problems: string[] = [];
  const jobs = asObj(file.doc.jobs);
  for (const [jobId, jobValue] of Object.entries(jobs)) {
    const job = asObj(jobValue);
    const where = `${file.path} jobs.${jobId}`;
    const needs = ([] as unknown[]).concat(job.needs ?? []).map(String);
    const stepInterfaces = new Map<string, Interface | null>();
    if (typeof job.uses === 'string') {
      const match = WORKFLOW_USE.exec(job.uses);
      if (match) {
        const iface = workflowInterface(match[1] ?? '');
        if (!iface) problems.push(`${where}: reusable workflow ${match[1]} does not exist`);
        else {
          checkWith(where, match[1] ?? '', iface, asObj(job.with), problems);
          if (job.secrets !== 'inherit') {
            for (const key of Object.keys(asObj(job.secrets))) {
              if (!(key in iface.secrets)) problems.push(`${where}: ${match[1]} declares no secret '${key}'`);
            }
          }
        }
      }
    }
    for (const stepValue of ([] as unknown[]).concat(job.steps ?? [])) {
      const step = asObj(stepValue);
      let iface: Interface | null = null;
      const match = typeof step.uses === 'string' ? ACTION_USE.exec(step.uses) : null;
      if (match) {
        iface = actionInterface(match[1] ?? '') ?? null;
        if (!iface) problems.push(`${where}: action ${match[1]} does not exist`);
        else
          checkWith(
            `${where} step ${String(step.id ?? step.uses)}`,
            `action ${match[1]}`,
            iface,
            asObj(step.with),
            problems,
          );
      }
      if (typeof step.id === 'string') stepInterfaces.set(step.id, iface);
    }
    for (const expression of expressionsIn(job)) {
      for (const [, stepId = '', output = ''] of expression.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
        if (!stepInterfaces.has(stepId))
          problems.push(`${where}: no step '${stepId}' for steps.${stepId}.outputs.${output}`);
        const iface = stepInterfaces.get(stepId);
        if (iface && !(output in iface.outputs))
          problems.push(`${where}: step '${stepId}' has no output '${output}'`);
      }
      for (const [, needed = '', output = ''] of expression.matchAll(/needs\.([\w-]+)\.outputs\.([\w-]+)/g)) {
        if (!needs.includes(needed))
          problems.push(`${where}: needs.${needed} used but '${needed}' is not in needs`);
        const neededJob = asObj(jobs[needed]);
        let outputs = asObj(neededJob.outputs);
        const called = typeof neededJob.uses === 'string' ? WORKFLOW_USE.exec(neededJob.uses) : null;
        if (called) outputs = workflowInterface(called[1] ?? '')?.outputs ?? {};
        if (!(output in outputs)) problems.push(`${where}: job '${needed}' has no output '${output}'`);
      }
    }
  }
  const callOutputs = asObj(asObj(asObj(file.doc.on).workflow_call).outputs);
  for (const [name, spec] of Object.entries(callOutputs)) {
    for (const [, jobId = '', output = ''] of String(asObj(spec).value).matchAll(
      /jobs\.([\w-]+)\.outputs\.([\w-]+)/g,
    )) {
      if (!(output in asObj(asObj(jobs[jobId]).outputs))) {
        problems.push(`${file.path} output '${name}': job '${jobId}' has no output '${output}'`);
      }
    }
  }
  return problems;
}

/** Every ref with which a file calls this repository's actions and workflows. */
export function ownRefs(file: WorkflowFile): string[] {
  return [...file.content.matchAll(new RegExp(`${OWN_REPOSITORY}/[^@\\s]+@([^\\s'"]+)`, 'g'))].map(
    (match) => match[1] ?? '',
  );
}
