// Proves the SLA badge's rules: which clock a ticket is judged by, its state at a given instant (neutral, amber from the warning, red from the deadline or the sweep's mark, paused, met), and the time left in words in English and Chinese.
import { describe, expect, it } from 'vitest';
import type { SlaClock, TicketSla } from '../../../web/src/api/tickets.ts';
import { CATALOGS, translate } from '../../../web/src/i18n/languages.ts';
import type { MessageKey } from '../../../web/src/i18n/en.ts';
import { badgeText, badgeView, clockView, dueBeforeFor, durationMessage, leadingClock, pausedText, riskGroup } from '../../../web/src/tickets/sla-view.ts';

const MIN = 60_000;
const T0 = Date.parse('2025-03-10T09:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * MIN).toISOString();

/** A running clock started at T0, warning at 80 % of the target. */
function running(target: SlaClock['target'], minutes: number, extra: Partial<SlaClock> = {}): SlaClock {
  return { target, startedAt: at(0), targetMinutes: minutes, state: 'running', dueAt: at(minutes), warnAt: at(minutes * 0.8), ...extra };
}
const sla = (...clocks: SlaClock[]): TicketSla => ({ policyId: 'p', calendarId: 'c', clocks });
const en = (key: MessageKey, params?: Record<string, string | number>) => translate(CATALOGS.en, key, params);
const zh = (key: MessageKey, params?: Record<string, string | number>) => translate(CATALOGS['zh-CN'], key, params);

describe('leadingClock', () => {
  it('takes the running clock due soonest, whatever the order of the clocks', () => {
    const s = sla(running('resolution', 240), running('first_response', 60));
    expect(leadingClock(s)?.target).toBe('first_response');
  });

  it('prefers any running clock over paused and met ones', () => {
    const s = sla({ ...running('first_response', 60), state: 'met', metAt: at(10) }, running('resolution', 240));
    expect(leadingClock(s)?.target).toBe('resolution');
  });

  it('falls back to the paused clock with the least time left, then to met when every clock was met', () => {
    const paused = (target: SlaClock['target'], remainingMs: number): SlaClock => ({ target, startedAt: at(0), targetMinutes: 60, state: 'paused', remainingMs });
    expect(leadingClock(sla(paused('resolution', 90 * MIN), paused('first_response', 5 * MIN)))?.target).toBe('first_response');
    const met = { ...running('first_response', 60), state: 'met' as const, metAt: at(20) };
    expect(leadingClock(sla(met, paused('resolution', 90 * MIN)))?.target).toBe('resolution');
    expect(badgeView(sla(met), T0)?.tone).toBe('met');
  });

  it('gives nothing without a policy or without clocks', () => {
    expect(leadingClock(undefined)).toBeUndefined();
    expect(badgeView(sla(), T0)).toBeUndefined();
  });
});

describe('clockView', () => {
  const clock = running('first_response', 60);

  it('is neutral before the warning, amber from it, red from the deadline', () => {
    expect(clockView(clock, T0 + 47 * MIN).tone).toBe('ok');
    expect(clockView(clock, T0 + 48 * MIN).tone).toBe('at_risk');
    expect(clockView(clock, T0 + 59 * MIN + 59_000).tone).toBe('at_risk');
    expect(clockView(clock, T0 + 60 * MIN).tone).toBe('breached');
    expect(clockView(clock, T0 + 100 * MIN)).toMatchObject({ tone: 'breached', leftMs: -40 * MIN });
  });

  it('is red once the sweep marked the breach, even while this browser still sees time left', () => {
    const view = clockView({ ...clock, breachedAt: at(60) }, T0 + 59 * MIN);
    expect(view.tone).toBe('breached');
    expect(badgeText(en, view)).toBe('Overdue');
  });

  it('never turns amber without a warning instant', () => {
    const { warnAt: _w, ...noWarning } = clock;
    expect(clockView(noWarning, T0 + 59 * MIN).tone).toBe('ok');
  });

  it('keeps the business time a paused clock had left, overdue ones negative', () => {
    const paused: SlaClock = { target: 'resolution', startedAt: at(0), targetMinutes: 240, state: 'paused', remainingMs: -25 * MIN };
    expect(clockView(paused, T0)).toMatchObject({ tone: 'paused', leftMs: -25 * MIN });
    expect(pausedText(en, -25 * MIN)).toBe('Overdue 25m when it resumes');
    expect(pausedText(zh, 90 * MIN)).toBe('恢复后剩余 1小时30分');
  });
});

describe('badge text', () => {
  const clock = running('first_response', 240);

  it('says the time left or overdue in English', () => {
    expect(badgeText(en, clockView(clock, T0 + 104 * MIN + 30_000))).toBe('2h 16m left');
    expect(badgeText(en, clockView(clock, T0 + 105 * MIN))).toBe('2h 15m left');
    expect(badgeText(en, clockView(clock, T0 + 280 * MIN))).toBe('Overdue 40m');
    expect(badgeText(en, clockView(clock, T0 + 180 * MIN))).toBe('1h left');
    expect(badgeText(en, clockView({ ...clock, state: 'met', metAt: at(5) }, T0))).toBe('Met');
  });

  it('says it in Chinese', () => {
    expect(badgeText(zh, clockView(clock, T0 + 105 * MIN))).toBe('剩余 2小时15分');
    expect(badgeText(zh, clockView(clock, T0 + 280 * MIN))).toBe('已超时 40分钟');
    expect(badgeText(zh, clockView({ ...clock, state: 'paused', remainingMs: MIN }, T0))).toBe('已暂停');
  });
});

describe('durationMessage', () => {
  const words = (ms: number) => {
    const d = durationMessage(ms);
    return en(d.key, d.params);
  };

  it('rounds time ahead up and overdue time down, never to zero', () => {
    expect(words(10_000)).toBe('1m');
    expect(words(0)).toBe('1m');
    expect(words(-10_000)).toBe('1m');
    expect(words(59 * MIN + 1)).toBe('1h');
    expect(words(-(59 * MIN + 59_000))).toBe('59m');
  });

  it('uses hours and minutes within a day, then days and hours', () => {
    expect(words(135 * MIN)).toBe('2h 15m');
    expect(words(24 * 60 * MIN)).toBe('1d');
    expect(words((3 * 24 + 4) * 60 * MIN + 20 * MIN)).toBe('3d 4h');
    const d = durationMessage((2 * 24 + 5) * 60 * MIN);
    expect(zh(d.key, d.params)).toBe('2天5小时');
  });
});

describe('the at-risk view', () => {
  it('puts breached tickets in the first group, everything else due in the window in the second', () => {
    const s = sla(running('first_response', 60));
    expect(riskGroup(badgeView(s, T0 + 61 * MIN))).toBe('breached');
    expect(riskGroup(badgeView(s, T0 + 50 * MIN))).toBe('at_risk');
    expect(riskGroup(badgeView(s, T0 + 5 * MIN))).toBe('at_risk');
  });

  it('cuts at now plus the window', () => {
    expect(dueBeforeFor('1h', T0)).toBe(at(60));
    expect(dueBeforeFor('4h', T0)).toBe(at(240));
    expect(dueBeforeFor('24h', T0)).toBe(at(1440));
  });
});
