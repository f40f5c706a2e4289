import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { AgentProfile, Label, Team } from '../api/directory.ts';
import { ApiError } from '../api/errors.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { NoAccess } from '../components/NoAccess.tsx';
import { StaleDialog } from '../components/StaleDialog.tsx';
import { useI18n } from '../i18n/context.tsx';
import type { DirectoryEditor, Row, RowProblem } from './directory-editor.ts';
import { SLUG, duplicates, mergeProblems } from './directory-editor.ts';
import { slaText } from './sla-text.ts';

export function useProblemText() {
  const { t, language } = useI18n();
  const sla = slaText(language);
  return (message: RowProblem['message'] | undefined): string | undefined =>
    !message ? undefined : 'text' in message ? message.text : 'sla' in message ? sla(message.sla, message.params) : t(message.key, message.params);
}

/** Loading, failures, list-level problems, the save bar and the stale dialog every admin list shares. */
export function EditorFrame<T>({
  editor,
  what,
  addLabel,
  onAdd,
  children,
  testId,
}: {
  editor: DirectoryEditor<T>;
  /** The collection's name in the dialog ("teams", "categories"…). */
  what: string;
  addLabel: string;
  onAdd(): void;
  children: ComponentChildren;
  testId: string;
}) {
  const { t } = useI18n();
  const text = useProblemText();
  if (editor.load.state === 'loading') {
    return (
      <p class="muted" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (editor.load.state === 'failed') {
    const error = editor.load.error;
    if (error instanceof ApiError && error.status === 403) return <NoAccess />;
    return <ErrorBanner error={error} />;
  }
  const problemCount = Object.values(editor.problems).reduce((n, list) => n + list.length, 0) + editor.listProblems.length;
  return (
    <div class="admin-editor" data-testid={testId} data-version={editor.version} data-dirty={String(editor.dirty)}>
      {editor.failure ? <ErrorBanner error={editor.failure} onDismiss={editor.dismissFailure} /> : null}
      {problemCount ? (
        <div class="banner banner-error" role="alert" data-testid="admin-problems">
          <div class="banner-body">
            <strong class="banner-title">{t('admin.notSaved')}</strong>
            <p>{t('admin.fixProblems', { count: problemCount })}</p>
            {editor.listProblems.length ? (
              <ul class="banner-list">
                {editor.listProblems.map((m, i) => (
                  <li key={i}>{text(m)}</li>
                ))}
              </ul>
            ) : null}
          </div>
        </div>
      ) : null}
      {children}
      <div class="admin-bar">
        <button type="button" class="button button-quiet" data-testid="admin-add" onClick={onAdd}>
          + {addLabel}
        </button>
        <div class="admin-bar-end">
          <span class="save-state" role="status" data-testid="admin-save-state" data-state={editor.saving ? 'saving' : editor.saved ? 'saved' : editor.dirty ? 'dirty' : ''}>
            {editor.saving ? t('props.saving') : editor.saved ? t('admin.saved') : editor.dirty ? t('admin.unsaved') : ''}
          </span>
          <button type="button" class="button button-quiet" data-testid="admin-discard" disabled={!editor.dirty || editor.saving} onClick={editor.discard}>
            {t('admin.discard')}
          </button>
          <button type="button" class="button button-primary" data-testid="admin-save" disabled={!editor.dirty || editor.saving} onClick={() => void editor.save()}>
            {t('admin.save')}
          </button>
        </div>
      </div>
      {editor.conflict ? (
        <StaleDialog
          testId="admin-conflict"
          title={t('admin.conflict.title')}
          body={t('admin.conflict.body', { what, count: editor.conflict.items.length })}
          busy={editor.saving}
          reloadLabel={t('admin.conflict.reload')}
          applyLabel={t('admin.conflict.overwrite')}
          onReload={() => void editor.reload()}
          onApply={() => void editor.saveOver()}
        />
      ) : null}
    </div>
  );
}

/** A small labelled input inside a row; the label stays visible on every screen size. */
export function RowField({ id, label, error, children, wide }: { id: string; label: string; error?: string; children: ComponentChildren; wide?: boolean }) {
  return (
    <div class={`row-field${error ? ' field-invalid' : ''}${wide ? ' row-field-wide' : ''}`}>
      <label class="row-field-label" for={id}>
        {label}
      </label>
      {children}
      {error ? (
        <p class="field-error" id={`${id}-error`} data-testid={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Row problems no input shows ("appears twice", …). */
export function RowProblems({ problems, rowKey }: { problems: RowProblem[]; rowKey: string }) {
  const text = useProblemText();
  if (!problems.length) return null;
  return (
    <ul class="row-problems" data-testid="row-problems" id={`${rowKey}-problems`}>
      {problems.map((p, i) => (
        <li key={i} class="field-error">
          {text(p.message)}
        </li>
      ))}
    </ul>
  );
}

/** English (required) and Chinese names side by side. */
export function LabelInputs({
  idPrefix,
  label,
  onChange,
  enError,
  zhError,
  enLabel,
  zhLabel,
}: {
  idPrefix: string;
  label: Label;
  onChange(label: Label): void;
  enError?: string;
  zhError?: string;
  enLabel: string;
  zhLabel: string;
}) {
  return (
    <>
      <RowField id={`${idPrefix}-en`} label={enLabel} error={enError}>
        <input
          id={`${idPrefix}-en`}
          data-testid={`${idPrefix}-en`}
          type="text"
          lang="en"
          maxLength={80}
          value={label.en}
          aria-invalid={enError ? true : undefined}
          aria-describedby={enError ? `${idPrefix}-en-error` : undefined}
          onInput={(e) => onChange({ ...label, en: e.currentTarget.value })}
        />
      </RowField>
      <RowField id={`${idPrefix}-zh`} label={zhLabel} error={zhError}>
        <input
          id={`${idPrefix}-zh`}
          data-testid={`${idPrefix}-zh`}
          type="text"
          lang="zh-CN"
          maxLength={80}
          value={label['zh-CN'] ?? ''}
          aria-invalid={zhError ? true : undefined}
          onInput={(e) => onChange({ ...label, 'zh-CN': e.currentTarget.value })}
        />
      </RowField>
    </>
  );
}

export function cleanLabel(label: Label): Label {
  const zh = label['zh-CN']?.trim();
  return { en: label.en.trim(), ...(zh ? { 'zh-CN': zh } : {}) };
}

/* ---------- pieces every list editor uses ---------- */

export function push(out: Record<string, RowProblem[]>, key: string, problem: RowProblem) {
  (out[key] ??= []).push(problem);
}

/** Ids are slugs, unique in the list; the English name is required. */
export function checkIdAndName<T extends { id: string; name: Team['name'] }>(rows: Row<T>[]): Record<string, RowProblem[]> {
  const out: Record<string, RowProblem[]> = {};
  for (const row of rows) {
    const id = row.value.id.trim();
    if (!id) push(out, row.key, { path: 'id', message: { key: 'validation.required' } });
    else if (!SLUG.test(id)) push(out, row.key, { path: 'id', message: { key: 'admin.slugRule' } });
    if (!row.value.name.en.trim()) push(out, row.key, { path: 'name.en', message: { key: 'validation.required' } });
  }
  return mergeProblems(out, duplicates(rows, (v) => v.id, 'id'));
}

/** The id input: editable on new rows only (tickets and rules refer to saved ids). */
export function IdInput({ row, id, error, onChange }: { row: Row<{ id: string }>; id: string; error?: string; onChange(v: string): void }) {
  const { t } = useI18n();
  return (
    <RowField id={id} label={t('admin.id')} error={error}>
      {row.isNew ? (
        <input
          id={id}
          data-testid={id}
          type="text"
          class="mono"
          maxLength={40}
          autoComplete="off"
          spellcheck={false}
          value={row.value.id}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
      ) : (
        <input id={id} data-testid={id} type="text" class="mono" value={row.value.id} readOnly aria-describedby={`${id}-hint`} title={t('admin.idFixed')} />
      )}
      <span class="visually-hidden" id={`${id}-hint`}>
        {row.isNew ? t('admin.slugRule') : t('admin.idFixed')}
      </span>
    </RowField>
  );
}

export function RemoveButton({ label, onClick, testId = 'row-remove' }: { label: string; onClick(): void; testId?: string }) {
  return (
    <button type="button" class="icon-button row-remove" aria-label={label} title={label} data-testid={testId} onClick={onClick}>
      ×
    </button>
  );
}

/** New rows get an id from their English name until the admin types one. */
export function useAutoIds() {
  const [typed, setTyped] = useState<ReadonlySet<string>>(new Set());
  return {
    typed: (key: string) => typed.has(key),
    markTyped: (key: string) => setTyped((prev) => new Set(prev).add(key)),
  };
}

/** A person to tick (team members, SLA managers). */
export function PersonCheckbox({ person, checked, onChange, testId = 'team-member' }: { person: AgentProfile; checked: boolean; onChange(checked: boolean): void; testId?: string }) {
  const { t } = useI18n();
  return (
    <label class="check-label member" data-testid={testId} data-email={person.email}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} />
      <span class="member-text">
        <span class="member-name" translate={false}>
          {person.name}
        </span>
        <span class="member-meta">
          {person.email}
          {person.available ? '' : ` · ${t('presence.away')}`}
        </span>
      </span>
    </label>
  );
}
