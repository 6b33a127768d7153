import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets, secretNames } from './redact-secrets.ts';

describe('redacting secrets from call logs', () => {
  it('removes credentials from a curl command and keeps everything else', () => {
    const curl = [
      `curl -X POST 'https://api.example.com/v1/orders?access_token=tok_live_123&page=2'`,
      `-H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc.def'`,
      `-H "X-Api-Key: sk_live_abcdef"`,
      `-H 'Content-Type: application/json'`,
      `--cookie 'session=s3cr3t'`,
      `-u admin:hunter2`,
      `-d '{"user":"ada","password":"hunter2","nested":{"client_secret":"cs_1"}}'`,
    ].join(' ');
    const out = redactSecrets(curl);
    for (const secret of ['tok_live_123', 'eyJhbGciOiJIUzI1NiJ9', 'sk_live_abcdef', 's3cr3t', 'hunter2', 'cs_1'])
      expect(out).not.toContain(secret);
    for (const kept of [
      'page=2',
      'Content-Type: application/json',
      '"user":"ada"',
      'https://api.example.com/v1/orders',
    ])
      expect(out).toContain(kept);
    expect(out).toContain(`'Authorization: ${REDACTED}'`);
  });

  it('removes secrets from response bodies: JSON, escaped JSON, forms, headers, URLs with a password', () => {
    const body =
      `{"access_token":"at_9","refresh_token":"rt_9","expires_in":3600}\nSet-Cookie: sid=abc\n` +
      `"{\\"apiKey\\":\\"k_9\\"}" grant_type=password&password=pw_9 https://bob:pw_url@db.example.com/x`;
    const out = redactSecrets(body);
    for (const secret of ['at_9', 'rt_9', 'sid=abc', 'k_9', 'pw_9', 'pw_url']) expect(out).not.toContain(secret);
    expect(out).toContain('"expires_in":3600');
  });

  it("takes a tenant's extra names, with * for any characters, as names and not as patterns", () => {
    const isSecret = secretNames(['ssn', 'x-*-ref']);
    expect(redactSecrets('{"ssn":"123-45-6789","name":"Ada"} -H \'X-Customer-Ref: c42\'', isSecret)).toBe(
      `{"ssn":"${REDACTED}","name":"Ada"} -H 'X-Customer-Ref: ${REDACTED}'`,
    );
    expect(secretNames(['(a+)+$'])('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!')).toBe(false);
  });

  it('skips only passes that could not have changed the text: the same result as running every pass', () => {
    // Text made of the pieces the patterns look for, so matches (and near misses) are common.
    const piece = fc.constantFrom(
      "-H '",
      '-H "',
      '--header ',
      "'",
      '"',
      '\\"',
      ': ',
      ':',
      '=',
      '&',
      '?',
      '@',
      'https://',
      ' ',
      '\n',
      '-u ',
      '-b ',
      '--cookie ',
      '--user ',
      'Bearer ',
      'Basic ',
      'Token ',
      'abcdefgh12',
      'x',
      '{',
      '}',
      ',',
      'Authorization',
      'token',
      'Pin',
      'code',
      'sig',
      'ssn',
      'Customer',
      '-Ref',
      'name',
      'id',
      'REDACTED',
    );
    const text = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));
    const extra = fc.array(fc.constantFrom('ssn', 'x-*-ref', '*', '*name*', 'id'), { maxLength: 2 });
    fc.assert(
      fc.property(text, extra, (t, names) => {
        const isSecret = secretNames(names);
        expect(redactSecrets(t, isSecret)).toBe(redactSecrets(t, isSecret, true));
      }),
      { numRuns: 3_000 },
    );
  });

  it("says a text may hold a secret name whenever it holds one of a tenant's names", () => {
    const isSecret = secretNames(['x-*-ref', 'ssn']);
    expect(isSecret.mayOccurIn('{"id":"1","name":"Ada"}')).toBe(false);
    expect(isSecret.mayOccurIn('-H "X-CUSTOMER-REF: 1"')).toBe(true);
    expect(isSecret.mayOccurIn('{"SSN":"1"}')).toBe(true);
    expect(secretNames(['*']).mayOccurIn('anything')).toBe(true);
  });

  it('runs in linear time on a megabyte of hostile text', () => {
    const hostile = ['"a":"', "-H '", 'x=', 'https://a:', '\\"k\\":\\"'].map((p) => p.repeat(40_000)).join('');
    const started = performance.now();
    redactSecrets(hostile);
    redactSecrets('a'.repeat(1_000_000));
    // Linear patterns take milliseconds here; a backtracking one would take minutes.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
