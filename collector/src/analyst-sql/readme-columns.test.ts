import { ANALYST_SCHEMA } from '@loupe/schemas';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const README = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');

it("documents every analyst table's columns in the README, as GET /v1/sql/schema lists them", () => {
  const section = README.slice(README.indexOf('### Analyst tables and their columns'));
  for (const table of ANALYST_SCHEMA) {
    expect(section, table.name).toContain(`\`${table.name}\`: ${table.description}.`);
    for (const c of table.columns) {
      expect(section, `${table.name}.${c.name}`).toContain(`| \`${c.name}\` | \`${c.type}\` | ${c.description} |`);
    }
  }
});
