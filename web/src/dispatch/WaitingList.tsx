import type { BoardTechnician, WorkOrder } from '../api/field.ts';
import { canAssign, canCancel, canDispatch } from '../api/field.ts';
import { PriorityBadge } from '../components/Badge.tsx';
import { paths } from '../router.ts';
import type { BoardActions } from './DispatchPage.tsx';
import { durationText, gaveUpText, rangeText, skillsText, useDispatchText } from './dispatch-text.ts';
import { endDrag, startDrag } from './drag.ts';
import { WorkOrderStatusBadge } from './parts.tsx';

const PRIORITY_RANK: Record<WorkOrder['priority'], number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** Most urgent first, then the earliest window. */
export function waitingOrder(a: WorkOrder, b: WorkOrder): number {
  return PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || Date.parse(a.window.start) - Date.parse(b.window.start) || a.id.localeCompare(b.id);
}

interface WaitingListProps {
  orders: WorkOrder[];
  more: boolean;
  technicians: BoardTechnician[];
  busy: ReadonlySet<string>;
  actions: BoardActions;
  loaded: boolean;
}

export function WaitingList({ orders, more, technicians, busy, actions, loaded }: WaitingListProps) {
  const { d } = useDispatchText();
  const sorted = [...orders].sort(waitingOrder);
  return (
    <aside class="dispatch-waiting" aria-labelledby="waiting-title" data-testid="waiting">
      <h2 id="waiting-title" class="dispatch-waiting-title">
        {d('dispatch.waiting.title')} {loaded ? <span class="count-tag">{orders.length}{more ? '+' : ''}</span> : null}
      </h2>
      {loaded && sorted.length ? <p class="muted dispatch-hint">{d('dispatch.waiting.dragHint')}</p> : null}
      {loaded && !sorted.length ? (
        <p class="muted" data-testid="waiting-empty">
          {d('dispatch.waiting.empty')}
        </p>
      ) : null}
      <ul class="waiting-list">
        {sorted.map((order) => (
          <WaitingCard key={order.id} order={order} technicians={technicians} busy={busy.has(order.id)} actions={actions} />
        ))}
      </ul>
      {more ? <p class="muted">{d('dispatch.waiting.more')}</p> : null}
    </aside>
  );
}

function WaitingCard({ order, technicians, busy, actions }: { order: WorkOrder; technicians: BoardTechnician[]; busy: boolean; actions: BoardActions }) {
  const { d, clock, language } = useDispatchText();
  const name = (id: string | undefined) => technicians.find((tech) => tech.id === id)?.name ?? id ?? '';
  const dispatch = order.dispatch;
  const pending = dispatch?.offers.findLast((o) => o.outcome === 'pending');
  const gaveUp = dispatch?.state === 'gave_up' ? dispatch.gaveUp : undefined;
  const titleId = `waiting-${order.id}-title`;

  return (
    <li
      class="card waiting-card"
      data-testid={`waiting-${order.id}`}
      data-status={order.status}
      data-busy={busy ? 'true' : undefined}
      aria-labelledby={titleId}
      draggable={!busy}
      onDragStart={(e) => startDrag(e, order.id)}
      onDragEnd={endDrag}
    >
      <div class="waiting-head">
        <PriorityBadge priority={order.priority} />
        <WorkOrderStatusBadge status={order.status} d={d} />
        <a class="waiting-ticket" href={paths.ticket(order.ticketId)} draggable={false}>
          {d('dispatch.ticket', { number: order.ticketNumber })}
        </a>
      </div>
      <h3 class="waiting-summary" id={titleId}>
        {order.summary}
      </h3>
      <dl class="waiting-facts">
        <dt>{d('dispatch.waiting.window')}</dt>
        <dd data-testid={`waiting-${order.id}-window`}>{rangeText(order.window.start, order.window.end, clock, d)}</dd>
        <dt>{d('dispatch.waiting.duration')}</dt>
        <dd>{durationText(order.estimatedMinutes, d)}</dd>
        <dt>{d('dispatch.waiting.region')}</dt>
        <dd translate={false}>{order.region}</dd>
        <dt>{d('dispatch.waiting.skills')}</dt>
        <dd translate={false}>{skillsText(order.skills, d, language)}</dd>
      </dl>

      {order.status === 'offered' ? (
        <p class="waiting-state waiting-offering" data-testid={`waiting-${order.id}-offer`}>
          {d('dispatch.offering', { name: name(order.offeredTo ?? pending?.technicianId), time: pending ? clock.dayTime(pending.expiresAt) : '…' })}
        </p>
      ) : dispatch?.state === 'running' ? (
        <p class="waiting-state" role="status">
          {d('dispatch.searching')}
        </p>
      ) : null}

      {gaveUp ? (
        <div class="waiting-gave-up" data-testid={`waiting-${order.id}-gave-up`} data-reason={gaveUp.reason}>
          <strong class="waiting-gave-up-title">
            <span class="waiting-gave-up-mark" aria-hidden="true">
              !
            </span>
            {d('dispatch.gaveUp.title')}
          </strong>
          <p data-testid={`waiting-${order.id}-gave-up-reason`}>{gaveUpText(gaveUp, d, language)}</p>
          {gaveUp.reason === 'workflow_error' && gaveUp.detail ? <p class="muted">{gaveUp.detail}</p> : null}
          <p class="muted">{d('dispatch.gaveUp.at', { time: clock.dayTime(gaveUp.at) })}</p>
        </div>
      ) : null}

      {dispatch?.offers.length ? (
        <details class="waiting-offers">
          <summary>{d('dispatch.offers.title', { count: dispatch.offers.length })}</summary>
          <ul>
            {dispatch.offers.map((offer) => (
              <li key={`${offer.technicianId}-${offer.offeredAt}`}>
                {d('dispatch.offer.line', { name: name(offer.technicianId), outcome: d(`dispatch.offer.${offer.outcome}`) })}
                <span class="muted"> · {clock.dayTime(offer.answeredAt ?? offer.offeredAt)}</span>
                {offer.reason ? <span class="muted"> · “{offer.reason}”</span> : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}

      <div class="waiting-actions">
        {canAssign(order.status) ? (
          <button type="button" class="button button-primary button-small" data-testid={`waiting-${order.id}-assign`} disabled={busy} onClick={() => actions.assign(order)}>
            {d('dispatch.assign')}
          </button>
        ) : null}
        {canDispatch(order) ? (
          <button type="button" class="button button-quiet button-small" data-testid={`waiting-${order.id}-auto`} disabled={busy} onClick={() => actions.dispatch(order)}>
            {d('dispatch.auto')}
          </button>
        ) : null}
        {canCancel(order.status) ? (
          <button type="button" class="button button-quiet button-small" data-testid={`waiting-${order.id}-cancel`} disabled={busy} onClick={() => actions.cancel(order)}>
            {d('dispatch.cancel')}
          </button>
        ) : null}
      </div>
    </li>
  );
}
