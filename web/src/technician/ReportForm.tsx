import { useEffect, useMemo, useState } from 'preact/hooks';
import type { MyTechnician, VanPart, WorkOrder } from '../api/jobs.ts';
import { listMyJobs, vanStock } from '../api/jobs.ts';
import { useApp } from '../app-context.ts';
import { fetchCached } from '../data/cache.ts';
import { useI18n } from '../i18n/context.tsx';
import { userTimeZone } from '../i18n/format.ts';
import type { TechMessageKey } from '../i18n/tech-en.ts';
import type { StepResult } from './JobPage.tsx';
import type { PartLine, ReportDraft, ReportProblem } from './jobs-view.ts';
import { beyondVan, dayRange, partLine, partLinesFrom, partsUsed, reportProblems } from './jobs-view.ts';
import { useTechText } from './tech-text.ts';
import type { Photo } from './uploads.ts';
import { usePhotoUploads } from './uploads.ts';

interface SavedDraft {
  diagnosis: string;
  workDone: string;
  parts: { sku: string; qty: string }[];
  photos: { id: string; name: string }[];
}

const draftKey = (orderId: string) => `loopdesk.tech.report.${orderId}`;

/** The report as typed so far, kept on the phone: a reload, a dead battery or a lost signal loses nothing. */
function readDraft(orderId: string): SavedDraft | undefined {
  try {
    const raw = localStorage.getItem(draftKey(orderId));
    return raw ? (JSON.parse(raw) as SavedDraft) : undefined;
  } catch {
    return undefined;
  }
}

function writeDraft(orderId: string, draft: SavedDraft | undefined): void {
  try {
    if (draft) localStorage.setItem(draftKey(orderId), JSON.stringify(draft));
    else localStorage.removeItem(draftKey(orderId));
  } catch {
    // Storage full or blocked: the form still holds everything while the page is open.
  }
}

/** Who I am as a technician (my van), read once per session from my jobs. */
function myTechnician(api: ReturnType<typeof useApp>['api']): Promise<MyTechnician> {
  return fetchCached(api, 'me.technician', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const { from, to } = dayRange(today, userTimeZone());
    return (await listMyJobs(api, from, to)).technician;
  });
}

const PROBLEM_TEXT: Record<ReportProblem, TechMessageKey> = {
  required: 'tech.form.required',
  qty: 'tech.form.qty',
  sku: 'tech.form.sku',
  twice: 'tech.form.twice',
};

/**
 * The service report, filled on site: diagnosis, work done, parts used from my van (the expected
 * ones filled in to correct), photos taken with the camera and uploaded one by one as they are
 * taken. "Check out" sends it with where the phone is.
 */
