import { describe, expect, it } from 'vitest';
import { analystMessage } from './clickhouse-error.ts';

const engine = (message: string, type = 'CANNOT_PARSE_TEXT') => ({ message, code: '6', type });

describe("ClickHouse's message, as the analyst gets it", () => {
  it('blanks quoted values and numbers that are not in the query, and cuts the echo of the query', () => {
    const query = "SELECT toUInt64(concat(tenant_id, '|', response)) FROM call_logs";
    const message =
      'Cannot parse string \'tenant-a|{"v":"SECRET"}\' as UInt64: syntax error at position 8 (version 26.7.3): while executing ' +
      "'FUNCTION toUInt64(concat(tenant_id, '|', response))'. In scope WITH call_logs AS (SELECT ... PREWHERE tenant_id = 'tenant-b')";
    expect(analystMessage(engine(message), query)).toBe(
      "Cannot parse string '…' as UInt64: syntax error at position …",
    );
  });

  it("keeps what the analyst wrote: names, literals, numbers of the query's own", () => {
    const query = "SELECT no_such_column, 'x' FROM call_logs LIMIT 5";
    expect(
      analystMessage(
        engine('Unknown expression identifier `no_such_column` in scope SELECT ...', 'UNKNOWN_IDENTIFIER'),
        query,
      ),
    ).toBe('Unknown expression identifier `no_such_column`');
    expect(analystMessage(engine("Value 'x' and 5 and 77 are odd"), query)).toBe("Value 'x' and 5 and … are odd");
  });

  it('says a limit was reached in its own words, without the rows or bytes read so far', () => {
    const read = engine(
      "Limit for rows (controlled by 'max_rows_to_read' setting) exceeded, max rows: 50.00 million, current rows: 50.01 million",
      'TOO_MANY_ROWS',
    );
    expect(analystMessage(read, 'SELECT 1')).toBe('the query reads more rows than allowed');
    expect(
      analystMessage(
        engine('Memory limit (for query) exceeded: would use 1.00 GiB', 'MEMORY_LIMIT_EXCEEDED'),
        'SELECT 1',
      ),
    ).toBe('the query needs more memory than allowed');
  });
});
