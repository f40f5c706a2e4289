import { useState } from 'preact/hooks';
import type { WorkOrder } from '../api/field.ts';
import { WORK_ORDER_PRIORITIES, WORK_ORDER_TYPES, createWorkOrder } from '../api/field.ts';
import { ApiError } from '../api/errors.ts';
import { findTicketByNumber } from '../api/tickets.ts';
import { useApp } from '../app-context.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { useI18n } from '../i18n/context.tsx';
import type { DispatchMessageKey } from '../i18n/dispatch-en.ts';
import { useDispatchText } from './dispatch-text.ts';
import type { DraftField, WorkOrderDraft } from './new-work-order.ts';
import { emptyDraft, fieldOfPath, readDraft } from './new-work-order.ts';
import { Modal } from './parts.tsx';

type Problems = Partial<Record<DraftField, { key: DispatchMessageKey; params?: Record<string, string | number> } | { text: string }>>;

/**
 * A work order for a ticket: from the board (the ticket by its number) or from the ticket page (the
 * ticket known). Parts expected are left to the API's default (none) for now.
 */
export function NewWorkOrderForm({ ticket, onCreated, onClose }: { ticket?: { id: string; number: number }; onCreated(order: WorkOrder): void; onClose(): void }) {
  const { api } = useApp();
  const { t } = useI18n();
  const { d, clock } = useDispatchText();
  const [draft, setDraft] = useState<WorkOrderDraft>(() => emptyDraft(clock.zone));
  const [problems, setProblems] = useState<Problems>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof WorkOrderDraft>(key: K, value: WorkOrderDraft[K]) => setDraft((current) => ({ ...current, [key]: value }));

  const problemText = (field: DraftField) => {
    const p = problems[field];
    return p ? ('text' in p ? p.text : d(p.key, p.params)) : undefined;
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const read = readDraft(draft, clock.zone, Boolean(ticket));
    setProblems(Object.fromEntries(Object.entries(read.problems).map(([k, key]) => [k, { key }])));
    setFailure(undefined);
    if (!read.input) return;
    setBusy(true);
    try {
      let ticketId = ticket?.id;
      if (!ticketId) {
        const number = Number(draft.ticketNumber);
        const found = await findTicketByNumber(api, number);
        if (!found) {
          setProblems({ ticketNumber: { key: 'dispatch.new.ticketNotFound', params: { number } } });
          return;
        }
        ticketId = found.id;
      }
      onCreated(await createWorkOrder(api, { ...read.input, ticketId }));
    } catch (error) {
      const placed: Problems = {};
      if (error instanceof ApiError) for (const f of error.fields) {
        const field = fieldOfPath(f.path);
        if (field && !placed[field]) placed[field] = { text: f.message };
      }
      setProblems(placed);
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const input = (field: DraftField & keyof WorkOrderDraft, label: DispatchMessageKey, props: Record<string, unknown> = {}, hint?: string) => {
    const problem = problemText(field);
    const id = `wo-${field}`;
    const described = [problem ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
    return (
      <div class={problem ? 'field field-invalid' : 'field'}>
        <label class="field-label" for={id}>
          {d(label)}
        </label>
        <input
          id={id}
          data-testid={id}
          value={draft[field] as string}
          aria-invalid={problem ? true : undefined}
          aria-describedby={described}
          onInput={(e) => set(field, e.currentTarget.value as never)}
          {...props}
        />
        {problem ? (
          <p class="field-error" id={`${id}-error`}>
            {problem}
          </p>
        ) : null}
        {hint ? (
          <p class="field-hint-block" id={`${id}-hint`}>
            {hint}
          </p>
        ) : null}
      </div>
    );
  };

  return (
    <form class="form wo-form" noValidate onSubmit={submit} data-testid="new-work-order-form">
      {ticket ? <p class="muted">{d('dispatch.new.forTicket', { number: ticket.number })}</p> : input('ticketNumber', 'dispatch.new.ticket', { inputMode: 'numeric', autoComplete: 'off' })}
      <div class="field-row">
        <div class="field">
          <label class="field-label" for="wo-type">
            {d('dispatch.field.type')}
          </label>
          <select id="wo-type" data-testid="wo-type" value={draft.type} onChange={(e) => set('type', e.currentTarget.value as WorkOrderDraft['type'])}>
            {WORK_ORDER_TYPES.map((type) => (
              <option key={type} value={type}>
                {d(`dispatch.type.${type}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label class="field-label" for="wo-priority">
            {d('dispatch.field.priority')}
          </label>
          <select id="wo-priority" data-testid="wo-priority" value={draft.priority} onChange={(e) => set('priority', e.currentTarget.value as WorkOrderDraft['priority'])}>
            {WORK_ORDER_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`priority.${p}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {input('summary', 'dispatch.new.summary', { maxLength: 200 })}
      {input('address', 'dispatch.new.address', { maxLength: 500 })}
      <div class="field-row">
        {input('lat', 'dispatch.new.lat', { inputMode: 'decimal' })}
        {input('lng', 'dispatch.new.lng', { inputMode: 'decimal' })}
      </div>
      {input('region', 'dispatch.new.region', { autoComplete: 'off' }, d('dispatch.new.regionHint'))}
      <fieldset class={problems.skills ? 'wo-skills field-invalid' : 'wo-skills'}>
        <legend class="field-label">{d('dispatch.new.skills')}</legend>
        {draft.skills.map((skill, i) => (
          <div key={i} class="wo-skill-row">
            <label class="visually-hidden" for={`wo-skill-${i}`}>
              {d('dispatch.new.skill')} {i + 1}
            </label>
            <input
              id={`wo-skill-${i}`}
              data-testid={`wo-skill-${i}`}
              placeholder={d('dispatch.new.skill')}
              value={skill.skill}
              onInput={(e) => set('skills', draft.skills.map((s, j) => (j === i ? { ...s, skill: e.currentTarget.value } : s)))}
            />
            <label class="visually-hidden" for={`wo-skill-level-${i}`}>
              {d('dispatch.new.minLevel')} {i + 1}
            </label>
            <select
              id={`wo-skill-level-${i}`}
              data-testid={`wo-skill-level-${i}`}
              value={skill.minLevel}
              title={d('dispatch.new.minLevel')}
              onChange={(e) => set('skills', draft.skills.map((s, j) => (j === i ? { ...s, minLevel: e.currentTarget.value } : s)))}
            >
              {[1, 2, 3, 4, 5].map((level) => (
                <option key={level} value={String(level)}>
                  ≥ {level}
                </option>
              ))}
            </select>
            <button type="button" class="button button-quiet button-small" onClick={() => set('skills', draft.skills.filter((_, j) => j !== i))}>
              {d('dispatch.new.removeSkill', { n: i + 1 })}
            </button>
          </div>
        ))}
        <button type="button" class="link-button" data-testid="wo-add-skill" onClick={() => set('skills', [...draft.skills, { skill: '', minLevel: '1' }])}>
          {d('dispatch.new.addSkill')}
        </button>
        {problems.skills ? <p class="field-error">{problemText('skills')}</p> : null}
      </fieldset>
      <div class="field-row">
        {input('windowStart', 'dispatch.new.windowStart', { type: 'datetime-local', step: 900 }, d('dispatch.new.windowHint', { zone: clock.offset(Date.now()) }))}
        {input('windowEnd', 'dispatch.new.windowEnd', { type: 'datetime-local', step: 900 })}
      </div>
      {input('estimatedMinutes', 'dispatch.new.estimated', { type: 'number', min: 1, max: 1440, step: 15 })}
      <fieldset class="wo-dispatch">
        <legend class="field-label">{d('dispatch.new.dispatch')}</legend>
        {(['auto', 'manual'] as const).map((mode) => (
          <label key={mode} class="field-check">
            <input type="radio" name="wo-dispatch" value={mode} data-testid={`wo-dispatch-${mode}`} checked={draft.dispatch === mode} onChange={() => set('dispatch', mode)} />
            {d(`dispatch.new.dispatch.${mode}`)}
          </label>
        ))}
      </fieldset>
      {failure ? <ErrorBanner error={failure} /> : null}
      <div class="conflict-actions">
        <button type="button" class="button button-quiet" data-testid="wo-close" onClick={onClose}>
          {d('dispatch.close')}
        </button>
        <button type="submit" class="button button-primary" data-testid="wo-submit" disabled={busy}>
          {d('dispatch.new.submit')}
        </button>
      </div>
    </form>
  );
}

export function NewWorkOrderDialog({ ticket, onCreated, onClose }: { ticket?: { id: string; number: number }; onCreated(order: WorkOrder): void; onClose(): void }) {
  const { d } = useDispatchText();
  return (
    <Modal id="new-work-order-dialog" title={d('dispatch.new.title')} onClose={onClose} wide>
      <NewWorkOrderForm ticket={ticket} onCreated={onCreated} onClose={onClose} />
    </Modal>
  );
}