export function ReportForm({ order, busy, onCheckOut }: { order: WorkOrder; busy?: 'locating' | 'saving'; onCheckOut(report: { diagnosis: string; workDone: string; photoIds: string[]; partsUsed: { sku: string; qty: number }[] }): Promise<StepResult> }) {
  const tt = useTechText();
  const { language } = useI18n();
  const { api } = useApp();
  const [saved] = useState(() => readDraft(order.id));
  const [draft, setDraft] = useState<ReportDraft>(() => ({
    diagnosis: saved?.diagnosis ?? '',
    workDone: saved?.workDone ?? '',
    parts: saved ? saved.parts.map((p) => partLine(p.sku, p.qty)) : partLinesFrom(order.partsExpected),
  }));
  const uploads = usePhotoUploads(api, order.id, saved?.photos ?? []);
  /** ready: my van's stock suggests parts; typed: a van, but its stock cannot be read; noVan: parts cannot be recorded. */
  const [van, setVan] = useState<{ id?: string; parts?: VanPart[]; state: 'loading' | 'ready' | 'typed' | 'noVan' }>({ state: 'loading' });
  const [showProblems, setShowProblems] = useState(false);
  const [blocked, setBlocked] = useState<TechMessageKey>();
  const [serverFields, setServerFields] = useState<{ path: string; message: string }[]>([]);

  useEffect(() => {
    let live = true;
    myTechnician(api)
      .then(async (me) => {
        if (!me.vanLocationId) return live && setVan({ state: 'noVan' });
        const parts = await vanStock(api, me.vanLocationId);
        if (live) setVan(parts ? { id: me.vanLocationId, parts, state: 'ready' } : { id: me.vanLocationId, state: 'typed' });
      })
      .catch(() => live && setVan({ state: 'typed' }));
    return () => {
      live = false;
    };
  }, [api]);

  const photosDone = uploads.photos.filter((p) => p.state === 'done' && p.attachmentId).map((p) => ({ id: p.attachmentId!, name: p.name }));
  useEffect(() => {
    writeDraft(order.id, { diagnosis: draft.diagnosis, workDone: draft.workDone, parts: draft.parts.map(({ sku, qty }) => ({ sku, qty })), photos: photosDone });
  }, [draft, photosDone.map((p) => p.id).join()]);

  const available = useMemo(() => (van.parts ? new Map(van.parts.map((p) => [p.sku, p.available])) : undefined), [van.parts]);
  // Without a van, parts used cannot be issued from anywhere: the lines are not shown nor sent.
  const withParts = van.state !== 'noVan';
  const problems = reportProblems(withParts ? draft : { ...draft, parts: [] });
  const shown = showProblems ? problems : {};

  function set<K extends keyof ReportDraft>(key: K, value: ReportDraft[K]) {
    setDraft((d) => ({ ...d, [key]: value }));
    setBlocked(undefined);
  }

  function setLine(key: number, change: Partial<PartLine>) {
    set(
      'parts',
      draft.parts.map((l) => (l.key === key ? { ...l, ...change } : l)),
    );
  }

  async function submit(e: Event) {
    e.preventDefault();
    setShowProblems(true);
    setServerFields([]);
    if (Object.keys(problems).length) {
      setBlocked('tech.form.fix');
      const first = Object.keys(problems)[0]!;
      document.getElementById(`report-${first}`)?.focus();
      return;
    }
    if (uploads.busy) return setBlocked('tech.photos.wait');
    if (uploads.photos.some((p) => p.state === 'failed')) return setBlocked('tech.photos.failedBlock');
    setBlocked(undefined);
    const result = await onCheckOut({ diagnosis: draft.diagnosis.trim(), workDone: draft.workDone.trim(), photoIds: uploads.ids, partsUsed: withParts ? partsUsed(draft.parts) : [] });
    if (result.ok) writeDraft(order.id, undefined);
    else if (result.fields) setServerFields(result.fields);
  }

  const text = (key: string) => (shown[key] ? tt(PROBLEM_TEXT[shown[key]]) : undefined);

  return (
    <form class="tech-card report-form" data-testid="report-form" noValidate onSubmit={(e) => void submit(e)}>
      <h2 class="tech-section-title">{tt('tech.report.title')}</h2>
      <p class="muted tech-hint">{tt('tech.report.intro')}</p>

      <TextArea id="report-diagnosis" label={tt('tech.report.diagnosis')} value={draft.diagnosis} error={text('diagnosis')} onInput={(v) => set('diagnosis', v)} />
      <TextArea id="report-workDone" label={tt('tech.report.workDone')} value={draft.workDone} error={text('workDone')} onInput={(v) => set('workDone', v)} />

      <fieldset class="tech-fieldset" data-testid="report-parts">
        <legend class="field-label">{tt('tech.report.parts')}</legend>
        <p class="muted tech-hint" data-testid="van-state" data-state={van.state}>
          {van.state === 'ready' ? tt('tech.van.ready', { van: van.id ?? '' }) : van.state === 'loading' ? tt('tech.loading') : van.state === 'noVan' ? tt('tech.van.noVan') : tt('tech.van.none')}
        </p>
        {van.parts?.length ? (
          <datalist id="van-parts">
            {van.parts.map((p) => (
              <option key={p.sku} value={p.sku}>
                {tt('tech.van.option', { name: p.name ?? p.sku, count: p.available })}
              </option>
            ))}
          </datalist>
        ) : null}
        {withParts ? (
          <>
            <ul class="part-lines">
              {draft.parts.map((line, i) => {
                const skuError = text(`part-${line.key}-sku`);
                const qtyError = text(`part-${line.key}-qty`);
                const have = beyondVan(line, available);
                return (
                  <li key={line.key} class="part-line" data-testid="part-line">
                    <label class="part-sku">
                      <span class="visually-hidden">{tt('tech.part.sku', { n: i + 1 })}</span>
                      <input
                        id={`report-part-${line.key}-sku`}
                        class="tech-input"
                        value={line.sku}
                        placeholder={tt('tech.part.skuPlaceholder')}
                        list={van.parts?.length ? 'van-parts' : undefined}
                        autocapitalize="characters"
                        autocomplete="off"
                        aria-invalid={skuError ? 'true' : undefined}
                        data-testid="part-sku"
                        onInput={(e) => setLine(line.key, { sku: e.currentTarget.value })}
                      />
                    </label>
                    <label class="part-qty">
                      <span class="visually-hidden">{tt('tech.part.qty', { n: i + 1 })}</span>
                      <input
                        id={`report-part-${line.key}-qty`}
                        class="tech-input"
                        value={line.qty}
                        inputMode="numeric"
                        pattern="[0-9]*"
                        placeholder={tt('tech.part.qtyPlaceholder')}
                        aria-invalid={qtyError ? 'true' : undefined}
                        data-testid="part-qty"
                        onInput={(e) => setLine(line.key, { qty: e.currentTarget.value })}
                      />
                    </label>
                    <button
                      type="button"
                      class="button button-quiet tech-icon-button"
                      aria-label={tt('tech.part.remove', { n: i + 1 })}
                      data-testid="part-remove"
                      onClick={() => set('parts', draft.parts.filter((l) => l.key !== line.key))}
                    >
                      ×
                    </button>
                    {skuError || qtyError ? <p class="field-error part-error">{[skuError, qtyError].filter(Boolean).join(' ')}</p> : null}
                    {have !== undefined && !qtyError ? <p class="tech-warn part-error">{tt('tech.van.beyond', { count: have })}</p> : null}
                  </li>
                );
              })}
            </ul>
            <button type="button" class="button button-quiet tech-button" data-testid="part-add" onClick={() => set('parts', [...draft.parts, partLine()])}>
              + {tt('tech.part.add')}
            </button>
          </>
        ) : null}
      </fieldset>

      <fieldset class="tech-fieldset" data-testid="report-photos">
        <legend class="field-label">{tt('tech.report.photos')}</legend>
        <ul class="photo-list">
          {uploads.photos.map((photo) => (
            <PhotoItem key={photo.key} photo={photo} language={language} onRetry={() => uploads.retry(photo.key)} onRemove={() => uploads.remove(photo.key)} />
          ))}
        </ul>
        <span class="file-picker">
          <input
            id="report-photo-input"
            type="file"
            accept="image/*"
            capture="environment"
            multiple
            class="visually-hidden file-input"
            data-testid="photo-input"
            onChange={(e) => {
              const files = e.currentTarget.files ? [...e.currentTarget.files] : [];
              e.currentTarget.value = '';
              void uploads.add(files);
            }}
          />
          <label for="report-photo-input" class="button button-quiet tech-button photo-take" data-testid="photo-take">
            <span class="camera-icon" aria-hidden="true" />
            {tt('tech.photos.take')}
          </label>
        </span>
      </fieldset>

      {serverFields.length ? (
        <ul class="field-error tech-server-fields" role="alert" data-testid="report-server-errors">
          {serverFields.map((f) => (
            <li key={f.path}>{f.message}</li>
          ))}
        </ul>
      ) : null}
      {blocked ? (
        <p class="tech-said tech-said-warn" role="alert" data-testid="report-blocked">
          <span class="tech-said-icon" aria-hidden="true" />
          {tt(blocked)}
        </p>
      ) : null}
      <button type="submit" class="button button-primary tech-button tech-button-big" data-testid="check-out" disabled={!!busy}>
        {busy === 'locating' ? tt('tech.locating') : busy === 'saving' ? tt('tech.saving') : tt('tech.action.checkOut')}
      </button>
      <p class="muted tech-hint">{tt('tech.hint.checkOut')}</p>
    </form>
  );
}

