import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Board, BoardTechnician, WorkOrder } from '../api/field.ts';
import { assignWorkOrder, cancelWorkOrder, dispatchAutomatically, getBoard } from '../api/field.ts';
import { useApp } from '../app-context.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { userTimeZone } from '../i18n/format.ts';
import type { DispatchView } from '../router.ts';
import { navigate, paths } from '../router.ts';
import { BoardGrid } from './BoardGrid.tsx';
import type { BoardView } from './board-time.ts';
import { boardRange, dayIn, shiftDay } from './board-time.ts';
import { AssignDialog, CancelDialog, DetailsDialog } from './dialogs.tsx';
import { actionErrorText, useDispatchText } from './dispatch-text.ts';
import { NewWorkOrderDialog } from './NewWorkOrderForm.tsx';
import { WaitingList } from './WaitingList.tsx';

/** How often the open board asks again: offers come and go, technicians accept on their phones. */
const REFRESH_MS = 15_000;

type Dialog =
  | { kind: 'assign'; id: string; technicianId?: string; start?: number }
  | { kind: 'cancel'; id: string }
  | { kind: 'details'; id: string }
  | { kind: 'new' };

type Notice = { kind: 'success'; text: string } | { kind: 'error'; text: string } | { kind: 'apiError'; error: unknown };

/** What the board needs to act on a work order from any of its views. */
export interface BoardActions {
  assign(order: WorkOrder, technicianId?: string, start?: number): void;
  /** A drop: books at once, no dialog (the dialog is the keyboard and touch way). */
  drop(orderId: string, technicianId: string, start: number): void;
  dispatch(order: WorkOrder): void;
  cancel(order: WorkOrder): void;
  details(order: WorkOrder): void;
}

/**
 * The dispatcher's board: technicians as rows over a day (hours) or a week (days) on the user's
 * clock, the work orders waiting for a technician beside it, and the ways to book one: drag it onto
 * a row, or "Assign…" for keyboard and touch.
 */
