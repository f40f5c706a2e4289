import { useEffect, useRef, useState } from 'preact/hooks';
import type { BoardTechnician, WorkOrder } from '../api/field.ts';
import { canAssign } from '../api/field.ts';
import { userTimeZone } from '../i18n/format.ts';
import type { BoardActions } from './DispatchPage.tsx';
import type { BoardView, Range } from './board-time.ts';
import { HOUR_MS, MINUTE_MS, differentClock, lanes, place, slotAt, startForDay, visibleHours, workingSpans, zonedInstant } from './board-time.ts';
import type { Clock, DispatchText } from './dispatch-text.ts';
import { rangeText, useDispatchText } from './dispatch-text.ts';
import { DRAG_TYPE, draggedId, startDrag, endDrag } from './drag.ts';
import { GlobeIcon, StatusIcon } from './parts.tsx';

interface BoardGridProps {
  view: BoardView;
  range: Range & { days: string[] };
  technicians: BoardTechnician[];
  booked: WorkOrder[];
  waiting: WorkOrder[];
  busy: ReadonlySet<string>;
  actions: BoardActions;
}

interface Job {
  id: string;
  start: number;
  end: number;
  order: WorkOrder;
}

function jobsOf(booked: WorkOrder[], technicianId: string): Job[] {
  return booked
    .filter((o) => o.technicianId === technicianId && o.scheduledStart)
    .map((order) => {
      const start = Date.parse(order.scheduledStart!);
      const end = order.scheduledEnd ? Date.parse(order.scheduledEnd) : start + order.estimatedMinutes * MINUTE_MS;
      return { id: order.id, start, end, order };
    })
    .sort((a, b) => a.start - b.start);
}

/** The job's times for a tooltip: the user's clock, and the technician's when it differs. */
function jobTitle(job: Job, tech: BoardTechnician, d: DispatchText, clock: Clock): string {
  const lines = [job.order.summary, `${d('dispatch.ticket', { number: job.order.ticketNumber })} · ${d(`dispatch.status.${job.order.status}`)}`, rangeText(job.start, job.end, clock, d)];
  if (differentClock(tech.timeZone, clock.zone, job.start)) {
    lines.push(d('dispatch.board.theirTime', { name: tech.name, zone: tech.timeZone, time: `${clock.timeIn(job.start, tech.timeZone)} – ${clock.timeIn(job.end, tech.timeZone)}` }));
  }
  return lines.join('\n');
}

function jobLabel(job: Job, d: DispatchText, clock: Clock): string {
  return d('dispatch.block.label', {
    summary: job.order.summary,
    number: job.order.ticketNumber,
    status: d(`dispatch.status.${job.order.status}`),
    time: rangeText(job.start, job.end, clock, d),
  });
}

function TechnicianCell({ tech, jobsToday, d, clock, at }: { tech: BoardTechnician; jobsToday?: number; d: DispatchText; clock: Clock; at: number }) {
  const otherZone = differentClock(tech.timeZone, userTimeZone(), at);
  const explain = d('dispatch.board.otherZone', { name: tech.name, zone: tech.timeZone, offset: clock.offset(at, tech.timeZone), yourZone: clock.offset(at) });
  return (
    <div class="board-tech" data-testid={`board-tech-${tech.id}`}>
      <span class="board-tech-name" translate={false}>
        {tech.name}
      </span>
      <span class="board-tech-meta">
        {jobsToday !== undefined ? <span>{d('dispatch.board.jobs', { booked: jobsToday, capacity: tech.dailyCapacity })}</span> : null}
        {otherZone ? (
          <span class="board-tech-zone" title={explain} data-testid={`board-tech-zone-${tech.id}`}>
            <GlobeIcon />
            <span aria-hidden="true">{clock.offset(at, tech.timeZone)}</span>
            <span class="visually-hidden">{explain}</span>
          </span>
        ) : null}
      </span>
    </div>
  );
}

/** Lets a drop happen when what is dragged is one of ours. */
function accepts(e: DragEvent): boolean {
  return Boolean(draggedId()) || Boolean(e.dataTransfer?.types.includes(DRAG_TYPE));
}

function droppedId(e: DragEvent): string | undefined {
  return e.dataTransfer?.getData(DRAG_TYPE) || draggedId();
}

export function BoardGrid(props: BoardGridProps) {
  const { d } = useDispatchText();
  if (!props.technicians.length) {
    return (
      <div class="card empty-state" data-testid="board-empty">
        <p class="muted">{d('dispatch.board.noTechnicians')}</p>
      </div>
    );
  }
  return props.view === 'day' ? <DayBoard {...props} /> : <WeekBoard {...props} />;
}

