import { useState } from 'preact/hooks';
import type { BoardTechnician, WorkOrder } from '../api/field.ts';
import { canAssign, canCancel, canDispatch } from '../api/field.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { PriorityBadge } from '../components/Badge.tsx';
import { paths } from '../router.ts';
import type { BoardActions } from './DispatchPage.tsx';
import { MINUTE_MS, fromLocalInput, toLocalInput } from './board-time.ts';
import { actionErrorText, durationText, rangeText, skillsText, useDispatchText } from './dispatch-text.ts';
import { Modal, WorkOrderStatusBadge } from './parts.tsx';

/** Whether a technician covers the work order's region and every skill at its level. */
export function fits(tech: Pick<BoardTechnician, 'regions' | 'skills'>, order: Pick<WorkOrder, 'region' | 'skills'>): boolean {
  return tech.regions.includes(order.region) && order.skills.every((need) => tech.skills.some((s) => s.skill === need.skill && s.level >= need.minLevel));
}

/** The assign dialog's list: those who fit first, then by name. Nothing cleverer: dispatch ranks, people choose. */
export function rankForAssign<T extends Pick<BoardTechnician, 'name' | 'regions' | 'skills'>>(technicians: T[], order: Pick<WorkOrder, 'region' | 'skills'>): T[] {
  return [...technicians].sort((a, b) => Number(fits(b, order)) - Number(fits(a, order)) || a.name.localeCompare(b.name));
}

type Failure = { text: string } | { error: unknown };

function FailureBanner({ failure, testId }: { failure: Failure; testId: string }) {
  if ('error' in failure) return <ErrorBanner error={failure.error} />;
  return (
    <p class="banner banner-error" role="alert" data-testid={testId}>
      {failure.text}
    </p>
  );
}

interface AssignDialogProps {
  order: WorkOrder;
  technicians: BoardTechnician[];
  initialTechnicianId?: string;
  initialStart?: number;
  onClose(): void;
  /** Books; throws the API's refusal. */
  onAssign(technicianId: string, start: number): Promise<void>;
  /** The work order changed meanwhile: the board reloads, and this dialog gets the new version. */
  onStale(): void;
}

