import { useState } from 'preact/hooks';
import type { AttachmentInfo } from '../api/attachments.ts';
import { formatSize } from '../api/attachments.ts';
import { useI18n } from '../i18n/context.tsx';

interface FileListProps {
  ids: string[];
  /** What is known of the files (names and sizes); an id missing here still shows, as "File". */
  attachments: AttachmentInfo[];
  /** A fresh, short-lived download link for a file. */
  onDownload?(attachmentId: string): Promise<string>;
  /** The list's accessible name; "Attached files" unless told. */
  label?: string;
}

/** File names are shown as text; a click asks the API for a one-minute link and opens it. */
export function FileList({ ids, attachments, onDownload, label }: FileListProps) {
  const { t, language } = useI18n();
  const [busy, setBusy] = useState<string>();
  const [failed, setFailed] = useState<string>();

  async function open(id: string) {
    if (!onDownload || busy) return;
    setBusy(id);
    setFailed(undefined);
    // Opened before the link is known, while the click still counts as the user's: no popup blocker.
    const tab = window.open('', '_blank');
    try {
      const url = await onDownload(id);
      if (tab) {
        tab.opener = null;
        tab.location.href = url;
      } else location.assign(url);
    } catch {
      tab?.close();
      setFailed(id);
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <ul class="entry-files" data-testid="entry-files" aria-label={label ?? t('attach.files')}>
      {ids.map((id) => {
        const file = attachments.find((a) => a.id === id);
        return (
          <li key={id}>
            <button type="button" class="file-chip file-link" data-testid="entry-file" data-attachment-id={id} disabled={!onDownload || busy === id} onClick={() => void open(id)} title={t('attach.download')}>
              <span class="file-name" translate={false}>
                {file?.name ?? t('attach.unknown')}
              </span>
              {file ? <span class="file-size">{formatSize(file.size, language)}</span> : null}
            </button>
            {failed === id ? (
              <span class="field-error" role="alert" data-testid="entry-file-error">
                {' '}
                {t('attach.downloadFailed')}
              </span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
