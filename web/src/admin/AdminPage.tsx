import { useEffect, useState } from 'preact/hooks';
import type { Category, CustomField, CustomFieldType, RoutingRule, Team, TeamAssignment, TicketType } from '../api/directory.ts';
import { CUSTOM_FIELD_TYPES, TEAM_ASSIGNMENTS, TICKET_CHANNELS, TICKET_TYPES, labelIn } from '../api/directory.ts';
import { CUSTOMER_TIERS } from '../api/customers.ts';
import { ROLES } from '../auth/id-token.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { sortedPeople, useAgents, useDirectory } from '../data/directory.ts';
import { useI18n } from '../i18n/context.tsx';
import type { AdminSection } from '../router.ts';
import { ADMIN_SECTIONS, paths } from '../router.ts';
import { shortId } from '../tickets/people.tsx';
import { EditorFrame, IdInput, LabelInputs, PersonCheckbox, RemoveButton, RowField, RowProblems, checkIdAndName, cleanLabel, push, useAutoIds, useProblemText } from './AdminShared.tsx';
import type { RowProblem } from './directory-editor.ts';
import { FIELD_KEY, SLUG, duplicates, mergeProblems, problemAt, slugFrom, unplaced, useDirectoryEditor } from './directory-editor.ts';
import { SlaCalendarsAdmin } from './SlaCalendarsAdmin.tsx';
import { SlaPoliciesAdmin } from './SlaPoliciesAdmin.tsx';
import { useSlaText } from './sla-text.ts';

