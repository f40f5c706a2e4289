import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/errors.ts';
import { MAX_ATTACHMENT_BYTES, MAX_FILES_PER_MESSAGE, formatSize } from '../api/attachments.ts';
import type { PublicApi, PublicCategory, WebRequestReceipt } from '../api/public.ts';
import { FileChips, FilePicker } from '../components/FilePicker.tsx';
import { FormField } from '../components/FormField.tsx';
import type { PendingFile } from '../components/pending-files.ts';
import { usePendingFiles } from '../components/pending-files.ts';
import { useI18n } from '../i18n/context.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { paths } from '../router.ts';
import { PortalProblem } from './PortalProblem.tsx';

const FIELDS = ['name', 'email', 'subject', 'description'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;
type Problems = Partial<Record<Field, { key: MessageKey; params?: Record<string, number> } | { text: string }>>;

const EMPTY: Values = { name: '', email: '', subject: '', description: '' };
const MAX: Record<Field, number> = { name: 200, email: 254, subject: 200, description: 20_000 };
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const id = (field: Field) => `request-${field}`;

function check(values: Values): Problems {
  const problems: Problems = {};
  for (const field of FIELDS) {
    const value = values[field].trim();
    if (!value) problems[field] = { key: `portal.required.${field}` };
    else if (value.length > MAX[field]) problems[field] = { key: 'validation.maxLength', params: { max: MAX[field] } };
  }
  if (!problems.email && !EMAIL_SHAPE.test(values.email.trim())) problems.email = { key: 'validation.email' };
  return problems;
}

/** The public web form: anyone can write in; the answer is a ticket number and a private link. */
export function RequestPage({ api }: { api: PublicApi }) {
  const { t, language } = useI18n();
  const [values, setValues] = useState<Values>(EMPTY);
  const [website, setWebsite] = useState('');
  const [categories, setCategories] = useState<PublicCategory[]>([]);
  const [categoryId, setCategoryId] = useState('');
  // The form works without categories; when admins defined some, the customer may pick one.
  useEffect(() => {
    api.listCategories().then(setCategories, () => setCategories([]));
  }, [api]);
  const [problems, setProblems] = useState<Problems>({});
  const [failure, setFailure] = useState<unknown>();
  const [sending, setSending] = useState(false);
  const [receipt, setReceipt] = useState<{ receipt: WebRequestReceipt; name: string }>();
  // The API takes a request without files; they follow once its private link (token) is known.
  const chosen = usePendingFiles();
  const [filesBlocked, setFilesBlocked] = useState(false);
  const [uploading, setUploading] = useState(false);

  const text = (p: Problems[Field]) => (!p ? undefined : 'text' in p ? p.text : t(p.key, p.params));

  function update(field: Field, value: string) {
    setValues((prev) => ({ ...prev, [field]: value }));
    if (problems[field]) setProblems((prev) => ({ ...prev, [field]: undefined }));
  }

  function focusFirst(found: Problems) {
    const first = FIELDS.find((f) => found[f]);
    if (first) document.getElementById(id(first))?.focus();
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (sending) return;
    setFailure(undefined);
    const found = check(values);
    setProblems(found);
    setFilesBlocked(chosen.refused);
    if (Object.keys(found).length) return focusFirst(found);
    if (chosen.refused) return document.getElementById('request-files')?.focus();
    setSending(true);
    try {
      const answer = await api.submitRequest({
        name: values.name.trim(),
        email: values.email.trim(),
        subject: values.subject.trim(),
        description: values.description.trim(),
        language,
        ...(categoryId ? { categoryId } : {}),
        ...(website ? { website } : {}),
      });
      setReceipt({ receipt: answer, name: values.name.trim() });
      setValues(EMPTY);
      scrollTo({ top: 0 });
      if (answer.token) void uploadFiles(answer.token);
      else chosen.clear();
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && error.fields.length) {
        const fromServer: Problems = {};
        for (const f of error.fields) {
          const field = FIELDS.find((x) => x === f.path.split('.').pop());
          if (field && !fromServer[field]) fromServer[field] = { text: f.message };
        }
        if (Object.keys(fromServer).length) {
          setProblems(fromServer);
          focusFirst(fromServer);
        } else setFailure(error);
      } else setFailure(error);
    } finally {
      setSending(false);
    }
  }

  /** Uploads what is not stored yet (a retry skips the files that arrived). */
  async function uploadFiles(token: string) {
    setUploading(true);
    try {
      await chosen.upload((file) => api.startUpload(token, file));
    } finally {
      setUploading(false);
    }
  }

  if (receipt) {
    const { token } = receipt.receipt;
    return (
      <Receipt
        receipt={receipt.receipt}
        name={receipt.name}
        files={token ? chosen.files : []}
        uploading={uploading}
        onRetry={() => {
          if (token && !uploading) void uploadFiles(token);
        }}
        onAnother={() => {
          chosen.clear();
          setReceipt(undefined);
        }}
      />
    );
  }

  // Said once the customer tries to send, and gone as soon as the refused files are.
  const filesProblem = filesBlocked && chosen.refused;
  const invalid = Object.values(problems).some(Boolean) || filesProblem;
  return (
    <div class="portal-page">
      <div class="portal-hero">
        <h1 data-testid="request-title">{t('portal.request.title')}</h1>
        <p>{t('portal.request.intro')}</p>
      </div>
      <form class="portal-card portal-form" noValidate onSubmit={submit} data-testid="request-form">
        {failure ? <PortalProblem error={failure} onDismiss={() => setFailure(undefined)} /> : null}
        {invalid ? (
          <p class="form-summary" role="status">
            {t('portal.request.fix')}
          </p>
        ) : null}
        <div class="field-row field-row-even">
          <FormField id={id('name')} label={t('portal.request.name')} error={text(problems.name)}>
            {(describedBy) => (
              <input id={id('name')} data-testid={id('name')} type="text" autoComplete="name" maxLength={MAX.name} value={values.name} aria-invalid={problems.name ? true : undefined} aria-describedby={describedBy} onInput={(e) => update('name', e.currentTarget.value)} />
            )}
          </FormField>
          <FormField id={id('email')} label={t('portal.request.email')} error={text(problems.email)} hint={t('portal.request.emailHint')}>
            {(describedBy) => (
              <input id={id('email')} data-testid={id('email')} type="email" inputMode="email" autoComplete="email" maxLength={MAX.email} value={values.email} aria-invalid={problems.email ? true : undefined} aria-describedby={describedBy} onInput={(e) => update('email', e.currentTarget.value)} />
            )}
          </FormField>
        </div>
        <FormField id={id('subject')} label={t('portal.request.subject')} error={text(problems.subject)}>
          {(describedBy) => (
            <input id={id('subject')} data-testid={id('subject')} type="text" autoComplete="off" maxLength={MAX.subject} value={values.subject} aria-invalid={problems.subject ? true : undefined} aria-describedby={describedBy} onInput={(e) => update('subject', e.currentTarget.value)} />
          )}
        </FormField>
        {categories.length > 0 && (
          <FormField id="request-category" label={t('portal.request.category')}>
            {(describedBy) => (
              <select id="request-category" data-testid="request-category" value={categoryId} aria-describedby={describedBy} onChange={(e) => setCategoryId(e.currentTarget.value)}>
                <option value="">{t('portal.request.categoryNone')}</option>
                {categories.map((c) => (
                  <option key={c.id} value={c.id}>
                    {(language === 'zh-CN' && c.name['zh-CN']) || c.name.en}
                  </option>
                ))}
              </select>
            )}
          </FormField>
        )}
        <FormField id={id('description')} label={t('portal.request.description')} error={text(problems.description)} hint={t('portal.request.descriptionHint')}>
          {(describedBy) => (
            <textarea id={id('description')} data-testid={id('description')} rows={7} maxLength={MAX.description} value={values.description} aria-invalid={problems.description ? true : undefined} aria-describedby={describedBy} onInput={(e) => update('description', e.currentTarget.value)} />
          )}
        </FormField>
        <div class={filesProblem ? 'field field-invalid' : 'field'} role="group" aria-labelledby="request-files-label">
          <span class="field-label" id="request-files-label">
            {t('portal.files.label')}
            <span class="field-optional">{t('newTicket.optional')}</span>
          </span>
          <div class="file-field">
            <FilePicker
              id="request-files"
              testId="request"
              disabled={sending}
              describedBy={filesProblem ? 'request-files-error request-files-hint' : 'request-files-hint'}
              onPick={chosen.add}
            />
            <span class="file-hint" id="request-files-hint">
              {t('portal.files.hint', { count: MAX_FILES_PER_MESSAGE, size: MAX_ATTACHMENT_BYTES / 1024 / 1024 })}
            </span>
          </div>
          <FileChips files={chosen.files} testId="request" disabled={sending} onRemove={chosen.remove} />
          {filesProblem ? (
            <p class="field-error" id="request-files-error" data-testid="request-files-error">
              {t('portal.files.removeRefused')}
            </p>
          ) : null}
        </div>
        {/* Honeypot: hidden from people (and screen readers); bots that fill every input fill this one too. */}
        <div class="hp-field" aria-hidden="true">
          <label for="request-website">{t('portal.request.honeypot')}</label>
          <input id="request-website" name="website" type="text" tabIndex={-1} autoComplete="off" value={website} onInput={(e) => setWebsite(e.currentTarget.value)} />
        </div>
        <div class="portal-actions">
          <button type="submit" class="button button-primary button-large" data-testid="request-submit" disabled={sending}>
            {sending ? t('portal.request.sending') : t('portal.request.send')}
          </button>
        </div>
      </form>
    </div>
  );
}

