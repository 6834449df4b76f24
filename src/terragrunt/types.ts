export type ResourceAction =
  'create' | 'update' | 'delete' | 'replace' | 'read' | 'import' | 'move' | 'forget';

export interface ResourceChange {
  address: string;
  action: ResourceAction;
  /** Previous address of a moved resource. */
  previousAddress?: string;
}

export type UnitStatus = 'changes' | 'no-changes' | 'failed';

/** What one unit's plan (or apply) came to; written to a file per unit for `mode: report`. */
export interface UnitResult {
  /** Unit directory relative to the Terragrunt root, with `/` separators. */
  unit: string;
  status: UnitStatus;
  add: number;
  change: number;
  destroy: number;
  replace: number;
  import: number;
  move: number;
  /** Outputs that change (names). */
  outputs?: string[];
  resources: ResourceChange[];
  /** Human-readable plan (no colour) kept for display. */
  diff: string;
  /** Error text when the unit failed (secrets already redacted). */
  error?: string;
  /** sha256 of the normalised plan (resource and output changes), recorded for apply. */
  planHash?: string;
  /** A unit the change removes, planned as a destroy from the base commit (its path there). */
  removed?: boolean;
  durationMs?: number;
}

export function emptyResult(unit: string): UnitResult {
  return {
    unit,
    status: 'no-changes',
    add: 0,
    change: 0,
    destroy: 0,
    replace: 0,
    import: 0,
    move: 0,
    resources: [],
    diff: '',
  };
}
