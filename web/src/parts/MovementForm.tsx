import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Location, Part, StockMovement } from '../api/parts.ts';
import { listParts, postMovement } from '../api/parts.ts';
import { ApiError, NETWORK_ERROR_CODE } from '../api/errors.ts';
import { useApp } from '../app-context.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { FormField } from '../components/FormField.tsx';
import { useI18n } from '../i18n/context.tsx';
import { paths } from '../router.ts';
import type { DraftProblems, MovementDraft } from './movement-form.ts';
import { FORM_KINDS, SubmissionIds, checkDraft, draftFrom, needsFrom, needsTo, requestOf } from './movement-form.ts';
import { useLocationName } from './PartsBits.tsx';
import { nameIn, usePartsText } from './parts-text.ts';

type Outcome = { state: 'idle' } | { state: 'saving' } | { state: 'done'; movement: StockMovement & { replayed: boolean } } | { state: 'failed'; error: unknown };
/** Field problems said by the server in its own words (it has the last say). */
type ServerProblems = Partial<Record<keyof DraftProblems, string>>;

/** Receive, transfer or scrap stock; each submission carries one idempotency id, reused if it is sent again. */
export function MovementForm({ prefill, locations }: { prefill: Record<string, string>; locations: Location[] | undefined }) {
  const { api } = useApp();
  const { language } = useI18n();
  const tp = usePartsText();
  const locationName = useLocationName(locations);
  const ids = useMemo(() => new SubmissionIds(), []);
  const [draft, setDraft] = useState<MovementDraft>(() => draftFrom(prefill));
  const [problems, setProblems] = useState<DraftProblems>({});
  const [serverProblems, setServerProblems] = useState<ServerProblems>({});
  const [outcome, setOutcome] = useState<Outcome>({ state: 'idle' });
  const [catalog, setCatalog] = useState<Part[]>([]);
  const result = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // Suggestions only (the first 100 SKUs); any SKU can be typed.
    listParts(api, undefined, 100).then((page) => setCatalog(page.items), () => {});
  }, [api]);
  useEffect(() => {
    if (outcome.state === 'done' || outcome.state === 'failed') result.current?.focus();
  }, [outcome.state]);

  const set = (change: Partial<MovementDraft>) => {
    setDraft((d) => ({ ...d, ...change }));
    setProblems({});
    setServerProblems({});
    if (outcome.state === 'done' || outcome.state === 'failed') setOutcome({ state: 'idle' });
  };

  async function submit(e: Event) {
    e.preventDefault();
    if (outcome.state === 'saving') return;
    const found = checkDraft(draft);
    setProblems(found);
    setServerProblems({});
    if (Object.keys(found).length) return;
    setOutcome({ state: 'saving' });
    try {
      const movement = await postMovement(api, requestOf(draft, ids.idFor(draft)));
      ids.settled();
      setOutcome({ state: 'done', movement });
    } catch (error) {
      // A network failure keeps the id: sending again cannot move the stock twice.
      if (error instanceof ApiError && error.code !== NETWORK_ERROR_CODE) ids.settled();
      setServerProblems(serverProblemsOf(error));
      setOutcome({ state: 'failed', error });
    }
  }

  function serverProblemsOf(error: unknown): ServerProblems {
    if (!(error instanceof ApiError)) return {};
    if (error.code === 'INSUFFICIENT_STOCK') {
      const d = error.details as { available?: number; requested?: number; locationId?: string };
      return { qty: tp('parts.move.insufficient', { available: d.available ?? 0, requested: d.requested ?? draft.qty, location: locationName(d.locationId ?? draft.from) }) };
    }
    const out: ServerProblems = {};
    for (const f of error.fields) if (f.path === 'sku' || f.path === 'qty' || f.path === 'from' || f.path === 'to') out[f.path] = f.message;
    return out;
  }

  const problemOf = (field: keyof DraftProblems) => serverProblems[field] ?? (problems[field] ? tp(problems[field]!) : undefined);
  const fieldErrorsShown = Object.keys(serverProblems).length > 0;
  const locationOptions = (
    <>
      <option value="">{tp('parts.move.choose')}</option>
      {(locations ?? []).map((l) => (
        <option key={l.id} value={l.id}>
          {nameIn(language, l.name)}
        </option>
      ))}
    </>
  );

  return (
    <div class="parts-move">
      <p class="muted parts-intro">{tp('parts.move.intro')}</p>
      <div ref={result} tabIndex={-1}>
        {outcome.state === 'done' ? (
          <Done movement={outcome.movement} locationName={locationName} onAnother={() => set({ qty: '1' })} />
        ) : outcome.state === 'failed' && !fieldErrorsShown ? (
          error404(outcome.error) ? (
            <div class="banner banner-error" role="alert" data-testid="move-error">
              {tp('parts.move.unknown')}
            </div>
          ) : (
            <ErrorBanner error={outcome.error} />
          )
        ) : null}
      </div>
      <form class="form card parts-move-form" data-testid="move-form" noValidate onSubmit={(e) => void submit(e)}>
        <fieldset class="parts-kinds">
          <legend class="field-label">{tp('parts.move.kind')}</legend>
          {FORM_KINDS.map((kind) => (
            <label key={kind} class="check-label parts-kind">
              <input type="radio" name="kind" value={kind} checked={draft.kind === kind} data-testid={`move-kind-${kind}`} onChange={() => set({ kind })} />
              {tp(`parts.move.kind.${kind}`)}
            </label>
          ))}
        </fieldset>
        <div class="field-row field-row-even">
          <FormField id="move-sku" label={tp('parts.move.sku')} required error={problemOf('sku')} hint={tp('parts.move.skuHint')}>
            {(describedBy) => (
              <input
                id="move-sku"
                type="text"
                list="move-sku-options"
                autoComplete="off"
                spellcheck={false}
                value={draft.sku}
                aria-describedby={describedBy}
                aria-invalid={problemOf('sku') ? 'true' : undefined}
                data-testid="move-sku"
                onInput={(e) => set({ sku: e.currentTarget.value.toUpperCase() })}
              />
            )}
          </FormField>
          <FormField id="move-qty" label={tp('parts.move.qty')} required error={problemOf('qty')}>
            {(describedBy) => (
              <input
                id="move-qty"
                type="text"
                inputMode="numeric"
                value={draft.qty}
                aria-describedby={describedBy}
                aria-invalid={problemOf('qty') ? 'true' : undefined}
                data-testid="move-qty"
                onInput={(e) => set({ qty: e.currentTarget.value.trim() })}
              />
            )}
          </FormField>
        </div>
        <datalist id="move-sku-options">
          {catalog.map((p) => (
            <option key={p.sku} value={p.sku}>
              {nameIn(language, p.name)}
            </option>
          ))}
        </datalist>
        <div class="field-row field-row-even">
          {needsFrom(draft.kind) ? (
            <FormField id="move-from" label={tp('parts.move.from')} required error={problemOf('from')}>
              {(describedBy) => (
                <select id="move-from" value={draft.from} aria-describedby={describedBy} data-testid="move-from" onChange={(e) => set({ from: e.currentTarget.value })}>
                  {locationOptions}
                </select>
              )}
            </FormField>
          ) : null}
          {needsTo(draft.kind) ? (
            <FormField id="move-to" label={tp('parts.move.to')} required error={problemOf('to')}>
              {(describedBy) => (
                <select id="move-to" value={draft.to} aria-describedby={describedBy} data-testid="move-to" onChange={(e) => set({ to: e.currentTarget.value })}>
                  {locationOptions}
                </select>
              )}
            </FormField>
          ) : null}
        </div>
        <div class="form-actions">
          <button type="submit" class="button button-primary" data-testid="move-submit" disabled={outcome.state === 'saving'}>
            {outcome.state === 'saving' ? tp('parts.move.saving') : tp('parts.move.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}

const error404 = (error: unknown) => error instanceof ApiError && error.status === 404;

/** What was recorded and what is available now where it moved, with the links to go on from there. */
function Done({ movement, locationName, onAnother }: { movement: StockMovement & { replayed: boolean }; locationName(id: string): string; onAnother(): void }) {
  const tp = usePartsText();
  const levels = movement.levels.map((l) => `${locationName(l.locationId)} ${l.available}`).join(', ');
  return (
    <div class="banner banner-success" role="status" data-testid="move-done" data-replayed={String(movement.replayed)}>
      <div class="banner-body">
        <strong class="banner-title">{tp('parts.move.done', { movement: tp(`parts.kind.${movement.kind}`), qty: movement.qty, part: movement.sku })}</strong>
        {movement.replayed ? <p>{tp('parts.move.replayed')}</p> : null}
        <p data-testid="move-levels">{tp('parts.move.levels', { levels })}</p>
        {movement.belowSafety?.length ? (
          <p data-testid="move-below">
            <span aria-hidden="true">▼ </span>
            {tp('parts.move.belowSafety', { locations: movement.belowSafety.map(locationName).join(', ') })}
          </p>
        ) : null}
        <p class="parts-actions">
          {movement.levels.map((l) => (
            <a key={l.locationId} href={paths.ledger(l.locationId, movement.sku)} data-testid="move-ledger-link">
              {tp('parts.ledger.title', { part: movement.sku, location: locationName(l.locationId) })}
            </a>
          ))}
          <button type="button" class="button button-quiet button-small" onClick={onAnother}>
            {tp('parts.move.another')}
          </button>
        </p>
      </div>
    </div>
  );
}
