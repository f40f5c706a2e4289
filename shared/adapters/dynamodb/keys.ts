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
