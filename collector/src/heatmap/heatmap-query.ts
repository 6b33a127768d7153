import type { ClickHouseClient } from '@clickhouse/client';
import { COBROWSE_TABLE, LIMITS, chInt, toIso, type HeatmapAnswer } from '@loupe/schemas';
import { z } from 'zod';
import { msParam, selectRows } from '../storage/queries/select.ts';
import type { HeatmapRange } from './heatmap-params.ts';

const CELL = LIMITS.heatmapCellPx;

/** Customers' clicks of the tenant in the range: an agent's clicks while co-browsing are not the page's visitors'. */
const CLICKS = `FROM ${COBROWSE_TABLE} WHERE tenant_id = {tenant:String} AND type = 'CLICK' AND NOT is_agent
  AND ts >= ${msParam('from')} AND ts <= ${msParam('to')}`;

const pageRow = z.object({ url: z.string(), clicks: chInt });
const cellRow = z.object({ cell_x: chInt, cell_y: chInt, clicks: chInt });
const totalRow = z.object({ clicks: chInt, without_position: chInt });
const snapshotRow = z.object({ session_id: z.string(), ts_ms: chInt });

/** Where the tenant's visitors clicked on one page: GROUP BY queries over cobrowse_events, no rows read out. */
export async function heatmap(client: ClickHouseClient, tenantId: string, r: HeatmapRange): Promise<HeatmapAnswer> {
  const params = { tenant: tenantId, from: r.from, to: r.to, url: r.url ?? '' };
  const pages = selectRows(
    client,
    {
      sql: `SELECT url, count() AS clicks ${CLICKS} GROUP BY url ORDER BY clicks DESC, url LIMIT ${LIMITS.heatmapPages}`,
      params,
    },
    pageRow,
  );
  if (r.url === null) {
    return {
      pages: (await pages).rows,
      url: null,
      cellPx: CELL,
      cells: [],
      clicks: 0,
      withoutPosition: 0,
      snapshot: null,
    };
  }
  const onPage = `${CLICKS} AND url = {url:String}`;
  const [p, cells, totals, snap] = await Promise.all([
    pages,
    selectRows(
      client,
      {
        // Aliases of their own: ClickHouse would read `x` in WHERE as the alias, not the column.
        sql: `SELECT intDiv(assumeNotNull(x), ${CELL}) * ${CELL} AS cell_x, intDiv(assumeNotNull(y), ${CELL}) * ${CELL} AS cell_y,
                count() AS clicks ${onPage} AND x IS NOT NULL AND y IS NOT NULL AND x >= 0 AND y >= 0
              GROUP BY cell_x, cell_y ORDER BY clicks DESC, cell_y, cell_x LIMIT ${LIMITS.heatmapCells}`,
        params,
      },
      cellRow,
    ),
    selectRows(
      client,
      { sql: `SELECT count() AS clicks, countIf(x IS NULL OR y IS NULL) AS without_position ${onPage}`, params },
      totalRow,
    ),
    selectRows(
      client,
      { sql: `SELECT session_id, toUnixTimestamp64Milli(ts) AS ts_ms ${onPage} ORDER BY ts DESC LIMIT 1`, params },
      snapshotRow,
    ),
  ]);
  const t = totals.rows[0] ?? { clicks: 0, without_position: 0 };
  const s = snap.rows[0];
  return {
    pages: p.rows,
    url: r.url,
    cellPx: CELL,
    cells: cells.rows.map((c) => ({ x: c.cell_x, y: c.cell_y, clicks: c.clicks })),
    clicks: t.clicks,
    withoutPosition: t.without_position,
    snapshot: s ? { sessionId: s.session_id, at: toIso(s.ts_ms) } : null,
  };
}
