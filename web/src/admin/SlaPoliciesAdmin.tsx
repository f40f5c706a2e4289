import { useEffect, useState } from 'preact/hooks';
import type { AgentProfile, Category, SlaCalendar, SlaPolicy, Team } from '../api/directory.ts';
import { TICKET_CHANNELS, labelIn } from '../api/directory.ts';
import { CUSTOMER_TIERS } from '../api/customers.ts';
import { PRIORITIES } from '../api/tickets.ts';
import { sortedPeople, useAgents, useDirectory } from '../data/directory.ts';
import { useI18n } from '../i18n/context.tsx';
import { shortId } from '../tickets/people.tsx';
import { EditorFrame, IdInput, LabelInputs, PersonCheckbox, RemoveButton, RowField, RowProblems, checkIdAndName, cleanLabel, useAutoIds } from './AdminShared.tsx';
import type { Row, RowProblem } from './directory-editor.ts';
import { mergeProblems, slugFrom, useDirectoryEditor } from './directory-editor.ts';
import { DurationInput, useProblemsText } from './SlaInputs.tsx';
import type { EscalationStep } from './sla-editor.ts';
import {
  ESCALATION_RECIPIENTS,
  MAX_ESCALATION_DELAY,
  PAUSING_STATUSES,
  SLA_TARGETS,
  asRowProblem,
  cleanPolicy,
  durationText,
  idsFromText,
  newPolicy,
  nextStep,
  placeProblems,
  policyProblems,
} from './sla-editor.ts';
import { useSlaText } from './sla-text.ts';

const MAX_STEPS = 10;

/** Ordered SLA policies: the first whose conditions a ticket meets sets its targets. */
export function SlaPoliciesAdmin() {
  const { t } = useI18n();
  const ts = useSlaText();
  const calendarsDoc = useDirectory('sla-calendars');
  const teamsDoc = useDirectory('teams');
  const categoriesDoc = useDirectory('categories');
  const agents = useAgents();
  const calendars = calendarsDoc.data?.items ?? [];
  const teams = teamsDoc.data?.items ?? [];
  const categories = categoriesDoc.data?.items ?? [];
  const people = sortedPeople(agents.data);
  const auto = useAutoIds();
  const editor = useDirectoryEditor('sla-policies', {
    clean: (p) => ({ ...cleanPolicy(p), name: cleanLabel(p.name) }),
    check: (rows) => {
      const found = policyProblems(
        rows.map((r) => r.value),
        { calendars: calendars.map((c) => c.id), teams: teams.map((x) => x.id), categories: categories.map((c) => c.id) },
      );
      const out: Record<string, RowProblem[]> = {};
      rows.forEach((row, i) => {
        if (found[i]?.length) out[row.key] = found[i].map(asRowProblem);
      });
      return mergeProblems(checkIdAndName(rows), out);
    },
  });

  // Policies name calendars, teams and categories: show them as they are now (on opening, after a refusal).
  const refused = Object.keys(editor.problems).length + editor.listProblems.length;
  useEffect(() => {
    calendarsDoc.reload();
    teamsDoc.reload();
    categoriesDoc.reload();
  }, [refused > 0]);

  return (
    <EditorFrame editor={editor} what={ts('sla.what.policies')} addLabel={ts('sla.policy.add')} testId="sla-policies-editor" onAdd={() => editor.add(newPolicy(calendars[0]?.id ?? ''))}>
      {calendarsDoc.data && calendars.length === 0 ? <p class="notice">{ts('sla.policy.needsCalendar')}</p> : null}
      {editor.rows.length === 0 ? <p class="card empty-state muted">{ts('sla.policy.none')}</p> : null}
      <ol class="admin-list rule-list">
        {editor.rows.map((row, index) => (
          <PolicyRow
            key={row.key}
            row={row}
            index={index}
            count={editor.rows.length}
            problems={editor.problems[row.key]}
            calendars={calendars}
            teams={teams}
            categories={categories}
            people={people}
            autoId={row.isNew && !auto.typed(row.key)}
            onIdTyped={() => auto.markTyped(row.key)}
            onChange={(change) => editor.update(row.key, change)}
            onMove={(to) => editor.move(row.key, to)}
            onRemove={() => editor.remove(row.key)}
          />
        ))}
      </ol>
    </EditorFrame>
  );
}

