import { createPresigner } from './presign.ts';

/** A missing object: the caller decides whether that is an error (it usually is). */
export class ObjectNotFoundError extends Error {}

/**
 * Reads and writes whole objects through short-lived presigned URLs and fetch: the same SigV4
 * signer the SDK uses, without the S3 client's weight in every bundle that only moves bytes.
 */
export function createObjectStore(region?: string) {
  const presign = createPresigner(region);

  async function send(url: string, init: RequestInit, what: string): Promise<Response> {
    const response = await fetch(url, init);
    if (response.status === 404) throw new ObjectNotFoundError(`${what}: no such object`);
    if (!response.ok) throw new Error(`${what}: S3 answered ${response.status} ${(await response.text()).slice(0, 300)}`);
    return response;
  }

  return {
    async get(bucket: string, key: string, options: { firstBytes?: number } = {}): Promise<Uint8Array> {
      const url = await presign({ method: 'GET', bucket, key, expiresInSeconds: 60 });
      const headers = options.firstBytes ? { range: `bytes=0-${options.firstBytes - 1}` } : undefined;
      const response = await send(url, { ...(headers ? { headers } : {}) }, `GET ${bucket}/${key}`);
      return new Uint8Array(await response.arrayBuffer());
    },

    /** The object's size, without reading it. */
    async size(bucket: string, key: string): Promise<number> {
      const url = await presign({ method: 'HEAD', bucket, key, expiresInSeconds: 60 });
      const response = await send(url, { method: 'HEAD' }, `HEAD ${bucket}/${key}`);
      return Number(response.headers.get('content-length') ?? 0);
    },

    async put(bucket: string, key: string, body: Uint8Array | string, contentType: string): Promise<void> {
      const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
      const url = await presign({ method: 'PUT', bucket, key, contentType, contentLength: bytes.byteLength, expiresInSeconds: 60 });
      await send(url, { method: 'PUT', headers: { 'content-type': contentType }, body: bytes as Uint8Array<ArrayBuffer> }, `PUT ${bucket}/${key}`);
    },
  };
}

export type ObjectStore = ReturnType<typeof createObjectStore>;
