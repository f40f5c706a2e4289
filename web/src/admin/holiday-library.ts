import Holidays from 'date-holidays';
import type { HolidayLibrary } from './holiday-import.ts';

/*
 * The date-holidays package as the console uses it. web/build.ts builds this file on its own and
 * the console imports it by URL when an admin opens the holiday import (see holiday-import.ts).
 */

const any = new Holidays();

export const library: HolidayLibrary = {
  countries: (language) => any.getCountries(language) ?? {},
  states: (country, language) => any.getStates(country, language) ?? {},
  holidays: (year, place, language) => {
    const options = { languages: [language] };
    const hd = place.state ? new Holidays(place.country, place.state, options) : new Holidays(place.country, options);
    return hd.getHolidays(year, language);
  },
};
