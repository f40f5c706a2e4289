export interface FieldError {
  path: string;
  message: string;
}

/** A failed call in the API's documented `{ error: { … } }` shape, or a synthesised equivalent. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
    readonly requestId?: string,
    /** Extra facts the API sends beside the code (e.g. `current` on a VERSION_CONFLICT). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** status 0 marks a call that never got an HTTP answer (offline, DNS, CORS). */
export const NETWORK_ERROR_CODE = 'NETWORK_ERROR';
/** A body that is not the documented error shape, e.g. a gateway's HTML error page. */
export const UNEXPECTED_RESPONSE_CODE = 'UNEXPECTED_RESPONSE';

function asFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (f): f is FieldError =>
      typeof f === 'object' && f !== null && typeof f.path === 'string' && typeof f.message === 'string',
  );
}

const KNOWN_KEYS = new Set(['code', 'message', 'fields', 'requestId']);

export function apiErrorFromBody(status: number, body: unknown, headerRequestId?: string): ApiError {
  const error = (body as { error?: Record<string, unknown> } | null)?.error;
  if (typeof error === 'object' && error !== null && typeof error['code'] === 'string') {
    const requestId = typeof error['requestId'] === 'string' ? error['requestId'] : headerRequestId;
    const details = Object.fromEntries(Object.entries(error).filter(([key]) => !KNOWN_KEYS.has(key)));
    return new ApiError(
      status,
      error['code'],
      typeof error['message'] === 'string' ? error['message'] : '',
      asFieldErrors(error['fields']),
      requestId,
      details,
    );
  }
  return new ApiError(status, UNEXPECTED_RESPONSE_CODE, '', [], headerRequestId);
}
