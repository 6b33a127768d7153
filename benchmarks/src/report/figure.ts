/** A goal a figure is held to, e.g. `{ op: '<=', target: 16, text: '≤ 16 B/row' }`. */
export interface Goal {
  op: '<' | '<=' | '>' | '>=';
  target: number;
  text: string;
}

/** One measured number (or the reason it could not be measured), with the goal it is held to. */
export interface Figure {
  name: string;
  /** null when it could not be measured; `notMeasured` then says why. */
  value: number | null;
  unit: string;
  /** How to print the value when plain `value unit` would read badly (e.g. "1.9 s (3 runs)"). */
  display?: string;
  goal?: Goal;
  notMeasured?: string;
}

/** A part of the report: its figures and how they were measured. */
export interface Section {
  title: string;
  figures: Figure[];
  /** Further markdown tables (details behind the figures). */
  tables?: string[];
  notes: string[];
}

export type Verdict = 'PASS' | 'MISS' | 'not measured' | '';

export function verdictOf(f: Figure): Verdict {
  if (f.value === null || !Number.isFinite(f.value)) return 'not measured';
  if (!f.goal) return '';
  const { op, target } = f.goal;
  const ok =
    op === '<' ? f.value < target : op === '<=' ? f.value <= target : op === '>' ? f.value > target : f.value >= target;
  return ok ? 'PASS' : 'MISS';
}

export const notMeasured = (name: string, reason: string, goal?: Goal): Figure => ({
  name,
  value: null,
  unit: '',
  notMeasured: reason,
  ...(goal ? { goal } : {}),
});

/** A section whose whole measurement failed: every figure it would have had is reported with the reason. */
export function failedSection(title: string, names: { name: string; goal?: Goal }[], reason: string): Section {
  return { title, figures: names.map((n) => notMeasured(n.name, reason, n.goal)), notes: [] };
}
