/**
 * Keys of the field-service items (technicians, work orders), apart from keys.ts so the work-order
 * routes, which carry a second SDK client, do not bundle every other item's key builders, and the
 * other functions (mail intake has no headroom) do not carry these. The table's layout, all of it,
 * is documented in keys.ts.
 */
export const ticketKey = (id: string) => ({ pk: `TICKET#${id}`, sk: 'TICKET' });

export const fieldKeys = {
  technician: (id: string) => ({ pk: `TECH#${id}`, sk: 'TECH' }),
  technicianListing: (id: string) => ({ gsi1pk: 'TECHS', gsi1sk: id }),
  technicianOfUser: (userId: string) => ({ pk: `TECHUSER#${userId}`, sk: 'TECH' }),
  workOrder: (id: string) => ({ pk: `WO#${id}`, sk: 'WO' }),
  /** A ticket's work orders (gsi1), oldest first. */
  workOrdersOfTicketPartition: (ticketId: string) => `WOTICKET#${ticketId}`,
  /** Booked work orders by the UTC day of their start (gsi2): the board and the ranking read days. */
  workOrderDayPartition: (day: string) => `WODAY#${day}`,
  /** A technician's booked work orders by start (gsi4): "my jobs today". */
  workOrdersOfTechnicianPartition: (technicianId: string) => `WOTECH#${technicianId}`,
  /** Work orders waiting for a technician (gsi5), by the start of their window. */
  unscheduledWorkOrdersPartition: 'WOUNSCHEDULED',
} as const;
