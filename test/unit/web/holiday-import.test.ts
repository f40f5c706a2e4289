// Proves the holiday import on the date-holidays package's real output: days off only, half days and non-public days offered unticked, multi-day holidays as whole local days, names in the UI's language, and no date added twice.
import { describe, expect, it } from 'vitest';
import { library } from '../../../web/src/admin/holiday-library.ts';
import type { LibraryHoliday } from '../../../web/src/admin/holiday-import.ts';
import { countryFromLocale, holidayCandidates, holidayLanguage, withImportedHolidays } from '../../../web/src/admin/holiday-import.ts';

const at = (date: string, hours = 24, type = 'public', name = 'Day'): LibraryHoliday => {
  const start = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  return { date, start, end: new Date(start.getTime() + hours * 3_600_000), name, type };
};

describe('holiday candidates', () => {
  it('maps China 2027 in Chinese: whole public days ticked, the half days (12:00 starts) offered unticked', () => {
    const candidates = holidayCandidates(library.holidays(2027, { country: 'CN' }, holidayLanguage('zh-CN')));
    const line = (date: string) => candidates.find((c) => c.dates[0] === date);
    expect(line('2027-10-01')).toEqual({ dates: ['2027-10-01'], name: '国庆节', type: 'public', partDay: false, ticked: true });
    expect(line('2027-02-05')).toMatchObject({ name: '春节', ticked: true });
    expect(line('2027-03-08')).toMatchObject({ partDay: true, ticked: false }); // Women's Day: an afternoon off
    expect(candidates.filter((c) => c.partDay).map((c) => c.dates[0])).toEqual(['2027-03-08', '2027-05-04', '2027-08-01']);
    expect(candidates.filter((c) => c.ticked)).toHaveLength(12);
  });

  it('names them in English for the English console', () => {
    const names = holidayCandidates(library.holidays(2027, { country: 'CN' }, holidayLanguage('en'))).map((c) => c.name);
    expect(names).toContain('National Day');
    expect(names).toContain('Spring Festival');
  });

  it('leaves out observances and school holidays, and offers bank and optional ones unticked', () => {
    const candidates = holidayCandidates([at('2027-02-14 00:00:00', 24, 'observance'), at('2027-07-01 00:00:00', 24, 'school'), at('2027-08-02 00:00:00', 24, 'bank'), at('2027-11-11 00:00:00', 24, 'optional')]);
    expect(candidates.map((c) => `${c.type}:${c.ticked}`)).toEqual(['bank:false', 'optional:false']);
    // Germany, Bavaria: observances such as Rosenmontag are not offered at all.
    const bavaria = holidayCandidates(library.holidays(2027, { country: 'DE', state: 'BY' }, 'en'));
    expect(bavaria.every((c) => c.type !== 'observance')).toBe(true);
    expect(bavaria.some((c) => c.dates[0] === '2027-01-06' && c.ticked)).toBe(true); // Epiphany, public in Bavaria
  });

  it('turns a holiday of several days into each of its local days, clock changes included', () => {
    expect(holidayCandidates([at('2027-03-09 00:00:00 -0600', 72)])[0]!.dates).toEqual(['2027-03-09', '2027-03-10', '2027-03-11']);
    expect(holidayCandidates([at('2027-03-28 00:00:00', 23)])[0]!.dates).toEqual(['2027-03-28']);
    expect(holidayCandidates([at('2027-12-31 00:00:00', 48)])[0]!.dates).toEqual(['2027-12-31', '2028-01-01']);
  });
});

describe('adding the ticked ones', () => {
  it('adds whole days in date order, skipping dates the calendar or an earlier line already has', () => {
    const candidates = [
      { dates: ['2027-10-01', '2027-10-02'], name: 'National Day', type: 'public', partDay: false, ticked: true },
      { dates: ['2027-01-01'], name: 'New Year', type: 'public', partDay: false, ticked: true },
      { dates: ['2027-10-02'], name: 'Duplicate', type: 'public', partDay: false, ticked: true },
      { dates: ['2027-03-08'], name: 'Women', type: 'public', partDay: true, ticked: false },
      { dates: ['2027-09-26'], name: 'Special', type: 'public', partDay: false, ticked: true },
    ];
    const result = withImportedHolidays({ holidays: [{ date: '2027-05-01', name: 'Labour Day' }], specialDays: [{ date: '2027-09-26', hours: [] }] }, candidates);
    expect(result.holidays).toEqual([
      { date: '2027-01-01', name: 'New Year' },
      { date: '2027-05-01', name: 'Labour Day' },
      { date: '2027-10-01', name: 'National Day' },
      { date: '2027-10-02', name: 'National Day' },
    ]);
    expect(result).toMatchObject({ added: 3, skipped: 2 });
  });
});

describe('the pickers', () => {
  it('lists countries and their states', () => {
    expect(library.countries('en')).toMatchObject({ CN: expect.any(String), DE: expect.any(String) });
    expect(library.states('DE', 'en')).toMatchObject({ BY: 'Bayern' });
  });

  it('guesses the country from the browser language', () => {
    expect(countryFromLocale(['zh-CN'])).toBe('CN');
    expect(countryFromLocale(['en-GB', 'en'])).toBe('GB');
    expect(countryFromLocale(['de'])).toBe('DE'); // the likeliest region
    expect(countryFromLocale(['not a tag', 'fr-CA'])).toBe('CA');
  });
});
