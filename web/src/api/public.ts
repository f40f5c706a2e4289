import type { AttachmentInfo, UploadStart } from './attachments.ts';
import { uploadInput } from './attachments.ts';
import { ApiError, NETWORK_ERROR_CODE, apiErrorFromBody } from './errors.ts';

/**
 * The customer-facing routes: no Authorization header, no session, nothing stored. A private link
 * (token) is the only key, and it travels in the path.
 */
export interface PublicApi {
  submitRequest(input: WebRequestInput): Promise<WebRequestReceipt>;
  /** The categories a customer may choose on the form (names only). */
  listCategories(): Promise<PublicCategory[]>;
  getTicket(token: string): Promise<PublicTicket>;
  /** `attachmentIds`: files this customer uploaded to the ticket, named in the message. */
  reply(token: string, body: string, attachmentIds?: string[]): Promise<PublicReplyResult>;
  /** Registers a file on the ticket; `putFile` (api/attachments.ts) then sends its bytes straight to storage. */
  startUpload(token: string, file: File): Promise<UploadStart>;
  /** A short-lived link to one of the ticket's files, asked for at the moment of download (never stored). */
  downloadLink(token: string, attachmentId: string): Promise<string>;
}

export interface WebRequestInput {
  name: string;
  email: string;
  subject: string;
  description: string;
  language: 'en' | 'zh-CN';
  categoryId?: string;
  /** The honeypot: people never see it, so anything in it came from a bot. */
  website?: string;
}

export interface PublicCategory {
  id: string;
  name: { en: string; 'zh-CN'?: string };
}

/** `number` and `token` are missing when the request was quietly dropped (honeypot). */
export interface WebRequestReceipt {
  received: boolean;
  number?: number;
  token?: string;
}

/** A file the customer may see: one on a public reply, or one they uploaded. */
export type PublicAttachment = Pick<AttachmentInfo, 'id' | 'name' | 'contentType' | 'size'>;

export interface PublicMessage {
  id: string;
  body: string;
  from: 'you' | 'support';
  /** Files named in the message (details in the ticket's `attachments`). */
  attachmentIds: string[];
  createdAt: string;
}

export interface PublicTicket {
  number: number;
  subject: string;
  status: 'new' | 'open' | 'in_progress' | 'pending_customer' | 'pending_third_party' | 'resolved' | 'closed';
  createdAt: string;
  updatedAt: string;
  description: string;
  mergedIntoId?: string;
  thread: PublicMessage[];
  /** Files on public replies and every file the customer uploaded (also those sent with the request). */
  attachments: PublicAttachment[];
}

export type PublicReplyResult = { status: PublicTicket['status']; entryId?: string } | { followUp: { number: number; token: string } };

export function createPublicApi(apiUrl: string): PublicApi {
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${apiUrl}${path}`, {
        method,
        headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, NETWORK_ERROR_CODE, '');
    }
    const payload: unknown = await response.json().catch(() => undefined);
    if (response.ok) return payload as T;
    throw apiErrorFromBody(response.status, payload, response.headers.get('x-request-id') ?? undefined);
  }
  const tokenPath = (token: string) => `/public/tickets/${encodeURIComponent(token)}`;
  return {
    submitRequest: (input) => call<WebRequestReceipt>('POST', '/public/requests', input),
    listCategories: async () => (await call<{ items: PublicCategory[] }>('GET', '/public/categories')).items,
    getTicket: (token) => call<PublicTicket>('GET', tokenPath(token)),
    reply: (token, body, attachmentIds = []) => call<PublicReplyResult>('POST', `${tokenPath(token)}/replies`, { body, ...(attachmentIds.length ? { attachmentIds } : {}) }),
    startUpload: (token, file) => call<UploadStart>('POST', `${tokenPath(token)}/attachments`, uploadInput(file)),
    downloadLink: async (token, id) => (await call<{ url: string }>('GET', `${tokenPath(token)}/attachments/${encodeURIComponent(id)}`)).url,
  };
}
