// The large keyspace shared by the keyspace and UI scenarios: /bench/big/c<0-9>/k<0000000…>, filled once per run.
import { countPrefix, fillKeys } from './etcd.mjs';

export const BIG_PREFIX = '/bench/big/';
export const BIG_CHILDREN = 10;

/** @param {boolean} quick */
export function bigSize(quick) {
  return quick ? 20_000 : 1_000_000;
}

/** @param {number} i */
export function bigKey(i) {
  return `${BIG_PREFIX}c${i % BIG_CHILDREN}/k${String(i).padStart(7, '0')}`;
}

/**
 * Fills the big keyspace unless this run already did.
 * @param {import('./context.mjs').BenchContext} ctx
 * @returns {Promise<number>} the number of keys under BIG_PREFIX
 */
export async function ensureBigKeyspace(ctx) {
  const size = bigSize(ctx.quick);
  const have = await countPrefix(ctx.client, BIG_PREFIX);
  if (have === size) return size;
  const t0 = performance.now();
  let shown = 0;
  await fillKeys(ctx.client, size, bigKey, (i) => `{"n":${i},"pad":"${'x'.repeat(16)}"}`, {
    onProgress: (done) => {
      if (done - shown >= 200_000) {
        shown = done;
        ctx.say(`filled ${done.toLocaleString('en-US')} keys`);
      }
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  ctx.say(`filled ${size.toLocaleString('en-US')} keys in ${seconds.toFixed(1)} s`);
  ctx.details.fillSeconds = Math.round(seconds * 10) / 10;
  return countPrefix(ctx.client, BIG_PREFIX);
}
