import type { Page } from '../app-context.ts';
import { errorState, loadingState } from '../ui/states.ts';

/**
 * A page whose code is a chunk of its own, fetched when it is first opened: pages few roles open
 * (overview, SQL, integrity) then cost the rest of the viewer nothing. Leaving before the chunk
 * arrives starts nothing.
 */
export function lazyPage(load: () => Promise<Page>): Page {
  return (root, props) => {
    let gone = false;
    let leave: (() => void) | undefined;
    root.replaceChildren(loadingState());
    const open = () =>
      load().then(
        (page) => {
          if (gone) return;
          root.replaceChildren();
          leave = page(root, props);
        },
        (e: unknown) => {
          if (!gone) root.replaceChildren(errorState(e, () => void open()));
        },
      );
    void open();
    return () => {
      gone = true;
      leave?.();
    };
  };
}
