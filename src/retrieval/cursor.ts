// Moving through a posting list, which holds slots in ascending order (slots are only appended).

/** The first position at or after `from` whose slot is ≥ target (or `size`). Gallops, then bisects. */
export function advance(list: ArrayLike<number>, from: number, size: number, target: number): number {
  if (from >= size || list[from] >= target) return from;
  let lo = from;
  let step = 1;
  let hi = from + 1;
  while (hi < size && list[hi] < target) {
    lo = hi;
    step *= 2;
    hi = from + step;
  }
  if (hi > size) hi = size;
  // list[lo] < target, and hi is `size` or holds a slot ≥ target.
  while (lo + 1 < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < target) lo = mid;
    else hi = mid;
  }
  return hi;
}
