import { useEffect, useRef, useState } from 'preact/hooks';
import type { WorkOrder } from '../api/jobs.ts';
import { useApp } from '../app-context.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import type { TechMessageKey } from '../i18n/tech-en.ts';
import type { RunStep } from './JobPage.tsx';
import type { Point, Stroke } from './signature.ts';
import { addPoint, drawStroke, isSigned } from './signature.ts';
import { useTechText } from './tech-text.ts';
import { uploadToOrder } from './uploads.ts';

const PAD_HEIGHT = 200;
const INK = '#111827';
const LINE_WIDTH = 2.5;

/**
 * The customer signs on the phone: the signature is drawn on a canvas, exported as a PNG,
 * uploaded to the work order as an attachment, and the sign-off names it with the signer.
 */
export function SignOff({ order, busy, run, onSigned }: { order: WorkOrder; busy: boolean; run: RunStep; onSigned(): void }) {
  const tt = useTechText();
  const { api } = useApp();
  const [name, setName] = useState('');
  const [strokes, setStrokes] = useState<Stroke[]>([]);
  /** The uploaded signature and the drawing it was made from, so a retried sign-off does not upload again. */
  const [uploaded, setUploaded] = useState<{ id: string; strokes: Stroke[] }>();
  const [phase, setPhase] = useState<'idle' | 'uploading' | 'signing'>('idle');
  const [problem, setProblem] = useState<TechMessageKey>();
  const [failure, setFailure] = useState<unknown>();
  const exportRef = useRef<() => Promise<Blob | null>>(undefined);

  async function submit(e: Event) {
    e.preventDefault();
    setFailure(undefined);
    if (!isSigned(strokes)) return setProblem('tech.sign.needSignature');
    if (!name.trim()) return setProblem('tech.sign.needName');
    setProblem(undefined);
    try {
      let signatureId = uploaded?.strokes === strokes ? uploaded.id : undefined;
      if (!signatureId) {
        setPhase('uploading');
        const blob = await exportRef.current?.();
        if (!blob) throw new Error('The signature could not be exported');
        const file = new File([blob], `signature-${order.ticketNumber}.png`, { type: 'image/png' });
        signatureId = await uploadToOrder(api, order.id, file, () => undefined);
        setUploaded({ id: signatureId, strokes });
      }
      setPhase('signing');
      const result = await run({ step: 'sign_off', signedBy: name.trim(), signatureId });
      if (result.ok) onSigned();
      else if (result.fields?.length) setProblem('tech.sign.refused');
    } catch (error) {
      setFailure(error);
    } finally {
      setPhase('idle');
    }
  }

  const working = busy || phase !== 'idle';
  return (
    <form class="tech-card sign-off" data-testid="sign-off" noValidate onSubmit={(e) => void submit(e)}>
      <h2 class="tech-section-title">{tt('tech.sign.title')}</h2>
      <p class="muted tech-hint">{tt('tech.sign.intro')}</p>
      <SignaturePad
        strokes={strokes}
        onChange={(next) => {
          setStrokes(next);
          setProblem(undefined);
        }}
        exportRef={exportRef}
        disabled={working}
      />
      <div class="tech-button-row sign-tools">
        <span class="muted sign-state" data-testid="sign-state" data-signed={String(isSigned(strokes))}>
          {isSigned(strokes) ? tt('tech.sign.signed') : tt('tech.sign.empty')}
        </span>
        <button type="button" class="button button-quiet tech-button-compact" data-testid="sign-clear" disabled={working || strokes.length === 0} onClick={() => setStrokes([])}>
          {tt('tech.sign.clear')}
        </button>
      </div>
      <div class="field">
        <label class="field-label" for="sign-name">
          {tt('tech.sign.name')}
        </label>
        <input
          id="sign-name"
          class="tech-input"
          value={name}
          maxLength={120}
          autocomplete="name"
          data-testid="sign-name"
          onInput={(e) => {
            setName(e.currentTarget.value);
            setProblem(undefined);
          }}
        />
      </div>
      {failure ? <ErrorBanner error={failure} onDismiss={() => setFailure(undefined)} /> : null}
      {problem ? (
        <p class="tech-said tech-said-warn" role="alert" data-testid="sign-problem">
          <span class="tech-said-icon" aria-hidden="true" />
          {tt(problem)}
        </p>
      ) : null}
      <button type="submit" class="button button-primary tech-button tech-button-big" data-testid="sign-submit" disabled={working}>
        {phase === 'uploading' ? tt('tech.sign.uploading') : phase === 'signing' || busy ? tt('tech.saving') : tt('tech.action.signOff')}
      </button>
    </form>
  );
}

