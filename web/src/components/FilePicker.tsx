import { ALLOWED_ATTACHMENT_TYPES, formatSize } from '../api/attachments.ts';
import { useI18n } from '../i18n/context.tsx';
import type { PendingFile } from './pending-files.ts';

interface FilePickerProps {
  id: string;
  /** Test ids are `<testId>-file-input` and `<testId>-attach`. */
  testId: string;
  disabled?: boolean;
  describedBy?: string;
  onPick(files: FileList | null): void;
}

/**
 * A real file input, out of sight, named by a label drawn as a button: the label is its accessible
 * name, a click on it opens the picker, and Tab reaches the input itself (the label shows the focus).
 */
export function FilePicker({ id, testId, disabled, describedBy, onPick }: FilePickerProps) {
  const { t } = useI18n();
  return (
    <span class="file-picker">
      <input
        id={id}
        type="file"
        multiple
        class="visually-hidden file-input"
        data-testid={`${testId}-file-input`}
        accept={ALLOWED_ATTACHMENT_TYPES.join(',')}
        disabled={disabled}
        aria-describedby={describedBy}
        onChange={(e) => {
          onPick(e.currentTarget.files);
          e.currentTarget.value = '';
        }}
      />
      <label for={id} class="button button-quiet button-small" data-testid={`${testId}-attach`}>
        + {t('attach.add')}
      </label>
    </span>
  );
}

interface FileChipsProps {
  files: PendingFile[];
  /** Test ids are `<testId>-files`, `<testId>-file`, `<testId>-file-remove` and `<testId>-file-problem`. */
  testId: string;
  disabled?: boolean;
  onRemove(key: number): void;
}

/** The chosen files as removable chips: name (as text), size, progress and, when refused or failed, why. */
export function FileChips({ files, testId, disabled, onRemove }: FileChipsProps) {
  const { t, language } = useI18n();
  if (!files.length) return null;
  return (
    <ul class="composer-files" data-testid={`${testId}-files`} aria-label={t('attach.chosen')}>
      {files.map((f) => (
        <li key={f.key} class={`file-chip file-${f.state}`} data-testid={`${testId}-file`} data-name={f.file.name} data-state={f.state}>
          <span class="file-name" translate={false}>
            {f.file.name}
          </span>
          <span class="file-size">{formatSize(f.file.size, language)}</span>
          {f.state === 'uploading' ? <span class="file-status">{t('attach.uploading')}</span> : null}
          <button
            type="button"
            class="tag-remove"
            disabled={disabled}
            aria-label={t('attach.remove', { name: f.file.name })}
            title={t('attach.remove', { name: f.file.name })}
            data-testid={`${testId}-file-remove`}
            onClick={() => onRemove(f.key)}
          >
            ×
          </button>
          {f.problem ? (
            <span class="file-problem" data-testid={`${testId}-file-problem`}>
              {'text' in f.problem ? f.problem.text : t(f.problem.key)}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