/** Admin: teams, categories, routing rules, custom fields, SLA calendars and policies, and the staff list, one tab each. */
export function AdminPage({ section }: { section: AdminSection }) {
  const { t } = useI18n();
  const ts = useSlaText();
  // The SLA sections' words live in their own catalog (loaded with this page, not with the console).
  const title = (s: AdminSection) => (s === 'sla-calendars' || s === 'sla-policies' ? ts(`sla.tab.${s}`) : t(`admin.tab.${s}`));
  const intro = section === 'sla-calendars' || section === 'sla-policies' ? ts(`sla.intro.${section}`) : t(`admin.intro.${section}`);
  return (
    <section class="page page-wide admin-page" data-testid="admin-page" data-section={section}>
      <PageHeading>{t('admin.title')}</PageHeading>
      <nav class="admin-tabs" aria-label={t('admin.sections')}>
        <ul>
          {ADMIN_SECTIONS.map((s) => (
            <li key={s}>
              <a class="admin-tab" href={paths.admin(s)} aria-current={s === section ? 'page' : undefined} data-testid={`admin-tab-${s}`}>
                {title(s)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="admin-section">
        <h2 class="admin-section-title" data-testid="admin-section-title">
          {title(section)}
        </h2>
        <p class="muted admin-intro">{intro}</p>
        {section === 'teams' ? (
          <TeamsAdmin />
        ) : section === 'categories' ? (
          <CategoriesAdmin />
        ) : section === 'routing' ? (
          <RoutingAdmin />
        ) : section === 'fields' ? (
          <FieldsAdmin />
        ) : section === 'sla-calendars' ? (
          <SlaCalendarsAdmin />
        ) : section === 'sla-policies' ? (
          <SlaPoliciesAdmin />
        ) : (
          <UsersAdmin />
        )}
      </div>
    </section>
  );
}

/* ---------- Teams ---------- */

function TeamsAdmin() {
  const { t, language } = useI18n();
  const agents = useAgents().data;
  const people = sortedPeople(agents);
  const auto = useAutoIds();
  const text = useProblemText();
  const editor = useDirectoryEditor('teams', {
    clean: (team) => ({ id: team.id.trim(), name: cleanLabel(team.name), assignment: team.assignment, memberIds: team.memberIds, ...(team.leadId ? { leadId: team.leadId } : {}) }),
    check: checkIdAndName,
  });

  return (
    <EditorFrame editor={editor} what={t('admin.what.teams')} addLabel={t('admin.addTeam')} testId="teams-editor" onAdd={() => editor.add({ id: '', name: { en: '' }, assignment: 'round_robin', memberIds: [] })}>
      {editor.rows.length === 0 ? <p class="card empty-state muted">{t('admin.noTeams')}</p> : null}
      <ol class="admin-list">
        {editor.rows.map((row, index) => {
          const team = row.value;
          const problems = editor.problems[row.key];
          const at = (path: string) => text(problemAt(problems, path));
          const set = (change: Partial<Team>) => editor.update(row.key, (v) => ({ ...v, ...change }));
          const known = new Set(people.map((p) => p.id));
          const strangers = team.memberIds.filter((id) => !known.has(id));
          const placed = (path: string) => ['id', 'name.en', 'name.zh-CN', 'assignment', 'leadId'].includes(path) || path.startsWith('memberIds');
          // SLA escalations notify the lead, so only a member can be one.
          const leads = people.filter((p) => team.memberIds.includes(p.id));
          return (
            <li key={row.key} class="card admin-row" data-testid="team-row" data-row-key={row.key} data-team-id={team.id} tabIndex={-1}>
              <div class="admin-row-head">
                <h3 class="admin-row-title">{labelIn(team.name, language) || t('admin.newTeam')}</h3>
                <RemoveButton label={t('admin.removeTeam', { name: team.name.en || team.id || index + 1 })} onClick={() => editor.remove(row.key)} />
              </div>
              <div class="admin-grid">
                <IdInput
                  row={row}
                  id={`team-${index}-id`}
                  error={at('id')}
                  onChange={(id) => {
                    auto.markTyped(row.key);
                    set({ id });
                  }}
                />
                <LabelInputs
                  idPrefix={`team-${index}-name`}
                  label={team.name}
                  enLabel={t('admin.nameEn')}
                  zhLabel={t('admin.nameZh')}
                  enError={at('name.en')}
                  zhError={at('name.zh-CN')}
                  onChange={(name) => set({ name, ...(row.isNew && !auto.typed(row.key) ? { id: slugFrom(name.en) } : {}) })}
                />
                <RowField id={`team-${index}-assignment`} label={t('admin.assignment')} error={at('assignment')}>
                  <select
                    id={`team-${index}-assignment`}
                    data-testid={`team-${index}-assignment`}
                    value={team.assignment}
                    onChange={(e) => {
                      const assignment = TEAM_ASSIGNMENTS.find((a) => a === e.currentTarget.value);
                      if (assignment) set({ assignment });
                    }}
                  >
                    {TEAM_ASSIGNMENTS.map((a: TeamAssignment) => (
                      <option key={a} value={a}>
                        {t(`admin.assignment.${a}`)}
                      </option>
                    ))}
                  </select>
                </RowField>
                <RowField id={`team-${index}-lead`} label={t('admin.teamLead')} error={at('leadId')}>
                  <select
                    id={`team-${index}-lead`}
                    data-testid={`team-${index}-lead`}
                    value={team.leadId ?? ''}
                    aria-describedby={`team-${index}-lead-hint`}
                    onChange={(e) => set({ leadId: e.currentTarget.value || undefined })}
                  >
                    <option value="">{leads.length ? t('admin.noLead') : t('admin.leadFromMembers')}</option>
                    {leads.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                      </option>
                    ))}
                    {team.leadId && !leads.some((p) => p.id === team.leadId) ? <option value={team.leadId}>{shortId(team.leadId)}</option> : null}
                  </select>
                  <span class="visually-hidden" id={`team-${index}-lead-hint`}>
                    {t('admin.leadHint')}
                  </span>
                </RowField>
              </div>
              <fieldset class="members" data-testid={`team-${index}-members`}>
                <legend class="row-field-label">{t('admin.members', { count: team.memberIds.length })}</legend>
                {people.length === 0 && strangers.length === 0 ? <p class="muted">{t('admin.noPeople')}</p> : null}
                <div class="option-grid">
                  {people.map((person) => (
                    <PersonCheckbox
                      key={person.id}
                      person={person}
                      checked={team.memberIds.includes(person.id)}
                      onChange={(checked) =>
                        set({
                          memberIds: checked ? [...team.memberIds, person.id] : team.memberIds.filter((id) => id !== person.id),
                          ...(!checked && team.leadId === person.id ? { leadId: undefined } : {}),
                        })
                      }
                    />
                  ))}
                  {strangers.map((id) => (
                    <label key={id} class="check-label member" title={id}>
                      <input type="checkbox" checked onChange={() => set({ memberIds: team.memberIds.filter((m) => m !== id) })} />
                      <span>
                        {shortId(id)} <span class="muted">{t('admin.unknownPerson')}</span>
                      </span>
                    </label>
                  ))}
                </div>
                {text(problems?.find((p) => p.path.startsWith('memberIds'))?.message) ? <p class="field-error">{text(problems?.find((p) => p.path.startsWith('memberIds'))?.message)}</p> : null}
              </fieldset>
              <RowProblems rowKey={row.key} problems={unplaced(problems, placed)} />
            </li>
          );
        })}
      </ol>
    </EditorFrame>
  );
}

/* ---------- Categories ---------- */

function CategoriesAdmin() {
  const { t } = useI18n();
  const auto = useAutoIds();
  const text = useProblemText();
  const editor = useDirectoryEditor('categories', {
    clean: (c: Category) => ({ id: c.id.trim(), name: cleanLabel(c.name) }),
    check: checkIdAndName,
  });
  return (
    <EditorFrame editor={editor} what={t('admin.what.categories')} addLabel={t('admin.addCategory')} testId="categories-editor" onAdd={() => editor.add({ id: '', name: { en: '' } })}>
      {editor.rows.length === 0 ? <p class="card empty-state muted">{t('admin.noCategories')}</p> : null}
      <ol class="admin-list admin-list-compact">
        {editor.rows.map((row, index) => {
          const problems = editor.problems[row.key];
          const at = (path: string) => text(problemAt(problems, path));
          return (
            <li key={row.key} class="card admin-row admin-row-inline" data-testid="category-row" data-row-key={row.key} data-category-id={row.value.id} tabIndex={-1}>
              <div class="admin-grid admin-grid-inline">
                <IdInput
                  row={row}
                  id={`category-${index}-id`}
                  error={at('id')}
                  onChange={(id) => {
                    auto.markTyped(row.key);
                    editor.update(row.key, (v) => ({ ...v, id }));
                  }}
                />
                <LabelInputs
                  idPrefix={`category-${index}-name`}
                  label={row.value.name}
                  enLabel={t('admin.nameEn')}
                  zhLabel={t('admin.nameZh')}
                  enError={at('name.en')}
                  zhError={at('name.zh-CN')}
                  onChange={(name) => editor.update(row.key, (v) => ({ ...v, name, ...(row.isNew && !auto.typed(row.key) ? { id: slugFrom(name.en) } : {}) }))}
                />
              </div>
              <RemoveButton label={t('admin.removeCategory', { name: row.value.name.en || row.value.id || index + 1 })} onClick={() => editor.remove(row.key)} />
              <RowProblems rowKey={row.key} problems={unplaced(problems, (p) => ['id', 'name.en', 'name.zh-CN'].includes(p))} />
            </li>
          );
        })}
      </ol>
    </EditorFrame>
  );
}

/* ---------- Routing rules ---------- */

function RoutingAdmin() {
  const { t, language } = useI18n();
  const teamsDoc = useDirectory('teams');
  const categoriesDoc = useDirectory('categories');
  const teams = teamsDoc.data?.items ?? [];
  const categories = categoriesDoc.data?.items ?? [];
  const text = useProblemText();
  const [dragging, setDragging] = useState<string>();
  const editor = useDirectoryEditor('routing-rules', {
    clean: (rule: RoutingRule) => ({
      id: rule.id,
      when: {
        ...(rule.when.categoryId ? { categoryId: rule.when.categoryId } : {}),
        ...(rule.when.channel ? { channel: rule.when.channel } : {}),
        ...(rule.when.customerTier ? { customerTier: rule.when.customerTier } : {}),
      },
      teamId: rule.teamId,
    }),
    check: (rows) => {
      const out: Record<string, RowProblem[]> = {};
      for (const row of rows) if (!row.value.teamId) push(out, row.key, { path: 'teamId', message: { key: 'admin.chooseTeam' } });
      return out;
    },
  });

  // Rules name teams and categories: show them as they are now (on opening, and after a refusal).
  const refused = Object.keys(editor.problems).length + editor.listProblems.length;
  useEffect(() => {
    teamsDoc.reload();
    categoriesDoc.reload();
  }, [refused > 0]);

  function addRule() {
    const taken = new Set(editor.rows.map((r) => r.value.id));
    let n = editor.rows.length + 1;
    while (taken.has(`rule-${n}`)) n++;
    editor.add({ id: `rule-${n}`, when: {}, teamId: '' });
  }

  const teamName = (id: string) => labelIn(teams.find((x) => x.id === id)?.name, language);
  const categoryName = (id: string) => labelIn(categories.find((x) => x.id === id)?.name, language);

  return (
    <EditorFrame editor={editor} what={t('admin.what.routing')} addLabel={t('admin.addRule')} testId="routing-editor" onAdd={addRule}>
      {teams.length === 0 ? <p class="notice">{t('admin.rulesNeedTeams')}</p> : null}
      {editor.rows.length === 0 ? <p class="card empty-state muted">{t('admin.noRules')}</p> : null}
      <ol class="admin-list rule-list">
        {editor.rows.map((row, index) => {
          const rule = row.value;
          const problems = editor.problems[row.key];
          const at = (path: string) => text(problemAt(problems, path));
          const setWhen = (change: Partial<RoutingRule['when']>) => editor.update(row.key, (v) => ({ ...v, when: { ...v.when, ...change } }));
          const placed = (p: string) => ['teamId', 'when.categoryId', 'when.channel', 'when.customerTier'].includes(p);
          return (
            <li
              key={row.key}
              class={`card admin-row rule-row${dragging === row.key ? ' is-dragging' : ''}`}
              data-testid="rule-row"
              data-row-key={row.key}
              data-rule-id={rule.id}
              tabIndex={-1}
              onDragOver={(e) => {
                if (!dragging) return;
                e.preventDefault();
                if (dragging !== row.key) editor.move(dragging, index);
              }}
              onDrop={(e) => {
                e.preventDefault();
                setDragging(undefined);
              }}
            >
              <div class="rule-order">
                <span
                  class="drag-handle"
                  draggable
                  title={t('admin.drag')}
                  aria-hidden="true"
                  onDragStart={(e) => {
                    e.dataTransfer?.setData('text/plain', row.key);
                    setDragging(row.key);
                  }}
                  onDragEnd={() => setDragging(undefined)}
                >
                  ⋮⋮
                </span>
                <span class="rule-number" data-testid="rule-number">
                  {index + 1}
                </span>
                <button type="button" class="icon-button" data-testid="rule-up" aria-label={t('admin.moveUp', { n: index + 1 })} title={t('admin.moveUp', { n: index + 1 })} disabled={index === 0} onClick={() => editor.move(row.key, index - 1)}>
                  ↑
                </button>
                <button
                  type="button"
                  class="icon-button"
                  data-testid="rule-down"
                  aria-label={t('admin.moveDown', { n: index + 1 })}
                  title={t('admin.moveDown', { n: index + 1 })}
                  disabled={index === editor.rows.length - 1}
                  onClick={() => editor.move(row.key, index + 1)}
                >
                  ↓
                </button>
              </div>
              <div class="rule-body">
                <p class="rule-when-title">{t('admin.when')}</p>
                <div class="admin-grid rule-grid">
                  <RowField id={`rule-${index}-category`} label={t('field.category')} error={at('when.categoryId')}>
                    <select id={`rule-${index}-category`} data-testid={`rule-${index}-category`} value={rule.when.categoryId ?? ''} aria-invalid={at('when.categoryId') ? true : undefined} onChange={(e) => setWhen({ categoryId: e.currentTarget.value || undefined })}>
                      <option value="">{t('admin.any')}</option>
                      {categories.map((c) => (
                        <option key={c.id} value={c.id}>
                          {labelIn(c.name, language)}
                        </option>
                      ))}
                      {rule.when.categoryId && !categoryName(rule.when.categoryId) ? <option value={rule.when.categoryId}>{t('admin.missing', { id: rule.when.categoryId })}</option> : null}
                    </select>
                  </RowField>
                  <RowField id={`rule-${index}-channel`} label={t('ticket.channel')} error={at('when.channel')}>
                    <select
                      id={`rule-${index}-channel`}
                      data-testid={`rule-${index}-channel`}
                      value={rule.when.channel ?? ''}
                      onChange={(e) => setWhen({ channel: TICKET_CHANNELS.find((c) => c === e.currentTarget.value) })}
                    >
                      <option value="">{t('admin.any')}</option>
                      {TICKET_CHANNELS.map((c) => (
                        <option key={c} value={c}>
                          {t(`channel.${c}`)}
                        </option>
                      ))}
                    </select>
                  </RowField>
                  <RowField id={`rule-${index}-tier`} label={t('customer.tier')} error={at('when.customerTier')}>
                    <select
                      id={`rule-${index}-tier`}
                      data-testid={`rule-${index}-tier`}
                      value={rule.when.customerTier ?? ''}
                      onChange={(e) => setWhen({ customerTier: CUSTOMER_TIERS.find((c) => c === e.currentTarget.value) })}
                    >
                      <option value="">{t('admin.any')}</option>
                      {CUSTOMER_TIERS.map((c) => (
                        <option key={c} value={c}>
                          {t(`tier.${c}`)}
                        </option>
                      ))}
                    </select>
                  </RowField>
                  <RowField id={`rule-${index}-team`} label={t('admin.routeTo')} error={at('teamId')}>
                    <select
                      id={`rule-${index}-team`}
                      data-testid={`rule-${index}-team`}
                      class="rule-team"
                      value={rule.teamId}
                      aria-invalid={at('teamId') ? true : undefined}
                      aria-describedby={at('teamId') ? `rule-${index}-team-error` : undefined}
                      onChange={(e) => editor.update(row.key, (v) => ({ ...v, teamId: e.currentTarget.value }))}
                    >
                      <option value="">{t('admin.chooseTeam')}</option>
                      {teams.map((x) => (
                        <option key={x.id} value={x.id}>
                          {labelIn(x.name, language)}
                        </option>
                      ))}
                      {rule.teamId && !teamName(rule.teamId) ? <option value={rule.teamId}>{t('admin.missing', { id: rule.teamId })}</option> : null}
                    </select>
                  </RowField>
                </div>
                <p class="rule-summary muted" data-testid="rule-summary">
                  {ruleSummary(t, rule, teamName, categoryName)}
                </p>
                <RowProblems rowKey={row.key} problems={unplaced(problems, placed)} />
              </div>
              <RemoveButton label={t('admin.removeRule', { n: index + 1 })} onClick={() => editor.remove(row.key)} />
            </li>
          );
        })}
      </ol>
    </EditorFrame>
  );
}

function ruleSummary(
  t: ReturnType<typeof useI18n>['t'],
  rule: RoutingRule,
  teamName: (id: string) => string,
  categoryName: (id: string) => string,
): string {
  const conditions = [
    rule.when.categoryId ? t('admin.summary.category', { category: categoryName(rule.when.categoryId) || rule.when.categoryId }) : undefined,
    rule.when.channel ? t('admin.summary.channel', { channel: t(`channel.${rule.when.channel}`) }) : undefined,
    rule.when.customerTier ? t('admin.summary.tier', { tier: t(`tier.${rule.when.customerTier}`) }) : undefined,
  ].filter(Boolean);
  const team = rule.teamId ? teamName(rule.teamId) || rule.teamId : '…';
  return conditions.length ? t('admin.summary.when', { conditions: conditions.join(t('admin.summary.and')), team }) : t('admin.summary.always', { team });
}

/* ---------- Custom fields ---------- */

const CHOICE_TYPES: readonly CustomFieldType[] = ['select', 'multiselect'];

function FieldsAdmin() {
  const { t, language } = useI18n();
  const auto = useAutoIds();
  const text = useProblemText();
  const editor = useDirectoryEditor('custom-fields', {
    clean: (f: CustomField) => ({
      key: f.key.trim(),
      label: cleanLabel(f.label),
      type: f.type,
      required: f.required,
      options: CHOICE_TYPES.includes(f.type) ? f.options.map((o) => ({ value: o.value.trim(), label: cleanLabel(o.label) })) : [],
      ticketTypes: f.ticketTypes,
    }),
    check: (rows) => {
      const out: Record<string, RowProblem[]> = {};
      for (const row of rows) {
        const f = row.value;
        const key = f.key.trim();
        if (!key) push(out, row.key, { path: 'key', message: { key: 'validation.required' } });
        else if (!FIELD_KEY.test(key)) push(out, row.key, { path: 'key', message: { key: 'admin.keyRule' } });
        if (!f.label.en.trim()) push(out, row.key, { path: 'label.en', message: { key: 'validation.required' } });
        if (CHOICE_TYPES.includes(f.type)) {
          if (f.options.length === 0) push(out, row.key, { path: 'options', message: { key: 'admin.needsOptions' } });
          const seen = new Set<string>();
          f.options.forEach((o, i) => {
            const value = o.value.trim();
            if (!value) push(out, row.key, { path: `options.${i}.value`, message: { key: 'validation.required' } });
            else if (!SLUG.test(value)) push(out, row.key, { path: `options.${i}.value`, message: { key: 'admin.slugRule' } });
            else if (seen.has(value)) push(out, row.key, { path: `options.${i}.value`, message: { key: 'admin.duplicateId', params: { id: value } } });
            seen.add(value);
            if (!o.label.en.trim()) push(out, row.key, { path: `options.${i}.label.en`, message: { key: 'validation.required' } });
          });
        }
      }
      return mergeProblems(out, duplicates(rows, (v) => v.key, 'key'));
    },
  });

  return (
    <EditorFrame
      editor={editor}
      what={t('admin.what.fields')}
      addLabel={t('admin.addField')}
      testId="fields-editor"
      onAdd={() => editor.add({ key: '', label: { en: '' }, type: 'text', required: false, options: [], ticketTypes: [] })}
    >
      {editor.rows.length === 0 ? <p class="card empty-state muted">{t('admin.noFields')}</p> : null}
      <ol class="admin-list">
        {editor.rows.map((row, index) => {
          const f = row.value;
          const problems = editor.problems[row.key];
          const at = (path: string) => text(problemAt(problems, path));
          const set = (change: Partial<CustomField>) => editor.update(row.key, (v) => ({ ...v, ...change }));
          const id = `field-${index}`;
          const placed = (p: string) => ['key', 'label.en', 'label.zh-CN', 'type', 'options'].includes(p) || /^options\.\d+\.(value|label\.en|label\.zh-CN)$/.test(p);
          return (
            <li key={row.key} class="card admin-row" data-testid="field-row" data-row-key={row.key} data-field-key={f.key} tabIndex={-1}>
              <div class="admin-row-head">
                <h3 class="admin-row-title">{labelIn(f.label, language) || t('admin.newField')}</h3>
                <RemoveButton label={t('admin.removeField', { name: f.label.en || f.key || index + 1 })} onClick={() => editor.remove(row.key)} />
              </div>
              <div class="admin-grid">
                <RowField id={`${id}-key`} label={t('admin.key')} error={at('key')}>
                  <input
                    id={`${id}-key`}
                    data-testid={`${id}-key`}
                    type="text"
                    class="mono"
                    maxLength={40}
                    spellcheck={false}
                    autoComplete="off"
                    readOnly={!row.isNew}
                    title={row.isNew ? t('admin.keyRule') : t('admin.keyFixed')}
                    value={f.key}
                    aria-invalid={at('key') ? true : undefined}
                    onInput={(e) => {
                      auto.markTyped(row.key);
                      set({ key: e.currentTarget.value });
                    }}
                  />
                </RowField>
                <LabelInputs
                  idPrefix={`${id}-label`}
                  label={f.label}
                  enLabel={t('admin.labelEn')}
                  zhLabel={t('admin.labelZh')}
                  enError={at('label.en')}
                  zhError={at('label.zh-CN')}
                  onChange={(label) => set({ label, ...(row.isNew && !auto.typed(row.key) ? { key: slugFrom(label.en, '_') } : {}) })}
                />
                <RowField id={`${id}-type`} label={t('admin.fieldType')} error={at('type')}>
                  <select
                    id={`${id}-type`}
                    data-testid={`${id}-type`}
                    value={f.type}
                    onChange={(e) => {
                      const type = CUSTOM_FIELD_TYPES.find((x) => x === e.currentTarget.value);
                      if (type) set({ type });
                    }}
                  >
                    {CUSTOM_FIELD_TYPES.map((x) => (
                      <option key={x} value={x}>
                        {t(`admin.fieldType.${x}`)}
                      </option>
                    ))}
                  </select>
                </RowField>
              </div>
              <div class="field-flags">
                <label class="check-label">
                  <input type="checkbox" data-testid={`${id}-required`} checked={f.required} onChange={(e) => set({ required: e.currentTarget.checked })} />
                  <span>{t('admin.required')}</span>
                </label>
                <fieldset class="ticket-types">
                  <legend class="row-field-label">{t('admin.ticketTypes')}</legend>
                  <div class="option-grid option-grid-inline">
                    {TICKET_TYPES.map((type: TicketType) => (
                      <label key={type} class="check-label">
                        <input
                          type="checkbox"
                          data-testid={`${id}-for-${type}`}
                          checked={f.ticketTypes.includes(type)}
                          onChange={(e) => set({ ticketTypes: e.currentTarget.checked ? TICKET_TYPES.filter((x) => x === type || f.ticketTypes.includes(x)) : f.ticketTypes.filter((x) => x !== type) })}
                        />
                        <span>{t(`type.${type}`)}</span>
                      </label>
                    ))}
                  </div>
                  <p class="muted field-note">{f.ticketTypes.length ? t('admin.onlyTypes') : t('admin.allTypes')}</p>
                </fieldset>
              </div>
              {CHOICE_TYPES.includes(f.type) ? (
                <fieldset class="options-editor" data-testid={`${id}-options`}>
                  <legend class="row-field-label">{t('admin.options', { count: f.options.length })}</legend>
                  {at('options') ? <p class="field-error" data-testid={`${id}-options-error`}>{at('options')}</p> : null}
                  <ol class="option-rows">
                    {f.options.map((option, i) => {
                      const oid = `${id}-option-${i}`;
                      const setOption = (change: Partial<CustomField['options'][number]>) => set({ options: f.options.map((o, j) => (j === i ? { ...o, ...change } : o)) });
                      return (
                        <li key={i} class="option-row" data-testid="option-row">
                          <RowField id={`${oid}-value`} label={t('admin.optionValue')} error={at(`options.${i}.value`)}>
                            <input id={`${oid}-value`} data-testid={`${oid}-value`} type="text" class="mono" maxLength={40} spellcheck={false} value={option.value} aria-invalid={at(`options.${i}.value`) ? true : undefined} onInput={(e) => setOption({ value: e.currentTarget.value })} />
                          </RowField>
                          <LabelInputs
                            idPrefix={`${oid}-label`}
                            label={option.label}
                            enLabel={t('admin.labelEn')}
                            zhLabel={t('admin.labelZh')}
                            enError={at(`options.${i}.label.en`)}
                            zhError={at(`options.${i}.label.zh-CN`)}
                            onChange={(label) => setOption({ label, ...(option.value === '' || option.value === slugFrom(option.label.en) ? { value: slugFrom(label.en) } : {}) })}
                          />
                          <RemoveButton label={t('admin.removeOption', { n: i + 1 })} onClick={() => set({ options: f.options.filter((_, j) => j !== i) })} />
                        </li>
                      );
                    })}
                  </ol>
                  <button type="button" class="button button-quiet button-small" data-testid={`${id}-add-option`} onClick={() => set({ options: [...f.options, { value: '', label: { en: '' } }] })}>
                    + {t('admin.addOption')}
                  </button>
                </fieldset>
              ) : null}
              <RowProblems rowKey={row.key} problems={unplaced(problems, placed)} />
            </li>
          );
        })}
      </ol>
    </EditorFrame>
  );
}

/* ---------- Users ---------- */

function UsersAdmin() {
  const { t, formatRelative, formatDate } = useI18n();
  const agents = useAgents();
  const people = sortedPeople(agents.data);
  // Always the current list here: people sign in (and change availability) all the time.
  useEffect(() => agents.reload(), []);
  return (
    <div data-testid="users-admin">
      <div class="notice admin-note" data-testid="users-note">
        <p>{t('admin.usersNote')}</p>
      </div>
      {agents.error ? <ErrorBanner error={agents.error} /> : null}
      {!agents.data && !agents.error ? (
        <p class="muted" role="status">
          {t('app.loading')}
        </p>
      ) : null}
      {agents.data ? (
        <table class="queue-table users-table" data-testid="users-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.user')}</th>
              <th scope="col">{t('admin.roles')}</th>
              <th scope="col">{t('admin.availability')}</th>
              <th scope="col">{t('admin.lastSeen')}</th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id} data-testid="user-row" data-email={p.email}>
                <td class="user-cell">
                  <strong translate={false}>{p.name}</strong>
                  <span class="queue-meta">{p.email}</span>
                </td>
                <td data-testid="user-roles-cell">{p.roles.length ? p.roles.map((r) => ((ROLES as readonly string[]).includes(r) ? t(`role.${r as (typeof ROLES)[number]}`) : r)).join(t('list.separator')) : t('auth.noRoles')}</td>
                <td>
                  <span class={`badge badge-presence-${p.available ? 'available' : 'away'}`} data-testid="user-availability" data-available={String(p.available)}>
                    {p.available ? t('presence.available') : t('presence.away')}
                  </span>
                </td>
                <td class="cell-updated">
                  <time dateTime={p.updatedAt} title={formatDate(p.updatedAt)}>
                    {formatRelative(p.updatedAt)}
                  </time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
