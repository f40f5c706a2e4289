import { useState } from 'preact/hooks';
import type { AttachmentInfo, UploadStart } from '../api/attachments.ts';
import { ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, MAX_FILES_PER_MESSAGE, contentTypeOf, putFile } from '../api/attachments.ts';
import { ApiError } from '../api/errors.ts';
import type { MessageKey } from '../i18n/en.ts';

/** A chosen file: checked at once, uploaded when the message is sent (once, even if sending is retried). */
export interface PendingFile {
  key: number;
  file: File;
  state: 'ready' | 'uploading' | 'uploaded' | 'failed' | 'refused';
  attachment?: AttachmentInfo;
  /** Registered, but its bytes did not land: a retry sends them again to the same signed link. */
  started?: { start: UploadStart; at: number };
  problem?: { key: MessageKey } | { text: string };
}

export interface UploadOutcome {
  /** Every file now stored, in the order chosen (uploaded earlier or just now). */
  attachments: AttachmentInfo[];
  failed: boolean;
  /** The first failure its file's own message does not explain (offline, link gone): worth a banner. */
  untold?: unknown;
}

let nextKey = 0;

/** Signed upload links last 5 minutes; past 4 a retry registers the file afresh. */
const REUSE_START_MS = 4 * 60_000;

/** The API's own rules, answered before anything is sent (the API checks again). */
export function checkFile(file: File): PendingFile['problem'] {
  if (file.size === 0) return { key: 'attach.empty' };
  if (file.size > MAX_ATTACHMENT_BYTES) return { key: 'attach.tooBig' };
  if (!ALLOWED_ATTACHMENT_TYPES.includes(contentTypeOf(file))) return { key: 'attach.type' };
  return undefined;
}

/** Storage refused the bytes, or the API refused the file with a reason: both are said at the file. */
function toldAtFile(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'UPLOAD_FAILED' || error.fields.length > 0);
}

/**
 * The files chosen for one message. Refused files stay listed with their reason until removed, so
 * the sender sees why; `upload` sends only what is not stored yet, so a retry never uploads twice.
 */
export function usePendingFiles() {
  const [files, setFiles] = useState<PendingFile[]>([]);

  function patch(key: number, change: Partial<PendingFile>) {
    setFiles((prev) => prev.map((f) => (f.key === key ? { ...f, ...change } : f)));
  }

  function add(list: FileList | null) {
    if (!list?.length) return;
    const room = MAX_FILES_PER_MESSAGE - files.length;
    const added = [...list].map((file, i): PendingFile => {
      const problem = i >= room ? ({ key: 'attach.tooMany' } as const) : checkFile(file);
      return { key: ++nextKey, file, state: problem ? 'refused' : 'ready', ...(problem ? { problem } : {}) };
    });
    setFiles((prev) => [...prev, ...added]);
  }

  /**
   * Registers and uploads every file not stored yet, one after another; a failure is marked at its
   * file and the rest still go. A file registered before whose bytes did not land is not registered
   * again (no stray copy on the ticket): its bytes go to the same signed link while that is valid.
   */
  async function upload(register: (file: File) => Promise<UploadStart>): Promise<UploadOutcome> {
    const outcome: UploadOutcome = { attachments: [], failed: false };
    for (const pending of files) {
      if (pending.state === 'refused') continue;
      if (pending.attachment) {
        outcome.attachments.push(pending.attachment);
        continue;
      }
      patch(pending.key, { state: 'uploading' });
      let started = pending.started && Date.now() - pending.started.at < REUSE_START_MS ? pending.started : undefined;
      try {
        started ??= { start: await register(pending.file), at: Date.now() };
        const attachment = await putFile(started.start, pending.file);
        patch(pending.key, { state: 'uploaded', attachment, started: undefined, problem: undefined });
        outcome.attachments.push(attachment);
      } catch (error) {
        const text = error instanceof ApiError ? error.fields[0]?.message : undefined;
        // Storage was busy or unreachable: the same link may take the bytes later. Anything else starts afresh.
        const again = error instanceof ApiError && (error.status === 0 || error.status >= 500) ? started : undefined;
        patch(pending.key, { state: 'failed', started: again, problem: text ? { text } : { key: 'attach.failed' } });
        outcome.failed = true;
        if (outcome.untold === undefined && !toldAtFile(error)) outcome.untold = error;
      }
    }
    return outcome;
  }

  return {
    files,
    add,
    upload,
    remove: (key: number) => setFiles((prev) => prev.filter((f) => f.key !== key)),
    clear: () => setFiles([]),
    /** A refused file must be removed before the message goes. */
    refused: files.some((f) => f.state === 'refused'),
  };
}
