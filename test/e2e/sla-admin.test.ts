// Proves the SLA admin editors in a real browser: a team lead picked from the members; a business calendar (zone, weekly hours, overnight shown as such, public holidays imported on demand for review, a make-up working Saturday); ordered policies (conditions, targets as hours + minutes, an escalation step); the browser's own checks and the API's refusals shown where they belong; saved, reloaded, on a phone and in Chinese.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { slaEn } from '../../web/src/i18n/sla-en.ts';
import { slaZhCN } from '../../web/src/i18n/sla-zh-CN.ts';
import { en } from '../../web/src/i18n/en.ts';
import { zhCN } from '../../web/src/i18n/zh-CN.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { callApi, startTestStack } from '../support/local-stack.ts';
import type { Session } from './e2e-helpers.ts';
import { DESKTOP, PHONE, assertNoHorizontalScroll, closeContexts, openPage, poll, putDirectory, signIn, textOf, untranslatedStrings, userId } from './e2e-helpers.ts';

const s: Session = { stack: undefined!, browser: undefined!, contexts: [], pageErrors: [] };

beforeAll(async () => {
  [s.stack, s.browser] = await Promise.all([startTestStack('e2e-sla-admin'), launchBrowser()]);
  await callApi(s.stack, 'PUT', '/v1/me', { role: 'agent', body: { available: true, name: 'Alex Agent' } });
  await callApi(s.stack, 'PUT', '/v1/me', { role: 'admin', body: { available: true, name: 'Ada Admin' } });
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

async function save(page: Page, kind: string, status = 200): Promise<unknown> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url() === `${s.stack.apiUrl}/v1/directory/${kind}` && r.request().method() === 'PUT'),
    page.getByTestId('admin-save').click(),
  ]);
  expect(response.status(), await response.text()).toBe(status);
  if (status === 200) await page.locator('[data-testid="admin-save-state"][data-state="saved"]').waitFor();
  return response.json();
}

