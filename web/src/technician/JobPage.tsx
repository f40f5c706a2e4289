import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/errors.ts';
import type { ProgressInput, VersionedOrder, WorkOrder } from '../api/jobs.ts';
import { getWorkOrder, pendingOffer, progress } from '../api/jobs.ts';
import { useApp } from '../app-context.ts';
import { PriorityBadge } from '../components/Badge.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { useI18n } from '../i18n/context.tsx';
import { userTimeZone } from '../i18n/format.ts';
import type { TechMessageKey } from '../i18n/tech-en.ts';
import { paths } from '../router.ts';
import { JobStatusBadge, OfferActions, TimeLeftBadge } from './bits.tsx';
import type { LocationOutcome } from './geolocation.ts';
import { currentLocation } from './geolocation.ts';
import { VISIT_FLOW, dayIn, flowState, formatDayLong, formatSpan, jobStart, mapsLink, nextStep } from './jobs-view.ts';
import { ReportForm } from './ReportForm.tsx';
import { SignOff } from './SignOff.tsx';
import { useTechText } from './tech-text.ts';

type Load = { state: 'loading' } | { state: 'loaded' } | { state: 'failed'; error: unknown };

/** What a step's caller learns: done, or refused with the fields to mark. */
export type StepResult = { ok: true; order: WorkOrder } | { ok: false; fields?: { path: string; message: string }[] };
export type RunStep = (step: ProgressInput) => Promise<StepResult>;

/** A line said after a step (or a reload), kept until the next one. */
type Said = { tone: 'info' | 'warn'; key: TechMessageKey; params?: Record<string, string | number> };

/** Codes after which what the page shows is out of date: it reads the job again and says so. */
const STALE = new Set(['CONFLICT', 'VERSION_CONFLICT', 'INVALID_TRANSITION', 'NOT_FOUND']);

/**
 * One job on the phone: what, where (with a map link), when, which parts; and one big action for
 * where the visit stands: start travel, check in, the service report and check-out, the
 * customer's signature. A step refused because the job changed elsewhere reloads it and says so;
 * a step that fails for the network keeps everything typed.
 */
