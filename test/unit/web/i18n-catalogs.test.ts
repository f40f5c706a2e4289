// Proves every shipped message catalog (the console's and the SLA editors' own) has exactly the English key set, with no empty messages and the same placeholders.
import { describe, expect, it } from 'vitest';
import { en } from '../../../web/src/i18n/en.ts';
import { CATALOGS, LANGUAGES, detectLanguage, translate } from '../../../web/src/i18n/languages.ts';
import { slaEn } from '../../../web/src/i18n/sla-en.ts';
import { slaZhCN } from '../../../web/src/i18n/sla-zh-CN.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
  const englishKeys = Object.keys(en).sort();

  for (const lang of LANGUAGES) {
    it(`${lang} has the same keys as English`, () => {
      expect(Object.keys(CATALOGS[lang]).sort()).toEqual(englishKeys);
    });

    it(`${lang} has no empty messages and keeps every {placeholder}`, () => {
      for (const key of englishKeys as (keyof typeof en)[]) {
        const message = CATALOGS[lang][key];
        expect(message.trim(), key).not.toBe('');
        expect(placeholders(message), key).toEqual(placeholders(en[key]));
      }
    });
  }

  it('the SLA editors’ Chinese catalog has the same keys and placeholders as the English one', () => {
    expect(Object.keys(slaZhCN).sort()).toEqual(Object.keys(slaEn).sort());
    for (const key of Object.keys(slaEn) as (keyof typeof slaEn)[]) {
      expect(slaZhCN[key].trim(), key).not.toBe('');
      expect(placeholders(slaZhCN[key]), key).toEqual(placeholders(slaEn[key]));
    }
  });

  it('fills placeholders', () => {
    expect(translate(CATALOGS.en, 'ticket.number', { number: 1001 })).toBe('Ticket #1001');
    expect(translate(CATALOGS['zh-CN'], 'error.requestId', { id: 'abc' })).toBe('请求 ID：abc');
  });
});

describe('detectLanguage', () => {
  it('prefers the stored choice, then the browser languages, then English', () => {
    expect(detectLanguage('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(detectLanguage(null, ['fr-FR', 'zh-TW', 'en'])).toBe('zh-CN');
    expect(detectLanguage('klingon', ['en-GB'])).toBe('en');
    expect(detectLanguage(null, ['de-DE'])).toBe('en');
  });
});