interface ReceiptProps {
  receipt: WebRequestReceipt;
  name: string;
  /** The files chosen on the form, as their uploads go. */
  files: PendingFile[];
  uploading: boolean;
  onRetry(): void;
  onAnother(): void;
}

function Receipt({ receipt, name, files, uploading, onRetry, onAnother }: ReceiptProps) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState(false);
  const link = receipt.token ? `${location.origin}${location.pathname}${paths.status(receipt.token)}` : undefined;

  useEffect(() => {
    heading.current?.focus();
  }, []);

  return (
    <div class="portal-page">
      <div class="portal-card portal-receipt" data-testid="request-received">
        <div class="receipt-mark" aria-hidden="true">
          ✓
        </div>
        <h1 tabIndex={-1} ref={heading}>
          {t('portal.received.title', { name })}
        </h1>
        {receipt.number ? (
          <>
            <p class="receipt-number-line">
              {t('portal.received.numberLabel')}{' '}
              <strong class="receipt-number" data-testid="request-number">
                #{receipt.number}
              </strong>
            </p>
            <p>{t('portal.received.body')}</p>
          </>
        ) : (
          <p>{t('portal.received.bodyNoNumber')}</p>
        )}
        {receipt.token && files.length ? <ReceiptFiles files={files} uploading={uploading} token={receipt.token} onRetry={onRetry} /> : null}
        {link && receipt.token ? (
          <div class="private-link" data-testid="private-link-box">
            <label class="field-label" for="private-link">
              {t('portal.received.linkLabel')}
            </label>
            <div class="private-link-row">
              <input id="private-link" data-testid="private-link" type="text" readOnly value={link} aria-describedby="private-link-hint" onFocus={(e) => e.currentTarget.select()} />
              <button
                type="button"
                class="button button-quiet"
                data-testid="copy-link"
                onClick={() => {
                  void navigator.clipboard?.writeText(link).then(
                    () => setCopied(true),
                    () => setCopied(false),
                  );
                }}
              >
                {copied ? t('portal.received.copied') : t('portal.received.copy')}
              </button>
            </div>
            <p class="private-link-hint" id="private-link-hint" data-testid="private-link-hint">
              <strong>{t('portal.received.keepIt')}</strong> {t('portal.received.keepItBody')}
            </p>
          </div>
        ) : null}
        <div class="portal-actions">
          {receipt.token ? (
            <a class="button button-primary" href={paths.status(receipt.token)} data-testid="open-status">
              {t('portal.received.open')}
            </a>
          ) : null}
          <button type="button" class="button button-quiet" data-testid="request-another" onClick={onAnother}>
            {t('portal.received.another')}
          </button>
        </div>
      </div>
    </div>
  );
}