/**
 * A canvas the customer draws on with a finger, pen or mouse (pointer events; `touch-action: none`
 * so the page does not scroll under the finger). Strokes are kept as points in CSS pixels and
 * redrawn when the pad changes size, so rotating the phone keeps the signature.
 */
function SignaturePad({ strokes, onChange, exportRef, disabled }: { strokes: Stroke[]; onChange(strokes: Stroke[]): void; exportRef: { current?: () => Promise<Blob | null> }; disabled: boolean }) {
  const tt = useTechText();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef<{ pointerId: number; stroke: Stroke } | undefined>(undefined);
  const latest = useRef(strokes);
  latest.current = strokes;
  const [width, setWidth] = useState(0);

  useEffect(() => {
    const el = canvas.current!;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  function paint(all: readonly Stroke[], target = canvas.current, scale = window.devicePixelRatio || 1, background = false) {
    if (!target) return;
    const ctx = target.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, target.width, target.height);
    if (background) {
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, target.width, target.height);
    }
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    ctx.strokeStyle = INK;
    ctx.fillStyle = INK;
    ctx.lineWidth = LINE_WIDTH;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    for (const stroke of all) drawStroke(ctx, stroke);
  }

  // Size the backing store to the pad's pixels, then redraw whatever is kept.
  useEffect(() => {
    const el = canvas.current;
    if (!el || !width) return;
    const ratio = window.devicePixelRatio || 1;
    el.width = Math.round(width * ratio);
    el.height = Math.round(PAD_HEIGHT * ratio);
    paint(strokes);
  }, [width]);

  useEffect(() => {
    if (!drawing.current) paint(strokes);
  }, [strokes]);

  exportRef.current = () =>
    new Promise((resolve) => {
      // A white background and 2× resolution: the PNG reads well wherever it is opened or printed.
      const out = document.createElement('canvas');
      const cssWidth = canvas.current?.clientWidth || width || 320;
      out.width = Math.round(cssWidth * 2);
      out.height = PAD_HEIGHT * 2;
      paint(latest.current, out, 2, true);
      out.toBlob(resolve, 'image/png');
    });

  function point(e: PointerEvent): Point {
    const rect = canvas.current!.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  }

  function onDown(e: PointerEvent) {
    if (disabled || drawing.current || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    canvas.current!.setPointerCapture(e.pointerId);
    drawing.current = { pointerId: e.pointerId, stroke: [point(e)] };
    paint([...latest.current, drawing.current.stroke]);
  }

  function onMove(e: PointerEvent) {
    const active = drawing.current;
    if (!active || active.pointerId !== e.pointerId) return;
    e.preventDefault();
    // Coalesced events carry the points the browser merged between frames: smoother fast strokes.
    const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    for (const ev of events.length ? events : [e]) active.stroke = addPoint(active.stroke, point(ev));
    paint([...latest.current, active.stroke]);
  }

  function onUp(e: PointerEvent) {
    const active = drawing.current;
    if (!active || active.pointerId !== e.pointerId) return;
    drawing.current = undefined;
    onChange([...latest.current, active.stroke]);
  }

  return (
    <div class={`sign-pad${disabled ? ' is-disabled' : ''}`}>
      <canvas
        ref={canvas}
        class="sign-canvas"
        style={{ height: `${PAD_HEIGHT}px` }}
        role="img"
        aria-label={tt('tech.sign.pad')}
        data-testid="sign-pad"
        data-strokes={strokes.length}
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={onUp}
      />
      <span class="sign-baseline" aria-hidden="true">
        ✕
      </span>
    </div>
  );
}
