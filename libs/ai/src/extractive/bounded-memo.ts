/**
 * A memo of a pure function's results that holds at most `max` of them: entries live in two
 * generations, and when the newer one is half full the older one is dropped whole. Eviction costs
 * nothing per entry (a Map evicting its oldest key one at a time has to skip every key deleted
 * before it), and an entry read again is carried into the newer generation, so what is still in
 * use stays.
 */
export class BoundedMemo<K, V> {
  private newer = new Map<K, V>();
  private older = new Map<K, V>();

  constructor(private readonly max: number) {}

  get size(): number {
    return this.newer.size + this.older.size;
  }

  get(key: K, compute: () => V): V {
    const recent = this.newer.get(key);
    if (recent !== undefined) return recent;
    const old = this.older.get(key);
    const value = old !== undefined ? old : compute();
    if (this.newer.size >= Math.max(1, Math.floor(this.max / 2))) {
      this.older = this.newer;
      this.newer = new Map();
    }
    this.newer.set(key, value);
    return value;
  }
}
