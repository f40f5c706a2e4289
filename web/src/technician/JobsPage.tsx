import { useEffect, useRef, useState } from 'preact/hooks';
import type { MyJobs, WorkOrder } from '../api/jobs.ts';
import { listMyJobs } from '../api/jobs.ts';
import { useApp } from '../app-context.ts';
import { PriorityBadge } from '../components/Badge.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { useI18n } from '../i18n/context.tsx';
import { userTimeZone } from '../i18n/format.ts';
import { paths } from '../router.ts';
import { JobStatusBadge, OfferActions, TimeLeftBadge } from './bits.tsx';
import type { DayChoice } from './jobs-view.ts';
import { DAY_CHOICES, dayOf, dayRange, formatDayLong, formatSpan, jobStart, splitJobs } from './jobs-view.ts';
import { useTechText } from './tech-text.ts';

type Load = { state: 'loading' } | { state: 'loaded'; data: MyJobs } | { state: 'failed'; error: unknown; data?: MyJobs };

/** Offers can arrive at any time; the list is read again this often while it is on screen. */
const REFRESH_MS = 60_000;

/**
 * My jobs: offers waiting for my answer on top (with the time left), then the day's booked jobs in
 * time order; yesterday / today / tomorrow. Built for a phone held in one hand.
 */
export function JobsPage({ day: choice = 'today' }: { day?: DayChoice }) {
  const tt = useTechText();
  const { language, today } = useI18n();
  const { api } = useApp();
  const zone = userTimeZone();
  const day = dayOf(choice, today());
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [refreshing, setRefreshing] = useState(false);
  const latest = useRef(0);

  async function read() {
    const call = ++latest.current;
    setRefreshing(true);
    const { from, to } = dayRange(day, zone);
    try {
      const data = await listMyJobs(api, from, to);
      if (call === latest.current) setLoad({ state: 'loaded', data });
    } catch (error) {
      if (call === latest.current) setLoad((prev) => ({ state: 'failed', error, ...(prev.state !== 'loading' && prev.data ? { data: prev.data } : {}) }));
    } finally {
      if (call === latest.current) setRefreshing(false);
    }
  }

  useEffect(() => {
    setLoad({ state: 'loading' });
    void read();
    const timer = setInterval(() => document.visibilityState === 'visible' && void read(), REFRESH_MS);
    const onVisible = () => document.visibilityState === 'visible' && void read();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      latest.current++;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [api, day, zone]);

  const data = load.state === 'loading' ? undefined : load.data;
  const lists = data ? splitJobs(data.jobs, data.technician.id) : undefined;

  return (
    <div class="page tech-page" data-testid="jobs-page">
      <div class="tech-heading-row">
        <PageHeading testId="jobs-title">{tt('tech.jobs.title')}</PageHeading>
        <button type="button" class="button button-quiet tech-button-compact" data-testid="jobs-refresh" disabled={refreshing} onClick={() => void read()}>
          {refreshing ? tt('tech.refreshing') : tt('tech.refresh')}
        </button>
      </div>

      <nav class="day-switch" aria-label={tt('tech.day.label')} data-testid="day-switch">
        {DAY_CHOICES.map((c) => (
          <a key={c} class="day-switch-item" href={paths.jobs(c)} aria-current={c === choice ? 'page' : undefined} data-testid={`day-${c}`}>
            {tt(`tech.day.${c}`)}
          </a>
        ))}
      </nav>
      <p class="muted tech-day-line" data-testid="jobs-day">
        {formatDayLong(day, language)} · {tt('tech.timesIn', { zone })}
      </p>

      {load.state === 'failed' ? <ErrorBanner error={load.error} /> : null}
      {!lists ? (
        load.state === 'loading' ? (
          <p class="muted page-loading" role="status">
            {tt('tech.loading')}
          </p>
        ) : null
      ) : (
        <>
          {lists.offers.length ? (
            <section class="tech-section" aria-labelledby="offers-title" data-testid="offers">
              <h2 class="tech-section-title" id="offers-title">
                {tt('tech.offers.title', { count: lists.offers.length })}
              </h2>
              <ul class="job-list">
                {lists.offers.map(({ order, offer }) => (
                  <li key={order.id} class="job-card job-card-offer" data-testid="offer-card" data-id={order.id}>
                    <div class="job-card-top">
                      <span class="job-time">{formatSpan(offer.start, addMinutes(offer.start, order.estimatedMinutes), language, zone, false)}</span>
                      <TimeLeftBadge offer={offer} />
                    </div>
                    <a class="job-card-title" href={paths.job(order.id)} data-testid="offer-link">
                      {order.summary}
                    </a>
                    <JobFacts order={order} />
                    <p class="job-meta">{tt('tech.offer.distance', { km: formatKm(offer.distanceKm, language) })}</p>
                    <OfferActions order={order} offer={offer} onAnswered={() => void read()} />
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          <section class="tech-section" aria-labelledby="booked-title" data-testid="booked">
            <h2 class="tech-section-title" id="booked-title">
              {tt(`tech.booked.${choice}`)}
            </h2>
            {lists.booked.length === 0 ? (
              <p class="muted tech-empty" data-testid="jobs-empty">
                {tt('tech.jobs.empty')}
              </p>
            ) : (
              <ul class="job-list">
                {lists.booked.map((order) => (
                  <li key={order.id}>
                    <a class="job-card job-card-link" href={paths.job(order.id)} data-testid="job-card" data-id={order.id} data-status={order.status}>
                      <div class="job-card-top">
                        <span class="job-time">{formatSpan(jobStart(order), order.scheduledEnd, language, zone, false)}</span>
                        <JobStatusBadge status={order.status} />
                      </div>
                      <span class="job-card-title">{order.summary}</span>
                      <JobFacts order={order} />
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </div>
  );
}

/** Address, type, priority and ticket number: what decides the order of a day. */
function JobFacts({ order }: { order: WorkOrder }) {
  const tt = useTechText();
  return (
    <>
      <p class="job-address" translate={false}>
        {order.address}
      </p>
      <p class="job-meta">
        <span>{tt(`tech.type.${order.type}`)}</span>
        <PriorityBadge priority={order.priority} />
        <span class="muted">{tt('tech.ticketNumber', { number: order.ticketNumber })}</span>
      </p>
    </>
  );
}

function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

function formatKm(km: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: km < 10 ? 1 : 0 }).format(km);
}
