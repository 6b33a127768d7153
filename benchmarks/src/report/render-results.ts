import { num } from './format.ts';
import { verdictOf, type Figure, type Section } from './figure.ts';
import type { MachineInfo } from './machine-info.ts';

export interface RunInfo {
  command: string;
  quick: boolean;
  startedAt: Date;
  durationMs: number;
  machine: MachineInfo;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function valueText(f: Figure): string {
  if (f.value === null || !Number.isFinite(f.value)) return `not measured: ${f.notMeasured ?? 'no value'}`;
  return f.display ?? `${num(f.value)} ${f.unit}`.trim();
}

function verdictText(f: Figure): string {
  const v = verdictOf(f);
  return v === 'MISS' ? '**MISS**' : v === 'not measured' ? '—' : v;
}

function table(figures: Figure[]): string[] {
  return [
    '| figure | value | goal | verdict |',
    '|---|---|---|---|',
    ...figures.map(
      (f) => `| ${cell(f.name)} | ${cell(valueText(f))} | ${cell(f.goal?.text ?? '')} | ${verdictText(f)} |`,
    ),
  ];
}

/** RESULTS.md: what ran where, every figure beside its goal, a tally, and how each part was measured. */
export function renderResults(run: RunInfo, sections: Section[]): string {
  const all = sections.flatMap((s) => s.figures);
  const count = (v: string) => all.filter((f) => verdictOf(f) === v).length;
  const m = run.machine;
  const out = [
    '# Loupe benchmarks',
    '',
    'Written by the bench itself on every run; do not edit by hand.',
    '',
    `- command: \`${run.command}\`${run.quick ? ' (quick mode: scaled down, fewer runs; see the notes)' : ''}`,
    `- date: ${run.startedAt.toISOString()} (took ${num(run.durationMs / 1000)} s)`,
    `- machine: ${m.cores} cores (${m.cpuModel}), ${num(m.memoryGiB)} GiB memory, ${m.os}, Node ${m.node}, ${m.chromium}`,
    `- goals: ${count('PASS')} pass, ${count('MISS')} miss, ${count('not measured')} not measured`,
    '',
    'Medians of several runs throughout; comparisons are ratios of runs interleaved in the same bench run,',
    'because the machine is shared and noisy and absolute times drift between runs.',
    '',
  ];
  const misses = all.filter((f) => verdictOf(f) === 'MISS' || verdictOf(f) === 'not measured');
  if (misses.length) {
    out.push('## Missed or not measured', '');
    for (const f of misses) {
      const miss = verdictOf(f) === 'MISS';
      out.push(
        `- ${miss ? 'MISS' : 'not measured'}: ${f.name} — ${miss ? valueText(f) : (f.notMeasured ?? 'no value')}${f.goal ? ` (goal ${f.goal.text})` : ''}`,
      );
    }
    out.push('');
  }
  for (const s of sections) {
    out.push(`## ${s.title}`, '', ...table(s.figures), '');
    for (const t of s.tables ?? []) out.push(t, '');
    if (s.notes.length) out.push(...s.notes.map((n) => `- ${n}`), '');
  }
  return `${out.join('\n')}\n`;
}
