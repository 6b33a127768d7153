import { describe, expect, it } from 'vitest';
import { isAppPath, isSafeHref, safeHttpUrl } from './safe-url.ts';

describe('safe URLs', () => {
  it('links only http(s) URLs and in-app paths', () => {
    expect(safeHttpUrl('https://shop.example/a?b=1')).toBe('https://shop.example/a?b=1');
    expect(safeHttpUrl('HTTP://shop.example')).toBe('http://shop.example/');
    for (const bad of [
      'javascript:alert(1)',
      ' javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<b>x</b>',
      'vbscript:x',
      'file:///etc/passwd',
      'not a url',
    ]) {
      expect(safeHttpUrl(bad)).toBeNull();
      expect(isSafeHref(bad)).toBe(false);
    }
  });

  it('refuses protocol-relative paths that would leave the viewer', () => {
    expect(isAppPath('/sessions/abc?t=10')).toBe(true);
    expect(isAppPath('//evil.example/x')).toBe(false);
    expect(isAppPath('/\\evil.example')).toBe(false);
  });
});
