// Runs one command or follow-up so that it always ends in a reply: a user-facing error becomes
// its message, anything else an apology with an incident id (the details go to the log only).
// Each outcome is logged and reported once.
import type { Reply } from '../../commands/command-types.ts';
import { errorCode, incidentId, isUserFacing } from './errors.ts';
import type { Logger } from './logger.ts';
import { WORDING } from '../replies/wording.ts';

export type CommandOutcome = 'ok' | 'user_error' | 'error' | 'rate_limited';

export interface CommandReport {
  command: string;
  platform: string;
  outcome: CommandOutcome;
  ms: number;
}

export interface GuardedRun {
  /** The command name for logs and metrics; may change once the command is resolved. */
  label: () => string;
  platform: string;
  log: Logger;
  onCommand?: (info: CommandReport) => void;
}

export async function runGuarded(run: GuardedRun, work: () => Promise<Reply>): Promise<Reply> {
  const started = performance.now();
  // The apology names the command as typed; logs and metrics use the resolved one.
  const typed = run.label();
  const report = (outcome: CommandOutcome) => {
    const ms = performance.now() - started;
    run.log.info({ command: run.label(), outcome, ms: Math.round(ms) }, 'command handled');
    run.onCommand?.({ command: run.label(), platform: run.platform, outcome, ms });
  };
  try {
    const reply = await work();
    report('ok');
    return reply;
  } catch (error) {
    if (isUserFacing(error)) {
      report(error.code === 'rate_limited' ? 'rate_limited' : 'user_error');
      return { kind: 'text', text: error.message, ephemeral: true };
    }
    const id = incidentId();
    run.log.error({ err: error, code: errorCode(error), incident: id, command: run.label() }, 'command failed');
    report('error');
    return { kind: 'text', text: WORDING.commandFailed(typed, id), ephemeral: true };
  }
}
