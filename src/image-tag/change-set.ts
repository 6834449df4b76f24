import type { ChangeResult, ChangeSet } from '../pull-request/open-pull-request.js';
import { planImageTagUpdate, type ImageTagPlan, type ImageTagRequest } from './update.js';

/** Checks a plan against the files it starts from; returns Markdown for the PR body, or throws. */
export type PlanCheck = (plan: ImageTagPlan, before: Map<string, string>) => Promise<string | undefined>;

/**
 * The image-tag edit as a pull-request change: applied to the files as they are on the work branch or
 * the base, so a run updating an open PR starts from what that PR already has. `lastPlan` keeps the plan
 * of the latest attempt for the action's outputs.
 */
export function imageTagChangeSet(
  paths: string[],
  request: ImageTagRequest,
  check?: PlanCheck,
): ChangeSet & { lastPlan?: ImageTagPlan } {
  const changeSet: ChangeSet & { lastPlan?: ImageTagPlan } = {
    paths,
    apply(current) {
      const plan = planImageTagUpdate(
        paths.map((path) => ({ path, text: current.get(path) ?? null })),
        request,
      );
      changeSet.lastPlan = plan;
      const result: ChangeResult = {
        files: plan.newTexts,
        rows: plan.changes
          .filter((change) => change.changed)
          .map((change) => ({
            file: change.file,
            key: change.key,
            old: change.oldValue,
            new: change.newValue,
          })),
      };
      if (!check) return result;
      const before = new Map(paths.map((path) => [path, current.get(path) ?? '']));
      return check(plan, before).then((details) => (details ? { ...result, details } : result));
    },
  };
  return changeSet;
}
