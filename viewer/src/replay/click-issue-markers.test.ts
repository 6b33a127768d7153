import type { ClickIssue } from '@loupe/schemas/click-issues';
import { describe, expect, it } from 'vitest';
import { clickIssueMarkers } from './click-issue-markers.ts';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const issue = (kind: ClickIssue['kind'], from: number, to = from, target = 'pay', clicks = 1): ClickIssue => ({
  kind,
  ts: at(from),
  lastTs: at(to),
  clicks,
  url: 'https://shop.example/checkout',
  target,
  text: 'Pay now',
});

describe('click issue markers', () => {
  it("tells a burst's dead clicks by the burst's marker, and other dead clicks by their own", () => {
    const markers = clickIssueMarkers(
      [
        issue('rage', 1000, 1400, 'pay', 3),
        issue('dead', 1000),
        issue('dead', 1400),
        issue('dead', 1200, 1200, 'help'),
        issue('dead', 5000),
      ],
      T0,
      10_000,
    );
    expect(markers.map((m) => [m.type, m.offset])).toEqual([
      ['RAGE_CLICK', 1000],
      ['DEAD_CLICK', 1200],
      ['DEAD_CLICK', 5000],
    ]);
    expect(markers[0]!.label).toBe('Rage click: 3 clicks on pay (“Pay now”), and the page did not answer');
    expect(markers[1]!.label).toBe('Dead click on help (“Pay now”): nothing happened for 2 s');
  });

  it('says nothing of the page when a burst was answered', () => {
    const [m] = clickIssueMarkers([issue('rage', 0, 300, 'pay', 4)], T0, 1000);
    expect(m!.label).toBe('Rage click: 4 clicks on pay (“Pay now”)');
  });
});
