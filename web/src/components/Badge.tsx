import type { TicketPriority, TicketStatus } from '../api/tickets.ts';
import { useI18n } from '../i18n/context.tsx';

export function StatusBadge({ status, testId }: { status: TicketStatus; testId?: string }) {
  const { t } = useI18n();
  return (
    <span class={`badge badge-status-${status}`} data-testid={testId} data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}

export function PriorityBadge({ priority, testId }: { priority: TicketPriority; testId?: string }) {
  const { t } = useI18n();
  return (
    <span class={`badge badge-priority-${priority}`} data-testid={testId} data-priority={priority}>
      {t(`priority.${priority}`)}
    </span>
  );
}
