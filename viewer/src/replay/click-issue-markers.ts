import { CLICK_ISSUES, type ClickIssue } from '@loupe/schemas/click-issues';
import type { ApiClient } from '../api/api-client.ts';
import type { FieldSpec } from '../ui/filter-form.ts';
import type { Marker, Timeline } from './timeline.ts';

/** The session list's filters for them; the words match the markers'. */
export const CLICK_ISSUE_FILTERS: readonly FieldSpec[] = [
  {
    kind: 'select',
    name: 'rageClicks',
    label: 'Rage clicks',
    options: [
      ['', 'Either'],
      ['true', 'Has rage clicks'],
      ['false', 'None'],
    ],
  },
  {
    kind: 'select',
    name: 'deadClicks',
    label: 'Dead clicks',
    options: [
      ['', 'Either'],
      ['true', 'Has dead clicks'],
      ['false', 'None'],
    ],
  },
];

const element = (i: ClickIssue) => (i.text && i.text !== i.target ? `${i.target} (“${i.text}”)` : i.target);

/** What a marker says: what happened, in the numbers the collector judged it by. */
export function clickIssueLabel(i: ClickIssue, unanswered = false): string {
  return i.kind === 'rage'
    ? `Rage click: ${i.clicks} clicks on ${element(i)}${unanswered ? ', and the page did not answer' : ''}`
    : `Dead click on ${element(i)}: nothing happened for ${CLICK_ISSUES.deadWindowMs / 1000} s`;
}

const inBurst = (d: ClickIssue, r: ClickIssue) =>
  r.kind === 'rage' && r.url === d.url && r.target === d.target && d.ts >= r.ts && d.ts <= r.lastTs;

/**
 * The timeline's markers: one per rage burst and one per dead click, except that the dead clicks
 * of a burst (a button that does nothing, clicked again and again) are told by the burst's marker
 * rather than stacked beside it. ISO times of one zone compare as strings.
 */
export function clickIssueMarkers(issues: readonly ClickIssue[], start: number, durationMs: number): Marker[] {
  const rage = issues.filter((i) => i.kind === 'rage');
  const dead = issues.filter((i) => i.kind === 'dead');
  return [
    ...rage.map((r) => ({
      issue: r,
      label: clickIssueLabel(
        r,
        dead.some((d) => inBurst(d, r)),
      ),
    })),
    ...dead.filter((d) => !rage.some((r) => inBurst(d, r))).map((d) => ({ issue: d, label: clickIssueLabel(d) })),
  ]
    .map(({ issue, label }) => ({
      offset: Math.min(Math.max(Date.parse(issue.ts) - start, 0), durationMs),
      type: issue.kind === 'rage' ? 'RAGE_CLICK' : 'DEAD_CLICK',
      label,
    }))
    .sort((a, b) => a.offset - b.offset);
}

/**
 * Marks a session's rage bursts and dead clicks on its timeline, once they are known (a query of
 * their own, so the replay's first frame does not wait for it). A failure leaves the timeline as it
 * is: the markers are a help, not the replay.
 */
export function addClickIssueMarkers(
  api: ApiClient,
  sessionId: string,
  start: number,
  durationMs: number,
  line: Pick<Timeline, 'addMarkers'>,
  signal: AbortSignal,
): void {
  api.get<{ items: ClickIssue[] }>(`/v1/sessions/${encodeURIComponent(sessionId)}/click-issues`, {}, signal).then(
    (page) => line.addMarkers(clickIssueMarkers(page.items, start, durationMs)),
    () => undefined,
  );
}
