/*
 * The signature pad's geometry, kept apart from the canvas so it can be tested: strokes of points
 * in CSS pixels, thinned (pointer events arrive faster than a finger moves), drawn as quadratic
 * curves through the midpoints of successive points, which gives a smooth line without the
 * corners a polyline shows and without overshooting the points the finger really passed.
 */

export interface Point {
  x: number;
  y: number;
}

export type Stroke = Point[];

/** Points closer than this to the last one kept add nothing but jitter. */
export const MIN_POINT_DISTANCE = 1.5;

/** The stroke with `p` added, unless `p` is within `minDistance` of its last point. */
export function addPoint(stroke: Stroke, p: Point, minDistance = MIN_POINT_DISTANCE): Stroke {
  const last = stroke.at(-1);
  if (last && Math.hypot(p.x - last.x, p.y - last.y) < minDistance) return stroke;
  return [...stroke, p];
}

export type Segment =
  | { op: 'dot'; x: number; y: number }
  | { op: 'M'; x: number; y: number }
  | { op: 'L'; x: number; y: number }
  | { op: 'Q'; cx: number; cy: number; x: number; y: number };

const mid = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });

/**
 * Drawing commands for one stroke: a tap is a dot; two points a line; more, a line to the first
 * midpoint, a curve through each inner point (as control point) to the next midpoint, and a line
 * to the last point, so the drawn line starts and ends exactly where the finger did.
 */
export function smoothStroke(stroke: Stroke): Segment[] {
  const [first, second] = stroke;
  if (!first) return [];
  if (!second) return [{ op: 'dot', x: first.x, y: first.y }];
  if (stroke.length === 2) return [{ op: 'M', x: first.x, y: first.y }, { op: 'L', x: second.x, y: second.y }];
  const out: Segment[] = [{ op: 'M', x: first.x, y: first.y }];
  const m0 = mid(first, second);
  out.push({ op: 'L', x: m0.x, y: m0.y });
  for (let i = 1; i < stroke.length - 1; i++) {
    const control = stroke[i]!;
    const end = mid(control, stroke[i + 1]!);
    out.push({ op: 'Q', cx: control.x, cy: control.y, x: end.x, y: end.y });
  }
  const last = stroke.at(-1)!;
  out.push({ op: 'L', x: last.x, y: last.y });
  return out;
}

/** The same commands as SVG path data (for tests and debugging). */
export function svgPath(segments: readonly Segment[]): string {
  const n = (v: number) => String(Math.round(v * 100) / 100);
  return segments
    .map((s) => {
      switch (s.op) {
        case 'dot':
          return `M${n(s.x)} ${n(s.y)}h0`;
        case 'M':
        case 'L':
          return `${s.op}${n(s.x)} ${n(s.y)}`;
        case 'Q':
          return `Q${n(s.cx)} ${n(s.cy)} ${n(s.x)} ${n(s.y)}`;
      }
    })
    .join(' ');
}

/** The subset of CanvasRenderingContext2D the pad draws with. */
export interface Pen {
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  quadraticCurveTo(cx: number, cy: number, x: number, y: number): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
  stroke(): void;
  fill(): void;
  lineWidth: number;
}

export function drawStroke(pen: Pen, stroke: Stroke): void {
  const segments = smoothStroke(stroke);
  if (!segments.length) return;
  pen.beginPath();
  for (const s of segments) {
    if (s.op === 'dot') {
      pen.arc(s.x, s.y, pen.lineWidth / 2, 0, Math.PI * 2);
      pen.fill();
      return;
    }
    if (s.op === 'M') pen.moveTo(s.x, s.y);
    else if (s.op === 'L') pen.lineTo(s.x, s.y);
    else pen.quadraticCurveTo(s.cx, s.cy, s.x, s.y);
  }
  pen.stroke();
}

/** Length of ink drawn, in CSS pixels. */
export function inkLength(strokes: readonly Stroke[]): number {
  let total = 0;
  for (const stroke of strokes) {
    for (let i = 1; i < stroke.length; i++) total += Math.hypot(stroke[i]!.x - stroke[i - 1]!.x, stroke[i]!.y - stroke[i - 1]!.y);
  }
  return total;
}

/** A stray tap or a short slip is not a signature; a real one is far longer than this. */
export const MIN_SIGNATURE_INK = 40;

export function isSigned(strokes: readonly Stroke[]): boolean {
  return inkLength(strokes) >= MIN_SIGNATURE_INK;
}
