/**
 * The page's Web Storage, or undefined where reading it throws (sandboxed iframes, storage
 * disabled by the user). Every use below is wrapped as well: a full quota throws on write.
 */
export function webStorage(kind: 'localStorage' | 'sessionStorage'): Storage | undefined {
  try {
    const s = window[kind];
    s.getItem('loupe:probe');
    return s;
  } catch {
    return undefined;
  }
}

export function readItem(s: Storage | undefined, key: string): string | null {
  try {
    return s ? s.getItem(key) : null;
  } catch {
    return null;
  }
}

/** Answers whether the value was written. */
export function writeItem(s: Storage | undefined, key: string, value: string): boolean {
  try {
    if (!s) return false;
    s.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

export function removeItem(s: Storage | undefined, key: string): void {
  try {
    s?.removeItem(key);
  } catch {
    // nothing to do: the entry expires on its own (see outbox)
  }
}
