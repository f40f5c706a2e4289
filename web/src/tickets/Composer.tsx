import { useEffect, useRef, useState } from 'preact/hooks';
import type { AttachmentInfo } from '../api/attachments.ts';
import { ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, MAX_FILES_PER_MESSAGE, contentTypeOf, formatSize } from '../api/attachments.ts';
import { ApiError } from '../api/errors.ts';
import type { EntryKind } from '../api/tickets.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { useI18n } from '../i18n/context.tsx';
import type { MessageKey } from '../i18n/en.ts';

export const ENTRY_MAX = 20_000;

interface ComposerProps {
  /** Focus the text box once on mount (the queue's "r" shortcut). */
  autoFocus: boolean;
  onSend(kind: EntryKind, body: string, attachments: AttachmentInfo[]): Promise<void>;
  /** Registers a file on the ticket and uploads it; absent when attachments are not offered. */
  onUpload?(file: File): Promise<AttachmentInfo>;
}

/** A chosen file: checked at once, uploaded when the message is sent (once, even if sending is retried). */
interface PendingFile {
  key: number;
  file: File;
  state: 'ready' | 'uploading' | 'uploaded' | 'failed' | 'refused';
  attachment?: AttachmentInfo;
  problem?: { key: MessageKey } | { text: string };
}

let nextKey = 0;

function check(file: File): PendingFile['problem'] {
  if (file.size === 0) return { key: 'attach.empty' };
  if (file.size > MAX_ATTACHMENT_BYTES) return { key: 'attach.tooBig' };
  if (!ALLOWED_ATTACHMENT_TYPES.includes(contentTypeOf(file))) return { key: 'attach.type' };
  return undefined;
}

