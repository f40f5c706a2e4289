import { useEffect, useRef, useState } from 'preact/hooks';
import type { AttachmentInfo, UploadStart } from '../api/attachments.ts';
import type { EntryKind } from '../api/tickets.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { FileChips, FilePicker } from '../components/FilePicker.tsx';
import { usePendingFiles } from '../components/pending-files.ts';
import { useI18n } from '../i18n/context.tsx';

export const ENTRY_MAX = 20_000;

interface ComposerProps {
  /** Focus the text box once on mount (the queue's "r" shortcut). */
  autoFocus: boolean;
  onSend(kind: EntryKind, body: string, attachments: AttachmentInfo[]): Promise<void>;
  /** Registers a file on the ticket (the composer then uploads its bytes); absent when attachments are not offered. */
  onRegister?(file: File): Promise<UploadStart>;
}

/** Public reply or internal note, with files; Ctrl+Enter (⌘+Enter) sends. The draft survives a failed send. */
export function Composer({ autoFocus, onSend, onRegister }: ComposerProps) {
  const { t } = useI18n();
  const [kind, setKind] = useState<EntryKind>('reply');
  const [body, setBody] = useState('');
  const chosen = usePendingFiles();
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [sent, setSent] = useState<EntryKind>();
  const box = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (autoFocus) box.current?.focus();
  }, [autoFocus]);

  async function send() {
    if (sending || !body.trim() || chosen.refused) return;
    setSending(true);
    setFailure(undefined);
    setSent(undefined);
    try {
      // Only files not stored yet are uploaded, so a retry after a failure never sends one twice.
      const uploaded = onRegister ? await chosen.upload(onRegister) : { attachments: [], failed: false };
      if (uploaded.failed) {
        // A failed upload is told at its file; only a lost connection or session needs the banner too.
        if (uploaded.untold !== undefined) setFailure(uploaded.untold);
        return;
      }
      await onSend(kind, body, uploaded.attachments);
      setBody('');
      chosen.clear();
      setSent(kind);
    } catch (error) {
      setFailure(error);
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
      <FileChips files={chosen.files} testId="composer" disabled={sending} onRemove={chosen.remove} />
      {failure ? <ErrorBanner error={failure} onDismiss={() => setFailure(undefined)} /> : null}
      <div class="composer-footer">
        {onRegister ? (
          <FilePicker
            id="composer-files"
            testId="composer"
            disabled={sending}
            onPick={(list) => {
              chosen.add(list);
              setSent(undefined);
            }}
          />
        ) : null}
        <span class="composer-hint" id="composer-hint">
          {kind === 'note' ? t('composer.noteHint') : t('composer.replyHint')} · {t('composer.sendHint')}
        </span>
        <span class="visually-hidden" role="status">
          {sent ? (sent === 'reply' ? t('composer.replySent') : t('composer.noteAdded')) : ''}
        </span>
        <button type="submit" class="button button-primary" data-testid="composer-send" disabled={sending || !body.trim() || chosen.refused}>
          {sending ? t('composer.sending') : kind === 'reply' ? t('composer.sendReply') : t('composer.addNote')}
        </button>
      </div>
    </form>
  );
}