export function AssignDialog({ order, technicians, initialTechnicianId, initialStart, onClose, onAssign, onStale }: AssignDialogProps) {
  const { d, clock, language } = useDispatchText();
  const [technicianId, setTechnicianId] = useState(initialTechnicianId ?? (order.status === 'accepted' ? (order.technicianId ?? '') : ''));
  const [startValue, setStartValue] = useState(() => toLocalInput(initialStart ?? (order.scheduledStart ? Date.parse(order.scheduledStart) : Date.parse(order.window.start)), clock.zone));
  const [problems, setProblems] = useState<{ technician?: string; start?: string }>({});
  const [failure, setFailure] = useState<Failure>();
  const [busy, setBusy] = useState(false);
  const ranked = rankForAssign(technicians, order);
  const start = fromLocalInput(startValue, clock.zone);
  const outside = start !== undefined && (start < Date.parse(order.window.start) || start + order.estimatedMinutes * MINUTE_MS > Date.parse(order.window.end));
  const name = technicians.find((t) => t.id === technicianId)?.name ?? technicianId;

  const submit = async (e: Event) => {
    e.preventDefault();
    const next = {
      ...(technicianId ? {} : { technician: d('dispatch.assignDialog.pickTechnician') }),
      ...(start !== undefined ? {} : { start: d('dispatch.assignDialog.pickStart') }),
    };
    setProblems(next);
    if (next.technician || next.start || start === undefined) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await onAssign(technicianId, start);
    } catch (error) {
      const text = actionErrorText(error, d, clock, name);
      setFailure(text ? { text } : { error });
      const code = (error as { code?: string }).code;
      if (code === 'CONFLICT' || code === 'VERSION_CONFLICT' || code === 'INVALID_TRANSITION') onStale();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal id="assign-dialog" title={d('dispatch.assignDialog.title')} onClose={onClose} wide>
      <p class="wo-dialog-subject">
        <strong>{order.summary}</strong> · {d('dispatch.ticket', { number: order.ticketNumber })} · {skillsText(order.skills, d, language)} · <span translate={false}>{order.region}</span>
      </p>
      <form class="form" noValidate onSubmit={submit}>
        <fieldset class="assign-techs" aria-describedby={problems.technician ? 'assign-tech-error' : undefined}>
          <legend class="field-label">{d('dispatch.assignDialog.technician')}</legend>
          <ul class="assign-tech-list">
            {ranked.map((tech) => {
              const fit = fits(tech, order);
              return (
                <li key={tech.id}>
                  <label class={technicianId === tech.id ? 'assign-tech assign-tech-chosen' : 'assign-tech'} data-testid={`assign-tech-${tech.id}`}>
                    <input type="radio" name="assign-technician" value={tech.id} checked={technicianId === tech.id} onChange={() => setTechnicianId(tech.id)} />
                    <span class="assign-tech-text">
                      <span class="assign-tech-name" translate={false}>
                        {tech.name}
                      </span>
                      <span class={fit ? 'assign-fit assign-fit-yes' : 'assign-fit assign-fit-no'}>
                        <span aria-hidden="true">{fit ? '✓ ' : '✕ '}</span>
                        {d(fit ? 'dispatch.assignDialog.fits' : 'dispatch.assignDialog.misfit')}
                      </span>
                      <span class="muted assign-tech-meta">
                        {d('dispatch.assignDialog.regions', { regions: tech.regions.join(d('dispatch.listSeparator')) || d('dispatch.noSkills') })} ·{' '}
                        {d('dispatch.assignDialog.skills', {
                          skills: tech.skills.map((s) => d('dispatch.skillHas', { skill: s.skill, level: s.level })).join(d('dispatch.listSeparator')) || d('dispatch.noSkills'),
                        })}{' '}
                        · {d('dispatch.assignDialog.zone', { zone: tech.timeZone })}
                      </span>
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
          {problems.technician ? (
            <p class="field-error" id="assign-tech-error">
              {problems.technician}
            </p>
          ) : null}
        </fieldset>
        <div class={problems.start ? 'field field-invalid' : 'field'}>
          <label class="field-label" for="assign-start">
            {d('dispatch.assignDialog.start')}
          </label>
          <input
            id="assign-start"
            type="datetime-local"
            step={900}
            value={startValue}
            data-testid="assign-start"
            aria-describedby="assign-start-hint"
            aria-invalid={problems.start ? true : undefined}
            onInput={(e) => setStartValue(e.currentTarget.value)}
          />
          {problems.start ? <p class="field-error">{problems.start}</p> : null}
          <p class="field-hint-block" id="assign-start-hint">
            {d('dispatch.assignDialog.startHint', {
              zone: clock.offset(start ?? Date.now()),
              duration: durationText(order.estimatedMinutes, d),
              window: rangeText(order.window.start, order.window.end, clock, d),
            })}
          </p>
          {outside ? (
            <p class="banner banner-warning" data-testid="assign-outside-window">
              {d('dispatch.assignDialog.outsideWindow')}
            </p>
          ) : null}
        </div>
        {failure ? <FailureBanner failure={failure} testId="assign-error" /> : null}
        <div class="conflict-actions">
          <button type="button" class="button button-quiet" data-testid="assign-close" onClick={onClose}>
            {d('dispatch.close')}
          </button>
          <button type="submit" class="button button-primary" data-testid="assign-submit" disabled={busy}>
            {d('dispatch.assignDialog.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function CancelDialog({ order, onClose, onCancelOrder, onStale }: { order: WorkOrder; onClose(): void; onCancelOrder(reason: string): Promise<void>; onStale(): void }) {
  const { d, clock } = useDispatchText();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();
  const [failure, setFailure] = useState<Failure>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!reason.trim()) return setProblem(d('dispatch.cancelDialog.reasonRequired'));
    setProblem(undefined);
    setBusy(true);
    try {
      await onCancelOrder(reason.trim());
    } catch (error) {
      const text = actionErrorText(error, d, clock, '');
      setFailure(text ? { text } : { error });
      if ((error as { code?: string }).code === 'CONFLICT') onStale();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal id="cancel-dialog" title={d('dispatch.cancelDialog.title')} onClose={onClose}>
      <p>{d('dispatch.cancelDialog.body', { summary: order.summary, number: order.ticketNumber })}</p>
      <form class="form" noValidate onSubmit={submit}>
        <div class={problem ? 'field field-invalid' : 'field'}>
          <label class="field-label" for="cancel-reason">
            {d('dispatch.cancelDialog.reason')}
          </label>
          <textarea id="cancel-reason" rows={3} maxLength={500} value={reason} data-testid="cancel-reason" aria-invalid={problem ? true : undefined} aria-describedby={problem ? 'cancel-reason-error' : undefined} onInput={(e) => setReason(e.currentTarget.value)} />
          {problem ? (
            <p class="field-error" id="cancel-reason-error">
              {problem}
            </p>
          ) : null}
        </div>
        {failure ? <FailureBanner failure={failure} testId="cancel-error" /> : null}
        <div class="conflict-actions">
          <button type="button" class="button button-quiet" data-testid="cancel-keep" onClick={onClose}>
            {d('dispatch.cancelDialog.keep')}
          </button>
          <button type="submit" class="button button-primary button-danger" data-testid="cancel-submit" disabled={busy}>
            {d('dispatch.cancelDialog.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** A booked job opened from the board: what, where, when, who, and what can still be done. */
export function DetailsDialog({ order, technicianName, actions, onClose }: { order: WorkOrder; technicianName: string; actions: BoardActions; onClose(): void }) {
  const { d, clock, language } = useDispatchText();
  return (
    <Modal id="details-dialog" title={order.summary} onClose={onClose}>
      <div class="waiting-head">
        <PriorityBadge priority={order.priority} />
        <WorkOrderStatusBadge status={order.status} d={d} testId="details-status" />
        <a href={paths.ticket(order.ticketId)}>{d('dispatch.ticket', { number: order.ticketNumber })}</a>
      </div>
      <dl class="waiting-facts wo-details">
        <dt>{d('dispatch.field.type')}</dt>
        <dd>{d(`dispatch.type.${order.type}`)}</dd>
        {order.scheduledStart ? (
          <>
            <dt>{d('dispatch.field.scheduled')}</dt>
            <dd data-testid="details-scheduled">{rangeText(order.scheduledStart, order.scheduledEnd ?? order.scheduledStart, clock, d)}</dd>
          </>
        ) : null}
        {order.technicianId ? (
          <>
            <dt>{d('dispatch.field.technician')}</dt>
            <dd translate={false} data-testid="details-technician">
              {technicianName}
            </dd>
          </>
        ) : null}
        <dt>{d('dispatch.field.window')}</dt>
        <dd>{rangeText(order.window.start, order.window.end, clock, d)}</dd>
        <dt>{d('dispatch.field.address')}</dt>
        <dd translate={false}>{order.address}</dd>
        <dt>{d('dispatch.field.region')}</dt>
        <dd translate={false}>{order.region}</dd>
        <dt>{d('dispatch.field.skills')}</dt>
        <dd translate={false}>{skillsText(order.skills, d, language)}</dd>
      </dl>
      <div class="conflict-actions">
        <button type="button" class="button button-quiet" data-testid="details-close" onClick={onClose}>
          {d('dispatch.close')}
        </button>
        {canCancel(order.status) ? (
          <button type="button" class="button button-quiet" data-testid="details-cancel" onClick={() => actions.cancel(order)}>
            {d('dispatch.cancel')}
          </button>
        ) : null}
        {canDispatch(order) ? (
          <button type="button" class="button button-quiet" data-testid="details-auto" onClick={() => actions.dispatch(order)}>
            {d('dispatch.auto')}
          </button>
        ) : null}
        {canAssign(order.status) ? (
          <button type="button" class="button button-primary" data-testid="details-reassign" onClick={() => actions.assign(order)}>
            {d(order.technicianId ? 'dispatch.reassign' : 'dispatch.assign')}
          </button>
        ) : null}
      </div>
    </Modal>
  );
}
