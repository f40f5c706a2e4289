import type { ComponentChildren } from 'preact';
import type { Label } from '../api/directory.ts';
import { ApiError } from '../api/errors.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { NoAccess } from '../components/NoAccess.tsx';
import { StaleDialog } from '../components/StaleDialog.tsx';
import { useI18n } from '../i18n/context.tsx';
import type { DirectoryEditor, RowProblem } from './directory-editor.ts';

export function useProblemText() {
  const { t } = useI18n();
  return (message: RowProblem['message'] | undefined): string | undefined => (!message ? undefined : 'text' in message ? message.text : t(message.key, message.params));
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
