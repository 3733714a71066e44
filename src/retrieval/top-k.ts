// The k best (slot, score) pairs seen so far, in a binary heap whose root is the worst kept.
// Ties go to the lower slot, so a search's answer does not depend on the order slots are seen in.

export class TopK {
  readonly k: number;
  private readonly slots: Int32Array;
  private readonly scores: Float64Array;
  private size = 0;

  constructor(k: number) {
    this.k = Math.max(0, k);
    this.slots = new Int32Array(this.k);
    this.scores = new Float64Array(this.k);
  }

  get full(): boolean {
    return this.size === this.k;
  }

  /** The score a new slot must beat to get in; -Infinity while there is room. */
  get threshold(): number {
    return this.size < this.k ? -Infinity : this.k ? this.scores[0] : Infinity;
  }

  /** Keeps (slot, score) if it is among the k best; true when it was kept. */
  offer(slot: number, score: number): boolean {
    if (this.size < this.k) {
      this.slots[this.size] = slot;
      this.scores[this.size] = score;
      this.siftUp(this.size++);
      return true;
    }
    if (!this.k || !this.worse(0, slot, score)) return false;
    this.slots[0] = slot;
    this.scores[0] = score;
    this.siftDown(0);
    return true;
  }

  /** Best first. */
  sorted(): Array<{ slot: number; score: number }> {
    const out: Array<{ slot: number; score: number }> = [];
    for (let i = 0; i < this.size; i++) out.push({ slot: this.slots[i], score: this.scores[i] });
    return out.sort((a, b) => b.score - a.score || a.slot - b.slot);
  }

  /** Is the entry at heap position i worse than (slot, score)? */
  private worse(i: number, slot: number, score: number): boolean {
    const s = this.scores[i];
    return s < score || (s === score && this.slots[i] > slot);
  }

  private swap(i: number, j: number): void {
    const slot = this.slots[i];
    const score = this.scores[i];
    this.slots[i] = this.slots[j];
    this.scores[i] = this.scores[j];
    this.slots[j] = slot;
    this.scores[j] = score;
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, this.slots[parent], this.scores[parent])) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.size && this.worse(l, this.slots[m], this.scores[m])) m = l;
      if (r < this.size && this.worse(r, this.slots[m], this.scores[m])) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
