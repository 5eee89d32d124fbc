// Command ids kept sorted (ids sort by creation time), so the oldest are first without sorting on every pick.
export class IdQueue {
  private readonly ids: string[] = [];

  get size(): number {
    return this.ids.length;
  }

  /** Oldest first; do not change the queue while iterating. */
  values(): readonly string[] {
    return this.ids;
  }

  add(id: string): void {
    const at = this.search(id);
    if (this.ids[at] !== id) this.ids.splice(at, 0, id);
  }

  delete(id: string): void {
    const at = this.search(id);
    if (this.ids[at] === id) this.ids.splice(at, 1);
  }

  clear(): void {
    this.ids.length = 0;
  }

  /** The index of `id`, or where it belongs. New ids usually belong at the end: check that first. */
  private search(id: string): number {
    const ids = this.ids;
    const last = ids[ids.length - 1];
    if (last === undefined || last < id) return ids.length;
    let low = 0;
    let high = ids.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (ids[mid]! < id) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