export function JobPage({ id }: { id: string }) {
  const tt = useTechText();
  const { api } = useApp();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [current, setCurrent] = useState<VersionedOrder>();
  const [busy, setBusy] = useState<'locating' | 'saving'>();
  const [failure, setFailure] = useState<unknown>();
  const [said, setSaid] = useState<Said>();
  const shown = useRef(0);

  function accept(next: VersionedOrder) {
    if (next.order.version < shown.current) return;
    shown.current = next.order.version;
    setCurrent(next);
  }

  async function reload(): Promise<void> {
    try {
      const fresh = await getWorkOrder(api, id);
      shown.current = fresh.order.version;
      setCurrent(fresh);
      setLoad({ state: 'loaded' });
    } catch (error) {
      setFailure(error);
    }
  }

  useEffect(() => {
    let live = true;
    getWorkOrder(api, id).then(
      (fresh) => {
        if (!live) return;
        shown.current = fresh.order.version;
        setCurrent(fresh);
        setLoad({ state: 'loaded' });
      },
      (error: unknown) => live && setLoad({ state: 'failed', error }),
    );
    return () => {
      live = false;
    };
  }, [api, id]);

  const order = current?.order;
  useEffect(() => {
    if (order) document.title = `${order.summary} · #${order.ticketNumber}`;
  }, [order?.summary, order?.ticketNumber]);

  const run: RunStep = async (step) => {
    if (!current) return { ok: false };
    setBusy('saving');
    setFailure(undefined);
    try {
      const next = await progress(api, id, current.etag, step);
      accept(next);
      return { ok: true, order: next.order };
    } catch (error) {
      if (error instanceof ApiError && STALE.has(error.code)) {
        await reload();
        setSaid({ tone: 'warn', key: error.code === 'INVALID_TRANSITION' ? 'tech.step.moved' : 'tech.step.conflict' });
        return { ok: false };
      }
      if (error instanceof ApiError && error.fields.length) return { ok: false, fields: error.fields };
      setFailure(error);
      return { ok: false };
    } finally {
      setBusy(undefined);
    }
  };

  /** Asks the phone where it is, then runs the step with (or, said so, without) the position. */
  async function withLocation(make: (location: LocationOutcome) => ProgressInput, done: TechMessageKey): Promise<StepResult> {
    setBusy('locating');
    setSaid(undefined);
    const outcome = await currentLocation();
    const result = await run(make(outcome));
    if (result.ok) {
      setSaid(
        'location' in outcome
          ? { tone: 'info', key: done, params: { accuracy: outcome.location.accuracyM ?? '?' } }
          : { tone: 'warn', key: `tech.location.${outcome.problem}` },
      );
    }
    return result;
  }

  if (load.state === 'failed') {
    return (
      <div class="page tech-page">
        <a class="back-link tech-back" href={paths.jobs()}>
          ← {tt('tech.backToJobs')}
        </a>
        <ErrorBanner error={load.error} />
      </div>
    );
  }
  if (!order || !current) {
    return (
      <p class="muted page-loading" role="status">
        {tt('tech.loading')}
      </p>
    );
  }

  const offer = pendingOffer(order, undefined);
  const step = nextStep(order.status);

  return (
    <div class="page tech-page job-page" data-testid="job-page" data-status={order.status} data-version={order.version}>
      <a class="back-link tech-back" href={paths.jobs()} data-testid="back-to-jobs">
        ← {tt('tech.backToJobs')}
      </a>
      <div class="job-head">
        <JobStatusBadge status={order.status} />
        <span class="muted" data-testid="job-ticket">
          {tt('tech.ticketNumber', { number: order.ticketNumber })}
        </span>
      </div>
      <PageHeading testId="job-title">{order.summary}</PageHeading>

      {VISIT_FLOW.includes(order.status as (typeof VISIT_FLOW)[number]) ? <VisitLine order={order} /> : null}

      {said ? (
        <p class={`tech-said tech-said-${said.tone}`} role="status" data-testid="job-said" data-key={said.key}>
          <span class="tech-said-icon" aria-hidden="true" />
          {tt(said.key, said.params)}
        </p>
      ) : null}
      {failure ? <ErrorBanner error={failure} onDismiss={() => setFailure(undefined)} /> : null}

      {offer ? (
        <section class="tech-card tech-action-card" data-testid="job-offer">
          <div class="job-card-top">
            <h2 class="tech-section-title">{tt('tech.offer.title')}</h2>
            <TimeLeftBadge offer={offer} />
          </div>
          <OfferActions order={order} offer={offer} onAnswered={(result) => (result ? accept(result) : void reload())} />
        </section>
      ) : null}

      {step === 'start_travel' || step === 'check_in' ? (
        <section class="tech-card tech-action-card" data-testid="job-action">
          <button
            type="button"
            class="button button-primary tech-button tech-button-big"
            data-testid={step === 'start_travel' ? 'start-travel' : 'check-in'}
            disabled={!!busy}
            onClick={() =>
              step === 'start_travel'
                ? void run({ step: 'start_travel' }).then((r) => r.ok && setSaid({ tone: 'info', key: 'tech.travel.started' }))
                : void withLocation((o) => ({ step: 'check_in', ...('location' in o ? { location: o.location } : {}) }), 'tech.checkIn.done')
            }
          >
            {busy === 'locating' ? tt('tech.locating') : busy === 'saving' ? tt('tech.saving') : tt(step === 'start_travel' ? 'tech.action.startTravel' : 'tech.action.checkIn')}
          </button>
          {step === 'start_travel' ? (
            // Already at the door (the job is next door, or travel was not recorded): check in directly.
            <button
              type="button"
              class="button button-quiet tech-button"
              data-testid="check-in-direct"
              disabled={!!busy}
              onClick={() => void withLocation((o) => ({ step: 'check_in', ...('location' in o ? { location: o.location } : {}) }), 'tech.checkIn.done')}
            >
              {tt('tech.action.checkInDirect')}
            </button>
          ) : null}
          <p class="muted tech-hint">{tt(step === 'start_travel' ? 'tech.hint.startTravel' : 'tech.hint.checkIn')}</p>
        </section>
      ) : null}

      {step === 'check_out' ? (
        <ReportForm
          order={order}
          busy={busy}
          onCheckOut={(report) =>
            withLocation((o) => ({ step: 'check_out', report, ...('location' in o ? { location: o.location } : {}) }), 'tech.checkOut.done')
          }
        />
      ) : null}

      {step === 'sign_off' ? <SignOff order={order} busy={!!busy} run={run} onSigned={() => setSaid({ tone: 'info', key: 'tech.signOff.done' })} /> : null}

      <JobDetails order={order} />
      {order.report ? <ReportSummary order={order} /> : null}
    </div>
  );
}

/** The visit as five steps, each marked done (tick), current (filled) or to come (hollow) in text and shape. */
function VisitLine({ order }: { order: WorkOrder }) {
  const tt = useTechText();
  return (
    <ol class="visit-line" data-testid="visit-line" aria-label={tt('tech.visit.label')}>
      {VISIT_FLOW.map((s) => {
        const state = flowState(order.status, s);
        return (
          <li key={s} class={`visit-step visit-step-${state}`} data-state={state} aria-current={state === 'current' ? 'step' : undefined}>
            <span class="visit-dot" aria-hidden="true" />
            <span class="visit-label">{tt(`tech.status.${s}`)}</span>
            <span class="visually-hidden"> ({tt(`tech.visit.${state}`)})</span>
          </li>
        );
      })}
    </ol>
  );
}