export function DispatchPage({ view, date }: { view: DispatchView; date?: string }) {
  const { api } = useApp();
  const { d, clock, language } = useDispatchText();
  const zone = userTimeZone();
  const day = date ?? dayIn(zone, Date.now());
  const range = useMemo(() => boardRange(view, day, zone), [view, day, zone]);

  const [board, setBoard] = useState<Board>();
  /** The range the board on screen was read for; anything else means "loading". */
  const [boardOf, setBoardOf] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [dialog, setDialog] = useState<Dialog>();
  const [notice, setNotice] = useState<Notice>();
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const rangeKey = `${range.start}-${range.end}`;
  const currentKey = useRef(rangeKey);
  currentKey.current = rangeKey;

  const load = useCallback(async (): Promise<Board | undefined> => {
    const key = `${range.start}-${range.end}`;
    try {
      const fresh = await getBoard(api, new Date(range.start).toISOString(), new Date(range.end).toISOString());
      if (currentKey.current !== key) return undefined;
      setBoard(fresh);
      setBoardOf(key);
      setFailure(undefined);
      return fresh;
    } catch (error) {
      if (currentKey.current === key) setFailure(error);
      return undefined;
    }
  }, [api, range.start, range.end]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const technicians = board?.technicians ?? [];
  const techName = (id: string | undefined) => technicians.find((t) => t.id === id)?.name ?? id ?? '';
  const allOrders = [...(board?.unscheduled ?? []), ...(board?.booked ?? [])];
  const orderOf = (id: string) => allOrders.find((o) => o.id === id);

  const withBusy = async (id: string, work: () => Promise<void>) => {
    setBusy((s) => new Set(s).add(id));
    try {
      await work();
    } finally {
      setBusy((s) => {
        const next = new Set(s);
        next.delete(id);
        return next;
      });
    }
  };

  /** A refused action: said in words where we know the code, the API's message otherwise; stale boards reload. */
  const refused = (error: unknown, technicianId?: string) => {
    const text = actionErrorText(error, d, clock, techName(technicianId));
    setNotice(text ? { kind: 'error', text } : { kind: 'apiError', error });
    void load();
  };

  const actions: BoardActions = {
    assign: (order, technicianId, start) => setDialog({ kind: 'assign', id: order.id, ...(technicianId ? { technicianId } : {}), ...(start !== undefined ? { start } : {}) }),
    drop: (orderId, technicianId, start) => {
      const order = orderOf(orderId);
      if (!order || busy.has(orderId)) return;
      void withBusy(orderId, async () => {
        try {
          const saved = await assignWorkOrder(api, order, technicianId, new Date(start).toISOString());
          setNotice({ kind: 'success', text: d('dispatch.done.assigned', { summary: saved.summary, number: saved.ticketNumber, name: techName(technicianId), time: clock.dayTime(start) }) });
          await load();
        } catch (error) {
          refused(error, technicianId);
        }
      });
    },
    dispatch: (order) =>
      void withBusy(order.id, async () => {
        try {
          await dispatchAutomatically(api, order);
          setNotice({ kind: 'success', text: d('dispatch.done.dispatched', { summary: order.summary, number: order.ticketNumber }) });
          await load();
        } catch (error) {
          refused(error);
        }
      }),
    cancel: (order) => setDialog({ kind: 'cancel', id: order.id }),
    details: (order) => setDialog({ kind: 'details', id: order.id }),
  };

  const go = (nextView: BoardView, nextDay?: string) => navigate(paths.dispatch(nextView, nextDay));
  const today = dayIn(zone, Date.now());
  const dialogOrder = dialog && dialog.kind !== 'new' ? orderOf(dialog.id) : undefined;
  const loading = boardOf !== rangeKey;

  return (
    <section class="page page-wide dispatch-page" data-testid="dispatch-page" data-view={view} data-day={day}>
      <div class="page-header">
        <PageHeading>{d('dispatch.title')}</PageHeading>
        <div class="page-header-actions">
          <button type="button" class="button button-primary" data-testid="new-work-order" onClick={() => setDialog({ kind: 'new' })}>
            {d('dispatch.new')}
          </button>
        </div>
      </div>

      <div class="dispatch-toolbar">
        <div class="segmented" role="group" aria-label={d('dispatch.view.label')} data-testid="board-view">
          {(['day', 'week'] as const).map((v) => (
            <a key={v} class="segmented-item" href={paths.dispatch(v, date)} aria-current={v === view ? 'true' : undefined} data-testid={`board-view-${v}`}>
              {d(`dispatch.view.${v}`)}
            </a>
          ))}
        </div>
        <div class="dispatch-dates" role="group" aria-label={d('dispatch.nav.label')}>
          <button type="button" class="button button-quiet button-small" data-testid="board-previous" aria-label={d(`dispatch.nav.previous.${view}`)} title={d(`dispatch.nav.previous.${view}`)} onClick={() => go(view, shiftDay(view, day, -1))}>
            <span aria-hidden="true">‹</span>
          </button>
          <button type="button" class="button button-quiet button-small" data-testid="board-today" disabled={!date || date === today} onClick={() => go(view)}>
            {d('dispatch.nav.today')}
          </button>
          <button type="button" class="button button-quiet button-small" data-testid="board-next" aria-label={d(`dispatch.nav.next.${view}`)} title={d(`dispatch.nav.next.${view}`)} onClick={() => go(view, shiftDay(view, day, 1))}>
            <span aria-hidden="true">›</span>
          </button>
          <label class="visually-hidden" for="board-date">
            {d('dispatch.nav.date')}
          </label>
          <input id="board-date" class="dispatch-date-input" type="date" value={day} data-testid="board-date" onChange={(e) => e.currentTarget.value && go(view, e.currentTarget.value)} />
          <strong class="dispatch-range" data-testid="board-range" aria-live="polite">
            {view === 'day'
              ? new Intl.DateTimeFormat(language, { timeZone: zone, weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(range.start))
              : d('dispatch.weekOf', { from: clock.day(range.start), to: clock.day(range.end - 1) })}
          </strong>
        </div>
        <span class="muted dispatch-zone" data-testid="board-zone">
          {d('dispatch.zoneNote', { zone: `${zone}, ${clock.offset(range.start)}` })}
        </span>
        <button type="button" class="button button-quiet button-small" data-testid="board-refresh" onClick={() => void load()}>
          {d('dispatch.refresh')}
        </button>
      </div>

      {notice ? (
        notice.kind === 'apiError' ? (
          <ErrorBanner error={notice.error} onDismiss={() => setNotice(undefined)} />
        ) : (
          <div class={notice.kind === 'success' ? 'banner banner-success' : 'banner banner-error'} role={notice.kind === 'success' ? 'status' : 'alert'} data-testid={`board-notice-${notice.kind}`}>
            <p class="banner-body">{notice.text}</p>
            <button type="button" class="button button-quiet" onClick={() => setNotice(undefined)}>
              {d('dispatch.dismiss')}
            </button>
          </div>
        )
      ) : null}
      {failure ? <ErrorBanner error={failure} onDismiss={() => setFailure(undefined)} /> : null}

      <div class="dispatch-layout">
        <WaitingList orders={board?.unscheduled ?? []} more={Boolean(board?.cursor)} technicians={technicians} busy={busy} actions={actions} loaded={Boolean(board)} />
        <div class="dispatch-board-wrap" data-testid="board" data-state={loading ? 'loading' : 'ready'} aria-busy={loading}>
          {!board ? (
            failure ? null : (
              <p class="muted page-loading" role="status">
                {d('dispatch.loading')}
              </p>
            )
          ) : (
            <BoardGrid view={view} range={range} technicians={board.technicians} booked={board.booked} waiting={board.unscheduled} busy={busy} actions={actions} />
          )}
        </div>
      </div>

      {dialog?.kind === 'assign' && dialogOrder ? (
        <AssignDialog
          order={dialogOrder}
          technicians={technicians}
          initialTechnicianId={dialog.technicianId}
          initialStart={dialog.start}
          onClose={() => setDialog(undefined)}
          onAssign={async (technicianId, start) => {
            const saved = await assignWorkOrder(api, dialogOrder, technicianId, new Date(start).toISOString());
            setDialog(undefined);
            setNotice({ kind: 'success', text: d('dispatch.done.assigned', { summary: saved.summary, number: saved.ticketNumber, name: techName(technicianId), time: clock.dayTime(start) }) });
            await load();
          }}
          onStale={() => void load()}
        />
      ) : null}
      {dialog?.kind === 'cancel' && dialogOrder ? (
        <CancelDialog
          order={dialogOrder}
          onClose={() => setDialog(undefined)}
          onCancelOrder={async (reason) => {
            await cancelWorkOrder(api, dialogOrder, reason);
            setDialog(undefined);
            setNotice({ kind: 'success', text: d('dispatch.done.cancelled', { summary: dialogOrder.summary, number: dialogOrder.ticketNumber }) });
            await load();
          }}
          onStale={() => void load()}
        />
      ) : null}
      {dialog?.kind === 'details' && dialogOrder ? (
        <DetailsDialog order={dialogOrder} technicianName={techName(dialogOrder.technicianId)} actions={actions} onClose={() => setDialog(undefined)} />
      ) : null}
      {dialog?.kind === 'new' ? (
        <NewWorkOrderDialog
          onClose={() => setDialog(undefined)}
          onCreated={(order) => {
            setDialog(undefined);
            setNotice({ kind: 'success', text: d('dispatch.done.created', { summary: order.summary, number: order.ticketNumber }) });
            void load();
          }}
        />
      ) : null}
    </section>
  );
}

export type { BoardTechnician };
