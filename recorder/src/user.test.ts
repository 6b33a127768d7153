import { recorderUser } from '@loupe/schemas';
import { describe, expect, it } from 'vitest';
import { toUser } from './user.ts';

describe('identify(user)', () => {
  it('takes an id string, a number or { id, name } and answers a user the collector accepts', () => {
    for (const input of ['u-1', 42, { id: 'u-2', name: ' Ada ' }, { id: 7 }]) {
      const user = toUser(input);
      expect(recorderUser.safeParse(user).success, JSON.stringify(input)).toBe(true);
    }
    expect(toUser({ id: 'u-2', name: ' Ada ' })).toEqual({ id: 'u-2', name: 'Ada' });
  });

  it('answers a message for what cannot name a user', () => {
    for (const input of [null, undefined, '', { id: '' }, { id: 'a\nb' }, { id: 'x'.repeat(300) }, { name: 'no id' }]) {
      expect(toUser(input)).toBeTypeOf('string');
    }
  });
});
