import { describe, expect, it } from 'vitest';
import { failedSection, verdictOf, type Figure } from './figure.ts';
import { renderResults, type RunInfo } from './render-results.ts';

const run: RunInfo = {
  command: 'npx -y pnpm@10.34.8 bench --quick',
  quick: true,
  startedAt: new Date('2024-05-01T10:00:00Z'),
  durationMs: 120_000,
  machine: { cores: 2, cpuModel: 'Test CPU', memoryGiB: 24, os: 'Linux 6', node: 'v20.0.0', chromium: 'Chromium 1' },
};
const atMost16: Figure['goal'] = { op: '<=', target: 16, text: '≤ 16 B/row' };

describe('verdictOf', () => {
  it('passes a figure that meets its goal and misses one that does not', () => {
    expect(verdictOf({ name: 'a', value: 12, unit: 'B/row', goal: atMost16 })).toBe('PASS');
    expect(verdictOf({ name: 'b', value: 16.5, unit: 'B/row', goal: atMost16 })).toBe('MISS');
    expect(verdictOf({ name: 'c', value: 0.7, unit: '', goal: { op: '>=', target: 0.6, text: '≥ 60 %' } })).toBe(
      'PASS',
    );
    expect(verdictOf({ name: 'd', value: 1000, unit: 'ms', goal: { op: '<', target: 1000, text: '< 1 s' } })).toBe(
      'MISS',
    );
  });

  it('calls a figure without a value not measured, never PASS or MISS', () => {
    expect(verdictOf({ name: 'e', value: null, unit: '', notMeasured: 'viewer missing', goal: atMost16 })).toBe(
      'not measured',
    );
    expect(verdictOf({ name: 'f', value: NaN, unit: 'ms', goal: atMost16 })).toBe('not measured');
  });
});

describe('renderResults', () => {
  const md = renderResults(run, [
    {
      title: '2. Wire and storage',
      figures: [
        { name: 'disk: cobrowse_events bytes per row', value: 20, unit: 'B/row', goal: atMost16 },
        { name: 'info only', value: 3, unit: 'ms' },
      ],
      notes: ['how it was measured'],
    },
    failedSection(
      '5. Replay start',
      [{ name: 'first frame of a 60-minute session', goal: { op: '<', target: 1000, text: '< 1 s' } }],
      'the viewer is not built',
    ),
  ]);

  it('writes the command, the machine and the date', () => {
    expect(md).toContain('`npx -y pnpm@10.34.8 bench --quick`');
    expect(md).toContain('2 cores (Test CPU), 24 GiB memory');
    expect(md).toContain('2024-05-01T10:00:00.000Z');
  });

  it('marks a missed goal as MISS beside its goal, and lists it among the misses', () => {
    expect(md).toMatch(/\| disk: cobrowse_events bytes per row \| 20 B\/row \| ≤ 16 B\/row \| \*\*MISS\*\* \|/);
    expect(md).toContain('- MISS: disk: cobrowse_events bytes per row');
    expect(md).toContain('goals: 0 pass, 1 miss, 1 not measured');
  });

  it('says why a figure was not measured instead of a number', () => {
    expect(md).toContain('not measured: the viewer is not built');
    expect(md).toContain('how it was measured');
  });
});
