// Proves timestamps are rendered in the requested time zone, per locale, with the zone abbreviation.
import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../../web/src/i18n/format.ts';

// ICU separates time and day period with a narrow no-break space; normalise for readable asserts.
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

describe('formatDateTime', () => {
  const iso = '2025-01-15T14:05:00.000Z';

  it('shows New York wall-clock time with its abbreviation', () => {
    const text = plain(formatDateTime(iso, 'en', 'America/New_York'));
    expect(text).toContain('Jan 15, 2025');
    expect(text).toMatch(/, 9:05 AM EST$/);
  });

  it('moves to the next calendar day when the zone is ahead of UTC', () => {
    const text = plain(formatDateTime('2025-01-15T20:30:00Z', 'zh-CN', 'Asia/Shanghai'));
    expect(text).toContain('2025年1月16日');
    expect(text).toContain('04:30');
    expect(text).toMatch(/GMT\+8|CST|中国标准时间/);
  });

  it('uses daylight-saving abbreviations in summer', () => {
    expect(plain(formatDateTime('2025-07-01T12:00:00Z', 'en', 'America/New_York'))).toMatch(/EDT$/);
  });

  it('returns unparseable input unchanged rather than "Invalid Date"', () => {
    expect(formatDateTime('not a date', 'en', 'UTC')).toBe('not a date');
  });
});
