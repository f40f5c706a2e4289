// Proves the admin pages in a real browser: only admins reach them; teams (names, assignment, members from the staff list), categories, routing rules (ordered with up/down and drag), custom fields (options, types, required) and the users list; whole lists saved with If-Match, the browser's checks and the API's 400s pinned to the right row, 409 answered by the stale dialog; on a phone and in Chinese.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { zhCN } from '../../web/src/i18n/zh-CN.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';
import type { Session } from './e2e-helpers.ts';
import { DESKTOP, PHONE, assertNoHorizontalScroll, closeContexts, openPage, putDirectory, signIn, textOf, untranslatedStrings, userId, poll } from './e2e-helpers.ts';

const s: Session = { stack: undefined!, browser: undefined!, contexts: [], pageErrors: [] };

beforeAll(async () => {
  [s.stack, s.browser] = await Promise.all([startTestStack('e2e-admin'), launchBrowser()]);
  // Both have signed in before, so they are in the staff list.
  await callApi(s.stack, 'PUT', '/v1/me', { role: 'agent', body: { available: true, name: 'Alex Agent' } });
  await callApi(s.stack, 'PUT', '/v1/me', { role: 'technician', body: { available: false, name: 'Tao Technician' } });
});

afterAll(async () => {
  await s.browser?.close();
  await s.stack?.stop();
});

afterEach(async () => {
  await closeContexts(s);
  expect(s.pageErrors.splice(0)).toEqual([]);
});

const directory = async (kind: string) => (await callApi(s.stack, 'GET', `/v1/directory/${kind}`, { role: 'admin' })).body;
const puts = (requests: Request[], kind: string) => requests.filter((r) => r.method() === 'PUT' && r.url() === `${s.stack.apiUrl}/v1/directory/${kind}`);

async function openSection(page: Page, section: string): Promise<void> {
  await page.goto(`${s.stack.consoleUrl}/#/admin/${section}`);
  await page.locator(`[data-testid="admin-page"][data-section="${section}"]`).waitFor();
}

async function save(page: Page, kind: string, status = 200): Promise<void> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url() === `${s.stack.apiUrl}/v1/directory/${kind}` && r.request().method() === 'PUT'),
    page.getByTestId('admin-save').click(),
  ]);
  expect(response.status(), await response.text()).toBe(status);
  if (status === 200) await page.locator('[data-testid="admin-save-state"][data-state="saved"]').waitFor();
}