interface PolicyRowProps {
  row: Row<SlaPolicy>;
  index: number;
  count: number;
  problems: RowProblem[] | undefined;
  calendars: SlaCalendar[];
  teams: Team[];
  categories: Category[];
  people: AgentProfile[];
  autoId: boolean;
  onIdTyped(): void;
  onChange(change: (p: SlaPolicy) => SlaPolicy): void;
  onMove(to: number): void;
  onRemove(): void;
}

function PolicyRow({ row, index, count, problems, calendars, teams, categories, people, autoId, onIdTyped, onChange, onMove, onRemove }: PolicyRowProps) {
  const { t, language } = useI18n();
  const ts = useSlaText();
  const problemsText = useProblemsText();
  const p = row.value;
  const id = `policy-${index}`;
  const set = (change: Partial<SlaPolicy>) => onChange((v) => ({ ...v, ...change }));
  const setWhen = (change: Partial<SlaPolicy['when']>) => onChange((v) => ({ ...v, when: { ...v.when, ...change } }));
  const setStep = (j: number, change: Partial<EscalationStep>) => set({ escalation: p.escalation.map((s, k) => (k === j ? { ...s, ...change } : s)) });

  const anchors = [
    'id',
    'name.en',
    'name.zh-CN',
    'calendarId',
    'when',
    'when.priorities',
    'when.customerTiers',
    'when.channels',
    'when.categoryIds',
    'when.organizationIds',
    'targets',
    ...SLA_TARGETS.map((target) => `targets.${target}`),
    'pauseOn',
    'warnAtPercent',
    'escalation',
    ...p.escalation.flatMap((_, j) => [`escalation.${j}`, `escalation.${j}.afterMinutes`, `escalation.${j}.notify`, `escalation.${j}.moveToTeamId`]),
    'managerIds',
  ];
  const placed = placeProblems(problems, anchors);
  const at = (anchor: string) => problemsText(placed.at(anchor));
  const calendarKnown = calendars.some((c) => c.id === p.calendarId);
  const knownPeople = new Set(people.map((x) => x.id));

  return (
    <li class="card admin-row rule-row policy-row" data-testid="policy-row" data-row-key={row.key} data-policy-id={p.id} tabIndex={-1}>
      <div class="rule-order">
        <span class="rule-number" data-testid="policy-number">
          {index + 1}
        </span>
        <button type="button" class="icon-button" data-testid="policy-up" aria-label={ts('sla.policy.moveUp', { n: index + 1 })} title={ts('sla.policy.moveUp', { n: index + 1 })} disabled={index === 0} onClick={() => onMove(index - 1)}>
          ↑
        </button>
        <button
          type="button"
          class="icon-button"
          data-testid="policy-down"
          aria-label={ts('sla.policy.moveDown', { n: index + 1 })}
          title={ts('sla.policy.moveDown', { n: index + 1 })}
          disabled={index === count - 1}
          onClick={() => onMove(index + 1)}
        >
          ↓
        </button>
      </div>
      <div class="rule-body">
        <h3 class="admin-row-title policy-title">{labelIn(p.name, language) || ts('sla.policy.new')}</h3>
        <div class="admin-grid">
          <IdInput
            row={row}
            id={`${id}-id`}
            error={at('id')}
            onChange={(value) => {
              onIdTyped();
              set({ id: value });
            }}
          />
          <LabelInputs
            idPrefix={`${id}-name`}
            label={p.name}
            enLabel={t('admin.nameEn')}
            zhLabel={t('admin.nameZh')}
            enError={at('name.en')}
            zhError={at('name.zh-CN')}
            onChange={(name) => set({ name, ...(autoId ? { id: slugFrom(name.en) } : {}) })}
          />
          <RowField id={`${id}-calendar`} label={ts('sla.policy.calendar')} error={at('calendarId')}>
            <select
              id={`${id}-calendar`}
              data-testid={`${id}-calendar`}
              value={p.calendarId}
              aria-invalid={at('calendarId') ? true : undefined}
              aria-describedby={at('calendarId') ? `${id}-calendar-error` : undefined}
              onChange={(e) => set({ calendarId: e.currentTarget.value })}
            >
              <option value="">{ts('sla.policy.chooseCalendar')}</option>
              {calendars.map((c) => (
                <option key={c.id} value={c.id}>
                  {labelIn(c.name, language)}
                </option>
              ))}
              {p.calendarId && !calendarKnown ? <option value={p.calendarId}>{t('admin.missing', { id: p.calendarId })}</option> : null}
            </select>
          </RowField>
        </div>

        <fieldset class="sla-section" data-testid={`${id}-when`}>
          <legend class="sla-subtitle">{ts('sla.policy.when')}</legend>
          <p class="muted field-note">{ts('sla.policy.whenNote')}</p>
          {at('when') ? <p class="field-error">{at('when')}</p> : null}
          <div class="condition-grid">
            <Choices
              id={`${id}-priorities`}
              legend={t('field.priority')}
              options={PRIORITIES.map((x) => ({ value: x, label: t(`priority.${x}`) }))}
              chosen={p.when.priorities ?? []}
              error={at('when.priorities')}
              onChange={(priorities) => setWhen({ priorities: PRIORITIES.filter((x) => priorities.includes(x)) })}
            />
            <Choices
              id={`${id}-tiers`}
              legend={t('customer.tier')}
              options={CUSTOMER_TIERS.map((x) => ({ value: x, label: t(`tier.${x}`) }))}
              chosen={p.when.customerTiers ?? []}
              error={at('when.customerTiers')}
              onChange={(tiers) => setWhen({ customerTiers: CUSTOMER_TIERS.filter((x) => tiers.includes(x)) })}
            />
            <Choices
              id={`${id}-channels`}
              legend={t('ticket.channel')}
              options={TICKET_CHANNELS.map((x) => ({ value: x, label: t(`channel.${x}`) }))}
              chosen={p.when.channels ?? []}
              error={at('when.channels')}
              onChange={(channels) => setWhen({ channels: TICKET_CHANNELS.filter((x) => channels.includes(x)) })}
            />
            <Choices
              id={`${id}-categories`}
              legend={t('field.category')}
              options={[
                ...categories.map((c) => ({ value: c.id, label: labelIn(c.name, language) })),
                ...(p.when.categoryIds ?? []).filter((c) => !categories.some((x) => x.id === c)).map((c) => ({ value: c, label: t('admin.missing', { id: c }) })),
              ]}
              empty={ts('sla.policy.noCategories')}
              chosen={p.when.categoryIds ?? []}
              error={at('when.categoryIds')}
              onChange={(categoryIds) => setWhen({ categoryIds })}
            />
          </div>
          <IdsInput
            id={`${id}-organizations`}
            label={ts('sla.policy.organizations')}
            hint={ts('sla.policy.organizationsHint')}
            value={p.when.organizationIds ?? []}
            error={at('when.organizationIds')}
            onChange={(organizationIds) => setWhen({ organizationIds })}
          />
        </fieldset>

        <fieldset class="sla-section" data-testid={`${id}-targets`}>
          <legend class="sla-subtitle">{ts('sla.policy.targets')}</legend>
          <p class="muted field-note">{ts('sla.policy.targetsNote')}</p>
          {at('targets') ? (
            <p class="field-error" data-testid={`${id}-targets-error`}>
              {at('targets')}
            </p>
          ) : null}
          <div class="target-grid">
            {SLA_TARGETS.map((target) => (
              <DurationInput
                key={target}
                id={`${id}-${target}`}
                label={ts(`sla.target.${target}`)}
                value={p.targets[target]}
                error={at(`targets.${target}`)}
                onChange={(minutes) => set({ targets: { ...p.targets, [target]: minutes } })}
              />
            ))}
          </div>
          <div class="clock-settings">
            <fieldset class="ticket-types">
              <legend class="row-field-label">{ts('sla.policy.pauseOn')}</legend>
              <div class="option-grid option-grid-inline">
                {PAUSING_STATUSES.map((status) => (
                  <label key={status} class="check-label">
                    <input
                      type="checkbox"
                      data-testid={`${id}-pause-${status}`}
                      checked={p.pauseOn.includes(status)}
                      onChange={(e) => set({ pauseOn: e.currentTarget.checked ? PAUSING_STATUSES.filter((s) => s === status || p.pauseOn.includes(s)) : p.pauseOn.filter((s) => s !== status) })}
                    />
                    <span>{t(`status.${status}`)}</span>
                  </label>
                ))}
              </div>
              {at('pauseOn') ? <p class="field-error">{at('pauseOn')}</p> : null}
            </fieldset>
            <RowField id={`${id}-warn`} label={ts('sla.policy.warnAt')} error={at('warnAtPercent')}>
              <div class="percent-input">
                <input
                  id={`${id}-warn`}
                  data-testid={`${id}-warn`}
                  type="text"
                  inputMode="numeric"
                  maxLength={2}
                  value={Number.isNaN(p.warnAtPercent) ? '' : String(p.warnAtPercent)}
                  aria-invalid={at('warnAtPercent') ? true : undefined}
                  onInput={(e) => {
                    const text = e.currentTarget.value.trim();
                    set({ warnAtPercent: /^\d{1,2}$/.test(text) ? Number(text) : Number.NaN });
                  }}
                />
                <span>%</span>
              </div>
            </RowField>
          </div>
        </fieldset>

        <fieldset class="sla-section" data-testid={`${id}-escalation`}>
          <legend class="sla-subtitle">{ts('sla.escalation.title', { count: p.escalation.length })}</legend>
          <p class="muted field-note">{ts('sla.escalation.intro')}</p>
          {at('escalation') ? <p class="field-error">{at('escalation')}</p> : null}
          {p.escalation.length ? (
            <ol class="step-list">
              {p.escalation.map((step, j) => {
                const sid = `${id}-step-${j}`;
                return (
                  <li key={j} class={`step-row${at(`escalation.${j}`) ? ' field-invalid' : ''}`} data-testid="escalation-step">
                    <div class="step-head">
                      <span class="step-number">{ts('sla.escalation.step', { n: j + 1 })}</span>
                      <RemoveButton label={ts('sla.escalation.remove', { n: j + 1 })} testId={`${sid}-remove`} onClick={() => set({ escalation: p.escalation.filter((_, k) => k !== j) })} />
                    </div>
                    <div class="step-grid">
                      <DurationInput id={`${sid}-after`} label={ts('sla.escalation.after')} value={step.afterMinutes} error={at(`escalation.${j}.afterMinutes`)} onChange={(minutes) => setStep(j, { afterMinutes: minutes ?? Number.NaN })} />
                      <fieldset class="ticket-types">
                        <legend class="row-field-label">{ts('sla.escalation.notify')}</legend>
                        <div class="option-grid option-grid-inline">
                          {ESCALATION_RECIPIENTS.map((who) => (
                            <label key={who} class="check-label">
                              <input
                                type="checkbox"
                                data-testid={`${sid}-notify-${who}`}
                                checked={step.notify.includes(who)}
                                onChange={(e) => setStep(j, { notify: e.currentTarget.checked ? ESCALATION_RECIPIENTS.filter((r) => r === who || step.notify.includes(r)) : step.notify.filter((r) => r !== who) })}
                              />
                              <span>{ts(`sla.recipient.${who}`)}</span>
                            </label>
                          ))}
                        </div>
                        {at(`escalation.${j}.notify`) ? <p class="field-error">{at(`escalation.${j}.notify`)}</p> : null}
                      </fieldset>
                      <label class="check-label step-raise">
                        <input type="checkbox" data-testid={`${sid}-raise`} checked={step.raisePriority} onChange={(e) => setStep(j, { raisePriority: e.currentTarget.checked })} />
                        <span>{ts('sla.escalation.raise')}</span>
                      </label>
                      <RowField id={`${sid}-team`} label={ts('sla.escalation.moveTo')} error={at(`escalation.${j}.moveToTeamId`)}>
                        <select id={`${sid}-team`} data-testid={`${sid}-team`} value={step.moveToTeamId ?? ''} onChange={(e) => setStep(j, { moveToTeamId: e.currentTarget.value || undefined })}>
                          <option value="">{ts('sla.escalation.stay')}</option>
                          {teams.map((x) => (
                            <option key={x.id} value={x.id}>
                              {labelIn(x.name, language)}
                            </option>
                          ))}
                          {step.moveToTeamId && !teams.some((x) => x.id === step.moveToTeamId) ? <option value={step.moveToTeamId}>{t('admin.missing', { id: step.moveToTeamId })}</option> : null}
                        </select>
                      </RowField>
                    </div>
                    <p class="rule-summary muted" data-testid={`${sid}-summary`}>
                      {stepSummary(ts, step)}
                    </p>
                    {at(`escalation.${j}`) ? (
                      <p class="field-error" data-testid={`${sid}-error`}>
                        {at(`escalation.${j}`)}
                      </p>
                    ) : null}
                  </li>
                );
              })}
            </ol>
          ) : null}
          {p.escalation.length < MAX_STEPS ? (
            <button type="button" class="button button-quiet button-small" data-testid={`${id}-add-step`} onClick={() => set({ escalation: [...p.escalation, nextStep(p.escalation)] })}>
              + {ts('sla.escalation.add')}
            </button>
          ) : null}
        </fieldset>

        <fieldset class="sla-section members" data-testid={`${id}-managers`}>
          <legend class="sla-subtitle">{ts('sla.policy.managers', { count: p.managerIds.length })}</legend>
          <p class="muted field-note">{ts('sla.policy.managersNote')}</p>
          {people.length === 0 ? <p class="muted">{t('admin.noPeople')}</p> : null}
          <div class="option-grid">
            {people.map((person) => (
              <PersonCheckbox
                key={person.id}
                person={person}
                testId="policy-manager"
                checked={p.managerIds.includes(person.id)}
                onChange={(checked) => set({ managerIds: checked ? [...p.managerIds, person.id] : p.managerIds.filter((m) => m !== person.id) })}
              />
            ))}
            {p.managerIds
              .filter((m) => !knownPeople.has(m))
              .map((m) => (
                <label key={m} class="check-label member" title={m}>
                  <input type="checkbox" checked onChange={() => set({ managerIds: p.managerIds.filter((x) => x !== m) })} />
                  <span>
                    {shortId(m)} <span class="muted">{t('admin.unknownPerson')}</span>
                  </span>
                </label>
              ))}
          </div>
          {at('managerIds') ? <p class="field-error">{at('managerIds')}</p> : null}
        </fieldset>
        <p class="rule-summary muted" data-testid={`${id}-summary`}>
          {policySummary(ts, p)}
        </p>
        <RowProblems rowKey={row.key} problems={placed.rest} />
      </div>
      <RemoveButton label={ts('sla.policy.remove', { n: index + 1 })} onClick={onRemove} />
    </li>
  );
}

