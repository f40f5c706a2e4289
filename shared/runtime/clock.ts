/** Injected into the domain so time-dependent rules are tested with a fake clock, exactly. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface IdGenerator {
  next(): string;
}

/** Random UUIDs: unguessable, so a ticket id leaks nothing about other tickets. */
export const randomIds: IdGenerator = { next: () => crypto.randomUUID() };
