import { describe, expect, it } from 'vitest';
import { checkQueryTree } from './check-query-tree.ts';
import { SqlRejectedError } from './errors.ts';

/** EXPLAIN QUERY TREE's shape for `SELECT count() FROM call_logs`, with call_logs read as `from`. */
const dump = (query: string, from: string[], prewhere = true) => [
  'QUERY id: 0',
  '  JOIN TREE',
  `    ${query}`,
  '      JOIN TREE',
  ...from.map((l) => `        ${l}`),
  ...(prewhere ? ['      PREWHERE', '        FUNCTION id: 10, function_name: equals'] : []),
];
const CTE = 'QUERY id: 3, alias: __table1, is_subquery: 1, is_cte: 1, cte_name: call_logs';
const TABLE = 'TABLE id: 9, alias: __table2, table_name: default.call_logs';
const refusal = (lines: string[], tables = ['call_logs']) => {
  try {
    checkQueryTree(lines, 'default', tables);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(SqlRejectedError);
    return (e as Error).message;
  }
};

describe('the analysed query tree', () => {
  it("passes a table read as the whole FROM of its tenant CTE, with the CTE's PREWHERE", () => {
    expect(refusal(dump(CTE, [TABLE]))).toBeUndefined();
  });

  it('refuses a table read anywhere else: outside a CTE, in a CTE of another name, without the PREWHERE', () => {
    expect(refusal(dump('QUERY id: 3, alias: __table1, is_subquery: 1', [TABLE]))).toMatch(
      /read outside its tenant scope/,
    );
    expect(refusal(dump(CTE.replace('cte_name: call_logs', 'cte_name: mine'), [TABLE]))).toMatch(
      /read outside its tenant scope/,
    );
    expect(refusal(dump(CTE.replace('cte_name: call_logs', 'cte_name: call_logs_2'), [TABLE]))).toMatch(
      /read outside its tenant scope/,
    );
    expect(refusal(dump(CTE, [TABLE], false))).toMatch(/read outside its tenant scope/);
    expect(refusal(dump(CTE, ['JOIN id: 5', `  ${TABLE}`]))).toMatch(/read outside its tenant scope/);
  });

  it("refuses tables the caller's role may not read, and every other table", () => {
    expect(refusal(dump(CTE, [TABLE]), ['sessions'])).toBe('table default.call_logs is not allowed');
    expect(refusal(dump(CTE, ['TABLE id: 9, table_name: default.api_keys']))).toBe(
      'table default.api_keys is not allowed',
    );
    expect(refusal(dump(CTE, ['TABLE_FUNCTION id: 9, table_function_name: numbers']))).toBe(
      'table function numbers() is not allowed',
    );
  });
});
