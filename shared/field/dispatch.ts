import { EXCLUSION_REASONS, rankTechnicians, type CandidateTechnician, type ExclusionReason } from './ranking.ts';
import type { Technician } from './technician.ts';
import { BOOKED_STATUSES, needsOf, type DispatchRecord, type GiveUpReason, type Offer, type OfferOutcome, type WorkOrder } from './work-order.ts';

/*
 * The decisions of the dispatch workflow, pure: the state machine only loops "plan → offer → wait";
 * what to offer next, and when to give up, is decided here from the work order and the day's
 * bookings, so it is tested without Step Functions and re-ranked with fresh data before each offer.
 */

export interface DispatchSettings {
  /** Offers before the work order goes to a dispatcher. */
  maxOffers: number;
  /** How long a technician has to answer an offer. */
  offerTimeoutSeconds: number;
}

export const DEFAULT_DISPATCH_SETTINGS: Readonly<DispatchSettings> = { maxOffers: 3, offerTimeoutSeconds: 15 * 60 };

/** How the previous offer ended, as the workflow's Catch hands it over ({Error, Cause}). */
export interface LastOutcome {
  Error?: string;
  Cause?: string;
}

export type PlanDecision =
  | { action: 'offer'; technicianId: string; timeoutSeconds: number }
  | { action: 'give_up'; reason: GiveUpReason }
  /** The run is stale (a newer run, a manual assignment, a cancellation): end quietly. */
  | { action: 'stop' };

export interface PlanResult {
  decision: PlanDecision;
  /** The work order to save (undefined: nothing changed). */
  order?: WorkOrder;
}

/** Task errors the workflow hands back, by the outcome they record on the pending offer. */
export function outcomeOf(last: LastOutcome | null | undefined): OfferOutcome {
  switch (last?.Error) {
    case 'OfferDeclined':
      return 'declined';
    case 'OfferWithdrawn':
      return 'withdrawn';
    case 'States.Timeout':
      return 'expired';
    default:
      return 'failed';
  }
}

/**
 * Turns each technician into a ranking candidate with their state on the day of the window: jobs
 * already booked that day (in their own zone), the booked intervals, and where their previous job
 * that day is (they drive from there, not from home).
 */
export function candidatesFor(order: WorkOrder, technicians: readonly Technician[], booked: readonly WorkOrder[]): CandidateTechnician[] {
  const byTech = new Map<string, WorkOrder[]>();
  for (const b of booked) {
    if (b.id === order.id || !b.technicianId || !b.scheduledStart || !BOOKED_STATUSES.includes(b.status)) continue;
    byTech.set(b.technicianId, [...(byTech.get(b.technicianId) ?? []), b]);
  }
  const windowStart = Date.parse(order.window.start);
  return technicians.map((tech) => {
    const day = localDate(windowStart, tech.timeZone);
    const jobs = (byTech.get(tech.id) ?? []).filter((b) => localDate(Date.parse(b.scheduledStart!), tech.timeZone) === day);
    const before = jobs.filter((b) => Date.parse(b.scheduledEnd ?? b.scheduledStart!) <= windowStart).sort((a, b) => a.scheduledStart!.localeCompare(b.scheduledStart!));
    const last = before.at(-1);
    return {
      ...tech,
      jobsThatDay: jobs.length,
      ...(last ? { lastJobLocation: last.location } : {}),
      bookedIntervals: (byTech.get(tech.id) ?? []).map((b) => ({ start: b.scheduledStart!, end: b.scheduledEnd ?? b.scheduledStart! })),
    };
  });
}

/**
 * One turn of the workflow's loop: records how the previous offer ended, then either offers the
 * job to the best-ranked technician not yet asked in this run, or gives up with a reason.
 */
export function planNextOffer(input: {
  order: WorkOrder;
  dispatchId: string;
  lastOutcome: LastOutcome | null | undefined;
  giveUp?: GiveUpReason;
  technicians: readonly Technician[];
  booked: readonly WorkOrder[];
  now: Date;
  settings: DispatchSettings;
}): PlanResult {
  const { order, now, settings } = input;
  const run = order.dispatch;
  if (!run || run.id !== input.dispatchId || run.state !== 'running' || !['unscheduled', 'offered'].includes(order.status)) {
    return { decision: { action: 'stop' } };
  }
  const at = now.toISOString();
  const offers = run.offers.map((o) => (o.outcome === 'pending' ? closeOffer(o, outcomeOf(input.lastOutcome), at, input.lastOutcome?.Cause) : o));
  const { offeredTo: _asked, ...rest } = order;
  const base: WorkOrder = { ...rest, status: 'unscheduled', dispatch: { ...run, offers }, updatedAt: at };

  if (input.giveUp) return giveUp(base, input.giveUp, at, { detail: input.lastOutcome?.Cause?.slice(0, 500) });
  if (offers.length >= settings.maxOffers) return giveUp(base, 'offers_exhausted', at);

  const asked = new Set(offers.map((o) => o.technicianId));
  const candidates = candidatesFor(order, input.technicians.filter((t) => !asked.has(t.id)), input.booked);
  const ranking = rankTechnicians(needsOf(order), candidates);
  const best = ranking.ranked[0];
  if (!best) {
    const excluded: Partial<Record<ExclusionReason, number>> = {};
    for (const e of ranking.excluded) for (const r of e.reasons) excluded[r] = (excluded[r] ?? 0) + 1;
    // Keep the reasons in their documented order so the board reads the same every time.
    const ordered = Object.fromEntries(EXCLUSION_REASONS.filter((r) => excluded[r]).map((r) => [r, excluded[r]]));
    return giveUp(base, 'no_eligible_technician', at, { excluded: ordered });
  }
  const offer: Offer = {
    technicianId: best.technicianId,
    offeredAt: at,
    expiresAt: new Date(now.getTime() + settings.offerTimeoutSeconds * 1000).toISOString(),
    start: best.earliestStart,
    outcome: 'pending',
    distanceKm: Math.round(best.distanceKm * 10) / 10,
  };
  return {
    decision: { action: 'offer', technicianId: best.technicianId, timeoutSeconds: settings.offerTimeoutSeconds },
    order: { ...base, status: 'offered', offeredTo: best.technicianId, dispatch: { ...base.dispatch!, offers: [...offers, offer] } },
  };
}

function closeOffer(offer: Offer, outcome: OfferOutcome, at: string, cause: string | undefined): Offer {
  return { ...offer, outcome, answeredAt: offer.answeredAt ?? at, ...(offer.reason === undefined && cause && outcome === 'declined' ? { reason: cause.slice(0, 500) } : {}) };
}

function giveUp(order: WorkOrder, reason: GiveUpReason, at: string, extra: Pick<NonNullable<DispatchRecord['gaveUp']>, 'excluded' | 'detail'> = {}): PlanResult {
  const gaveUp = { reason, at, ...(extra.excluded ? { excluded: extra.excluded } : {}), ...(extra.detail ? { detail: extra.detail } : {}) };
  return { decision: { action: 'give_up', reason }, order: { ...order, status: 'unscheduled', dispatch: { ...order.dispatch!, state: 'gave_up', gaveUp } } };
}

/** YYYY-MM-DD of an instant in a zone. */
export function localDate(epochMs: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(epochMs);
}
