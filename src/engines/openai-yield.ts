// Lets the event loop breathe between CPU-heavy steps of a brief. Token counting, prompt building
// and the offline entity pass over 20 documents are each tens of milliseconds, and with the store
// answering synchronously (SQLite) a brief's awaits resolve as microtasks: under load, many
// briefs' steps ran back to back for over a second, and every Slack/Discord acknowledgement
// (3 s deadline) waited behind them.
//
// A plain `setImmediate` per step is not enough: Node runs every immediate queued before its
// check phase in one go, so 50 briefs yielding at once still made a 500 ms stretch without I/O.
// Here the waiting steps form one queue and exactly one continues per turn of the event loop,
// with I/O (incoming requests, acks) polled in between.
const waiting: Array<() => void> = [];
let scheduled = false;

function turn(): void {
  scheduled = false;
  const next = waiting.shift();
  if (waiting.length) schedule();
  next?.();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(turn);
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    schedule();
  });
}
