import { listen } from '../util/listen.ts';
import type { Observer } from './observer-context.ts';
import { elementOf, targetName } from './target-name.ts';

/** FORM: a form was submitted; its fields' last values are recorded first. */
export const observeForms: Observer = ({ emit, privacy, report, deferrals }) =>
  listen(
    document,
    'submit',
    (e) => {
      const form = elementOf(e.target);
      if (!form || privacy.isIgnored(form)) return;
      deferrals.flush();
      emit('FORM', { target: targetName(form) });
    },
    report,
  );
