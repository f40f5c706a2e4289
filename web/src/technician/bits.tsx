import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/errors.ts';
import type { Offer, VersionedOrder, WorkOrder, WorkOrderStatus } from '../api/jobs.ts';
import { answerOffer, errorDetail } from '../api/jobs.ts';
import { useApp } from '../app-context.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { useI18n } from '../i18n/context.tsx';
import { userTimeZone } from '../i18n/format.ts';
import type { TechMessageKey } from '../i18n/tech-en.ts';
import type { TimeLeft } from './jobs-view.ts';
import { formatClock, isUrgent, timeLeft } from './jobs-view.ts';
import { useTechText } from './tech-text.ts';

/**
 * A work order's status as text with an icon whose shape follows the step (hollow circle, arrow,
 * pin, filled circle, tick, cross), so it reads without colour.
 */
export function JobStatusBadge({ status, testId = 'job-status' }: { status: WorkOrderStatus; testId?: string }) {
  const tt = useTechText();
  return (
    <span class={`badge job-status job-status-${status}`} data-testid={testId} data-status={status}>
      <span class="job-status-icon" aria-hidden="true" />
      {tt(`tech.status.${status}`)}
    </span>
  );
}

export function timeLeftText(tt: (key: TechMessageKey, params?: Record<string, string | number>) => string, left: TimeLeft): string {
  switch (left.kind) {
    case 'expired':
      return tt('tech.offer.expired');
    case 'underMinute':
      return tt('tech.offer.leftUnderMinute');
    case 'minutes':
      return tt('tech.offer.leftMinutes', { minutes: left.minutes });
    case 'hours':
      return left.minutes ? tt('tech.offer.leftHoursMinutes', { hours: left.hours, minutes: left.minutes }) : tt('tech.offer.leftHours', { hours: left.hours });
  }
}

/** Epoch ms, every second while an offer is about to run out, else every 15 s. */
function useClock(fast: boolean): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), fast ? 1_000 : 15_000);
    const onVisible = () => document.visibilityState === 'visible' && setNow(Date.now());
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [fast]);
  return now;
}

/** The time left to answer, as text with an hourglass; urgent (and ticking by the second) under five minutes. */
export function TimeLeftBadge({ offer, onExpired }: { offer: Offer; onExpired?: () => void }) {
  const tt = useTechText();
  const { formatDate } = useI18n();
  const [fast, setFast] = useState(false);
  const now = useClock(fast);
  const left = timeLeft(offer.expiresAt, now);
  const urgent = isUrgent(left);
  useEffect(() => setFast(urgent), [urgent]);
  useEffect(() => {
    if (left.kind === 'expired') onExpired?.();
  }, [left.kind]);
  return (
    <span
      class={`badge time-left${urgent ? ' time-left-urgent' : ''}${left.kind === 'expired' ? ' time-left-expired' : ''}`}
      data-testid="offer-time-left"
      data-kind={left.kind}
      title={tt('tech.offer.answerBy', { time: formatDate(offer.expiresAt) })}
    >
      <span class="time-left-icon" aria-hidden="true" />
      {timeLeftText(tt, left)}
    </span>
  );
}

/** Why an answer was refused, in words: the offer ran out, went to someone else, or the slot is gone. */
function offerProblem(tt: ReturnType<typeof useTechText>, error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.code === 'OFFER_NOT_PENDING') {
    const reason = errorDetail(error, 'reason');
    return reason === 'expired' ? tt('tech.offer.goneExpired') : reason === 'not_yours' ? tt('tech.offer.goneNotYours') : tt('tech.offer.goneNone');
  }
  if (error.code === 'SLOT_TAKEN') return tt('tech.offer.slotTaken');
  return undefined;
}

/**
 * Accept / Decline for an offer. Declining asks for an optional reason first (the dispatcher
 * sees it). After an answer, or when the offer turns out to be gone, `onAnswered` reloads.
 */
export function OfferActions({ order, offer, onAnswered }: { order: WorkOrder; offer: Offer; onAnswered(result?: VersionedOrder): void }) {
  const tt = useTechText();
  const { api } = useApp();
  const [mode, setMode] = useState<'ask' | 'declining'>('ask');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<'accept' | 'decline'>();
  const [failure, setFailure] = useState<unknown>();
  const [gone, setGone] = useState<string>();
  const expired = Date.parse(offer.expiresAt) <= Date.now();

  async function answer(kind: 'accept' | 'decline') {
    setBusy(kind);
    setFailure(undefined);
    try {
      const result = await answerOffer(api, order.id, kind, kind === 'decline' ? reason : undefined);
      onAnswered(result);
    } catch (error) {
      const problem = offerProblem(tt, error);
      if (problem) setGone(problem);
      else setFailure(error);
    } finally {
      setBusy(undefined);
    }
  }

  if (gone) {
    return (
      <div class="offer-gone" role="status" data-testid="offer-gone">
        <p>{gone}</p>
        <button type="button" class="button button-quiet tech-button" onClick={() => onAnswered()}>
          {tt('tech.refresh')}
        </button>
      </div>
    );
  }

  const reasonId = `decline-reason-${order.id}`;
  return (
    <div class="offer-actions" data-testid="offer-actions">
      {failure ? <ErrorBanner error={failure} onDismiss={() => setFailure(undefined)} /> : null}
      {mode === 'ask' ? (
        <div class="tech-button-row">
          <button type="button" class="button button-primary tech-button" data-testid="offer-accept" disabled={!!busy || expired} onClick={() => void answer('accept')}>
            {busy === 'accept' ? tt('tech.offer.accepting') : tt('tech.offer.accept')}
          </button>
          <button type="button" class="button button-quiet tech-button" data-testid="offer-decline" disabled={!!busy || expired} onClick={() => setMode('declining')}>
            {tt('tech.offer.decline')}
          </button>
        </div>
      ) : (
        <div class="decline-box">
          <label class="field-label" for={reasonId}>
            {tt('tech.offer.reason')} <span class="field-optional">{tt('tech.optional')}</span>
          </label>
          <textarea id={reasonId} class="tech-textarea" rows={2} maxLength={500} data-testid="offer-decline-reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          <div class="tech-button-row">
            <button type="button" class="button button-primary tech-button" data-testid="offer-decline-confirm" disabled={!!busy} onClick={() => void answer('decline')}>
              {busy === 'decline' ? tt('tech.offer.declining') : tt('tech.offer.declineConfirm')}
            </button>
            <button type="button" class="button button-quiet tech-button" disabled={!!busy} onClick={() => setMode('ask')}>
              {tt('tech.cancel')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

/** "09:30" in the technician's zone (the zone's name is shown once, in the page's subtitle). */
export function useClockText(): (iso: string, withZone?: boolean) => string {
  const { language } = useI18n();
  const zone = userTimeZone();
  return (iso, withZone = false) => formatClock(iso, language, zone, withZone);
}
