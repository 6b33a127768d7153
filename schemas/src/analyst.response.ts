import { z } from 'zod';

/** GET /v1/sql/schema: the tables the caller's SQL may read, and the columns `SELECT *` gives of each. */
export const sqlSchema = z.object({
  tables: z.array(
    z.object({
      name: z.string(),
      description: z.string(),
      columns: z.array(z.object({ name: z.string(), type: z.string(), description: z.string() })),
    }),
  ),
});

/**
 * POST /v1/sql/clickhouse-user (server mode): the tenant's read-only ClickHouse user for Grafana or
 * DBeaver. The password is shown this once; asking again replaces it.
 */
export const createdClickhouseUser = z.object({
  username: z.string(),
  password: z.string(),
  database: z.string(),
  tables: z.array(z.string()),
});
