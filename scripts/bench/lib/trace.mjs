// What a page's long tasks were made of, read from a Chromium trace (CDP tracing through Playwright): for each task
// on a renderer's main thread, its wall time, the CPU time its thread actually got (a task can be long because the
// thread waited for a core on a busy 2-core machine), and where that CPU time went (script, style and layout, paint,
// garbage collection, parsing), with the scripts that ran longest.

/** Enough to attribute a task's time, light enough to leave on for a whole scenario. */
export const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'v8', 'blink.user_timing'];

const TASK_NAMES = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

/** The kind of work a trace event is, as the DevTools Performance panel groups them. */
function kindOf(name) {
  if (/GC|GCEvent|V8\.GC/.test(name)) return 'garbage collection';
  if (
    /^(FunctionCall|EvaluateScript|v8\.run|V8\.Execute|RunMicrotasks|TimerFire|FireAnimationFrame|EventDispatch|v8\.callFunction)$/.test(
      name,
    )
  )
    return 'script';
  if (/compile|Compile|ParseScript|v8\.parse/.test(name)) return 'script compile';
  if (
    /^(UpdateLayoutTree|RecalculateStyles|Layout|ScheduleStyleRecalculation|InvalidateLayout|HitTest|IntersectionObserverController)/.test(
      name,
    )
  )
    return 'style and layout';
  if (/^(Paint|PrePaint|Layerize|UpdateLayer|CompositeLayers|RasterTask|Commit|PaintImage)/.test(name))
    return 'paint';
  if (/^(ParseHTML|ParseAuthorStyleSheet)/.test(name)) return 'parsing';
  return 'other';
}

/**
 * @typedef {{ name: string, ph: string, ts: number, dur?: number, tdur?: number, pid: number, tid: number,
 *   args?: any }} TraceEvent
 * @typedef {{ start: number, wallMs: number, cpuMs: number | null, kinds: Record<string, number>,
 *   scripts: Array<{ what: string, ms: number }> }} TaskAnatomy
 */

/** @param {TraceEvent[]} events */
function rendererMainThreads(events) {
  const threads = new Set();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      threads.add(`${e.pid}:${e.tid}`);
  return threads;
}

/** Where a script event's code came from: its function and file, shortened. */
function scriptWhat(e) {
  const d = e.args?.data ?? {};
  const url = String(d.url ?? d.scriptName ?? '').replace(/^https?:\/\/[^/]+/, '');
  const fn = d.functionName || d.type || e.name;
  return url ? `${fn} ${url}${d.lineNumber ? `:${d.lineNumber}` : ''}` : fn;
}

/**
 * Self time of every event inside one task, by kind and by script (events nest: a child's time is not its parent's).
 * @param {TraceEvent[]} inside events of the task's thread within the task, sorted by ts
 * @param {TraceEvent} task
 */
function anatomy(inside, task) {
  /** @type {Record<string, number>} */
  const kinds = {};
  /** @type {Map<string, number>} */
  const scripts = new Map();
  /** @type {Array<{ e: TraceEvent, end: number, childUs: number }>} */
  const stack = [];
  const close = (/** @type {number} */ until) => {
    while (stack.length > 0 && /** @type {any} */ (stack[stack.length - 1]).end <= until) {
      const top = /** @type {{ e: TraceEvent, end: number, childUs: number }} */ (stack.pop());
      const self = Math.max(0, (top.e.dur ?? 0) - top.childUs) / 1000;
      const kind = kindOf(top.e.name);
      kinds[kind] = (kinds[kind] ?? 0) + self;
      const parent = stack[stack.length - 1];
      // Scripts by their outermost event (a click handler, a timer, a module's evaluation), inclusive.
      if (kind === 'script' && !stack.some((s) => kindOf(s.e.name) === 'script')) {
        const what = scriptWhat(top.e);
        scripts.set(what, (scripts.get(what) ?? 0) + (top.e.dur ?? 0) / 1000);
      }
      if (parent) parent.childUs += top.e.dur ?? 0;
    }
  };
  for (const e of inside) {
    close(e.ts);
    stack.push({ e, end: e.ts + (e.dur ?? 0), childUs: 0 });
  }
  close(Number.POSITIVE_INFINITY);
  const accounted = Object.values(kinds).reduce((n, v) => n + v, 0);
  const wallMs = (task.dur ?? 0) / 1000;
  kinds['task itself (unattributed)'] = Math.max(0, wallMs - accounted);
  return {
    start: task.ts,
    wallMs,
    cpuMs: task.tdur === undefined ? null : task.tdur / 1000,
    kinds,
    scripts: [...scripts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([what, ms]) => ({ what, ms })),
  };
}

/**
 * The longest tasks of the renderers' main threads in a trace, each taken apart.
 * @param {Buffer | string} trace JSON from `browser.stopTracing()`
 * @param {{ top?: number, overMs?: number }} [options]
 * @returns {TaskAnatomy[]}
 */
export function longTaskAnatomy(trace, { top = 3, overMs = 50 } = {}) {
  const parsed = JSON.parse(String(trace));
  /** @type {TraceEvent[]} */
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const mains = rendererMainThreads(events);
  const onMain = events.filter((e) => e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`));
  const tasks = onMain
    .filter((e) => TASK_NAMES.has(e.name) && (e.dur ?? 0) / 1000 > overMs)
    .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
    .slice(0, top);
  return tasks.map((task) => {
    const inside = onMain
      .filter(
        (e) =>
          e !== task &&
          !TASK_NAMES.has(e.name) &&
          e.pid === task.pid &&
          e.tid === task.tid &&
          e.ts >= task.ts &&
          e.ts + (e.dur ?? 0) <= task.ts + (task.dur ?? 0),
      )
      .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    return anatomy(inside, task);
  });
}

/**
 * One line per task: "529 ms (thread CPU 140 ms): script 80, style and layout 40, …; longest scripts: …".
 * @param {TaskAnatomy} t
 */
export function describeTask(t) {
  const r = (/** @type {number} */ n) => Math.round(n);
  const kinds = Object.entries(t.kinds)
    .filter(([, ms]) => ms >= 1)
    .sort((a, b) => b[1] - a[1])
    .map(([k, ms]) => `${k} ${r(ms)}`)
    .join(', ');
  const cpu =
    t.cpuMs === null ? '' : ` (thread CPU ${r(t.cpuMs)} ms, waiting for a core ${r(t.wallMs - t.cpuMs)} ms)`;
  const scripts = t.scripts.map((s) => `${s.what} ${r(s.ms)} ms`).join('; ');
  return `${r(t.wallMs)} ms${cpu}: ${kinds}${scripts ? `; longest scripts: ${scripts}` : ''}`;
}
