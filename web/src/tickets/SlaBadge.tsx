import type { SlaClock, TicketSla } from '../api/tickets.ts';
import { useNow } from '../data/now.ts';
import { useI18n } from '../i18n/context.tsx';
import type { ClockView } from './sla-view.ts';
import { badgeText, badgeView, clockView } from './sla-view.ts';

/**
 * A ticket's SLA at a glance: the clock that matters most (running and due soonest, else paused,
 * else met) with the time left. Colour follows the state (neutral, amber from the warning, red
 * from the deadline), and so do the icon's shape and the hidden words, so colour is never the only
 * signal. Nothing is shown for a ticket no policy applies to.
 */
export function SlaBadge({ sla, testId }: { sla: TicketSla | undefined; testId?: string }) {
  const now = useNow();
  const view = badgeView(sla, now);
  return view ? <ClockBadge view={view} testId={testId} /> : null;
}

/** One given clock (the ticket page lists them all). */
export function SlaClockBadge({ clock, testId }: { clock: SlaClock; testId?: string }) {
  const now = useNow();
  return <ClockBadge view={clockView(clock, now)} testId={testId} />;
}

function ClockBadge({ view, testId }: { view: ClockView; testId?: string }) {
  const { t, formatDate } = useI18n();
  const { clock, tone } = view;
  const target = t(`sla.target.${clock.target}`);
  const state = t(`sla.state.${tone}`);
  const text = badgeText(t, view);
  const when =
    tone === 'met' && clock.metAt
      ? t('sla.metAt', { time: formatDate(clock.metAt) })
      : clock.dueAt && tone !== 'paused'
        ? t('sla.due', { time: formatDate(clock.dueAt) })
        : undefined;
  // Paused and met say their state in the visible text already.
  const spoken = tone === 'paused' || tone === 'met' ? t('sla.spokenTarget', { target }) : t('sla.spoken', { target, state });
  return (
    <span
      class={`badge badge-sla badge-sla-${tone}`}
      title={[target, state, when].filter(Boolean).join(' · ')}
      data-testid={testId}
      data-sla-state={tone}
      data-sla-target={clock.target}
    >
      <span class="sla-icon" aria-hidden="true" />
      <span class="visually-hidden">{spoken} </span>
      {text}
    </span>
  );
}
