import { describe, expect, it } from 'vitest';
import { markerPlaces } from './marker-lanes.ts';

const lanes = (p: { lane: number }[]) => p.map((x) => x.lane);

describe('marker places', () => {
  it('keeps markers apart on the line, and spreads close ones over the rows in order of time', () => {
    expect(markerPlaces([0, 1000, 2000], 100)).toEqual([
      { lane: 0, at: 0 },
      { lane: 0, at: 1000 },
      { lane: 0, at: 2000 },
    ]);
    // An error at 5,020, its failed request at 5,000 and the click at 4,990: three rows, each at its moment.
    expect(markerPlaces([5020, 5000, 4990, 9000], 100)).toEqual([
      { lane: 2, at: 5020 },
      { lane: 1, at: 5000 },
      { lane: 0, at: 4990 },
      { lane: 0, at: 9000 },
    ]);
  });

  it('never draws one marker under another: past the rows, a marker moves just after the row free soonest', () => {
    const places = markerPlaces([0, 10, 20, 30, 35], 100);
    expect(lanes(places)).toEqual([0, 1, 2, 0, 1]);
    expect(places[3]!.at).toBe(100);
    expect(places[4]!.at).toBe(110);
    // Whatever the crowd, no two markers of one row are closer than a marker's width.
    const crowd = markerPlaces(
      Array.from({ length: 40 }, (_, i) => (i * 7919) % 300),
      25,
    );
    for (let l = 0; l < 3; l++) {
      const row = crowd
        .filter((p) => p.lane === l)
        .map((p) => p.at)
        .sort((a, b) => a - b);
      for (let k = 1; k < row.length; k++) expect(row[k]! - row[k - 1]!).toBeGreaterThanOrEqual(25);
    }
  });

  it('draws none past the end of the track: a crowd at the end moves back, still a width apart', () => {
    const places = markerPlaces([1000, 1000, 1000, 1000, 1000], 100, 1000);
    expect(Math.max(...places.map((p) => p.at))).toBe(1000);
    for (let l = 0; l < 3; l++) {
      const row = places
        .filter((p) => p.lane === l)
        .map((p) => p.at)
        .sort((a, b) => a - b);
      for (let k = 1; k < row.length; k++) expect(row[k]! - row[k - 1]!).toBeGreaterThanOrEqual(100);
    }
  });
});
