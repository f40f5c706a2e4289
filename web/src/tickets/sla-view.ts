import type { SlaClock, TicketSla } from '../api/tickets.ts';
import type { MessageKey } from '../i18n/en.ts';
import type { Params } from '../i18n/languages.ts';

/**
 * How an SLA clock looks at a given instant. The tracker stores deadlines, not states like "at
 * risk": those depend on the time the page is looked at, so the console derives them here.
 */
export type SlaTone = 'ok' | 'at_risk' | 'breached' | 'paused' | 'met';

export interface ClockView {
  clock: SlaClock;
  tone: SlaTone;
  /**
   * Time left before the deadline (negative once overdue): from `dueAt` while running, the
   * business time the tracker kept while paused, absent once met.
   */
  leftMs?: number;
}

const MINUTE = 60_000;

/** The state of one clock at `now` (epoch ms). */
export function clockView(clock: SlaClock, now: number): ClockView {
  if (clock.state === 'met') return { clock, tone: 'met' };
  if (clock.state === 'paused') return { clock, tone: 'paused', ...(clock.remainingMs !== undefined ? { leftMs: clock.remainingMs } : {}) };
  const dueAt = clock.dueAt ? Date.parse(clock.dueAt) : NaN;
  if (Number.isNaN(dueAt)) return { clock, tone: clock.breachedAt ? 'breached' : 'ok' };
  const leftMs = dueAt - now;
  // The sweep's mark wins over this browser's clock, which may run a little behind the server's.
  if (clock.breachedAt || leftMs <= 0) return { clock, tone: 'breached', leftMs };
  const warnAt = clock.warnAt ? Date.parse(clock.warnAt) : NaN;
  return { clock, tone: !Number.isNaN(warnAt) && now >= warnAt ? 'at_risk' : 'ok', leftMs };
}

/**
 * The clock a ticket is judged by: the running one due soonest; else a paused one (the least time
 * left); else, when every clock was met, the first. Undefined when no policy applies.
 */
export function leadingClock(sla: TicketSla | undefined): SlaClock | undefined {
  const clocks = sla?.clocks ?? [];
  const due = (c: SlaClock) => (c.dueAt ? Date.parse(c.dueAt) : Infinity);
  const running = clocks.filter((c) => c.state === 'running').sort((a, b) => due(a) - due(b));
  if (running[0]) return running[0];
  const paused = clocks.filter((c) => c.state === 'paused').sort((a, b) => (a.remainingMs ?? Infinity) - (b.remainingMs ?? Infinity));
  if (paused[0]) return paused[0];
  return clocks.length && clocks.every((c) => c.state === 'met') ? clocks[0] : undefined;
}

/** The badge of a ticket at `now`: its leading clock's view, or undefined without SLA. */
export function badgeView(sla: TicketSla | undefined, now: number): ClockView | undefined {
  const clock = leadingClock(sla);
  return clock ? clockView(clock, now) : undefined;
}

/** A message with its parameters, so this module stays free of the catalogs. */
export interface Message {
  key: MessageKey;
  params?: Params;
}

/**
 * A length of time in whole minutes, hours or days: "40m", "2h 15m", "3d 4h" (in Chinese "40分钟",
 * "2小时15分", "3天4小时"). A deadline still ahead rounds up, so the last seconds read "1m"
 * rather than "0m"; time already overdue rounds down (at least one minute).
 */
export function durationMessage(ms: number): Message {
  const abs = Math.abs(ms);
  const minutes = Math.max(1, ms >= 0 ? Math.ceil(abs / MINUTE) : Math.floor(abs / MINUTE));
  if (minutes < 60) return { key: 'sla.duration.m', params: { m: minutes } };
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const m = minutes % 60;
    return m ? { key: 'sla.duration.hm', params: { h: hours, m } } : { key: 'sla.duration.h', params: { h: hours } };
  }
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  return h ? { key: 'sla.duration.dh', params: { d, h } } : { key: 'sla.duration.d', params: { d } };
}

type Translate = (key: MessageKey, params?: Params) => string;

/** "2h 15m left", "Overdue 40m", "Paused", "Met": the words on the badge. */
export function badgeText(t: Translate, view: ClockView): string {
  const duration = (ms: number) => {
    const d = durationMessage(ms);
    return t(d.key, d.params);
  };
  switch (view.tone) {
    case 'met':
      return t('sla.state.met');
    case 'paused':
      return t('sla.state.paused');
    case 'breached':
      // Marked breached by the server while this browser's clock still sees time left: no number.
      return view.leftMs !== undefined && view.leftMs <= 0 ? t('sla.overdue', { time: duration(view.leftMs) }) : t('sla.overdueNow');
    default:
      return view.leftMs !== undefined ? t('sla.left', { time: duration(view.leftMs) }) : t(`sla.state.${view.tone}`);
  }
}

/** Time left on a paused clock, as it will be when the clock starts again. */
export function pausedText(t: Translate, leftMs: number | undefined): string | undefined {
  if (leftMs === undefined) return undefined;
  const d = durationMessage(leftMs);
  return t(leftMs > 0 ? 'sla.pausedLeft' : 'sla.pausedOverdue', { time: t(d.key, d.params) });
}

/** Breached first, then the rest: the two groups of the "breached and at risk" list. */
export function riskGroup(view: ClockView | undefined): 'breached' | 'at_risk' {
  return view?.tone === 'breached' ? 'breached' : 'at_risk';
}

/** The at-risk list's windows: how far ahead a deadline counts as "at risk". */
export const RISK_WINDOWS = ['1h', '4h', '24h'] as const;
export type RiskWindow = (typeof RISK_WINDOWS)[number];
export const DEFAULT_RISK_WINDOW: RiskWindow = '4h';
const WINDOW_MS: Record<RiskWindow, number> = { '1h': 60 * MINUTE, '4h': 240 * MINUTE, '24h': 1440 * MINUTE };

export function isRiskWindow(value: unknown): value is RiskWindow {
  return typeof value === 'string' && (RISK_WINDOWS as readonly string[]).includes(value);
}

/** The `dueBefore` instant for a window starting now. */
export function dueBeforeFor(window: RiskWindow, now: number): string {
  return new Date(now + WINDOW_MS[window]).toISOString();
}
