import type * as z from 'zod/mini';
import { customerSchema, customerUpdateSchema, newAssetInputSchema, newCustomerInputSchema, newOrganizationInputSchema } from '../customers/customer.ts';
import { availabilityInputSchema } from '../directory/directory.ts';
import { newEntryInputSchema, threadEntrySchema } from '../tickets/thread.ts';
import { ticketSchema } from '../tickets/ticket.ts';
import { newTicketInputSchema, ticketUpdateSchema } from '../tickets/ticket-input.ts';
import { customerReplySchema, webRequestSchema } from '../tickets/web-request.ts';
import { newAttachmentInputSchema } from '../tickets/attachments.ts';
import { publicAttachmentPath } from './request-schemas.ts';
import { technicianSchema } from '../field/technician.ts';
import { assignSchema, boardQuerySchema, cancelSchema, myJobsQuerySchema, newWorkOrderSchema, offerAnswerSchema, progressSchema } from '../field/work-order.ts';
import { technicianIdPath, workOrderIdPath } from '../field/work-order-paths.ts';
import { attachmentPath, bulkUpdateBody, customerIdPath, directoryBody, heldMailPath, linkBody, listHeldMailQuery, listNotificationsQuery, listTicketsQuery, markNotificationsReadBody, mergeBody, publicTokenPath, searchCustomersQuery, ticketIdPath } from './request-schemas.ts';

export interface ApiOperation {
  summary: string;
  /** Staff roles allowed; empty means public. */
  roles: string[];
  path?: z.ZodMiniType;
  query?: z.ZodMiniType;
  body?: z.ZodMiniType;
  /** Edits name the version they read (ETag) in If-Match. */
  ifMatch?: boolean;
  status: number;
  response?: z.ZodMiniType;
}

const staff = ['admin', 'agent'];

/**
 * Every route of the API with its request schemas (the very ones the handlers parse with) and who
 * may call it. The OpenAPI document is generated from this; a test checks it lists exactly the
 * routes of the synthesized stack.
 */
