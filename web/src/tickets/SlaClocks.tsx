import type { TicketSla } from '../api/tickets.ts';
import { useNow } from '../data/now.ts';
import { useI18n } from '../i18n/context.tsx';
import { SlaClockBadge } from './SlaBadge.tsx';
import { clockView, pausedText } from './sla-view.ts';

/**
 * Every SLA clock of a ticket, for the properties panel: what is measured, where it stands, when
 * it is (or was) due or met, and whether it was breached. The tracker fills this moments after
 * each change, so right after a save it may still show the previous deadlines until the refresh.
 */
export function SlaClocks({ sla }: { sla: TicketSla | undefined }) {
  const { t, formatDate } = useI18n();
  const now = useNow();
  const clocks = sla?.clocks ?? [];
  return (
    <div class="prop sla-clocks" data-testid="sla-clocks">
      <span class="prop-label" id="sla-clocks-label">
        {t('sla.title')}
      </span>
      {clocks.length === 0 ? (
        <p class="muted" data-testid="sla-none">
          {t('sla.none')}
        </p>
      ) : (
        <ul class="sla-clock-list" aria-labelledby="sla-clocks-label">
          {clocks.map((clock) => {
            const view = clockView(clock, now);
            const detail =
              clock.state === 'paused'
                ? pausedText(t, view.leftMs)
                : clock.state === 'met' && clock.metAt
                  ? t('sla.metAt', { time: formatDate(clock.metAt) })
                  : clock.dueAt
                    ? t('sla.due', { time: formatDate(clock.dueAt) })
                    : undefined;
            return (
              <li key={clock.target} class="sla-clock" data-testid="sla-clock" data-target={clock.target} data-state={view.tone}>
                <span class="sla-clock-head">
                  <span class="sla-clock-target">{t(`sla.target.${clock.target}`)}</span>
                  <SlaClockBadge clock={clock} testId="sla-clock-badge" />
                </span>
                {detail ? (
                  <span class="sla-clock-detail" data-testid="sla-clock-detail">
                    {detail}
                    {clock.state === 'met' && clock.dueAt ? ` · ${t('sla.due', { time: formatDate(clock.dueAt) })}` : null}
                  </span>
                ) : null}
                {clock.breachedAt ? (
                  <span class="sla-breached-mark" data-testid="sla-clock-breached">
                    {t('sla.breachedAt', { time: formatDate(clock.breachedAt) })}
                  </span>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
