import { fromEnv } from '@aws-sdk/credential-provider-env';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';

import type { Presign, PresignRequest } from '../../tickets/attachment-operations.ts';

/**
 * Presigned S3 URLs with the SDK's own SigV4 signer, without the S3 client (~70 KB we would carry
 * only to build a URL). Virtual-hosted style in AWS; path style when AWS_ENDPOINT_URL_S3 points
 * elsewhere (the SDK's standard endpoint setting, as the S3 client would do with forcePathStyle).
 */
export function createPresigner(region = process.env.AWS_REGION ?? 'us-east-1'): Presign {
  const signer = new SignatureV4({ service: 's3', region, credentials: fromEnv(), sha256: Sha256, uriEscapePath: false });
  const endpoint = process.env.AWS_ENDPOINT_URL_S3 ? new URL(process.env.AWS_ENDPOINT_URL_S3) : undefined;

  return async function presign(o: PresignRequest): Promise<string> {
    const encodedKey = o.key.split('/').map(encodeURIComponent).join('/');
    const hostname = endpoint ? endpoint.hostname : `${o.bucket}.s3.${region}.amazonaws.com`;
    const port = endpoint?.port ? Number(endpoint.port) : undefined;
    const path = endpoint ? `/${o.bucket}/${encodedKey}` : `/${encodedKey}`;
    const query: Record<string, string> = {};
    if (o.responseContentType) query['response-content-type'] = o.responseContentType;
    if (o.responseContentDisposition) query['response-content-disposition'] = o.responseContentDisposition;
    const headers: Record<string, string> = { host: port ? `${hostname}:${port}` : hostname, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
    if (o.contentType) headers['content-type'] = o.contentType;
    if (o.contentLength !== undefined) headers['content-length'] = String(o.contentLength);
    const signed = await signer.presign(
      { method: o.method, protocol: endpoint?.protocol ?? 'https:', hostname, ...(port ? { port } : {}), path, query, headers },
      { expiresIn: o.expiresInSeconds },
    );
    const search = Object.entries(signed.query ?? {})
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    return `${endpoint?.protocol ?? 'https:'}//${headers.host}${path}?${search}`;
  };
}
