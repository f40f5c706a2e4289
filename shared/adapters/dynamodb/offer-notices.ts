import type { Technician } from '../../field/technician.ts';
import type { Offer, WorkOrder } from '../../field/work-order.ts';
import { keys } from './keys.ts';
import { outboxItem } from './outbox-item.ts';
import { ConditionFailedError, type Table } from './table.ts';

const NOTICE_DAYS = 30;

/**
 * Tells a technician about an offer: a console notice (their bell, linking to the job) and, when
 * they have an address, a mail composed at sending time in their language. Both keyed by the run
 * and the offer's number, so a retried Offer task writes nothing twice.
 */
export async function notifyOffer(table: Table, order: WorkOrder, technician: Technician, offer: Offer, offerNumber: number): Promise<void> {
  const id = `${order.dispatch!.id}-${offerNumber}`;
  if (technician.userId) {
    await table.put('putOfferNotice', {
      ...keys.notice(technician.userId, offer.offeredAt, id),
      itemType: 'notice',
      id,
      at: offer.offeredAt,
      recipientId: technician.userId,
      kind: 'work_offer',
      ticketId: order.ticketId,
      ticketNumber: order.ticketNumber,
      subject: order.summary,
      workOrderId: order.id,
      dueAt: offer.expiresAt,
      read: false,
      expiresAt: Math.floor(Date.parse(offer.offeredAt) / 1000) + NOTICE_DAYS * 86_400,
    });
  }
  if (!technician.email) return;
  const mail = outboxItem({
    id: `offer-${id}`,
    ticketId: order.ticketId,
    kind: 'work-offer',
    shownOn: { staff: technician.userId ?? technician.id },
    to: [technician.email],
    language: technician.language ?? 'en',
    notice: { ticketNumber: order.ticketNumber, summary: order.summary, address: order.address, start: offer.start, expiresAt: offer.expiresAt, timeZone: technician.timeZone },
    createdAt: offer.offeredAt,
  });
  await table.put('queueOfferMail', mail, { expression: 'attribute_not_exists(pk)' }).catch((err: unknown) => {
    if (!(err instanceof ConditionFailedError)) throw err;
  });
}
