import { useEffect, useRef } from 'preact/hooks';
import type { Ticket } from '../api/tickets.ts';
import { useNames } from '../data/directory.ts';
import { useI18n } from '../i18n/context.tsx';
import type { Edit } from './ticket-edit.ts';
import { updateFor } from './ticket-edit.ts';
import { fieldLabel, valueText } from './values.ts';

interface ConflictDialogProps {
  /** The ticket as it is now on the server. */
  current: Ticket;
  /** The edit that was refused, kept until the user decides. */
  edit: Edit;
  me: string;
  busy: boolean;
  onReload(): void;
  onApplyAgain(): void;
}

const SHOWN_FIELDS = ['status', 'priority', 'assigneeId', 'tags'] as const;

/**
 * Shown when a save was based on an old version (409 VERSION_CONFLICT). It is modal and cannot be
 * dismissed with Escape: the user's change is only dropped when they say so.
 */
export function ConflictDialog({ current, edit, me, busy, onReload, onApplyAgain }: ConflictDialogProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const names = useNames();
  const ref = useRef<HTMLDialogElement>(null);
  const mine = updateFor(edit, current);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      class="conflict-dialog"
      data-testid="conflict-dialog"
      aria-labelledby="conflict-title"
      aria-describedby="conflict-body"
      onCancel={(e) => e.preventDefault()}
    >
      <h2 id="conflict-title">{t('conflict.title')}</h2>
      <p id="conflict-body">{t('conflict.body', { number: current.number })}</p>
      <table class="conflict-table">
        <thead>
          <tr>
            <th scope="col">
              <span class="visually-hidden">{t('conflict.field')}</span>
            </th>
            <th scope="col">{t('conflict.now')}</th>
            <th scope="col">{t('conflict.yours')}</th>
          </tr>
        </thead>
        <tbody>
          {SHOWN_FIELDS.map((field) => {
            const changed = field in mine;
            return (
              <tr key={field} class={changed ? 'conflict-changed' : undefined} data-testid={`conflict-row-${field}`}>
                <th scope="row">{fieldLabel(i18n, field)}</th>
                <td data-testid={`conflict-now-${field}`}>{valueText(i18n, field, current[field], me, names)}</td>
                <td data-testid={`conflict-yours-${field}`}>
                  {changed ? valueText(i18n, field, mine[field], me, names) : <span class="muted">{t('conflict.unchanged')}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div class="conflict-actions">
        <button type="button" class="button button-quiet" data-testid="conflict-reload" disabled={busy} onClick={onReload}>
          {t('conflict.reload')}
        </button>
        <button type="button" class="button button-primary" data-testid="conflict-apply" disabled={busy} onClick={onApplyAgain}>
          {t('conflict.apply')}
        </button>
      </div>
    </dialog>
  );
}
