// Reads `show -json` of a saved plan: exact counts, resource addresses and a stable hash of what the plan
// would do (recorded in the plan comment so apply can refuse a plan that differs from the reviewed one).
import { createHash } from 'node:crypto';
import { sensitiveValues } from '../lib/redact.js';
import type { ResourceAction, ResourceChange, UnitResult } from './types.js';

interface JsonResourceChange {
  address: string;
  previous_address?: string;
  mode?: string;
  change: {
    actions: string[];
    before?: unknown;
    after?: unknown;
    after_unknown?: unknown;
    before_sensitive?: unknown;
    after_sensitive?: unknown;
    importing?: unknown;
  };
}

interface JsonOutputChange {
  actions: string[];
  before?: unknown;
  after?: unknown;
  after_unknown?: unknown;
  before_sensitive?: unknown;
  after_sensitive?: unknown;
}

interface JsonPlan {
  resource_changes?: JsonResourceChange[];
  output_changes?: Record<string, JsonOutputChange>;
}

/** Every value the plan marks sensitive (resource attributes and outputs, before and after). */
export function planSensitiveValues(json: string | JsonPlan): string[] {
  let plan: JsonPlan;
  try {
    plan = typeof json === 'string' ? (JSON.parse(json) as JsonPlan) : json;
  } catch {
    return [];
  }
  const out: string[] = [];
  const changes = [
    ...(plan.resource_changes ?? []).map((rc) => rc.change),
    ...Object.values(plan.output_changes ?? {}),
  ];
  for (const change of changes) {
    sensitiveValues(change.before, change.before_sensitive, out);
    sensitiveValues(change.after, change.after_sensitive, out);
  }
  return [...new Set(out)];
}

export type PlanSummary = Pick<
  UnitResult,
  'add' | 'change' | 'destroy' | 'replace' | 'import' | 'move' | 'resources' | 'outputs' | 'planHash'
> & { hasChanges: boolean };

function actionOf(actions: string[]): ResourceAction | undefined {
  const key = actions.join(',');
  switch (key) {
    case 'create':
      return 'create';
    case 'delete':
      return 'delete';
    case 'update':
      return 'update';
    case 'delete,create':
    case 'create,delete':
      return 'replace';
    case 'read':
      return 'read';
    case 'forget':
      return 'forget';
    default:
      return undefined;
  }
}

/** JSON with sorted keys, so equal plans hash equally. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function summarisePlan(json: string | JsonPlan): PlanSummary {
  const plan: JsonPlan = typeof json === 'string' ? (JSON.parse(json) as JsonPlan) : json;
  const summary: PlanSummary = {
    add: 0,
    change: 0,
    destroy: 0,
    replace: 0,
    import: 0,
    move: 0,
    resources: [],
    outputs: [],
    hasChanges: false,
  };
  const hashed: unknown[] = [];
  for (const rc of plan.resource_changes ?? []) {
    const action = actionOf(rc.change.actions);
    const moved = rc.previous_address !== undefined && rc.previous_address !== rc.address;
    const importing = rc.change.importing !== undefined && rc.change.importing !== null;
    if (action === 'read' || (action === undefined && !moved && !importing)) continue;
    if (action === 'create') summary.add++;
    else if (action === 'update') summary.change++;
    else if (action === 'delete') summary.destroy++;
    else if (action === 'replace') summary.replace++;
    if (moved) summary.move++;
    if (importing) summary.import++;
    const change: ResourceChange = {
      address: rc.address,
      action: action ?? (importing ? 'import' : 'move'),
    };
    if (moved) change.previousAddress = rc.previous_address;
    summary.resources.push(change);
    hashed.push({
      address: rc.address,
      previous: rc.previous_address ?? null,
      actions: rc.change.actions,
      before: rc.change.before ?? null,
      after: rc.change.after ?? null,
      unknown: rc.change.after_unknown ?? null,
      importing: importing ? rc.change.importing : null,
    });
  }
  for (const [name, oc] of Object.entries(plan.output_changes ?? {})) {
    if (oc.actions.join(',') === 'no-op') continue;
    summary.outputs!.push(name);
    hashed.push({
      output: name,
      actions: oc.actions,
      after: oc.after ?? null,
      unknown: oc.after_unknown ?? null,
    });
  }
  summary.hasChanges = summary.resources.length > 0 || summary.outputs!.length > 0;
  summary.planHash = createHash('sha256').update(stable(hashed)).digest('hex');
  return summary;
}