function DayBoard({ range, technicians, booked, waiting, busy, actions }: BoardGridProps) {
  const { d, clock } = useDispatchText();
  const [target, setTarget] = useState<{ technicianId: string; start: number; minutes: number }>();
  const day: Range = { start: range.start, end: range.end };
  const rows = technicians.map((tech) => ({ tech, jobs: jobsOf(booked, tech.id), spans: workingSpans(tech, day.start, day.end) }));
  const shown = visibleHours(day, rows.flatMap((r) => [...r.spans, ...r.jobs]));
  const hours: number[] = [];
  for (let at = shown.start; at < shown.end; at += HOUR_MS) hours.push(at);
  const orderOf = (id: string | undefined) => (id ? [...waiting, ...booked].find((o) => o.id === id) : undefined);

  // A new day opens scrolled to where the work is: an hour before now today, else the first job or stretch.
  const scroller = useRef<HTMLDivElement>(null);
  const scrolledFor = useRef<number | undefined>(undefined);
  useEffect(() => {
    const el = scroller.current;
    if (!el || scrolledFor.current === day.start) return;
    scrolledFor.current = day.start;
    const now = Date.now();
    const firstBusy = Math.min(...rows.flatMap((r) => [...r.jobs.map((j) => j.start), ...r.spans.map((sp) => sp.start)]), shown.end);
    const target = now >= day.start && now < day.end ? now - HOUR_MS : firstBusy;
    const track = el.querySelector<HTMLElement>('.board-track');
    if (!track) return;
    // On a whole hour, so the first label shown is not cut in half under the technician column.
    const hourWidth = track.offsetWidth / ((shown.end - shown.start) / HOUR_MS);
    const hoursIn = Math.floor((Math.max(target, shown.start) - shown.start) / HOUR_MS);
    el.scrollLeft = Math.min(hoursIn * hourWidth, Math.floor((el.scrollWidth - el.clientWidth) / hourWidth) * hourWidth);
  }, [day.start]);

  return (
    <div class="board-scroll" ref={scroller} data-testid="board-scroll">
      <div class="board-day" style={{ '--hours': hours.length }} role="group" aria-label={d('dispatch.board.label')}>
        <div class="board-head" aria-hidden="true">
          <div class="board-corner">{d('dispatch.board.technician')}</div>
          <div class="board-axis">
            {hours.map((at) => (
              <span key={at} class="board-hour">
                {clock.hour(at)}
              </span>
            ))}
          </div>
        </div>
        {rows.map(({ tech, jobs, spans }) => {
          const { lane, count } = lanes(jobs);
          const drop = target?.technicianId === tech.id ? target : undefined;
          const dropPlace = drop ? place(drop.start, drop.start + drop.minutes * MINUTE_MS, shown) : undefined;
          return (
            <div key={tech.id} class="board-row" role="group" aria-label={tech.name} data-testid={`board-row-${tech.id}`}>
              <TechnicianCell tech={tech} jobsToday={jobs.length} d={d} clock={clock} at={day.start} />
              <div
                class="board-track"
                style={{ '--lanes': count }}
                data-testid={`board-track-${tech.id}`}
                onDragOver={(e) => {
                  if (!accepts(e)) return;
                  e.preventDefault();
                  if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
                  const rect = e.currentTarget.getBoundingClientRect();
                  const start = slotAt(shown, (e.clientX - rect.left) / rect.width);
                  const minutes = orderOf(draggedId())?.estimatedMinutes ?? 60;
                  if (drop?.start !== start) setTarget({ technicianId: tech.id, start, minutes });
                }}
                onDragLeave={(e) => {
                  if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setTarget(undefined);
                }}
                onDrop={(e) => {
                  const id = droppedId(e);
                  setTarget(undefined);
                  endDrag();
                  if (!id) return;
                  e.preventDefault();
                  const rect = e.currentTarget.getBoundingClientRect();
                  actions.drop(id, tech.id, slotAt(shown, (e.clientX - rect.left) / rect.width));
                }}
              >
                {spans.map((span) => {
                  const p = place(span.start, span.end, shown);
                  return p ? <div key={span.start} class="board-working" style={{ left: `${p.left}%`, width: `${p.width}%` }} /> : null;
                })}
                {jobs.map((job) => {
                  const p = place(job.start, job.end, shown);
                  if (!p) return null;
                  const movable = canAssign(job.order.status) && !busy.has(job.id);
                  return (
                    <button
                      key={job.id}
                      type="button"
                      class={`board-block wo-block-${job.order.status}${p.cutStart ? ' board-block-cut-start' : ''}${p.cutEnd ? ' board-block-cut-end' : ''}`}
                      style={{ left: `${p.left}%`, width: `${p.width}%`, '--lane': lane.get(job.id) ?? 0 }}
                      title={jobTitle(job, tech, d, clock)}
                      aria-label={jobLabel(job, d, clock)}
                      data-testid={`board-block-${job.id}`}
                      data-status={job.order.status}
                      data-technician={tech.id}
                      draggable={movable}
                      onDragStart={(e) => startDrag(e, job.id)}
                      onDragEnd={() => {
                        endDrag();
                        setTarget(undefined);
                      }}
                      onClick={() => actions.details(job.order)}
                    >
                      <span class="board-block-line board-block-status">
                        <StatusIcon status={job.order.status} />
                        {d(`dispatch.status.${job.order.status}`)}
                      </span>
                      <span class="board-block-summary">{job.order.summary}</span>
                      <span class="board-block-meta">
                        #{job.order.ticketNumber} · {clock.time(job.start)}–{clock.time(job.end)}
                      </span>
                    </button>
                  );
                })}
                {drop && dropPlace ? (
                  <div class="board-drop" style={{ left: `${dropPlace.left}%`, width: `${dropPlace.width}%` }} data-testid="board-drop">
                    {d('dispatch.board.dropHere', { name: tech.name, time: clock.time(drop.start) })}
                  </div>
                ) : null}
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}

function WeekBoard({ range, technicians, booked, waiting, busy, actions }: BoardGridProps) {
  const { d, clock } = useDispatchText();
  const zone = userTimeZone();
  const [target, setTarget] = useState<string>();
  const days = range.days.map((day) => ({ day, start: zonedInstant(zone, day), end: zonedInstant(zone, day, 24 * 60) }));
  const orderOf = (id: string | undefined) => (id ? [...waiting, ...booked].find((o) => o.id === id) : undefined);

  return (
    <div class="board-scroll">
      <table class="board-week" aria-label={d('dispatch.board.label')}>
        <thead>
          <tr>
            <th scope="col" class="board-corner">
              {d('dispatch.board.technician')}
            </th>
            {days.map((day) => (
              <th key={day.day} scope="col" class="board-week-day">
                {clock.day(day.start)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {technicians.map((tech) => {
            const jobs = jobsOf(booked, tech.id);
            return (
              <tr key={tech.id} data-testid={`board-row-${tech.id}`}>
                <th scope="row">
                  <TechnicianCell tech={tech} d={d} clock={clock} at={range.start} />
                </th>
                {days.map((day) => {
                  const cellJobs = jobs.filter((j) => j.start >= day.start && j.start < day.end);
                  const off = workingSpans(tech, day.start, day.end).length === 0;
                  const key = `${tech.id}/${day.day}`;
                  return (
                    <td
                      key={day.day}
                      class={`board-cell${off ? ' board-cell-off' : ''}${target === key ? ' board-cell-target' : ''}`}
                      data-testid={`board-cell-${tech.id}-${day.day}`}
                      onDragOver={(e) => {
                        if (!accepts(e)) return;
                        e.preventDefault();
                        if (target !== key) setTarget(key);
                      }}
                      onDragLeave={(e) => {
                        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setTarget(undefined);
                      }}
                      onDrop={(e) => {
                        const id = droppedId(e);
                        setTarget(undefined);
                        endDrag();
                        const order = orderOf(id);
                        if (!id || !order) return;
                        e.preventDefault();
                        actions.drop(id, tech.id, startForDay(order.window, tech, day));
                      }}
                    >
                      {off && !cellJobs.length ? <span class="board-off">{d('dispatch.board.offDay')}</span> : null}
                      <ul class="board-chips">
                        {cellJobs.map((job) => (
                          <li key={job.id}>
                            <button
                              type="button"
                              class={`board-chip wo-block-${job.order.status}`}
                              title={jobTitle(job, tech, d, clock)}
                              aria-label={jobLabel(job, d, clock)}
                              data-testid={`board-block-${job.id}`}
                              data-status={job.order.status}
                              data-technician={tech.id}
                              draggable={canAssign(job.order.status) && !busy.has(job.id)}
                              onDragStart={(e) => startDrag(e, job.id)}
                              onDragEnd={() => {
                                endDrag();
                                setTarget(undefined);
                              }}
                              onClick={() => actions.details(job.order)}
                            >
                              <span class="board-block-line">
                                <StatusIcon status={job.order.status} />
                                <span class="board-chip-time">{clock.time(job.start)}</span>
                                <span class="board-block-summary">{job.order.summary}</span>
                              </span>
                              <span class="board-block-meta">
                                {d(`dispatch.status.${job.order.status}`)} · #{job.order.ticketNumber}
                              </span>
                            </button>
                          </li>
                        ))}
                      </ul>
                      {target === key ? (
                        <span class="board-drop-note" data-testid="board-drop">
                          {d('dispatch.board.dropDay', { name: tech.name, day: clock.day(day.start) })}
                        </span>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

