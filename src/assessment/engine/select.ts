/**
 * Next-item selection: maximum Fisher information at a target ability, randomesque among the top k.
 * Always serving the single most informative item would show the same few items to every candidate
 * at a level and wear them out (and let them leak); choosing at random among the best k spreads
 * exposure for a small loss of information.
 */
import { information, ItemParams } from './irt';

export interface PoolItem extends ItemParams {
  readonly id: string;
}

/** A source of uniform numbers in [0, 1); injectable so tests and the simulation are reproducible. */
export type RandomSource = () => number;

export interface SelectOptions {
  readonly topK?: number;
  readonly random?: RandomSource;
}

export const DEFAULT_TOP_K = 5;

/** Items not yet used, most informative at the target first (ties by id, so the order is stable). */
export function rankByInformation(
  pool: readonly PoolItem[],
  target: number,
  used: ReadonlySet<string> = new Set(),
): PoolItem[] {
  return pool
    .filter((item) => !used.has(item.id))
    .map((item) => ({ item, info: information(target, item) }))
    .sort(before)
    .map(({ item }) => item);
}

const before = (x: Ranked, y: Ranked) =>
  y.info - x.info || (x.item.id < y.item.id ? -1 : x.item.id > y.item.id ? 1 : 0);

interface Ranked {
  item: PoolItem;
  info: number;
}

/**
 * The k most informative unused items in rank order, in one pass over the pool: a step serves one
 * of five items from a bank of hundreds, so sorting the whole bank would be most of its cost.
 */
export function topByInformation(
  pool: readonly PoolItem[],
  target: number,
  used: ReadonlySet<string>,
  k: number,
): PoolItem[] {
  const best: Ranked[] = [];
  for (const item of pool) {
    if (used.has(item.id)) continue;
    const candidate = { item, info: information(target, item) };
    if (best.length >= k && before(candidate, best[best.length - 1]!) >= 0) continue;
    let at = best.length;
    while (at > 0 && before(candidate, best[at - 1]!) < 0) at--;
    best.splice(at, 0, candidate);
    if (best.length > k) best.pop();
  }
  return best.map(({ item }) => item);
}

/** The next item, never one in `used`; undefined when nothing is left. */
export function selectItem(
  pool: readonly PoolItem[],
  target: number,
  used: ReadonlySet<string>,
  options: SelectOptions = {},
): PoolItem | undefined {
  const topK = options.topK ?? DEFAULT_TOP_K;
  if (!Number.isInteger(topK) || topK < 1) throw new RangeError(`topK must be a positive integer`);
  const top = topByInformation(pool, target, used, topK);
  if (top.length === 0) return undefined;
  const random = options.random ?? Math.random;
  // Clamped: a source returning exactly 1 (or a bad stub) must still pick inside the top k.
  const index = Math.min(top.length - 1, Math.max(0, Math.floor(random() * top.length)));
  return top[index];
}