/** Public reply or internal note, with files; Ctrl+Enter (⌘+Enter) sends. The draft survives a failed send. */
export function Composer({ autoFocus, onSend, onUpload }: ComposerProps) {
  const { t, language } = useI18n();
  const [kind, setKind] = useState<EntryKind>('reply');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [sent, setSent] = useState<EntryKind>();
  const box = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (autoFocus) box.current?.focus();
  }, [autoFocus]);

  const problemText = (p: PendingFile['problem']) => (!p ? '' : 'text' in p ? p.text : t(p.key));
  const blocked = files.some((f) => f.state === 'refused');

  function addFiles(list: FileList | null) {
    if (!list?.length) return;
    const room = MAX_FILES_PER_MESSAGE - files.length;
    const added: PendingFile[] = [...list].map((file, i) => {
      const problem: PendingFile['problem'] = i >= room ? { key: 'attach.tooMany' } : check(file);
      return { key: ++nextKey, file, state: problem ? 'refused' : 'ready', ...(problem ? { problem } : {}) };
    });
    setFiles((prev) => [...prev, ...added]);
    setSent(undefined);
  }

  function patch(key: number, change: Partial<PendingFile>) {
    setFiles((prev) => prev.map((f) => (f.key === key ? { ...f, ...change } : f)));
  }

  async function send() {
    if (sending || !body.trim() || blocked) return;
    setSending(true);
    setFailure(undefined);
    setSent(undefined);
    let uploadFailed = false;
    try {
      const attachments: AttachmentInfo[] = [];
      for (const pending of files) {
        if (pending.attachment) {
          attachments.push(pending.attachment);
          continue;
        }
        if (!onUpload) continue;
        patch(pending.key, { state: 'uploading' });
        try {
          const attachment = await onUpload(pending.file);
          patch(pending.key, { state: 'uploaded', attachment, problem: undefined });
          pending.attachment = attachment;
          attachments.push(attachment);
        } catch (error) {
          const text = error instanceof ApiError ? error.fields[0]?.message : undefined;
          patch(pending.key, { state: 'failed', problem: text ? { text } : { key: 'attach.failed' } });
          uploadFailed = true;
          throw error;
        }
      }
      await onSend(kind, body, attachments);
      setBody('');
      setFiles([]);
      setSent(kind);
    } catch (error) {
      // A failed upload is told at its file; only a lost connection or session needs the banner too.
      const toldAtFile = uploadFailed && error instanceof ApiError && (error.code === 'UPLOAD_FAILED' || error.fields.length > 0);
      if (!toldAtFile) setFailure(error);
    } finally {
      setSending(false);
    }
  }

  const choose = (next: EntryKind) => {
    setKind(next);
    box.current?.focus();
  };

  return (
    <form
      class={`composer card composer-${kind}`}
      data-testid="composer"
      data-kind={kind}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <div class="composer-tabs" role="group" aria-label={t('composer.kind')}>
        <button type="button" class="composer-tab" aria-pressed={kind === 'reply'} data-testid="composer-tab-reply" onClick={() => choose('reply')}>
          {t('composer.reply')}
        </button>
        <button type="button" class="composer-tab" aria-pressed={kind === 'note'} data-testid="composer-tab-note" onClick={() => choose('note')}>
          {t('composer.note')}
        </button>
      </div>
      <label class="visually-hidden" for="composer-body">
        {kind === 'reply' ? t('composer.reply') : t('composer.note')}
      </label>
      <textarea
        id="composer-body"
        ref={box}
        data-testid="composer-body"
        rows={5}
        maxLength={ENTRY_MAX}
        value={body}
        placeholder={kind === 'reply' ? t('composer.replyPlaceholder') : t('composer.notePlaceholder')}
        aria-describedby="composer-hint"
        onInput={(e) => {
          setBody(e.currentTarget.value);
          setSent(undefined);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void send();
          }
        }}
      />
      {files.length ? (
        <ul class="composer-files" data-testid="composer-files" aria-label={t('attach.chosen')}>
          {files.map((f) => (
            <li key={f.key} class={`file-chip file-${f.state}`} data-testid="composer-file" data-name={f.file.name} data-state={f.state}>
              <span class="file-name" translate={false}>
                {f.file.name}
              </span>
              <span class="file-size">{formatSize(f.file.size, language)}</span>
              {f.state === 'uploading' ? <span class="file-status">{t('attach.uploading')}</span> : null}
              <button
                type="button"
                class="tag-remove"
                disabled={sending}
                aria-label={t('attach.remove', { name: f.file.name })}
                title={t('attach.remove', { name: f.file.name })}
                data-testid="composer-file-remove"
                onClick={() => setFiles((prev) => prev.filter((x) => x.key !== f.key))}
              >
                ×
              </button>
              {f.problem ? (
                <span class="file-problem" data-testid="composer-file-problem">
                  {problemText(f.problem)}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {failure ? <ErrorBanner error={failure} onDismiss={() => setFailure(undefined)} /> : null}
      <div class="composer-footer">
        {onUpload ? (
          <span class="composer-attach">
            <input
              ref={picker}
              id="composer-files"
              type="file"
              multiple
              class="visually-hidden"
              data-testid="composer-file-input"
              accept={ALLOWED_ATTACHMENT_TYPES.join(',')}
              onChange={(e) => {
                addFiles(e.currentTarget.files);
                e.currentTarget.value = '';
              }}
            />
            <button type="button" class="button button-quiet button-small" data-testid="composer-attach" disabled={sending} onClick={() => picker.current?.click()}>
              + {t('attach.add')}
            </button>
          </span>
        ) : null}
        <span class="composer-hint" id="composer-hint">
          {kind === 'note' ? t('composer.noteHint') : t('composer.replyHint')} · {t('composer.sendHint')}
        </span>
        <span class="visually-hidden" role="status">
          {sent ? (sent === 'reply' ? t('composer.replySent') : t('composer.noteAdded')) : ''}
        </span>
        <button type="submit" class="button button-primary" data-testid="composer-send" disabled={sending || !body.trim() || blocked}>
          {sending ? t('composer.sending') : kind === 'reply' ? t('composer.sendReply') : t('composer.addNote')}
        </button>
      </div>
    </form>
  );
}
