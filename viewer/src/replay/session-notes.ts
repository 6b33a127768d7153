import type { SessionNote } from '@loupe/schemas';
// The zod-free entry: the viewer ships no validation library (bundle.test.ts).
import { LIMITS } from '@loupe/schemas/limits';
import type { AppContext } from '../app-context.ts';
import { h, replace } from '../dom/h.ts';
import { formatClock } from '../format.ts';
import { errorState, notice } from '../ui/states.ts';
import type { Timeline } from './timeline.ts';

export interface NotesOptions {
  ctx: AppContext;
  sessionId: string;
  timeline: Timeline;
  /** The playhead's offset now (ms from the session's start). */
  playhead: () => number;
  seek: (offset: number) => void;
  signal: AbortSignal;
  /** Notes are asked for once this settles (the replay's first frame: its start stays flat). */
  after?: Promise<unknown>;
}

/**
 * Notes on the session at moments (issue 17): a form that adds one at the playhead, the notes as
 * markers on the timeline and as a list, each seeking to its moment. The collector audits each one.
 */
export function sessionNotes(o: NotesOptions): { el: HTMLElement } {
  const path = `/v1/sessions/${encodeURIComponent(o.sessionId)}/notes`;
  let notes: SessionNote[] = [];
  const list = h('ol', { class: 'note-list', 'data-testid': 'note-list' });
  const status = h('div', { class: 'note-status' });
  const textarea = h('textarea', {
    id: 'note-text',
    class: 'note-text',
    rows: 2,
    maxlength: LIMITS.noteText,
    placeholder: 'What happens here?',
  });
  const at = h('span', { class: 'note-at' });
  const add = h('button', { type: 'submit', class: 'button-secondary', 'data-testid': 'add-note' }, 'Add note at ', at);
  const form = h(
    'form',
    { class: 'note-form', on: { submit: (e: Event) => void submit(e) } },
    h('label', { for: 'note-text' }, 'Note at the playhead'),
    textarea,
    h('div', { class: 'note-actions' }, add, status),
  );
  const tick = setInterval(() => (at.textContent = formatClock(o.playhead())), 250);
  o.signal.addEventListener('abort', () => clearInterval(tick));
  at.textContent = formatClock(0);

  const mayDelete = (n: SessionNote) => n.authorId === o.ctx.user.id || o.ctx.can('admin');

  function render(): void {
    // The timeline's note markers are redrawn whole: notes are few, and a deleted one must go.
    for (const m of o.timeline.el.querySelectorAll('.marker[data-type="NOTE"]')) m.remove();
    o.timeline.addMarkers(notes.map((n) => ({ offset: n.offsetMs, type: 'NOTE', label: `Note: ${n.text}` })));
    replace(
      list,
      notes.length === 0
        ? h('li', { class: 'muted' }, 'No notes yet.')
        : notes.map((n) =>
            h(
              'li',
              { class: 'note', 'data-note-id': n.id, 'data-offset': n.offsetMs },
              h(
                'button',
                { type: 'button', class: 'button-quiet note-seek', on: { click: () => o.seek(n.offsetMs) } },
                formatClock(n.offsetMs),
              ),
              h('span', { class: 'note-body' }, n.text),
              h('span', { class: 'note-author muted' }, n.authorName),
              mayDelete(n)
                ? h(
                    'button',
                    { type: 'button', class: 'button-quiet note-delete', on: { click: () => void remove(n) } },
                    'Delete',
                  )
                : null,
            ),
          ),
    );
  }

  const sorted = (ns: SessionNote[]) => [...ns].sort((a, b) => a.offsetMs - b.offsetMs);

  async function submit(e: Event): Promise<void> {
    e.preventDefault();
    const text = textarea.value.trim();
    if (!text) return void replace(status, notice('error', 'Write the note first.'));
    add.disabled = true;
    try {
      const note = await o.ctx.api.send<SessionNote>('POST', path, { offsetMs: Math.round(o.playhead()), text });
      notes = sorted([...notes, note]);
      textarea.value = '';
      replace(status, notice('ok', `Added at ${formatClock(note.offsetMs)}`));
      render();
    } catch (err) {
      replace(status, errorState(err));
    } finally {
      add.disabled = false;
    }
  }

  async function remove(n: SessionNote): Promise<void> {
    try {
      await o.ctx.api.send('DELETE', `${path}/${encodeURIComponent(n.id)}`);
      notes = notes.filter((x) => x.id !== n.id);
      render();
    } catch (err) {
      replace(status, errorState(err));
    }
  }

  void (o.after ?? Promise.resolve())
    .then(() => o.ctx.api.get<{ items: SessionNote[] }>(path, {}, o.signal))
    .then(
      (page) => {
        notes = sorted(page.items);
        render();
      },
      (err: unknown) => {
        if (!o.signal.aborted) replace(list, h('li', null, errorState(err)));
      },
    );
  return { el: h('section', { class: 'notes', 'aria-label': 'Notes' }, h('h2', null, 'Notes'), form, list) };
}
