// Placeholder until the scenario lands (issue #9).
/** @param {import('./lib/context.mjs').BenchContext} _ctx */
export async function run(_ctx) {
  throw new Error('the registry scenario is not written yet');
}
