// One overall deadline for a brief or an answer from the language model. The SDK's per-request
// timeout applies to each attempt, so a silent server held a reply for 30 s × 3 attempts; a
// chat user waits for the whole, and gets the offline result once this passes.

export interface Deadline {
  /** Aborted when the caller gives up or the deadline passes. */
  readonly signal: AbortSignal;
  /** True when the deadline (not the caller) ended the wait. */
  expired(): boolean;
  clear(): void;
}

export function startDeadline(ms: number, callerSignal?: AbortSignal): Deadline {
  const controller = new AbortController();
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
    controller.abort(new DOMException(`The language model did not finish within ${ms} ms.`, 'AbortError'));
  }, ms);
  // A pending deadline must not keep a one-shot CLI process alive.
  timer.unref?.();
  const onCallerAbort = () => controller.abort(callerSignal!.reason);
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    expired: () => fired && !callerSignal?.aborted,
    clear() {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}
