import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { WorkOrderStatus } from '../api/field.ts';
import type { DispatchText } from './dispatch-text.ts';

/*
 * Small pieces the board's views share. A status is always a shape and its name, never a colour
 * alone: the icon differs per status and the label is written out beside it.
 */

const SHAPES: Record<WorkOrderStatus, ComponentChildren> = {
  // A dashed ring: nobody yet.
  unscheduled: <circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" stroke-width="1.6" stroke-dasharray="2.6 2" />,
  // An hourglass: waiting for an answer.
  offered: <path d="M4 2.5h8M4 13.5h8M5 2.5c0 3 6 3 6 5.5s-6 2.5-6 5.5M11 2.5c0 3-6 3-6 5.5s6 2.5 6 5.5" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linejoin="round" />,
  // A calendar with a tick: booked.
  accepted: <path d="M2.5 4h11v9.5h-11zM2.5 6.8h11M5 2.5v3M11 2.5v3M5.8 10.2l1.6 1.6 3-3" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linejoin="round" stroke-linecap="round" />,
  // An arrow: travelling.
  en_route: <path d="M2 8h10M8.5 4.5 12 8l-3.5 3.5" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" />,
  // A map pin: there.
  on_site: <path d="M8 14.5s-4.5-4.6-4.5-8a4.5 4.5 0 0 1 9 0c0 3.4-4.5 8-4.5 8zM8 8.2a1.7 1.7 0 1 0 0-3.4 1.7 1.7 0 0 0 0 3.4z" fill="currentColor" fill-rule="evenodd" />,
  // A tick: done.
  completed: <path d="M3 8.5l3.2 3.2L13 4.8" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />,
  // A filled disc with a tick: signed.
  signed_off: (
    <>
      <circle cx="8" cy="8" r="6.5" fill="currentColor" />
      <path d="M4.8 8.2l2.2 2.2 4.2-4.4" fill="none" stroke="#fff" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" />
    </>
  ),
  // A cross: called off.
  cancelled: <path d="M4 4l8 8M12 4l-8 8" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />,
};

export function StatusIcon({ status }: { status: WorkOrderStatus }) {
  return (
    <svg class="wo-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      {SHAPES[status]}
    </svg>
  );
}

/** Icon and words: the work order's status as a pill. */
export function WorkOrderStatusBadge({ status, d, testId }: { status: WorkOrderStatus; d: DispatchText; testId?: string }) {
  return (
    <span class={`wo-status wo-status-${status}`} data-status={status} data-testid={testId}>
      <StatusIcon status={status} />
      {d(`dispatch.status.${status}`)}
    </span>
  );
}

export function GlobeIcon() {
  return (
    <svg class="wo-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <circle cx="8" cy="8" r="6.2" fill="none" stroke="currentColor" stroke-width="1.3" />
      <path d="M1.8 8h12.4M8 1.8c2 2 2 10.4 0 12.4M8 1.8c-2 2-2 10.4 0 12.4" fill="none" stroke="currentColor" stroke-width="1.1" />
    </svg>
  );
}

/**
 * A modal dialog (the native one: focus is trapped and returned, Escape closes it). Escape and the
 * close button both call onClose; a dialog with unsaved input is still closed, as nothing is lost
 * on the server.
 */
export function Modal({ id, title, onClose, children, wide }: { id: string; title: string; onClose(): void; children: ComponentChildren; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      class={wide ? 'conflict-dialog wo-dialog wo-dialog-wide' : 'conflict-dialog wo-dialog'}
      data-testid={id}
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </dialog>
  );
}