export const API_CATALOGUE: Record<string, ApiOperation> = {
  'GET /health': { summary: 'Liveness check', roles: [], status: 200 },
  'GET /v1/openapi.json': { summary: 'This API description (OpenAPI 3.0)', roles: [], status: 200 },
  'POST /public/requests': { summary: 'Web form: a customer submits a request (no sign-in; rate-limited)', roles: [], body: webRequestSchema, status: 201 },
  'GET /public/tickets/{token}': { summary: 'A customer views their ticket through its private link', roles: [], path: publicTokenPath, status: 200 },
  'POST /public/tickets/{token}/replies': { summary: 'A customer replies through the private link', roles: [], path: publicTokenPath, body: customerReplySchema, status: 201 },
  'GET /public/categories': { summary: 'Category names for the web form', roles: [], status: 200 },
  'POST /public/tickets/{token}/attachments': { summary: 'A customer attaches a file through the private link (presigned upload)', roles: [], path: publicTokenPath, body: newAttachmentInputSchema, status: 201 },
  'GET /public/tickets/{token}/attachments/{attachmentId}': { summary: 'A customer downloads a file shown to them', roles: [], path: publicAttachmentPath, status: 200 },
  'POST /v1/tickets': { summary: 'Open a ticket (phone call or API), finding or creating its customer', roles: staff, body: newTicketInputSchema, status: 201, response: ticketSchema },
  'GET /v1/tickets': { summary: 'A queue page (status, assignee, team or customer) or lookup by number', roles: staff, query: listTicketsQuery, status: 200 },
  'GET /v1/tickets/{id}': { summary: 'A ticket with its thread and history', roles: staff, path: ticketIdPath, status: 200 },
  'PATCH /v1/tickets/{id}': { summary: 'Change ticket properties', roles: staff, path: ticketIdPath, body: ticketUpdateSchema, ifMatch: true, status: 200, response: ticketSchema },
  'POST /v1/tickets/{id}/entries': { summary: 'Add a public reply or an internal note', roles: staff, path: ticketIdPath, body: newEntryInputSchema, status: 201, response: threadEntrySchema },
  'POST /v1/tickets/{id}/take': { summary: 'Assign an unassigned ticket to yourself', roles: staff, path: ticketIdPath, status: 200, response: ticketSchema },
  'POST /v1/tickets/{id}/merge': { summary: 'Merge this duplicate into another ticket', roles: staff, path: ticketIdPath, body: mergeBody, status: 200 },
  'POST /v1/tickets/{id}/links': { summary: 'Link two related tickets', roles: staff, path: ticketIdPath, body: linkBody, status: 200, response: ticketSchema },
  'POST /v1/tickets/{id}/attachments': { summary: 'Register a file and get a URL to upload it to (PUT, 5 minutes)', roles: staff, path: ticketIdPath, body: newAttachmentInputSchema, status: 201 },
  'GET /v1/tickets/{id}/attachments/{attachmentId}': { summary: 'A one-minute download link for a file of this ticket', roles: staff, path: attachmentPath, status: 200 },
  'POST /v1/tickets/bulk': { summary: 'Assign or set the status of up to 100 tickets', roles: staff, body: bulkUpdateBody, status: 200 },
  'POST /v1/customers': { summary: 'Create a customer', roles: staff, body: newCustomerInputSchema, status: 201, response: customerSchema },
  'GET /v1/customers': { summary: 'Find customers by email, phone or name prefix', roles: staff, query: searchCustomersQuery, status: 200 },
  'GET /v1/customers/{id}': { summary: 'Customer 360: profile, equipment and latest tickets', roles: staff, path: customerIdPath, status: 200 },
  'PATCH /v1/customers/{id}': { summary: 'Change a customer profile', roles: staff, path: customerIdPath, body: customerUpdateSchema, ifMatch: true, status: 200, response: customerSchema },
  'POST /v1/customers/{id}/assets': { summary: 'Register customer equipment', roles: staff, path: customerIdPath, body: newAssetInputSchema, status: 201 },
  'GET /v1/organizations': { summary: 'List organizations', roles: staff, status: 200 },
  'POST /v1/organizations': { summary: 'Create an organization', roles: staff, body: newOrganizationInputSchema, status: 201 },
  'GET /v1/directory/{kind}': { summary: 'Teams, categories, routing rules or custom fields', roles: staff, status: 200 },
  'PUT /v1/directory/{kind}': { summary: 'Replace teams, categories, routing rules or custom fields', roles: ['admin'], body: directoryBody, ifMatch: true, status: 200 },
  'GET /v1/agents': { summary: 'Staff profiles and availability', roles: staff, status: 200 },
  'POST /v1/tickets/{id}/entries/{entryId}/resend': { summary: "Send a reply's mail again after it failed", roles: staff, status: 202 },
  'GET /v1/mail/held': { summary: 'Mail held instead of filed: quarantine (admins) or spam', roles: staff, query: listHeldMailQuery, status: 200 },
  'POST /v1/mail/held/{sesMessageId}/release': { summary: 'File a held message after all (quarantine: admins only); it reaches the queue moments later', roles: staff, path: heldMailPath, status: 202 },
  'GET /v1/notifications': { summary: 'Your newest SLA notices (warnings, escalations) and how many are unread', roles: ['admin', 'agent', 'technician'], query: listNotificationsQuery, status: 200 },
  'POST /v1/notifications/read': { summary: 'Mark some of your notices read', roles: ['admin', 'agent', 'technician'], body: markNotificationsReadBody, status: 204 },
  'GET /v1/technicians': { summary: 'Every technician', roles: staff, status: 200 },
  'PUT /v1/technicians/{id}': { summary: 'Create or replace a technician (skills, home base, regions, hours, capacity, time off, login, van)', roles: ['admin'], path: technicianIdPath, body: technicianSchema, status: 200 },
  'POST /v1/work-orders': { summary: 'Create a work order for a ticket; dispatch auto starts the dispatch workflow', roles: staff, body: newWorkOrderSchema, status: 201 },
  'GET /v1/work-orders/{id}': { summary: 'A work order (a technician: only one booked on or offered to them)', roles: ['admin', 'agent', 'technician'], path: workOrderIdPath, status: 200 },
  'GET /v1/tickets/{id}/work-orders': { summary: "A ticket's work orders", roles: staff, path: ticketIdPath, status: 200 },
  'GET /v1/dispatch/board': { summary: "The dispatcher's board: booked work orders in a range (at most 42 days), and those waiting, with the workflow's reason when it gave up", roles: staff, query: boardQuerySchema, status: 200 },
  'GET /v1/me/jobs': { summary: "The signed-in technician's jobs in a range, and offers waiting for their answer", roles: ['technician'], query: myJobsQuerySchema, status: 200 },
  'POST /v1/work-orders/{id}/dispatch': { summary: 'Start the dispatch workflow (again) for a work order waiting on the board', roles: staff, path: workOrderIdPath, ifMatch: true, status: 200 },
  'POST /v1/work-orders/{id}/assign': { summary: 'Book a technician by hand; a running offer is withdrawn (409 SLOT_TAKEN when they are busy then)', roles: staff, path: workOrderIdPath, body: assignSchema, ifMatch: true, status: 200 },
  'POST /v1/work-orders/{id}/cancel': { summary: 'Cancel a work order (until the work is done)', roles: staff, path: workOrderIdPath, body: cancelSchema, ifMatch: true, status: 200 },
  'POST /v1/work-orders/{id}/offer': { summary: 'Accept or decline the offer waiting for you (409 OFFER_NOT_PENDING once it expired)', roles: ['technician'], path: workOrderIdPath, body: offerAnswerSchema, status: 200 },
  'POST /v1/work-orders/{id}/progress': { summary: 'The visit step by step: start travel, check in, check out with the service report (parts issued from the van), customer sign-off', roles: ['admin', 'agent', 'technician'], path: workOrderIdPath, body: progressSchema, ifMatch: true, status: 200 },
  'POST /v1/work-orders/{id}/attachments': { summary: "Presign the upload of a visit photo or the customer's signature (a file of the work order's ticket)", roles: ['admin', 'agent', 'technician'], path: workOrderIdPath, body: newAttachmentInputSchema, status: 201 },
  'PUT /v1/me': { summary: 'Save your own profile and availability', roles: ['admin', 'agent', 'technician', 'finance'], body: availabilityInputSchema, status: 200 },
};
