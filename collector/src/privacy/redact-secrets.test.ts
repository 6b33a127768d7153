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

  it('runs in linear time on a megabyte of hostile text', () => {
    const hostile = ['"a":"', "-H '", 'x=', 'https://a:', '\\"k\\":\\"'].map((p) => p.repeat(40_000)).join('');
    const started = performance.now();
    redactSecrets(hostile);
    redactSecrets('a'.repeat(1_000_000));
    // Linear patterns take milliseconds here; a backtracking one would take minutes.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
