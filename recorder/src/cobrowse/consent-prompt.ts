/**
 * The site's own co-browse UI, if it sets `window.loupeCobrowse` before an agent asks:
 * `consent({ agent })` answers whether the customer lets the agent in (its own dialog), and
 * `noTouch` is a selector of elements the agent may not touch.
 */
export interface SiteCobrowse {
  consent?(request: { agent: string }): boolean | Promise<boolean>;
  noTouch?: string;
}
export const siteCobrowse = () => (globalThis as { loupeCobrowse?: SiteCobrowse }).loupeCobrowse;

/** Styled through these classes (a site's stylesheet wins over the defaults, set as inline styles). */
const ON_TOP = 'position:fixed;z-index:2147483647;';
const BOX = `${ON_TOP}right:16px;bottom:16px;max-width:320px;padding:12px;background:#fff;color:#111;font:14px system-ui;box-shadow:0 2px 12px #0006`;

function box(cls: string, text: string, buttons: [string, string][]): HTMLElement {
  const el = document.createElement('div');
  el.className = `loupe-cobrowse ${cls}`;
  el.setAttribute('style', BOX);
  el.setAttribute('role', 'dialog');
  // The agent may not answer for the customer; the answer is audited, not logged as a click.
  el.setAttribute('data-loupe-no-agent', '');
  el.setAttribute('data-loupe-ignore', '');
  el.textContent = text;
  for (const [name, label] of buttons) {
    const b = document.createElement('button');
    b.name = name;
    b.textContent = label;
    b.style.margin = '8px 8px 0 0';
    el.append(b);
  }
  document.body.append(el);
  return el;
}

/** Asks the customer: the site's own prompt if it has one, else ours. */
export function askConsent(agent: string): Promise<boolean> {
  const site = siteCobrowse()?.consent;
  if (site) return Promise.resolve(site({ agent })).then(Boolean, () => false);
  return new Promise((resolve) => {
    const el = box('loupe-cobrowse-prompt', `${agent} asks to act on this page with you.`, [
      ['loupe-allow', 'Allow'],
      ['loupe-deny', 'Deny'],
    ]);
    el.addEventListener('click', (e) => {
      const name = (e.target as HTMLButtonElement).name;
      if (name !== 'loupe-allow' && name !== 'loupe-deny') return;
      el.remove();
      resolve(name === 'loupe-allow');
    });
  });
}

/** While joined: who is connected, and the button that ends it. */
export function joinedBar(agent: string, onEnd: () => void): HTMLElement {
  const el = box('loupe-cobrowse-bar', `${agent} is acting on this page.`, [['loupe-end', 'End']]);
  el.querySelector('button')!.onclick = onEnd;
  return el;
}

/** The agent's pointer, moved to what they act on. */
export function agentCursor(): HTMLElement {
  const el = document.createElement('div');
  el.className = 'loupe-cobrowse-cursor';
  el.setAttribute(
    'style',
    `${ON_TOP}width:14px;height:14px;margin:-7px;border-radius:50%;background:#e4572e;pointer-events:none;transition:all .15s;left:-99px`,
  );
  document.body.append(el);
  return el;
}
