import { rankTechnicians, type CandidateTechnician } from '../../shared/field/ranking.ts';
import type { WorkOrderNeeds } from '../../shared/field/technician.ts';
import type { WorkingInterval } from '../../shared/sla/sla-config.ts';
import { median, percentile, round, seededRandom } from './stats.ts';

/*
 * Dispatch ranks every technician of a tenant for each new work order, so the ranking has to stay
 * cheap at a large field force: 1,000 technicians, target well under 50 ms.
 */

export const RANK_TECHNICIANS = { candidates: 1_000, warmups: 10, runs: 50, seed: 20261123 } as const;

export interface RankingBenchResult {
  candidates: number;
  medianMs: number;
  p95Ms: number;
  /** Eligible technicians for the order (so the run is seen to exercise scoring, not only exclusion). */
  ranked: number;
}

const span = (start: string, end: string): WorkingInterval => ({ start, end });
const SHIFTS: { weekdays: WorkingInterval[]; weekend: WorkingInterval[] }[] = [
  { weekdays: [span('09:00', '18:00')], weekend: [] },
  { weekdays: [span('08:00', '12:00'), span('13:00', '17:00')], weekend: [] },
  { weekdays: [span('07:00', '15:00')], weekend: [span('08:00', '12:00')] },
  { weekdays: [span('12:00', '20:00')], weekend: [span('10:00', '18:00')] },
  { weekdays: [span('22:00', '06:00')], weekend: [] },
];
const ZONES = ['Asia/Shanghai', 'Asia/Shanghai', 'Asia/Shanghai', 'Asia/Hong_Kong', 'UTC'];
const SKILLS = ['hvac', 'electrical', 'plumbing', 'elevator', 'network', 'security-systems'];
const REGIONS = ['pudong', 'huangpu', 'xuhui', 'minhang', 'jingan'];
const CENTER = { lat: 31.23, lng: 121.47 };

/** Technicians spread over ~60 × 60 km around Shanghai, with mixed skills, shifts, loads and bookings. */
export function syntheticTechnicians(count: number, seed: number, day: number): CandidateTechnician[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const HOUR = 3_600_000;
  return Array.from({ length: count }, (_, i): CandidateTechnician => {
    const shift = pick(SHIFTS);
    // Own copies, as technicians read from the table would be: no sharing of objects to lean on.
    const weekdays = structuredClone(shift.weekdays);
    const weekend = structuredClone(shift.weekend);
    const skills = SKILLS.filter(() => random() < 0.4).map((skill) => ({ skill, level: 1 + Math.floor(random() * 5) }));
    const dailyCapacity = 3 + Math.floor(random() * 5);
    const bookedIntervals = Array.from({ length: Math.floor(random() * 4) }, () => {
      const start = day + Math.floor(random() * 20) * HOUR;
      return { start: new Date(start).toISOString(), end: new Date(start + (1 + Math.floor(random() * 2)) * HOUR).toISOString() };
    });
    const timeOff =
      random() < 0.05 ? [{ from: new Date(day - 2 * 24 * HOUR).toISOString(), to: new Date(day + 24 * HOUR).toISOString(), reason: 'Annual leave' }] : [];
    return {
      id: `tech-${String(i).padStart(4, '0')}`,
      name: `Technician ${i}`,
      skills,
      home: { lat: CENTER.lat + (random() - 0.5) * 0.54, lng: CENTER.lng + (random() - 0.5) * 0.63 },
      regions: REGIONS.filter(() => random() < 0.5),
      timeZone: pick(ZONES),
      workingHours: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays, sat: weekend, sun: structuredClone(weekend) },
      dailyCapacity,
      timeOff,
      jobsThatDay: Math.floor(random() * (dailyCapacity + 1)),
      ...(random() < 0.5 ? { lastJobLocation: { lat: CENTER.lat + (random() - 0.5) * 0.54, lng: CENTER.lng + (random() - 0.5) * 0.63 } } : {}),
      bookedIntervals,
    };
  });
}

/** Time to rank 1,000 synthetic technicians for one work order (10 warm-ups, then 50 timed runs). */
export function measureRanking(): RankingBenchResult {
  const day = Date.parse('2026-11-24T00:00:00+08:00'); // a Tuesday
  const candidates = syntheticTechnicians(RANK_TECHNICIANS.candidates, RANK_TECHNICIANS.seed, day);
  const order: WorkOrderNeeds = {
    id: 'wo-bench',
    skills: [{ skill: 'hvac', minLevel: 2 }],
    region: 'pudong',
    location: { lat: 31.22, lng: 121.54 },
    window: { start: '2026-11-24T09:00:00+08:00', end: '2026-11-24T17:00:00+08:00' },
    estimatedMinutes: 120,
    priority: 'normal',
  };
  let ranked = 0;
  for (let i = 0; i < RANK_TECHNICIANS.warmups; i++) ranked = rankTechnicians(order, candidates).ranked.length;
  const samples: number[] = [];
  for (let i = 0; i < RANK_TECHNICIANS.runs; i++) {
    const started = performance.now();
    ranked = rankTechnicians(order, candidates).ranked.length;
    samples.push(performance.now() - started);
  }
  return { candidates: candidates.length, medianMs: round(median(samples), 2), p95Ms: round(percentile(samples, 95), 2), ranked };
}
