/** What a live source check reports: one finding per check, pass / fail with the fix. */
export type Row = Record<string, unknown>;
/** Runs one parameterised statement and returns its rows. */
export type Query = (text: string, values?: unknown[]) => Promise<Row[]>;

export type FindingStatus = 'pass' | 'fail' | 'n/a' | 'skipped';

export interface Finding {
  /** What was checked: a setting, the slot, a table. */
  check: string;
  status: FindingStatus;
  /** What was found, or why the check does not apply. */
  detail: string;
  /** What to do about a failure. */
  fix?: string;
}
