import { ApiError, NETWORK_ERROR_CODE, apiErrorFromBody } from './errors.ts';

export interface ApiClientOptions {
  apiUrl: string;
  /** Returns the current id token, or undefined once it has expired. */
  idToken(): string | undefined;
  /** Called when the API (or the clock) says the session is over; expected to start sign-in. */
  onUnauthenticated(): void;
}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const token = options.idToken();
    if (!token) {
      options.onUnauthenticated();
      throw new ApiError(401, 'UNAUTHENTICATED', '');
    }
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
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
    if (response.ok) return payload as T;

    const error = apiErrorFromBody(response.status, payload, response.headers.get('x-request-id') ?? undefined);
    if (response.status === 401) options.onUnauthenticated();
    throw error;
  }

  return {
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body),
  };
}
