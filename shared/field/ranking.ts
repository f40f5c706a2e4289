import { workingIntervals, type Interval } from '../sla/business-time.ts';
import { WEEKDAYS } from '../sla/sla-config.ts';
import { haversineKm, type LatLng } from './haversine.ts';
import type { Technician, WorkOrderNeeds, WorkOrderPriority } from './technician.ts';

/*
 * Who gets offered a work order first: a pure function of the order and the candidates' state for
 * the day, so dispatch is testable without a clock or a table. Eligibility is strict (each failed
 * rule named, so the console can say why nobody was offered the job); among the eligible, a score in
 * "kilometre equivalents" weighs distance against load and over-qualification.
 */

export const EXCLUSION_REASONS = [
  'missing_skill',
  'skill_level',
  'outside_region',
  'not_working_in_window',
  'time_off',
  'booked',
  'at_capacity',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** Score terms; the score is their weighted sum and lower is better. */
export interface RankingWeights {
  /** Per km of straight-line distance from the technician's last job that day (or home) to the job. */
  distancePerKm: number;
  /** For a full day: the load term is this × jobsThatDay / dailyCapacity. */
  load: number;
  /** Per skill level above what the job needs, summed over the required skills. */
  skillSurplusPerLevel: number;
}

/**
 * Distance is the unit (1 per km): travel is the cost dispatch pays on every job.
 *
 * Load 30: an empty day against a day at capacity is worth 30 km (about half an hour of driving),
 * so a technician with 2 of 4 jobs loses to a free one up to 15 km further away. Spreading jobs
 * leaves everyone slack for the urgent job that comes in at noon, and saves overtime; more than
 * that and we would send people across the city just to even out numbers.
 *
 * Skill surplus 5 per level: a level-5 expert on a level-1 job carries 20 km, so a junior who can
 * do it is preferred unless the expert is more than 20 km nearer. Experts are scarce; spending them
 * on trivial jobs leaves the hard ones waiting.
 */
export const DEFAULT_RANKING_WEIGHTS: Readonly<RankingWeights> = { distancePerKm: 1, load: 30, skillSurplusPerLevel: 5 };

/**
 * How much the skill-surplus term counts by priority: for urgent work getting someone able there
 * soon beats saving the expert for later, so over-qualification stops counting.
 */
export const SKILL_SURPLUS_FACTOR: Readonly<Record<WorkOrderPriority, number>> = { low: 1, normal: 1, high: 0.5, urgent: 0 };

/** An appointment the technician already has; epoch ms or ISO instants, half-open [start, end). */
export interface BookedInterval {
  start: number | string;
  end: number | string;
}

/** A technician with their state for the day of the order's window. */
export type CandidateTechnician = Technician & {
  /** Jobs already assigned on the day of the window. */
  jobsThatDay: number;
  /** Where the previous job that day (before the window) is: the technician drives from there. */
  lastJobLocation?: LatLng;
  bookedIntervals: readonly BookedInterval[];
};

export interface RankedTechnician {
  technicianId: string;
  score: number;
  distanceKm: number;
  /** jobsThatDay / dailyCapacity, in [0, 1). */
  load: number;
  /** Σ (level − minLevel) over the required skills. */
  skillSurplus: number;
  /** The first instant (ISO, UTC) at which the whole job fits. */
  earliestStart: string;
}

export interface ExcludedTechnician {
  technicianId: string;
  /** Never empty; in the order of EXCLUSION_REASONS. */
  reasons: ExclusionReason[];
}

export interface Ranking {
  /** Best first: by score, then by technician id. */
  ranked: RankedTechnician[];
  /** By technician id. */
  excluded: ExcludedTechnician[];
}

export interface RankingOptions {
  weights?: Partial<RankingWeights>;
}

const MINUTE = 60_000;

/**
 * Ranks the candidates for a work order. A candidate is eligible when they have every required
 * skill at its minimum level, serve the order's region, have fewer jobs that day than their daily
 * capacity, and the whole job (`estimatedMinutes`) fits inside the window and inside one stretch of
 * their working hours (in their own zone, overnight shifts included) without touching time off or
 * a booked interval. The time rules are reported by what removed the last place the job fitted:
 * `not_working_in_window` when the hours alone leave none, else `time_off` when time off takes the
 * rest, else `booked`.
 *
 * The result depends only on the set of candidates, not their order.
 *
 * @throws RangeError for a window or booked/time-off instant that does not parse, an unknown time
 *   zone, or a technician id listed twice (the result would depend on which copy came first).
 */
export function rankTechnicians(order: WorkOrderNeeds, candidates: readonly CandidateTechnician[], options: RankingOptions = {}): Ranking {
  const weights = { ...DEFAULT_RANKING_WEIGHTS, ...options.weights };
  const surplusWeight = weights.skillSurplusPerLevel * SKILL_SURPLUS_FACTOR[order.priority];
  const windowStart = epochMs(order.window.start);
  const windowEnd = epochMs(order.window.end);
  const durationMs = order.estimatedMinutes * MINUTE;

  // Technicians mostly share a handful of shift patterns, so the window's working time is worked
  // out once per pattern and zone instead of once per technician.
  const hoursInWindow = new Map<string, Interval[]>();
  const blocks = new Blocks();
  const seen = new Set<string>();
  const ranked: RankedTechnician[] = [];
  const excluded: ExcludedTechnician[] = [];

  for (const tech of candidates) {
    if (seen.has(tech.id)) throw new RangeError(`Technician ${tech.id} is listed twice`);
    seen.add(tech.id);

    let missingSkill = false;
    let lowLevel = false;
    let skillSurplus = 0;
    for (const need of order.skills) {
      const level = levelOf(tech, need.skill);
      if (level === 0) missingSkill = true;
      else if (level < need.minLevel) lowLevel = true;
      else skillSurplus += level - need.minLevel;
    }

    const key = hoursKey(tech);
    let spans = hoursInWindow.get(key);
    if (!spans) {
      spans = workingIntervals({ timeZone: tech.timeZone, week: tech.workingHours, holidays: [], specialDays: [] }, windowStart, windowEnd);
      hoursInWindow.set(key, spans);
    }

    let timeReason: ExclusionReason | undefined;
    blocks.clear();
    let start = firstFit(spans, durationMs, blocks);
    if (Number.isNaN(start)) timeReason = 'not_working_in_window';
    else {
      for (const off of tech.timeOff) blocks.add(epochMs(off.from), epochMs(off.to), windowStart, windowEnd);
      start = firstFit(spans, durationMs, blocks);
      if (Number.isNaN(start)) timeReason = 'time_off';
      else {
        for (const booked of tech.bookedIntervals) blocks.add(epochMs(booked.start), epochMs(booked.end), windowStart, windowEnd);
        start = firstFit(spans, durationMs, blocks);
        if (Number.isNaN(start)) timeReason = 'booked';
      }
    }

    const outsideRegion = !tech.regions.includes(order.region);
    const atCapacity = !(tech.jobsThatDay < tech.dailyCapacity);
    if (missingSkill || lowLevel || outsideRegion || timeReason || atCapacity) {
      const reasons: ExclusionReason[] = [];
      if (missingSkill) reasons.push('missing_skill');
      if (lowLevel) reasons.push('skill_level');
      if (outsideRegion) reasons.push('outside_region');
      if (timeReason) reasons.push(timeReason);
      if (atCapacity) reasons.push('at_capacity');
      excluded.push({ technicianId: tech.id, reasons });
      continue;
    }

    const distanceKm = haversineKm(tech.lastJobLocation ?? tech.home, order.location);
    const load = tech.jobsThatDay / tech.dailyCapacity;
    ranked.push({
      technicianId: tech.id,
      score: weights.distancePerKm * distanceKm + weights.load * load + surplusWeight * skillSurplus,
      distanceKm,
      load,
      skillSurplus,
      earliestStart: new Date(start).toISOString(),
    });
  }

  ranked.sort((a, b) => a.score - b.score || byId(a.technicianId, b.technicianId));
  excluded.sort((a, b) => byId(a.technicianId, b.technicianId));
  return { ranked, excluded };
}

/** Code-unit order, not localeCompare: the same on every machine and locale. */
function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The technician's level in a skill, 0 when they lack it (levels start at 1). */
function levelOf(tech: Technician, skill: string): number {
  for (const s of tech.skills) if (s.skill === skill) return s.level;
  return 0;
}

/** Zone and weekly hours as a string; each time is exactly 5 characters, so no separator is needed within a day. */
function hoursKey(tech: Technician): string {
  let key = tech.timeZone;
  for (const day of WEEKDAYS) {
    key += '|';
    for (const stretch of tech.workingHours[day]) key += stretch.start + stretch.end;
  }
  return key;
}

function epochMs(value: number | string): number {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new RangeError(`Not an instant: ${String(value)}`);
  return ms;
}

/**
 * Busy intervals of one technician, reused across candidates (parallel arrays and a count) so a
 * ranking of a thousand technicians does not allocate a thousand lists.
 */
class Blocks {
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  count = 0;

  clear(): void {
    this.count = 0;
  }

  /** Keeps only what touches the window: the rest cannot collide with the job. */
  add(start: number, end: number, windowStart: number, windowEnd: number): void {
    if (!(start < end) || end <= windowStart || start >= windowEnd) return;
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
  }
}

/**
 * The earliest t with [t, t + duration) inside one span and clear of every block; NaN when there is
 * none. A block overlapping [t, t + duration) rules out every start before its end, so jumping to
 * its end never skips a fit; t only grows, so the loop ends.
 */
function firstFit(spans: readonly Interval[], durationMs: number, blocks: Blocks): number {
  for (const span of spans) {
    let t = span.start;
    while (t + durationMs <= span.end) {
      let moved = false;
      for (let i = 0; i < blocks.count; i++) {
        if (blocks.starts[i]! < t + durationMs && blocks.ends[i]! > t) {
          t = blocks.ends[i]!;
          moved = true;
        }
      }
      if (!moved) return t;
    }
  }
  return Number.NaN;
}
