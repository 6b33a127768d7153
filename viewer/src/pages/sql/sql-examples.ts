/** Queries to start from, one click away; each names only analyst tables. */
export const SQL_EXAMPLES: readonly { name: string; query: string }[] = [
  {
    name: 'Sessions per day',
    query: `-- The summary keeps a row per session and day: merge them per session first.
SELECT toDate(started) AS day, count() AS sessions
FROM (SELECT session_id, min(started_at) AS started FROM sessions GROUP BY session_id)
GROUP BY day
ORDER BY day`,
  },
  {
    name: 'Error rate per bot',
    query: `SELECT bot, count() AS calls, countIf(NOT success) AS errors,
  round(100 * errors / calls, 1) AS error_percent
FROM call_logs
GROUP BY bot
ORDER BY error_percent DESC, calls DESC`,
  },
  {
    name: 'Top clicks',
    query: `SELECT target, any(text) AS label, count() AS clicks
FROM cobrowse_events
WHERE type = 'CLICK'
GROUP BY target
ORDER BY clicks DESC
LIMIT 20`,
  },
];
