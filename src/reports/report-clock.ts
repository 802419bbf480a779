/**
 * "Now" for the reports: the time a report says it was generated. A provider, so tests fix it
 * (jest.spyOn(app.get(REPORT_CLOCK), 'now')) and a report's HTML is the same on every run.
 */
export const REPORT_CLOCK = Symbol('REPORT_CLOCK');

export interface Clock {
  now(): Date;
}

export function systemClock(): Clock {
  return { now: () => new Date() };
}
