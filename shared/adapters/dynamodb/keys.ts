/**
 * Every key of the single table is built here, so the item layout is readable in one place.
 *
 * | item            | pk                 | sk        | gsi1pk (queue)      | gsi1sk                 |
 * |-----------------|--------------------|-----------|---------------------|------------------------|
 * | ticket          | TICKET#<id>        | TICKET    | STATUS#<status>     | <updatedAt>#<id>       |
 * | number counter  | COUNTER#ticket     | COUNTER   |                     |                        |
 */
export const FIRST_TICKET_NUMBER = 1001;

export const keys = {
  ticket: (id: string) => ({ pk: `TICKET#${id}`, sk: 'TICKET' }),
  ticketQueue: (status: string, updatedAt: string, id: string) => ({
    gsi1pk: `STATUS#${status}`,
    gsi1sk: `${updatedAt}#${id}`,
  }),
  ticketCounter: () => ({ pk: 'COUNTER#ticket', sk: 'COUNTER' }),
} as const;

/**
 * What the indexes copy of an item: the fields a queue row, a customer's ticket list or a due-time
 * sweep shows, never long text. DynamoDB bills every index write by the projected size, so a
 * 20,000-character description projected into an index would cost up to 20 extra write units.
 * Includes names later capabilities fill in (assignee, team, SLA), because changing an index's
 * projection after deployment means dropping and rebuilding it.
 */
export const INDEX_PROJECTED_ATTRIBUTES = [
  'type',
  'id',
  'number',
  'subject',
  'status',
  'priority',
  'channel',
  'customerEmail',
  'customerId',
  'organizationId',
  'teamId',
  'assigneeId',
  'categoryId',
  'tags',
  'createdBy',
  'createdAt',
  'updatedAt',
  'version',
  'nextDueAt',
  'slaState',
] as const;
