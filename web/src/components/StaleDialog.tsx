import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from '../i18n/context.tsx';

export interface StaleRow {
  key: string;
  label: string;
  now: ComponentChildren;
  /** undefined when the user did not change this field. */
  yours?: ComponentChildren;
}

interface StaleDialogProps {
  title: string;
  body: string;
  /** Side-by-side comparison, when the change is small enough to show. */
  rows?: StaleRow[];
  reloadLabel: string;
  applyLabel?: string;
  busy: boolean;
  onReload(): void;
  onApply?(): void;
  testId?: string;
  children?: ComponentChildren;
}

/**
 * The same stale-edit dialog as on the ticket page, for any versioned record: a save named a
 * version that someone else has replaced. Modal, not dismissable with Escape: the user's change is
 * only dropped when they say so.
 */
export function StaleDialog({ title, body, rows, reloadLabel, applyLabel, busy, onReload, onApply, testId = 'stale-dialog', children }: StaleDialogProps) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog ref={ref} class="conflict-dialog" data-testid={testId} aria-labelledby={`${testId}-title`} aria-describedby={`${testId}-body`} onCancel={(e) => e.preventDefault()}>
      <h2 id={`${testId}-title`}>{title}</h2>
      <p id={`${testId}-body`}>{body}</p>
      {rows?.length ? (
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
            {rows.map((row) => (
              <tr key={row.key} class={row.yours !== undefined ? 'conflict-changed' : undefined} data-testid={`${testId}-row-${row.key}`}>
                <th scope="row">{row.label}</th>
                <td data-testid={`${testId}-now-${row.key}`}>{row.now}</td>
                <td data-testid={`${testId}-yours-${row.key}`}>{row.yours !== undefined ? row.yours : <span class="muted">{t('conflict.unchanged')}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {children}
      <div class="conflict-actions">
        <button type="button" class={onApply ? 'button button-quiet' : 'button button-primary'} data-testid={`${testId}-reload`} disabled={busy} onClick={onReload}>
          {reloadLabel}
        </button>
        {onApply && applyLabel ? (
          <button type="button" class="button button-primary" data-testid={`${testId}-apply`} disabled={busy} onClick={onApply}>
            {applyLabel}
          </button>
        ) : null}
      </div>
    </dialog>
  );
}