function TextArea({ id, label, value, error, onInput }: { id: string; label: string; value: string; error?: string; onInput(value: string): void }) {
  const tt = useTechText();
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={id} class="field-label">
        {label}
        <span class="field-required">
          <span aria-hidden="true">*</span>
          <span class="visually-hidden">{tt('tech.form.requiredMark')}</span>
        </span>
      </label>
      <textarea
        id={id}
        class="tech-textarea"
        rows={3}
        maxLength={4000}
        value={value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        data-testid={id}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

function PhotoItem({ photo, language, onRetry, onRemove }: { photo: Photo; language: string; onRetry(): void; onRemove(): void }) {
  const tt = useTechText();
  const percent = Math.round(photo.progress * 100);
  return (
    <li class={`photo-item photo-${photo.state}`} data-testid="photo" data-state={photo.state}>
      {photo.preview ? <img class="photo-thumb" src={photo.preview} alt="" /> : <span class="photo-thumb photo-thumb-empty" aria-hidden="true" />}
      <div class="photo-body">
        <span class="photo-name" translate={false}>
          {photo.name}
        </span>
        <span class="photo-state" data-testid="photo-state">
          <span class="photo-state-icon" aria-hidden="true" />
          {photo.state === 'uploading'
            ? tt('tech.photos.uploading', { percent: new Intl.NumberFormat(language).format(percent) })
            : photo.state === 'failed' || photo.state === 'refused'
              ? tt(`tech.photos.problem.${photo.problem ?? 'network'}`)
              : tt(`tech.photos.state.${photo.state}`)}
        </span>
        {photo.state === 'uploading' ? (
          <progress class="photo-progress" max={100} value={percent} aria-label={tt('tech.photos.progress', { name: photo.name })} />
        ) : null}
      </div>
      <div class="photo-actions">
        {photo.state === 'failed' ? (
          <button type="button" class="button button-primary tech-button-compact" data-testid="photo-retry" onClick={onRetry}>
            {tt('tech.photos.retry')}
          </button>
        ) : null}
        <button
          type="button"
          class="button button-quiet tech-icon-button"
          aria-label={tt('tech.photos.remove', { name: photo.name })}
          data-testid="photo-remove"
          disabled={photo.state === 'uploading'}
          onClick={onRemove}
        >
          ×
        </button>
      </div>
    </li>
  );
}