function JobDetails({ order }: { order: WorkOrder }) {
  const tt = useTechText();
  const { language, formatDate } = useI18n();
  const zone = userTimeZone();
  const offerStart = order.status === 'offered' ? order.dispatch?.offers.at(-1)?.start : undefined;
  const start = order.scheduledStart ?? offerStart;
  const end = order.scheduledEnd ?? (start ? new Date(Date.parse(start) + order.estimatedMinutes * 60_000).toISOString() : undefined);
  const maps = mapsLink(order.location, order.address, navigator.userAgent);
  return (
    <section class="tech-card" data-testid="job-details">
      <dl class="tech-facts">
        <dt>{tt('tech.when')}</dt>
        <dd data-testid="job-when">
          {start ? (
            <>
              <strong>{formatSpan(jobStart(order), end, language, zone)}</strong>
              <span class="muted"> · {formatDayLong(dayIn(start, zone), language)}</span>
            </>
          ) : (
            tt('tech.notScheduled')
          )}
          <br />
          <span class="muted">
            {tt('tech.window', { span: formatSpan(order.window.start, order.window.end, language, zone) })} · {tt('tech.estimate', { minutes: order.estimatedMinutes })}
          </span>
        </dd>
        <dt>{tt('tech.where')}</dt>
        <dd>
          <span class="job-address" translate={false} data-testid="job-address">
            {order.address}
          </span>
          <a class="button button-quiet tech-button maps-link" href={maps} target="_blank" rel="noopener noreferrer" data-testid="open-maps">
            <span class="maps-pin" aria-hidden="true" />
            {tt('tech.openMaps')}
          </a>
        </dd>
        <dt>{tt('tech.kind')}</dt>
        <dd class="job-meta">
          <span>{tt(`tech.type.${order.type}`)}</span>
          <PriorityBadge priority={order.priority} />
        </dd>
        <dt>{tt('tech.partsExpected')}</dt>
        <dd data-testid="parts-expected">
          {order.partsExpected.length ? (
            <ul class="parts-list">
              {order.partsExpected.map((p) => (
                <li key={p.sku}>
                  <span translate={false}>{p.sku}</span> × {p.qty}
                </li>
              ))}
            </ul>
          ) : (
            <span class="muted">{tt('tech.noParts')}</span>
          )}
        </dd>
        {order.checkIn ? (
          <>
            <dt>{tt('tech.checkedIn')}</dt>
            <dd data-testid="job-checked-in">
              {formatDate(order.checkIn.at)}
              {order.checkIn.location ? null : <span class="muted"> · {tt('tech.withoutLocation')}</span>}
            </dd>
          </>
        ) : null}
        {order.checkOut ? (
          <>
            <dt>{tt('tech.checkedOut')}</dt>
            <dd>
              {formatDate(order.checkOut.at)}
              {order.checkOut.location ? null : <span class="muted"> · {tt('tech.withoutLocation')}</span>}
            </dd>
          </>
        ) : null}
        {order.signOff ? (
          <>
            <dt>{tt('tech.signedOff')}</dt>
            <dd data-testid="job-signed-off">{tt('tech.signedBy', { name: order.signOff.signedBy, time: formatDate(order.signOff.at) })}</dd>
          </>
        ) : null}
        {order.cancelled ? (
          <>
            <dt>{tt('tech.status.cancelled')}</dt>
            <dd>{order.cancelled.reason}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

function ReportSummary({ order }: { order: WorkOrder }) {
  const tt = useTechText();
  const report = order.report!;
  return (
    <section class="tech-card" data-testid="report-summary">
      <h2 class="tech-section-title">{tt('tech.report.title')}</h2>
      <dl class="tech-facts">
        <dt>{tt('tech.report.diagnosis')}</dt>
        <dd class="tech-prose">{report.diagnosis}</dd>
        <dt>{tt('tech.report.workDone')}</dt>
        <dd class="tech-prose">{report.workDone}</dd>
        <dt>{tt('tech.report.parts')}</dt>
        <dd>
          {report.partsUsed.length ? (
            <ul class="parts-list">
              {report.partsUsed.map((p) => (
                <li key={p.sku}>
                  <span translate={false}>{p.sku}</span> × {p.qty}
                </li>
              ))}
            </ul>
          ) : (
            <span class="muted">{tt('tech.noParts')}</span>
          )}
        </dd>
        <dt>{tt('tech.report.photos')}</dt>
        <dd data-testid="report-photo-count">{report.photoIds.length === 1 ? tt('tech.report.photoOne') : tt('tech.report.photoCount', { count: report.photoIds.length })}</dd>
      </dl>
    </section>
  );
}
