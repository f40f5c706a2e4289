// Proves files go straight to (local) S3 through presigned URLs that sign type and size, downloads are authorized per ticket, and risky files download rather than render.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';

let stack: LocalStack;
let ticketId: string;
beforeAll(async () => {
  stack = await startTestStack('attachments');
  ticketId = (await callApi(stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject: 'Files', description: 'd' } })).body.id;
});
afterAll(async () => {
  await stack?.stop();
});

const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

async function register(name: string, contentType: string, size: number, ticket = ticketId) {
  return callApi(stack, 'POST', `/v1/tickets/${ticket}/attachments`, { role: 'agent', body: { name, contentType, size } });
}

describe('attachments', () => {
  it('uploads with the presigned PUT, links the file to a reply, and downloads it with a fresh link', async () => {
    const reg = await register('../../etc/boiler "photo".png', 'image/png', png.length);
    expect(reg.status).toBe(201);
    expect(reg.body.attachment.name).toBe('boiler photo.png');
    expect(reg.body.attachment).not.toHaveProperty('key');
    const put = await fetch(reg.body.upload.url, { method: 'PUT', headers: reg.body.upload.headers, body: png });
    expect(put.status).toBe(200);

    const reply = await callApi(stack, 'POST', `/v1/tickets/${ticketId}/entries`, {
      role: 'agent',
      body: { kind: 'reply', body: 'Photo attached', attachmentIds: [reg.body.attachment.id] },
    });
    expect(reply.body.entry.attachmentIds).toEqual([reg.body.attachment.id]);
    const detail = await callApi(stack, 'GET', `/v1/tickets/${ticketId}`, { role: 'agent' });
    expect(detail.body.attachments.map((a: { id: string }) => a.id)).toContain(reg.body.attachment.id);

    const link = await callApi(stack, 'GET', `/v1/tickets/${ticketId}/attachments/${reg.body.attachment.id}`, { role: 'agent' });
    const file = await fetch(link.body.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-disposition')).toContain("inline; filename*=UTF-8''boiler%20photo.png");
    expect(Buffer.from(await file.arrayBuffer())).toEqual(png);
  });

  it('refuses an upload whose type or size differs from what was signed, or whose link was altered', async () => {
    const reg = await register('notes.txt', 'text/plain', 5);
    const wrongType = await fetch(reg.body.upload.url, { method: 'PUT', headers: { 'content-type': 'text/html' }, body: 'hello' });
    expect(wrongType.status).toBe(403);
    const wrongSize = await fetch(reg.body.upload.url, { method: 'PUT', headers: reg.body.upload.headers, body: 'hello world' });
    expect(wrongSize.status).toBe(403);
    const tampered = reg.body.upload.url.replace(/X-Amz-Signature=[0-9a-f]{4}/, 'X-Amz-Signature=0000');
    expect((await fetch(tampered, { method: 'PUT', headers: reg.body.upload.headers, body: 'hello' })).status).toBe(403);
    expect((await fetch(reg.body.upload.url, { method: 'PUT', headers: reg.body.upload.headers, body: 'hello' })).status).toBe(200);
  });

  it('refuses executables and oversize files with clear field errors', async () => {
    const exe = await register('setup.exe', 'application/x-msdownload', 100);
    expect(exe.status).toBe(400);
    expect(exe.body.error.fields[0]).toEqual({ path: 'contentType', message: 'This file type is not accepted' });
    const huge = await register('big.pdf', 'application/pdf', 26 * 1024 * 1024);
    expect(huge.body.error.fields[0]).toEqual({ path: 'size', message: 'Files are at most 25 MB' });
  });

  it('serves SVG (which can carry script) only as a download, never rendered', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    const reg = await register('diagram.svg', 'image/svg+xml', Buffer.byteLength(svg));
    await fetch(reg.body.upload.url, { method: 'PUT', headers: reg.body.upload.headers, body: svg });
    const link = await callApi(stack, 'GET', `/v1/tickets/${ticketId}/attachments/${reg.body.attachment.id}`, { role: 'agent' });
    const file = await fetch(link.body.url);
    expect(file.headers.get('content-type')).toBe('application/octet-stream');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it("never hands out another ticket's file by changing the ticket id, nor links it to another ticket's message", async () => {
    const reg = await register('private.pdf', 'application/pdf', 3);
    const other = (await callApi(stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject: 'Other', description: 'd' } })).body.id;
    const viaOther = await callApi(stack, 'GET', `/v1/tickets/${other}/attachments/${reg.body.attachment.id}`, { role: 'agent' });
    expect(viaOther.status).toBe(404);
    const borrowed = await callApi(stack, 'POST', `/v1/tickets/${other}/entries`, {
      role: 'agent',
      body: { kind: 'reply', body: 'x', attachmentIds: [reg.body.attachment.id] },
    });
    expect(borrowed.status).toBe(404);
  });
});
