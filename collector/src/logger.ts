import { pino, type Logger } from 'pino';

/** Structured JSON logs. Secrets are redacted by field name in case one ever reaches a log call. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['authorization', 'key', 'adminKey', 'siteKey', 'password', '*.authorization', '*.key', '*.password'],
      censor: '[redacted]',
    },
  });
}
