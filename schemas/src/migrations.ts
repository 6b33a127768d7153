import { alertsDdl } from './alerts.table.ts';
import { archiveDdl } from './archive.table.ts';
import { auditDdl } from './audit-event.table.ts';
import { callLogDdl } from './call-log.table.ts';
import { changeAuditDdl } from './change-audit.table.ts';
import { cobrowseCommandDdl } from './cobrowse-command.table.ts';
import { cobrowseDdl } from './cobrowse-event.table.ts';
import { accessDdl, controlDdl, keyCreatorDdl, notifyRolesDdl, redactionDdl } from './control.table.ts';
import { idempotencyDdl } from './idempotency.table.ts';
import { integrationsDdl } from './integration.table.ts';
import { replayDdl, replayEffectsDdl } from './replay-chunk.table.ts';
import { sessionBindingDdl, sessionJoinDdl } from './session-binding.table.ts';
import { sessionDdl } from './session.table.ts';
import { sessionNotesDdl } from './session-note.table.ts';

/**
 * Numbered schema changes, applied in order at start-up. A migration, once released, never
 * changes: a later schema change is a new entry. Every statement is safe to run again, so a
 * start-up that died half way through a migration can simply run it once more.
 */
export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'record families and the session summary',
    statements: [...cobrowseDdl, ...replayDdl, ...sessionDdl, ...auditDdl, ...changeAuditDdl, ...callLogDdl],
  },
  { version: 2, name: 'tenants, keys and settings', statements: controlDdl },
  { version: 3, name: 'users and sign-in sessions', statements: accessDdl },
  { version: 4, name: 'error notifications and integration state', statements: alertsDdl },
  { version: 5, name: 'archive runs', statements: archiveDdl },
  { version: 6, name: 'keys carry their creator and its role', statements: keyCreatorDdl },
  { version: 7, name: 'call-log redaction settings', statements: redactionDdl },
  { version: 8, name: 'idempotency keys of platform POSTs', statements: idempotencyDdl },
  { version: 9, name: 'recorder sessions bound to their recorder', statements: sessionBindingDdl },
  { version: 10, name: 'integrations the platform registers, for Reauthorise', statements: integrationsDdl },
  { version: 11, name: 'error e-mails per role', statements: notifyRolesDdl },
  { version: 12, name: "agents joining a customer's session (co-browse)", statements: sessionJoinDdl },
  {
    version: 13,
    name: "co-browse commands between collectors (an agent acting on the customer's page)",
    statements: cobrowseCommandDdl,
  },
  { version: 14, name: 'notes on sessions at a moment', statements: sessionNotesDdl },
  { version: 15, name: 'when replay chunks show the page answering (dead clicks)', statements: replayEffectsDdl },
];

/** The table the migration runner records applied versions in. */
export const MIGRATIONS_TABLE = 'loupe_migrations';
