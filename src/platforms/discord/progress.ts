// Progress while a brief is written: the deferred reply is edited with the latest partial text at
// most once per interval (Discord rate-limits edits of one message, and a flickering reply is no
// use to a reader). `finish()` cancels what is pending and waits for an edit in flight, so the
// final reply can never be overwritten by a late progress edit.

export interface ProgressEditor {
  update(text: string): void;
  finish(): Promise<void>;
}

export interface ProgressOptions {
  edit(text: string): Promise<unknown>;
  /** Called when an edit fails; progress stops after the first failure. */
  onError?(error: unknown): void;
  intervalMs?: number;
  now?: () => number;
}

export function createProgressEditor(options: ProgressOptions): ProgressEditor {
  const interval = options.intervalMs ?? 1000;
  const now = options.now ?? (() => performance.now());
  let latest: string | null = null;
  let sent: string | null = null;
  let lastSentAt = -Infinity;
  let inFlight: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const send = () => {
    timer = null;
    if (stopped || latest === null || latest === sent) return;
    const text = latest;
    sent = text;
    lastSentAt = now();
    inFlight = options
      .edit(text)
      .then(
        () => undefined,
        (error: unknown) => {
          stopped = true;
          options.onError?.(error);
        },
      )
      .finally(() => {
        inFlight = null;
        schedule();
      });
  };

  const schedule = () => {
    if (stopped || timer || inFlight || latest === null || latest === sent) return;
    const wait = lastSentAt + interval - now();
    if (wait <= 0) send();
    else timer = setTimeout(send, wait);
  };

  return {
    update(text) {
      if (stopped) return;
      latest = text;
      schedule();
    },
    async finish() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await inFlight;
    },
  };
}