describe('admin pages (browser)', () => {
  it('are for admins only: agents get no Admin item and no access', async () => {
    const agent = await openPage(s);
    await signIn(s, agent, '#/admin/teams');
    await agent.getByTestId('no-access').waitFor();
    expect(await agent.getByTestId('nav-admin').count()).toBe(0);
    expect(await agent.getByTestId('admin-page').count()).toBe(0);

    const admin = await openPage(s);
    await signIn(s, admin, '', 'admin');
    await admin.getByTestId('nav-admin').click();
    await admin.locator('[data-testid="admin-page"][data-section="teams"]').waitFor();
    expect(await admin.getByTestId('nav-admin').getAttribute('aria-current')).toBe('page');
    expect(await admin.locator('.admin-tab').allInnerTexts()).toEqual(['Teams', 'Categories', 'Routing rules', 'Custom fields', 'SLA calendars', 'SLA policies', 'Users']);
  });

  it('creates a team with members picked from the staff list, refuses a duplicate id, and handles a stale save', async () => {
    const page = await openPage(s);
    const requests: Request[] = [];
    page.on('request', (r) => requests.push(r));
    await signIn(s, page, '#/admin/teams', 'admin');
    await page.getByTestId('teams-editor').waitFor();
    expect(await page.getByTestId('admin-save').isDisabled()).toBe(true);

    await page.getByTestId('admin-add').click();
    await page.getByTestId('team-0-name-en').fill('Field Service');
    expect(await page.getByTestId('team-0-id').inputValue()).toBe('field-service'); // from the name
    await page.getByTestId('team-0-name-zh').fill('现场服务');
    await page.getByTestId('team-0-assignment').selectOption('least_open');
    const members = page.getByTestId('team-0-members');
    await members.locator('[data-email="agent@loopdesk.local"]').waitFor();
    expect(await members.getByTestId('team-member').evaluateAll((els) => els.map((e) => e.getAttribute('data-email')))).toEqual([
      'admin@loopdesk.local',
      'agent@loopdesk.local',
      'technician@loopdesk.local',
    ]);
    await members.locator('[data-email="agent@loopdesk.local"] input').check();
    await members.locator('[data-email="admin@loopdesk.local"] input').check();
    expect(await textOf(page.locator('[data-testid="admin-save-state"]'))).toBe('Unsaved changes');
    await screenshot(page, 'desktop-admin-01-team');
    await save(page, 'teams');
    expect(puts(requests, 'teams')[0]!.headers()['if-match']).toBe('"0"');
    const stored = await directory('teams');
    expect(stored).toMatchObject({ version: 1 });
    expect(stored.items).toEqual([
      { id: 'field-service', name: { en: 'Field Service', 'zh-CN': '现场服务' }, assignment: 'least_open', memberIds: [userId(s.stack, 'agent'), userId(s.stack, 'admin')] },
    ]);
    // Saved ids no longer change: tickets refer to them.
    expect(await page.getByTestId('team-0-id').getAttribute('readonly')).not.toBeNull();

    // The browser's own check: the same id twice, pinned to the second row.
    await page.getByTestId('admin-add').click();
    await page.getByTestId('team-1-name-en').fill('Field service');
    await page.getByTestId('admin-save').click();
    expect(await textOf(page.getByTestId('team-1-id-error'))).toBe('field-service is used twice.');
    expect(await textOf(page.getByTestId('admin-problems'))).toContain('Please correct the highlighted problems (1).');
    expect(puts(requests, 'teams')).toHaveLength(1);
    await page.getByTestId('team-1-id').fill('field-service-north');
    await page.getByTestId('team-1-name-en').fill('Field Service North');
    expect(await page.getByTestId('team-1-id').inputValue()).toBe('field-service-north'); // typed ids are kept
    await save(page, 'teams');
    expect((await directory('teams')).items.map((t: { id: string }) => t.id)).toEqual(['field-service', 'field-service-north']);

    // Someone else saves meanwhile: the stale dialog; "save mine over theirs" replaces their list.
    await putDirectory(s.stack, 'teams', [...(await directory('teams')).items, { id: 'billing', name: { en: 'Billing' }, assignment: 'manual', memberIds: [] }]);
    await page.getByTestId('team-1-assignment').selectOption('manual');
    await page.getByTestId('admin-save').click();
    const dialog = page.getByTestId('admin-conflict');
    expect(await textOf(dialog.locator('h2'))).toBe('Someone else changed this list');
    expect(await textOf(dialog.locator('p').first())).toBe('Another administrator saved the teams while you were editing (it now has 3). Your changes have not been saved.');
    await screenshot(page, 'desktop-admin-02-conflict', { fullPage: false });
    await page.getByTestId('admin-conflict-apply').click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('[data-testid="admin-save-state"][data-state="saved"]').waitFor();
    expect((await directory('teams')).items.map((t: { id: string; assignment: string }) => `${t.id}:${t.assignment}`)).toEqual(['field-service:least_open', 'field-service-north:manual']);

    // And "reload" shows theirs, dropping mine.
    await putDirectory(s.stack, 'teams', [...(await directory('teams')).items, { id: 'billing', name: { en: 'Billing', 'zh-CN': '账单' }, assignment: 'manual', memberIds: [userId(s.stack, 'admin')] }]);
    await page.getByTestId('team-0-name-en').fill('Field Engineers');
    await page.getByTestId('admin-save').click();
    await page.getByTestId('admin-conflict-reload').click();
    await dialog.waitFor({ state: 'detached' });
    await poll(() => page.getByTestId('team-row').count()).toBe(3);
    expect(await page.getByTestId('team-0-name-en').inputValue()).toBe('Field Service');
  });

  it('edits categories and orders routing rules (up/down, drag); an API refusal lands on the rule it names', async () => {
    const page = await openPage(s);
    const requests: Request[] = [];
    page.on('request', (r) => requests.push(r));
    await signIn(s, page, '#/admin/categories', 'admin');
    await page.getByTestId('categories-editor').waitFor();
    for (const [i, en, zh] of [
      [0, 'Repair', '维修'],
      [1, 'Billing', '账单'],
    ] as const) {
      await page.getByTestId('admin-add').click();
      await page.getByTestId(`category-${i}-name-en`).fill(en);
      await page.getByTestId(`category-${i}-name-zh`).fill(zh);
    }
    await save(page, 'categories');
    expect((await directory('categories')).items).toEqual([
      { id: 'repair', name: { en: 'Repair', 'zh-CN': '维修' } },
      { id: 'billing', name: { en: 'Billing', 'zh-CN': '账单' } },
    ]);

    await page.getByTestId('admin-tab-routing').click();
    await page.getByTestId('routing-editor').waitFor();
    // Rule 1: repairs → field service; rule 2: web → billing; rule 3: VIP → field service north.
    await page.getByTestId('admin-add').click();
    await page.getByTestId('rule-0-category').selectOption('repair');
    await page.getByTestId('rule-0-team').selectOption('field-service');
    await page.getByTestId('admin-add').click();
    await page.getByTestId('rule-1-channel').selectOption('web');
    await page.getByTestId('rule-1-team').selectOption('billing');
    await page.getByTestId('admin-add').click();
    await page.getByTestId('rule-2-tier').selectOption('vip');
    await page.getByTestId('admin-save').click();
    expect(await textOf(page.getByTestId('rule-2-team-error'))).toBe('Choose a team');
    await page.getByTestId('rule-2-team').selectOption('field-service-north');
    expect(await textOf(page.getByTestId('rule-row').nth(2).getByTestId('rule-summary'))).toBe('New tickets with customer tier VIP go to Field Service North.');
    // VIP first: move rule 3 up twice.
    await page.getByTestId('rule-row').nth(2).getByTestId('rule-up').click();
    await page.getByTestId('rule-row').nth(1).getByTestId('rule-up').click();
    expect(await page.getByTestId('rule-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule-id')))).toEqual(['rule-3', 'rule-1', 'rule-2']);
    expect(await page.getByTestId('rule-number').allInnerTexts()).toEqual(['1', '2', '3']);
    await screenshot(page, 'desktop-admin-03-routing');
    await save(page, 'routing-rules');
    expect((await directory('routing-rules')).items).toEqual([
      { id: 'rule-3', when: { customerTier: 'vip' }, teamId: 'field-service-north' },
      { id: 'rule-1', when: { categoryId: 'repair' }, teamId: 'field-service' },
      { id: 'rule-2', when: { channel: 'web' }, teamId: 'billing' },
    ]);

    // Drag the last rule to the top.
    await page.getByTestId('rule-row').nth(2).locator('.drag-handle').dragTo(page.getByTestId('rule-row').nth(0));
    await poll(() => page.getByTestId('rule-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule-id')))).toEqual(['rule-2', 'rule-3', 'rule-1']);

    // The billing team is deleted elsewhere; saving now is refused at items.0.teamId — shown on that rule.
    await putDirectory(s.stack, 'teams', (await directory('teams')).items.filter((t: { id: string }) => t.id !== 'billing'));
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${s.stack.apiUrl}/v1/directory/routing-rules` && r.request().method() === 'PUT'),
      page.getByTestId('admin-save').click(),
    ]);
    expect(refused.status()).toBe(400);
    expect((await refused.json()).error.fields).toEqual([{ path: 'items.0.teamId', message: 'No team billing' }]);
    const billingRule = page.locator('[data-testid="rule-row"][data-rule-id="rule-2"]');
    expect(await textOf(billingRule.getByTestId('rule-0-team-error'))).toBe('No team billing');
    expect(await page.locator('[data-testid="rule-row"][data-rule-id="rule-3"] .field-error').count()).toBe(0);
    await screenshot(page, 'desktop-admin-04-routing-refused');
    await billingRule.getByTestId('rule-0-team').selectOption('field-service');
    await save(page, 'routing-rules');
    expect((await directory('routing-rules')).items.map((r: { id: string; teamId: string }) => `${r.id}:${r.teamId}`)).toEqual([
      'rule-2:field-service',
      'rule-3:field-service-north',
      'rule-1:field-service',
    ]);
    expect(puts(requests, 'routing-rules').map((r) => r.headers()['if-match'])).toEqual(['"0"', '"1"', '"1"']);
  });

  it('defines custom fields with options and ticket types, which the new-ticket form then offers', async () => {
    const page = await openPage(s);
    await signIn(s, page, '#/admin/fields', 'admin');
    await page.getByTestId('fields-editor').waitFor();
    await page.getByTestId('admin-add').click();
    await page.getByTestId('field-0-label-en').fill('Site area');
    await page.getByTestId('field-0-label-zh').fill('站点区域');
    expect(await page.getByTestId('field-0-key').inputValue()).toBe('site_area');
    await page.getByTestId('field-0-type').selectOption('select');
    await page.getByTestId('field-0-required').check();
    await page.getByTestId('field-0-for-incident').check();
    await page.getByTestId('admin-save').click();
    expect(await textOf(page.getByTestId('field-0-options-error'))).toBe('A choice field needs at least one option.');
    await page.getByTestId('field-0-add-option').click();
    await page.getByTestId('field-0-option-0-label-en').fill('North wing');
    await page.getByTestId('field-0-option-0-label-zh').fill('北翼');
    expect(await page.getByTestId('field-0-option-0-value').inputValue()).toBe('north-wing');
    await page.getByTestId('field-0-add-option').click();
    await page.getByTestId('field-0-option-1-label-en').fill('South wing');
    await page.getByTestId('admin-add').click();
    await page.getByTestId('field-1-label-en').fill('Meter reading');
    await page.getByTestId('field-1-type').selectOption('number');
    await screenshot(page, 'desktop-admin-05-fields');
    await save(page, 'custom-fields');
    expect((await directory('custom-fields')).items).toEqual([
      {
        key: 'site_area',
        label: { en: 'Site area', 'zh-CN': '站点区域' },
        type: 'select',
        required: true,
        options: [
          { value: 'north-wing', label: { en: 'North wing', 'zh-CN': '北翼' } },
          { value: 'south-wing', label: { en: 'South wing' } },
        ],
        ticketTypes: ['incident'],
      },
      { key: 'meter_reading', label: { en: 'Meter reading' }, type: 'number', required: false, options: [], ticketTypes: [] },
    ]);

    // Agents see them on new tickets of that type.
    const agent = await openPage(s);
    await signIn(s, agent, '#/tickets/new');
    await agent.getByTestId('new-ticket-cf-meter_reading').waitFor();
    expect(await agent.getByTestId('new-ticket-cf-site_area').count()).toBe(0);
    await agent.getByTestId('new-ticket-type').selectOption('incident');
    await agent.getByTestId('new-ticket-cf-site_area-required').waitFor();
    expect(await agent.locator('#new-ticket-cf-site_area option').allTextContents()).toEqual(['Choose…', 'North wing', 'South wing']);
  });

  it('lists the staff with roles and availability, and says where accounts are made', async () => {
    const page = await openPage(s);
    await signIn(s, page, '#/admin/users', 'admin');
    await page.getByTestId('users-table').waitFor();
    await poll(() => page.getByTestId('user-row').count()).toBe(3);
    const row = (email: string) => page.locator(`[data-testid="user-row"][data-email="${email}"]`);
    expect(await textOf(row('technician@loopdesk.local').getByTestId('user-roles-cell'))).toBe('Technician');
    expect(await textOf(row('technician@loopdesk.local').getByTestId('user-availability'))).toBe('Away');
    expect(await textOf(row('agent@loopdesk.local').getByTestId('user-availability'))).toBe('Available');
    expect(await textOf(row('admin@loopdesk.local').locator('strong'))).toBe('Ada Admin');
    expect(await textOf(page.getByTestId('users-note'))).toContain('Accounts are created in the Cognito user pool');
    await screenshot(page, 'desktop-admin-06-users');
  });

  it('works on a phone and in Chinese', async () => {
    const phone = await openPage(s, PHONE);
    await signIn(s, phone, '#/admin/routing', 'admin');
    await phone.getByTestId('rule-row').first().waitFor();
    await assertNoHorizontalScroll(phone, 'routing rules');
    await screenshot(phone, 'phone-admin-01-routing');
    await openSection(phone, 'teams');
    await phone.getByTestId('team-row').first().waitFor();
    await assertNoHorizontalScroll(phone, 'teams');
    await screenshot(phone, 'phone-admin-02-teams');

    // Team names an admin gave in English only would show in English; give them Chinese names too.
    const zhNames: Record<string, string> = { 'field-service': '现场服务', 'field-service-north': '现场服务北区' };
    await putDirectory(s.stack, 'teams', (await directory('teams')).items.map((t: { id: string; name: object }) => ({ ...t, name: { ...t.name, 'zh-CN': zhNames[t.id] } })));
    const zh = await openPage(s, DESKTOP, 'zh-CN');
    await signIn(s, zh, '#/admin/routing', 'admin');
    await zh.getByTestId('rule-row').first().waitFor();
    expect(await textOf(zh.getByTestId('admin-section-title'))).toBe(zhCN['admin.tab.routing']);
    await poll(() => textOf(zh.getByTestId('rule-row').nth(1).getByTestId('rule-summary'))).toBe('满足客户等级为VIP的新工单发送给现场服务北区。');
    expect(await untranslatedStrings(zh)).toEqual([]);
    await screenshot(zh, 'zh-admin-01-routing');
    for (const section of ['teams', 'categories', 'fields', 'users']) {
      await openSection(zh, section);
      await zh.locator('.admin-editor, [data-testid="users-table"]').first().waitFor();
      expect(await untranslatedStrings(zh), section).toEqual([]);
    }
    await screenshot(zh, 'zh-admin-02-users');
  });
});
