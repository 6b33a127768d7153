import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The repository's own documents: a clone with nothing beside it must be able to follow them. */
const REPO = resolve(import.meta.dirname, '..', '..');
const DOCS = [
  'README.md',
  ...readdirSync(join(REPO, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  ...['recorder', 'collector', 'viewer', 'schemas', 'benchmarks', 'testkit']
    .map((p) => `${p}/README.md`)
    .filter((f) => existsSync(join(REPO, f))),
];

describe("the repository's documents", () => {
  it.each(DOCS)('%s links only to files inside the repository that exist', (doc) => {
    const text = readFileSync(join(REPO, doc), 'utf8');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^(https?:|mailto:|#)/.test(target!)) continue;
      const path = resolve(dirname(join(REPO, doc)), target!.split('#')[0]!);
      expect(relative(REPO, path).startsWith('..'), `${doc} → ${target}`).toBe(false);
      expect(existsSync(path), `${doc} → ${target}`).toBe(true);
    }
  });

  it.each(DOCS)('%s names no folder outside the repository', (doc) => {
    const text = readFileSync(join(REPO, doc), 'utf8');
    // Markdown links are followed above; this catches paths written out in prose or code.
    expect(text).not.toMatch(/\.\.\/shared|\/work\/|(^|[\s`])\.\.\/[\w.]/m);
  });

  it('include the design, linked from the README', () => {
    expect(readFileSync(join(REPO, 'README.md'), 'utf8')).toContain('](docs/DESIGN.md)');
  });
});