/** A group of checkboxes for one condition: none ticked means any value. */
function Choices<V extends string>({
  id,
  legend,
  options,
  chosen,
  error,
  empty,
  onChange,
}: {
  id: string;
  legend: string;
  options: { value: V; label: string }[];
  chosen: V[];
  error?: string;
  empty?: string;
  onChange(chosen: V[]): void;
}) {
  const ts = useSlaText();
  return (
    <fieldset class={`ticket-types choices${error ? ' field-invalid' : ''}`} data-testid={id}>
      <legend class="row-field-label">
        {legend}
        {chosen.length === 0 ? <span class="choices-any"> · {ts('sla.policy.any')}</span> : null}
      </legend>
      {options.length === 0 && empty ? <p class="muted field-note">{empty}</p> : null}
      <div class="choice-list">
        {options.map((o) => (
          <label key={o.value} class="check-label">
            <input
              type="checkbox"
              data-testid={`${id}-${o.value}`}
              checked={chosen.includes(o.value)}
              onChange={(e) => onChange(e.currentTarget.checked ? [...chosen, o.value] : chosen.filter((x) => x !== o.value))}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {error ? (
        <p class="field-error" data-testid={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** Ids typed as text; what was typed stays as typed while the list follows it. */
function IdsInput({ id, label, hint, value, error, onChange }: { id: string; label: string; hint: string; value: string[]; error?: string; onChange(ids: string[]): void }) {
  const [text, setText] = useState(() => value.join(', '));
  useEffect(() => {
    if (idsFromText(text).join() !== value.join()) setText(value.join(', '));
  }, [value.join()]);
  return (
    <RowField id={id} label={label} error={error} wide>
      <input
        id={id}
        data-testid={id}
        type="text"
        class="mono"
        spellcheck={false}
        autoComplete="off"
        value={text}
        aria-describedby={`${id}-hint`}
        aria-invalid={error ? true : undefined}
        onInput={(e) => {
          setText(e.currentTarget.value);
          onChange(idsFromText(e.currentTarget.value));
        }}
      />
      <span class="muted field-note" id={`${id}-hint`}>
        {hint}
      </span>
    </RowField>
  );
}

function stepSummary(ts: ReturnType<typeof useSlaText>, step: EscalationStep): string {
  if (!Number.isInteger(step.afterMinutes) || step.afterMinutes < 0 || step.afterMinutes > MAX_ESCALATION_DELAY) return '';
  return step.afterMinutes === 0 ? ts('sla.escalation.atBreach') : ts('sla.escalation.afterBreach', { duration: durationText(step.afterMinutes, ts) });
}

/** "First response 1 h · Resolution 72 h", the targets at a glance. */
function policySummary(ts: ReturnType<typeof useSlaText>, p: SlaPolicy): string {
  const parts = SLA_TARGETS.flatMap((target) => {
    const minutes = p.targets[target];
    return minutes !== undefined && Number.isInteger(minutes) && minutes > 0 ? [`${ts(`sla.target.${target}`)} ${durationText(minutes, ts)}`] : [];
  });
  return parts.length ? parts.join(' · ') : ts('sla.policy.measuresNothing');
}
