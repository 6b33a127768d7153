/** Rows a timeline's markers are spread over: the track's own line, one above it, one below. */
export const MARKER_LANES = 3;

/** Where a marker is drawn: its row, and the moment its centre is drawn at. */
export interface MarkerPlace {
  lane: number;
  at: number;
}

/**
 * Where each marker goes, so that markers of nearby moments (an error, the failed request behind
 * it and the click that caused them) sit apart and each can be clicked, instead of the last drawn
 * covering the others. `offsets` in any order; markers closer than `minGap` (the time one marker's
 * width spans on the track) take different rows, in order of time. With more close markers than
 * rows, a marker goes in the row free soonest and is drawn just after that row's last marker: a
 * few pixels from its moment (its label still tells the exact time), but never under another.
 * None is drawn past `end` (the track's end): a crowd there moves back instead.
 */
export function markerPlaces(
  offsets: readonly number[],
  minGap: number,
  end = Number.POSITIVE_INFINITY,
  lanes = MARKER_LANES,
): MarkerPlace[] {
  const order = offsets.map((o, i) => [o, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const last = Array.from({ length: lanes }, () => Number.NEGATIVE_INFINITY);
  const places = new Array<MarkerPlace>(offsets.length);
  for (const [offset, i] of order) {
    let lane = last.findIndex((l) => offset - l >= minGap);
    if (lane < 0) lane = last.indexOf(Math.min(...last));
    const at = Math.max(offset, last[lane]! + minGap);
    places[i] = { lane, at };
    last[lane] = at;
  }
  // Back from the end, row by row: what was pushed past it moves back, each still a gap apart.
  for (let lane = 0; lane < lanes; lane++) {
    let bound = end;
    for (const p of places.filter((x) => x.lane === lane).sort((a, b) => b.at - a.at)) {
      p.at = Math.min(p.at, bound);
      bound = p.at - minGap;
    }
  }
  return places;
}
