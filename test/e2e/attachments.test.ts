// Proves files in the ticket composer in a real browser: chosen files are checked at once (type, size), uploaded on send (register, then a presigned PUT of the bytes with the signed content-type straight to storage), named in the message, shown as text on the thread, downloaded through a fresh one-minute link, files sent with a customer's web request shown under the description, and a failed upload keeps the draft and retries without registering twice (the bytes go again to the same signed link); on a phone too.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';
import type { Session } from './e2e-helpers.ts';
import { PHONE, assertNoHorizontalScroll, closeContexts, openPage, signIn, textOf, poll } from './e2e-helpers.ts';

const s: Session = { stack: undefined!, browser: undefined!, contexts: [], pageErrors: [] };
const RUN = Date.now().toString(36);
/** A real (1×1) PNG, so the browser can show it when it is opened. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  [s.stack, s.browser] = await Promise.all([startTestStack('e2e-attachments'), launchBrowser()]);
});

afterAll(async () => {
  await s.browser?.close();
  await s.stack?.stop();
});

afterEach(async () => {
  await closeContexts(s);
  expect(s.pageErrors.splice(0)).toEqual([]);
});

async function createTicket(subject: string): Promise<{ id: string }> {
  const res = await callApi(s.stack, 'POST', '/v1/tickets', { role: 'agent', body: { subject, description: `Details for ${subject}`, customerEmail: 'kim@example.com' } });
  expect(res.status).toBe(201);
  return res.body;
}

const chips = (page: Page) => page.getByTestId('composer-file');

describe('attachments in the composer (browser)', () => {
  it('checks chosen files, uploads them on send with the signed type, and shows and downloads them from the thread', async () => {
    const t = await createTicket(`Files ${RUN} boiler photo`);
    const page = await openPage(s);
    const requests: Request[] = [];
    page.on('request', (r) => requests.push(r));
    await signIn(s, page, `#/tickets/${t.id}`);
    await page.getByTestId('composer').waitFor();

    await page.getByTestId('composer-file-input').setInputFiles([
      { name: 'boiler-display.png', mimeType: 'image/png', buffer: PNG },
      { name: 'setup.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') },
    ]);
    await poll(() => chips(page).count()).toBe(2);
    const exe = chips(page).filter({ hasText: 'setup.exe' });
    expect(await exe.getAttribute('data-state')).toBe('refused');
    expect(await textOf(exe.getByTestId('composer-file-problem'))).toMatch(/^This file type is not accepted/);
    await page.getByTestId('composer-body').fill('Here is the photo of the display you sent us.');
    expect(await page.getByTestId('composer-send').isDisabled()).toBe(true); // a refused file must go first
    await screenshot(page, 'desktop-attachments-01-chosen');
    await exe.getByTestId('composer-file-remove').click();
    expect(await page.getByTestId('composer-send').isEnabled()).toBe(true);

    const [entryResponse] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${s.stack.apiUrl}/v1/tickets/${t.id}/entries` && r.request().method() === 'POST'),
      page.getByTestId('composer-send').click(),
    ]);
    expect(entryResponse.status()).toBe(201);
    const registered = requests.filter((r) => r.method() === 'POST' && r.url() === `${s.stack.apiUrl}/v1/tickets/${t.id}/attachments`);
    expect(registered.map((r) => r.postDataJSON())).toEqual([{ name: 'boiler-display.png', contentType: 'image/png', size: PNG.length }]);
    const upload = requests.find((r) => r.method() === 'PUT' && r.url().includes('X-Amz-Signature'))!;
    expect(upload.headers()['content-type']).toBe('image/png');
    expect(upload.headers()['authorization']).toBeUndefined(); // the signature is in the URL, no token travels to storage
    const entry = entryResponse.request().postDataJSON();
    expect(entry).toMatchObject({ kind: 'reply', body: 'Here is the photo of the display you sent us.' });
    expect(entry.attachmentIds).toHaveLength(1);

    const file = page.locator('[data-testid="thread-entry"][data-kind="reply"] [data-testid="entry-file"]');
    expect(await textOf(file)).toBe('boiler-display.png\n70 B');
    expect(await chips(page).count()).toBe(0);
    expect(await page.getByTestId('composer-body').inputValue()).toBe('');

    // The ticket carries the file; a reload shows it again from the API.
    const detail = await callApi(s.stack, 'GET', `/v1/tickets/${t.id}`, { role: 'agent' });
    expect(detail.body.attachments.map((a: { id: string; name: string }) => [a.id, a.name])).toEqual([[entry.attachmentIds[0], 'boiler-display.png']]);
    await page.reload();
    await file.waitFor();
    await screenshot(page, 'desktop-attachments-02-thread');

    // Download: a fresh link from the API, opened in a new tab, serving exactly the bytes uploaded.
    const [popup] = await Promise.all([page.context().waitForEvent('page'), file.click()]);
    await popup.waitForURL(/X-Amz-Signature/);
    const linkCalls = requests.filter((r) => r.method() === 'GET' && r.url() === `${s.stack.apiUrl}/v1/tickets/${t.id}/attachments/${entry.attachmentIds[0]}`);
    expect(linkCalls).toHaveLength(1);
    const bytes = await popup.evaluate(async () => Array.from(new Uint8Array(await (await fetch(location.href)).arrayBuffer())));
    expect(Buffer.from(bytes)).toEqual(PNG);
  });

  it('keeps the draft when an upload fails, and on retry uploads only what is missing', async () => {
    const t = await createTicket(`Files ${RUN} retry`);
    const page = await openPage(s);
    const requests: Request[] = [];
    page.on('request', (r) => requests.push(r));
    await signIn(s, page, `#/tickets/${t.id}`);
    await page.getByTestId('composer-tab-note').click();
    await page.getByTestId('composer-body').fill('Invoice and meter reading for the file.');
    await page.getByTestId('composer-file-input').setInputFiles([
      { name: 'invoice.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%fake\n') },
      { name: 'meter.csv', mimeType: 'text/csv', buffer: Buffer.from('date,reading\n2026-01-01,1042\n') },
    ]);
    // Storage refuses the second upload once.
    let refusals = 0;
    await page.context().route(/X-Amz-Signature/, async (route) => {
      if (route.request().method() === 'PUT' && route.request().headers()['content-type'] === 'text/csv' && refusals === 0) {
        refusals++;
        return route.fulfill({ status: 500, body: 'SlowDown' });
      }
      return route.continue();
    });
    await page.getByTestId('composer-send').click();
    await page.locator('[data-testid="composer-file"][data-name="meter.csv"][data-state="failed"]').waitFor();
    expect(await textOf(page.locator('[data-testid="composer-file"][data-name="meter.csv"] [data-testid="composer-file-problem"]'))).toBe(
      'This file could not be uploaded. Try again or remove it.',
    );
    expect(await page.locator('[data-testid="composer-file"][data-name="invoice.pdf"]').getAttribute('data-state')).toBe('uploaded');
    expect(await page.getByTestId('composer-body').inputValue()).toBe('Invoice and meter reading for the file.');
    expect(await page.getByTestId('thread-entry').count()).toBe(0);
    await screenshot(page, 'desktop-attachments-03-upload-failed');

    const [entryResponse] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${s.stack.apiUrl}/v1/tickets/${t.id}/entries` && r.request().method() === 'POST'),
      page.getByTestId('composer-send').click(),
    ]);
    expect(entryResponse.status()).toBe(201);
    // Each file was registered once: meter.csv's bytes went again to the link it was signed for (no stray copy on the ticket).
    const names = requests
      .filter((r) => r.method() === 'POST' && r.url() === `${s.stack.apiUrl}/v1/tickets/${t.id}/attachments`)
      .map((r) => r.postDataJSON().name);
    expect(names).toEqual(['invoice.pdf', 'meter.csv']);
    const puts = requests.filter((r) => r.method() === 'PUT' && r.url().includes('X-Amz-Signature')).map((r) => r.headers()['content-type']);
    expect(puts).toEqual(['application/pdf', 'text/csv', 'text/csv']);
    const note = page.locator('[data-testid="thread-entry"][data-kind="note"]');
    await poll(() => note.getByTestId('entry-file').allInnerTexts()).toEqual(['invoice.pdf\n15 B', 'meter.csv\n29 B']);
  });

  it('shows the files a customer sent with a web request under the description', async () => {
    const submitted = await callApi(s.stack, 'POST', '/public/requests', { body: { name: 'Rosa Diaz', email: `rosa-${RUN}@example.com`, subject: `Files ${RUN} from the web`, description: 'Photo of the meter attached.' } });
    expect(submitted.status).toBe(201);
    const { token } = submitted.body;
    const started = await callApi(s.stack, 'POST', `/public/tickets/${token}/attachments`, { body: { name: 'meter.png', contentType: 'image/png', size: PNG.length } });
    expect(started.status).toBe(201);
    expect((await fetch(started.body.upload.url, { method: 'PUT', headers: started.body.upload.headers, body: PNG })).ok).toBe(true);

    const page = await openPage(s);
    await signIn(s, page, `#/tickets/${token.split('.')[0]}`);
    const request = page.getByTestId('thread-request');
    expect(await textOf(request.getByTestId('entry-file'))).toBe('meter.png\n70 B');
    expect(await request.getByTestId('entry-file').getAttribute('data-attachment-id')).toBe(started.body.attachment.id);
  });

  it('works on a phone', async () => {
    const t = await createTicket(`Files ${RUN} on a phone`);
    const page = await openPage(s, PHONE);
    await signIn(s, page, `#/tickets/${t.id}`);
    await page.getByTestId('composer-body').fill('Photo from the site visit, with a long file name that has to wrap.');
    await page.getByTestId('composer-file-input').setInputFiles([{ name: 'site-visit-2026-11-23-boiler-room-north-wall-display.png', mimeType: 'image/png', buffer: PNG }]);
    await assertNoHorizontalScroll(page, 'composer with a file');
    await page.getByTestId('composer-send').tap();
    await page.locator('[data-testid="thread-entry"] [data-testid="entry-file"]').waitFor();
    await assertNoHorizontalScroll(page, 'thread with a file');
    await screenshot(page, 'phone-attachments-01-thread');
  });
});
