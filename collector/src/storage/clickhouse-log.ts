import type { Logger as ClickHouseLogger, ErrorLogParams, LogParams, WarnLogParams } from '@clickhouse/client';
import type { Logger } from 'pino';

/**
 * The ClickHouse client's own messages (a failed ping, an overridden setting) through the
 * collector's JSON log. Its default logger prints plain text to the console, which breaks a log
 * pipeline that parses every line as JSON. The client builds the logger with `new`, so the class
 * closes over the pino logger.
 */
export function clickhouseLogClass(logger: Logger): new () => ClickHouseLogger {
  const log = logger.child({ component: 'clickhouse-client' });
  const fields = (p: LogParams, err?: Error) => ({ module: p.module, ...(p.args ?? {}), ...(err ? { err } : {}) });
  return class PinoClickHouseLogger implements ClickHouseLogger {
    trace(p: LogParams) {
      log.trace(fields(p), p.message);
    }
    debug(p: LogParams) {
      log.debug(fields(p), p.message);
    }
    info(p: LogParams) {
      log.info(fields(p), p.message);
    }
    warn(p: WarnLogParams) {
      // A failed ping is expected while waiting for the server, which logs each attempt clearly itself.
      if (/ping/i.test(p.message)) log.debug(fields(p, p.err), p.message);
      else log.warn(fields(p, p.err), p.message);
    }
    error(p: ErrorLogParams) {
      log.error(fields(p, p.err), p.message);
    }
  };
}
