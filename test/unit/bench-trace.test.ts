// The bench's reading of a Chromium trace: a long task taken apart into the CPU its thread got, self time by kind,
// and the outermost scripts; the page's own long tasks found in the trace by the sync mark.
import { describe, expect, it } from 'vitest';
import {
  describeTask,
  longTaskAnatomy,
  mainThreadTotals,
  SYNC_MARK,
} from '../../scripts/bench/lib/trace.mjs';

const PID = 7;
const MAIN = 1;
const OTHER = 2;

const meta = (tid: number, name: string) => ({
  name: 'thread_name',
  ph: 'M',
  pid: PID,
  tid,
  ts: 0,
  args: { name },
});
const task = (ts: number, dur: number, tdur: number, tid = MAIN) => ({
  name: 'ThreadControllerImpl::RunTask',
  ph: 'X',
  pid: PID,
  tid,
  ts,
  dur,
  tdur,
});
const ev = (name: string, ts: number, dur: number, args?: unknown) => ({
  name,
  ph: 'X',
  pid: PID,
  tid: MAIN,
  ts,
  dur,
  args,
});

/** A 300 ms task that got 80 ms of CPU: a click handler (50 ms, of which 10 ms GC), then 20 ms of layout. */
function trace() {
  return JSON.stringify({
    traceEvents: [
      meta(MAIN, 'CrRendererMain'),
      meta(OTHER, 'Compositor'),
      { name: SYNC_MARK, ph: 'R', pid: PID, tid: MAIN, ts: 1_000_000 },
      task(1_100_000, 300_000, 80_000),
      ev('EventDispatch', 1_100_000, 50_000, { data: { type: 'click' } }),
      ev('FunctionCall', 1_100_100, 49_000, {
        data: { url: 'http://x/_next/app.js', functionName: 'onClick' },
      }),
      ev('MajorGC', 1_120_000, 10_000),
      ev('Layout', 1_200_000, 20_000),
      // A bigger task the page did not report (the bench's forced GC), and one on another thread.
      task(2_000_000, 500_000, 400_000),
      ev('MajorGC', 2_000_000, 500_000),
      task(1_100_000, 900_000, 900_000, OTHER),
    ],
  });
}

describe('long task anatomy from a trace', () => {
  it('takes apart the task the page reported, by self time, with the CPU its thread got', () => {
    // The page saw a 300 ms task 100 ms after the mark, which it made at page time 5,000 ms.
    const [t] = longTaskAnatomy(trace(), [{ start: 5_100, duration: 300 }], 5_000);
    expect(t).toBeDefined();
    expect(t!.wallMs).toBe(300);
    expect(t!.cpuMs).toBe(80);
    expect(t!.kinds['garbage collection']).toBe(10);
    expect(t!.kinds.script).toBeCloseTo(40, 5);
    expect(t!.kinds['style and layout']).toBe(20);
    expect(t!.kinds['task itself (unattributed)']).toBeCloseTo(230, 5);
    expect(t!.scripts).toEqual([{ what: 'click', ms: 50 }]);
    expect(describeTask(t!)).toMatch(/^300 ms \(thread CPU 80 ms, waiting for a core 220 ms\): /);
  });

  it('leaves out tasks the page did not report; without the mark, takes the longest main-thread tasks', () => {
    expect(longTaskAnatomy(trace(), [], 5_000)).toEqual([]);
    const noMark = JSON.stringify({
      traceEvents: JSON.parse(trace()).traceEvents.filter((e: { name: string }) => e.name !== SYNC_MARK),
    });
    const longest = longTaskAnatomy(noMark, [], 0, { top: 1 });
    expect(longest.map((t) => t.wallMs)).toEqual([500]);
  });

  it('adds up every main-thread task of a load', () => {
    const totals = mainThreadTotals(trace());
    expect(totals.tasks).toBe(2);
    expect(totals.wallMs).toBe(800);
    expect(totals.cpuMs).toBe(480);
    expect(totals.kinds['garbage collection']).toBe(510);
  });
});