/** Which files arrived; when some did not, the request itself is safe and they can follow. */
function ReceiptFiles({ files, uploading, token, onRetry }: { files: PendingFile[]; uploading: boolean; token: string; onRetry(): void }) {
  const { t, language } = useI18n();
  const failed = !uploading && files.some((f) => f.state === 'failed');
  return (
    <div class="receipt-files" data-testid="receipt-files" data-state={uploading ? 'uploading' : failed ? 'failed' : 'done'}>
      <h2 class="receipt-files-title">{t('portal.received.files')}</h2>
      <ul>
        {files.map((f) => (
          <li key={f.key} class={`receipt-file receipt-file-${f.state}`} data-testid="receipt-file" data-name={f.file.name} data-state={f.state}>
            <span class="receipt-file-mark" aria-hidden="true">
              {f.state === 'uploaded' ? '✓' : f.state === 'failed' ? '!' : '…'}
            </span>
            <span class="file-name" translate={false}>
              {f.file.name}
            </span>
            <span class="file-size">{formatSize(f.file.size, language)}</span>
            <span class="receipt-file-state">{f.state === 'uploaded' ? t('portal.file.arrived') : f.state === 'failed' ? t('portal.file.failed') : t('attach.uploading')}</span>
          </li>
        ))}
      </ul>
      <p class="visually-hidden" role="status">
        {uploading ? t('portal.received.filesUploading') : failed ? '' : t('portal.received.filesDone')}
      </p>
      {failed ? (
        <div class="receipt-files-failed" role="alert" data-testid="receipt-files-failed">
          <p>{t('portal.received.filesFailed')}</p>
          <div class="portal-actions">
            <button type="button" class="button button-quiet" data-testid="receipt-files-retry" onClick={onRetry}>
              {t('app.retry')}
            </button>
            <a class="button button-quiet" href={paths.status(token)} data-testid="receipt-files-status">
              {t('portal.received.filesLater')}
            </a>
          </div>
        </div>
      ) : null}
    </div>
  );
}