async function openSection(page: Page, section: string): Promise<void> {
  await page.goto(`${s.stack.consoleUrl}/#/admin/${section}`);
  await page.locator(`[data-testid="admin-page"][data-section="${section}"] .admin-editor`).waitFor();
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'];

describe('SLA admin (browser)', () => {
  it('picks a team lead from the team’s members', async () => {
    const page = await openPage(s);
    await signIn(s, page, '#/admin/teams', 'admin');
    await page.getByTestId('teams-editor').waitFor();
    await page.getByTestId('admin-add').click();
    await page.getByTestId('team-0-name-en').fill('Support');
    await page.getByTestId('team-0-name-zh').fill('支持');
    // Nobody can lead before there are members.
    expect(await page.locator('#team-0-lead option').allTextContents()).toEqual(['Tick members first']);
    const members = page.getByTestId('team-0-members');
    await members.locator('[data-email="agent@loopdesk.local"] input').check();
    await members.locator('[data-email="admin@loopdesk.local"] input').check();
    expect(await page.locator('#team-0-lead option').allTextContents()).toEqual(['No lead', 'Ada Admin', 'Alex Agent']);
    await page.getByTestId('team-0-lead').selectOption({ label: 'Alex Agent' });
    await save(page, 'teams');
    expect((await directory('teams')).items).toEqual([
      { id: 'support', name: { en: 'Support', 'zh-CN': '支持' }, assignment: 'round_robin', memberIds: [userId(s.stack, 'agent'), userId(s.stack, 'admin')], leadId: userId(s.stack, 'agent') },
    ]);
    // A lead who leaves the team is no longer its lead.
    await members.locator('[data-email="agent@loopdesk.local"] input').uncheck();
    expect(await page.getByTestId('team-0-lead').inputValue()).toBe('');
    await page.getByTestId('admin-discard').click();
    expect(await page.getByTestId('team-0-lead').inputValue()).toBe(userId(s.stack, 'agent'));
  });

  it('creates a calendar: Mon–Fri 9–18 in Shanghai, China’s 2027 holidays imported and reviewed, a make-up working Saturday', async () => {
    const page = await openPage(s);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await signIn(s, page, '#/admin/sla-calendars', 'admin');
    await page.getByTestId('sla-calendars-editor').waitFor();
    expect(await page.locator('.admin-tab').allInnerTexts()).toEqual(['Teams', 'Categories', 'Routing rules', 'Custom fields', 'SLA calendars', 'SLA policies', 'Users']);

    await page.getByTestId('admin-add').click();
    await page.getByTestId('calendar-0-name-en').fill('China office');
    await page.getByTestId('calendar-0-name-zh').fill('中国办公室');
    expect(await page.getByTestId('calendar-0-id').inputValue()).toBe('china-office');
    expect(await page.getByTestId('calendar-0-zone').inputValue()).toBe('UTC'); // the browser's zone
    await page.getByTestId('calendar-0-zone').selectOption('Asia/Shanghai');
    expect(await textOf(page.getByTestId('calendar-0-zone-note'))).toMatch(/^Hours and dates are wall-clock times in Asia\/Shanghai \(now .+ there\), whatever time zone agents work in; yours is UTC\.$/);

    // New calendars start as office hours; make them 9–18.
    expect(await page.getByTestId('calendar-0-day-sat').innerText()).toContain('Closed');
    for (const day of WEEKDAYS) await page.getByTestId(`calendar-0-${day}-0-end`).fill('18');
    await page.getByTestId('calendar-0-mon-0-end').blur();
    expect(await page.getByTestId('calendar-0-mon-0-end').inputValue()).toBe('18:00'); // tidied to HH:MM

    // An evening shift on Sunday runs overnight; one overlapping it is caught before saving.
    await page.getByTestId('calendar-0-sun-add').click();
    await page.getByTestId('calendar-0-sun-0-start').fill('22:00');
    await page.getByTestId('calendar-0-sun-0-end').fill('06:00');
    expect(await textOf(page.getByTestId('calendar-0-sun-0-overnight'))).toBe('Overnight, until 06:00 the next day');
    await page.getByTestId('calendar-0-sun-add').click();
    await page.getByTestId('calendar-0-sun-1-start').fill('23:00');
    await page.getByTestId('admin-save').click();
    expect(await textOf(page.getByTestId('calendar-0-sun-1-error'))).toBe('Overlaps 22:00–06:00 on the same day.');
    await page.getByTestId('calendar-0-sun-1-remove').click();
    await page.getByTestId('calendar-0-sun-0-remove').click();

    // The holiday rules are fetched only now, as a file of their own.
    expect(requests.some((u) => /\/assets\/holidays-/.test(u))).toBe(false);
    await page.getByTestId('calendar-0-import').click();
    const panel = page.getByTestId('calendar-0-import-panel');
    await panel.getByTestId('calendar-0-import-panel-country').waitFor();
    expect(requests.filter((u) => /\/assets\/holidays-[^/]+\.js$/.test(u))).toHaveLength(1);
    await panel.getByTestId('calendar-0-import-panel-country').selectOption('CN');
    await panel.getByTestId('calendar-0-import-panel-year').fill('2027');
    const line = (date: string) => panel.locator(`[data-testid="import-holiday"][data-date="${date}"]`);
    await line('2027-10-01').waitFor();
    expect(await line('2027-10-01').innerText()).toContain('National Day');
    // Women's Day is an afternoon off: offered, not ticked.
    expect(await line('2027-03-08').locator('input').isChecked()).toBe(false);
    expect(await line('2027-03-08').innerText()).toContain('part of the day');
    expect(await line('2027-06-01').locator('input').isChecked()).toBe(true);
    await line('2027-06-01').locator('input').uncheck(); // Children's Day is not a day off here
    expect(await textOf(panel.getByTestId('calendar-0-import-panel-add'))).toBe('Add to the calendar (11)');
    await screenshot(page, 'desktop-sla-01-import');
    await panel.getByTestId('calendar-0-import-panel-add').click();
    await panel.waitFor({ state: 'detached' });
    expect(await textOf(page.getByTestId('calendar-0-imported'))).toBe('Days added: 11. Save to keep them.');
    expect(await page.getByTestId('holiday-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-date')))).toEqual([
      '2027-01-01',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-04-05',
      '2027-05-01',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
      '2027-10-02',
      '2027-10-03',
    ]);
    // Importing again adds nothing twice.
    await page.getByTestId('calendar-0-import').click();
    expect(await panel.getByTestId('calendar-0-import-panel-country').inputValue()).toBe('CN'); // where they came from
    await panel.getByTestId('calendar-0-import-panel-year').fill('2027');
    await line('2027-10-01').waitFor();
    expect(await line('2027-10-01').innerText()).toContain('already in the calendar');
    expect(await line('2027-10-01').locator('input').isDisabled()).toBe(true);
    expect(await textOf(panel.getByTestId('calendar-0-import-panel-add'))).toBe('Add to the calendar (1)'); // Children's Day, offered again
    await line('2027-06-01').locator('input').uncheck();
    expect(await panel.getByTestId('calendar-0-import-panel-add').isDisabled()).toBe(true);
    await panel.getByTestId('calendar-0-import-panel-cancel').click();

    // A make-up working Saturday after the Spring Festival.
    await page.getByTestId('calendar-0-add-special').click();
    await page.getByTestId('calendar-0-special-0-date').fill('2027-02-20');
    await page.getByTestId('calendar-0-special-0-name').fill('调休上班日');
    expect(await page.getByTestId('calendar-0-special-0-hours-0-end').inputValue()).toBe('18:00'); // Monday's hours to start with
    expect(await textOf(page.getByTestId('special-row').locator('.day-weekday'))).toBe('Saturday');
    expect(await textOf(page.getByTestId('calendar-0-holidays').locator('.field-note'))).toBe('Whole days off: no business time is counted on them. Imported from China (CN).');
    await screenshot(page, 'desktop-sla-02-calendar');
    await save(page, 'sla-calendars');

    const [stored] = (await directory('sla-calendars')).items;
    expect(stored).toMatchObject({
      id: 'china-office',
      name: { en: 'China office', 'zh-CN': '中国办公室' },
      timeZone: 'Asia/Shanghai',
      week: { mon: [{ start: '09:00', end: '18:00' }], fri: [{ start: '09:00', end: '18:00' }], sat: [], sun: [] },
      specialDays: [{ date: '2027-02-20', hours: [{ start: '09:00', end: '18:00' }], name: '调休上班日' }],
      holidaySource: { country: 'CN' },
    });
    expect(stored.holidays).toHaveLength(11);
    expect(stored.holidays[8]).toEqual({ date: '2027-10-01', name: 'National Day' });
    expect(stored.holidays.some((h: { date: string }) => h.date === '2027-06-01')).toBe(false);

    // Reloaded, it is all there.
    await page.reload();
    await page.getByTestId('calendar-row').waitFor();
    expect(await page.getByTestId('calendar-0-zone').inputValue()).toBe('Asia/Shanghai');
    expect(await page.getByTestId('calendar-0-tue-0-end').inputValue()).toBe('18:00');
    expect(await page.getByTestId('holiday-row').count()).toBe(11);
    expect(await page.getByTestId('calendar-0-special-0-name').inputValue()).toBe('调休上班日');
  });

  it('creates ordered policies: urgent first, then a catch-all with an escalation to the team lead', async () => {
    const page = await openPage(s);
    await signIn(s, page, '#/admin/sla-policies', 'admin');
    await page.getByTestId('sla-policies-editor').waitFor();

    await page.getByTestId('admin-add').click();
    await page.getByTestId('policy-0-name-en').fill('Urgent');
    await page.getByTestId('policy-0-name-zh').fill('紧急');
    expect(await page.getByTestId('policy-0-id').inputValue()).toBe('urgent');
    await poll(() => page.getByTestId('policy-0-calendar').inputValue()).toBe('china-office');
    await page.getByTestId('policy-0-priorities-urgent').check();
    await page.getByTestId('policy-0-first_response-hours').fill('1');

    await page.getByTestId('admin-add').click();
    await page.getByTestId('policy-1-name-en').fill('Everything else');
    await page.getByTestId('policy-1-first_response-hours').fill('8');
    await page.getByTestId('policy-1-resolution-hours').fill('72');
    expect(await textOf(page.getByTestId('policy-1-summary'))).toBe('First response 8 h · Resolution 72 h');
    await page.getByTestId('policy-1-add-step').click();
    await page.getByTestId('policy-1-step-0-notify-assignee').uncheck();
    await page.getByTestId('admin-save').click();
    expect(await textOf(page.getByTestId('policy-1-step-0-error'))).toBe('A step must notify someone, raise the priority or move the ticket.');
    await page.getByTestId('policy-1-step-0-notify-team_lead').check();
    await page.getByTestId('policy-1-step-0-after-minutes').fill('30');
    expect(await textOf(page.getByTestId('policy-1-step-0-summary'))).toBe('30 min after the breach.');

    // The catch-all first would leave the urgent one unused: the browser says so on that policy.
    await page.getByTestId('policy-row').nth(1).getByTestId('policy-up').click();
    await page.getByTestId('admin-save').click();
    const urgentRow = page.locator('[data-testid="policy-row"][data-policy-id="urgent"]');
    expect(await textOf(urgentRow.getByTestId('row-problems'))).toBe('Never used: policy everything-else above it applies to every ticket. Move this one up or give that one conditions.');
    await page.getByTestId('policy-row').nth(1).getByTestId('policy-up').click();
    await page.getByTestId('policy-1-managers').locator('[data-email="admin@loopdesk.local"] input').check();
    await screenshot(page, 'desktop-sla-03-policies');
    await save(page, 'sla-policies');

    expect((await directory('sla-policies')).items).toEqual([
      {
        id: 'urgent',
        name: { en: 'Urgent', 'zh-CN': '紧急' },
        when: { priorities: ['urgent'] },
        calendarId: 'china-office',
        targets: { first_response: 60 },
        pauseOn: ['pending_customer', 'pending_third_party'],
        warnAtPercent: 80,
        escalation: [],
        managerIds: [],
      },
      {
        id: 'everything-else',
        name: { en: 'Everything else' },
        when: {},
        calendarId: 'china-office',
        targets: { first_response: 480, resolution: 4320 },
        pauseOn: ['pending_customer', 'pending_third_party'],
        warnAtPercent: 80,
        escalation: [{ afterMinutes: 30, notify: ['team_lead'], raisePriority: false }],
        managerIds: [userId(s.stack, 'admin')],
      },
    ]);

    await page.reload();
    await page.getByTestId('policy-row').nth(1).waitFor();
    expect(await page.getByTestId('policy-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-policy-id')))).toEqual(['urgent', 'everything-else']);
    expect(await page.getByTestId('policy-1-resolution-hours').inputValue()).toBe('72');
    expect(await page.getByTestId('policy-1-step-0-notify-team_lead').isChecked()).toBe(true);
    expect(await page.getByTestId('policy-0-priorities-urgent').isChecked()).toBe(true);
  });

  it('shows the API’s refusals where they belong, and will not drop a calendar a policy uses', async () => {
    const page = await openPage(s);
    await signIn(s, page, '#/admin/sla-calendars', 'admin');
    await page.getByTestId('calendar-row').waitFor();
    // The browser knows the policies: removing the calendar they use is refused on the spot.
    await page.getByTestId('calendar-row').getByTestId('row-remove').click();
    expect(await textOf(page.getByTestId('calendar-0-in-use'))).toBe('This calendar is used by Urgent, Everything else. Choose another calendar in those policies before removing it.');
    expect(await page.getByTestId('calendar-row').count()).toBe(1);

    // Someone else adds a calendar and a policy on it meanwhile; deleting that one is refused by the API.
    const [china] = (await directory('sla-calendars')).items;
    await putDirectory(s.stack, 'sla-calendars', [china, { ...china, id: 'night-shift', name: { en: 'Night shift' }, holidays: [], specialDays: [], holidaySource: undefined }]);
    await page.reload();
    await page.getByTestId('calendar-row').nth(1).waitFor();
    const policies = (await directory('sla-policies')).items;
    await putDirectory(s.stack, 'sla-policies', [{ ...policies[0], id: 'nights', name: { en: 'Nights' }, when: { channels: ['phone'] }, calendarId: 'night-shift' }, ...policies]);
    await page.getByTestId('calendar-row').nth(1).getByTestId('row-remove').click();
    const body = (await save(page, 'sla-calendars', 400)) as { error: { fields: { path: string; message: string }[] } };
    expect(body.error.fields).toEqual([{ path: 'items', message: 'Calendar night-shift is used by policy nights' }]);
    expect(await textOf(page.getByTestId('admin-problems'))).toContain('Calendar night-shift is used by policy nights');
    await screenshot(page, 'desktop-sla-04-calendar-refused');
    await page.getByTestId('admin-discard').click();
    expect(await page.getByTestId('calendar-row').count()).toBe(2);

    // A policy on a calendar deleted elsewhere: the API's refusal lands on that policy's calendar.
    await putDirectory(s.stack, 'sla-calendars', [china, { ...china, id: 'temp', name: { en: 'Temporary' }, holidays: [], specialDays: [], holidaySource: undefined }, { ...china, id: 'night-shift', name: { en: 'Night shift' }, holidays: [], specialDays: [], holidaySource: undefined }]);
    await openSection(page, 'sla-policies');
    await page.getByTestId('policy-row').nth(2).waitFor();
    await page.getByTestId('admin-add').click();
    await page.getByTestId('policy-3-name-en').fill('Web');
    await page.getByTestId('policy-3-channels-web').check();
    await page.getByTestId('policy-3-calendar').selectOption('temp');
    await page.getByTestId('policy-3-first_response-minutes').fill('90');
    for (let i = 3; i > 0; i--) await page.getByTestId('policy-row').nth(i).getByTestId('policy-up').click();
    await putDirectory(s.stack, 'sla-calendars', (await directory('sla-calendars')).items.filter((c: { id: string }) => c.id !== 'temp'));
    const refused = (await save(page, 'sla-policies', 400)) as { error: { fields: { path: string; message: string }[] } };
    expect(refused.error.fields).toEqual([{ path: 'items.0.calendarId', message: 'No calendar temp' }]);
    expect(await textOf(page.getByTestId('policy-0-calendar-error'))).toBe('No calendar temp');
    expect(await page.locator('[data-testid="policy-row"][data-policy-id="nights"] .field-error').count()).toBe(0);
    await screenshot(page, 'desktop-sla-05-policy-refused');
    await page.getByTestId('policy-0-calendar').selectOption('china-office');
    await save(page, 'sla-policies');
    expect((await directory('sla-policies')).items.map((p: { id: string; calendarId: string; targets: object }) => `${p.id}:${p.calendarId}`)).toEqual([
      'web:china-office',
      'nights:night-shift',
      'urgent:china-office',
      'everything-else:china-office',
    ]);
    expect((await directory('sla-policies')).items[0].targets).toEqual({ first_response: 90 });
  });

  it('works on a phone and in Chinese', async () => {
    const phone = await openPage(s, PHONE);
    await signIn(s, phone, '#/admin/sla-calendars', 'admin');
    await phone.getByTestId('calendar-row').first().waitFor();
    await assertNoHorizontalScroll(phone, 'SLA calendars');
    await screenshot(phone, 'phone-sla-01-calendars');
    await phone.getByTestId('calendar-0-import').click();
    await phone.locator('[data-testid="import-holiday"]').first().waitFor();
    await assertNoHorizontalScroll(phone, 'holiday import');
    await screenshot(phone, 'phone-sla-02-import', { fullPage: false });
    await openSection(phone, 'sla-policies');
    await phone.getByTestId('policy-row').first().waitFor();
    await assertNoHorizontalScroll(phone, 'SLA policies');
    await screenshot(phone, 'phone-sla-03-policies');

    const zh = await openPage(s, DESKTOP, 'zh-CN');
    await signIn(s, zh, '#/admin/sla-calendars', 'admin');
    await zh.getByTestId('calendar-row').first().waitFor();
    expect(await textOf(zh.getByTestId('admin-section-title'))).toBe('工作日历');
    const catalogs: [Record<string, string>, Record<string, string>][] = [
      [en, zhCN],
      [slaEn, slaZhCN],
    ];
    expect(await untranslatedStrings(zh, catalogs)).toEqual([]);
    await zh.getByTestId('calendar-0-import').click();
    const line = zh.locator('[data-testid="import-holiday"][data-date="2027-10-01"]');
    await zh.getByTestId('calendar-0-import-panel-year').fill('2027');
    await line.waitFor();
    expect(await line.innerText()).toContain('国庆节'); // the package's Chinese names
    expect(await untranslatedStrings(zh, catalogs)).toEqual([]);
    await screenshot(zh, 'zh-sla-01-calendars');
    await openSection(zh, 'sla-policies');
    await zh.getByTestId('policy-row').first().waitFor();
    expect(await textOf(zh.getByTestId('admin-section-title'))).toBe('SLA 策略');
    expect(await textOf(zh.getByTestId('policy-3-summary'))).toBe('首次响应 8 小时 · 解决时间 72 小时');
    expect(await untranslatedStrings(zh, catalogs)).toEqual([]);
    await screenshot(zh, 'zh-sla-02-policies');

    const zhPhone = await openPage(s, PHONE, 'zh-CN');
    await signIn(s, zhPhone, '#/admin/sla-policies', 'admin');
    await zhPhone.getByTestId('policy-row').first().waitFor();
    await assertNoHorizontalScroll(zhPhone, 'SLA policies in Chinese');
    await screenshot(zhPhone, 'phone-zh-sla-01-policies');
  });
});
