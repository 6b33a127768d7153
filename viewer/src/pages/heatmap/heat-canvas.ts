import type { HeatmapAnswer } from '@loupe/schemas';

/** How far one cell's heat spreads, in page pixels: a few cells, so neighbouring clicks merge into one spot. */
const RADIUS_PX = 28;

/**
 * Draws the heat on a canvas laid over the replayed page inside rrweb's wrapper, so it scales with
 * the page. Cells are in page coordinates; the replayed frame may be scrolled, so they are moved
 * by its scroll. Alpha is drawn first, then coloured from blue (few) to red (most).
 */
export function drawHeat(canvas: HTMLCanvasElement, h: HeatmapAnswer, scroll: { x: number; y: number }): number {
  const ctx = canvas.getContext('2d');
  if (!ctx) return 0;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const max = Math.max(1, ...h.cells.map((c) => c.clicks));
  let drawn = 0;
  for (const c of h.cells) {
    const x = c.x + h.cellPx / 2 - scroll.x;
    const y = c.y + h.cellPx / 2 - scroll.y;
    if (x < -RADIUS_PX || y < -RADIUS_PX || x > canvas.width + RADIUS_PX || y > canvas.height + RADIUS_PX) continue;
    const g = ctx.createRadialGradient(x, y, 0, x, y, RADIUS_PX);
    // Square root: one click still shows beside a hundred.
    g.addColorStop(0, `rgba(0,0,0,${0.25 + 0.75 * Math.sqrt(c.clicks / max)})`);
    g.addColorStop(1, 'rgba(0,0,0,0)');
    ctx.fillStyle = g;
    ctx.fillRect(x - RADIUS_PX, y - RADIUS_PX, RADIUS_PX * 2, RADIUS_PX * 2);
    drawn++;
  }
  const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const d = img.data;
  for (let i = 0; i < d.length; i += 4) {
    const a = d[i + 3]! / 255;
    if (a === 0) continue;
    // Blue to green to red as the heat rises.
    d[i] = Math.round(255 * Math.min(1, a * 2));
    d[i + 1] = Math.round(255 * (a < 0.5 ? a * 2 : 2 - a * 2));
    d[i + 2] = Math.round(255 * Math.max(0, 1 - a * 2));
    d[i + 3] = Math.round(200 * a);
  }
  ctx.putImageData(img, 0, 0);
  return drawn;
}
