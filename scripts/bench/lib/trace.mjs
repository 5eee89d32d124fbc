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
 *   others: Record<string, number>, scripts: Array<{ what: string, ms: number }> }} TaskAnatomy
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
  /** @type {Map<string, number>} */
  const others = new Map();
  /** @type {Array<{ e: TraceEvent, end: number, childUs: number }>} */
  const stack = [];
  const close = (/** @type {number} */ until) => {
    while (stack.length > 0 && /** @type {any} */ (stack[stack.length - 1]).end <= until) {
      const top = /** @type {{ e: TraceEvent, end: number, childUs: number }} */ (stack.pop());
      const self = Math.max(0, (top.e.dur ?? 0) - top.childUs) / 1000;
      const kind = kindOf(top.e.name);
      kinds[kind] = (kinds[kind] ?? 0) + self;
      if (kind === 'other') others.set(top.e.name, (others.get(top.e.name) ?? 0) + self);
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
    others: Object.fromEntries(others),
    scripts: [...scripts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([what, ms]) => ({ what, ms })),
  };
}

/** The mark `startTrace` leaves in the page, which ties the page's clock to the trace's. */
export const SYNC_MARK = 'bench-trace-sync';

/**
 * Starts tracing `page` and marks the moment in the page; answers the mark's page time (performance.now()).
 * @param {import('@playwright/test').Browser} browser
 * @param {import('@playwright/test').Page} page
 */
export async function startTrace(browser, page) {
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  return page.evaluate((name) => performance.mark(name).startTime, SYNC_MARK);
}

/**
 * Each thread's complete events other than tasks, sorted by start, so a task's inside is found by binary search.
 * @param {TraceEvent[]} events
 */
function byThread(events) {
  /** @type {Map<string, TraceEvent[]>} */
  const threads = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || TASK_NAMES.has(e.name)) continue;
    const id = `${e.pid}:${e.tid}`;
    const list = threads.get(id) ?? [];
    threads.set(id, list);
    list.push(e);
  }
  for (const list of threads.values()) list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  return threads;
}

/** @param {Map<string, TraceEvent[]>} threads @param {TraceEvent} task */
function taskAnatomy(threads, task) {
  const list = threads.get(`${task.pid}:${task.tid}`) ?? [];
  const end = task.ts + (task.dur ?? 0);
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (/** @type {TraceEvent} */ (list[mid]).ts < task.ts) lo = mid + 1;
    else hi = mid;
  }
  const inside = [];
  for (let i = lo; i < list.length; i++) {
    const e = /** @type {TraceEvent} */ (list[i]);
    if (e.ts >= end) break;
    if (e.ts + (e.dur ?? 0) <= end) inside.push(e);
  }
  return anatomy(inside, task);
}

/**
 * The page's longest long tasks (as its PerformanceObserver saw them), each found in the trace and taken apart.
 * Tasks the page did not report (a garbage collection the bench forces through CDP to weigh the heap, another
 * renderer's work) are left out. Without the sync mark in the trace, the longest tasks of every renderer are used.
 * @param {Buffer | string} trace JSON from `browser.stopTracing()`
 * @param {Array<{ start: number, duration: number }>} observed the page's long tasks (page time, ms)
 * @param {number} syncAt the page time of the sync mark (from `startTrace`)
 * @param {{ top?: number }} [options]
 * @returns {TaskAnatomy[]}
 */
export function longTaskAnatomy(trace, observed, syncAt, { top = 3 } = {}) {
  const parsed = JSON.parse(String(trace));
  /** @type {TraceEvent[]} */
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const sync = events.find((e) => e.name === SYNC_MARK);
  const threads = byThread(events);
  const mains = rendererMainThreads(events);
  const tasksOnMain = events.filter(
    (e) =>
      e.ph === 'X' &&
      TASK_NAMES.has(e.name) &&
      (sync ? e.pid === sync.pid && e.tid === sync.tid : mains.has(`${e.pid}:${e.tid}`)),
  );
  if (!sync) {
    const longest = tasksOnMain.sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0)).slice(0, top);
    return longest.map((task) => taskAnatomy(threads, task));
  }
  const longest = [...observed].sort((a, b) => b.duration - a.duration).slice(0, top);
  return longest.flatMap((seen) => {
    const at = sync.ts + (seen.start - syncAt) * 1000;
    // The trace's task that began within a few ms of what the page reported (the longest, if several did).
    const match = tasksOnMain
      .filter((e) => Math.abs(e.ts - at) <= 5000)
      .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))[0];
    return match ? [taskAnatomy(threads, match)] : [];
  });
}
/**
 * Everything the renderers' main threads did in a trace (a page load, say), added up: tasks' wall and thread time,
 * and the time by kind. The rest of a load's wall time is the network and the server, or waiting on other threads.
 * @param {Buffer | string} trace
 * @returns {{ tasks: number, wallMs: number, cpuMs: number, kinds: Record<string, number>,
 *   others: Record<string, number> }}
 */
export function mainThreadTotals(trace) {
  const parsed = JSON.parse(String(trace));
  /** @type {TraceEvent[]} */
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const mains = rendererMainThreads(events);
  const tasks = events.filter(
    (e) => e.ph === 'X' && TASK_NAMES.has(e.name) && mains.has(`${e.pid}:${e.tid}`),
  );
  /** @type {Record<string, number>} */
  const kinds = {};
  /** @type {Record<string, number>} */
  const others = {};
  let wallMs = 0;
  let cpuMs = 0;
  const threads = byThread(events);
  for (const task of tasks) {
    const a = taskAnatomy(threads, task);
    wallMs += a.wallMs;
    cpuMs += a.cpuMs ?? 0;
    for (const [k, ms] of Object.entries(a.kinds)) kinds[k] = (kinds[k] ?? 0) + ms;
    for (const [k, ms] of Object.entries(a.others)) others[k] = (others[k] ?? 0) + ms;
  }
  return { tasks: tasks.length, wallMs, cpuMs, kinds, others };
}

/** "main thread busy 1,900 ms (CPU 1,200 ms): script 800, …" */
export function describeTotals(/** @type {ReturnType<typeof mainThreadTotals>} */ t) {
  const kinds = Object.entries(t.kinds)
    .filter(([, ms]) => ms >= 1)
    .sort((a, b) => b[1] - a[1])
    .map(([k, ms]) => `${k} ${Math.round(ms)}`)
    .join(', ');
  const others = Object.entries(t.others)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([k, ms]) => `${k} ${Math.round(ms)}`)
    .join(', ');
  return `main thread busy ${Math.round(t.wallMs)} ms in ${t.tasks} tasks (its CPU ${Math.round(t.cpuMs)} ms): ${kinds}${others ? ` (other: ${others})` : ''}`;
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
