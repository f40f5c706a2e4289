import { ApiError, NETWORK_ERROR_CODE, apiErrorFromBody } from './errors.ts';

export interface ApiClientOptions {
  apiUrl: string;
  /** Returns the current id token, or undefined once it has expired. */
  idToken(): string | undefined;
  /** Called when the API (or the clock) says the session is over; expected to start sign-in. */
  onUnauthenticated(): void;
}

/** A successful answer with the headers pages care about. */
export interface ApiResponse<T> {
  body: T;
  /** The resource version (`"7"`) for a later If-Match; only on versioned resources. */
  etag?: string;
}

export interface SendOptions {
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  /** Any method, answering the body together with the ETag. */
  send<T>(method: string, path: string, options?: SendOptions): Promise<ApiResponse<T>>;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  async function request<T>(method: string, path: string, { body, headers: extra }: SendOptions = {}): Promise<ApiResponse<T>> {
    const token = options.idToken();
    if (!token) {
      options.onUnauthenticated();
      throw new ApiError(401, 'UNAUTHENTICATED', '');
    }
    const headers: Record<string, string> = { ...extra, Authorization: `Bearer ${token}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    let response: Response;
    try {
      response = await fetch(`${options.apiUrl}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new ApiError(0, NETWORK_ERROR_CODE, '');
    }

    const payload: unknown = await response.json().catch(() => undefined);
    if (response.ok) {
      const etag = response.headers.get('etag') ?? undefined;
      return { body: payload as T, ...(etag ? { etag } : {}) };
    }

    const error = apiErrorFromBody(response.status, payload, response.headers.get('x-request-id') ?? undefined);
    if (response.status === 401) options.onUnauthenticated();
    throw error;
  }

  return {
    async get<T>(path: string) {
      return (await request<T>('GET', path)).body;
    },
    async post<T>(path: string, body?: unknown) {
      return (await request<T>('POST', path, body === undefined ? {} : { body })).body;
    },
    send: request,
  };
}
