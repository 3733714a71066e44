// Autocomplete: the sink's suggestions, cut to what Discord accepts (25 choices of ≤ 100
// characters, integers for integer options), answered within Discord's 3 s even when the sink is slow.
import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationCommandOptionType, type AutocompleteInteraction } from 'discord.js';
import type { Logger } from '../../core/logger.ts';
import type { EventSink } from '../platform-types.ts';
import { describeDiscordError } from './discord-errors.ts';

export interface AutocompleteOptions {
  log: Logger;
  sink: () => EventSink;
  timeoutMs?: number;
  onAck?: (info: { kind: 'autocomplete'; ms: number }) => void;
}

export async function answerAutocomplete(interaction: AutocompleteInteraction, options: AutocompleteOptions): Promise<void> {
  const { log } = options;
  const received = performance.now();
  const focused = interaction.options.getFocused(true);
  let values: string[] = [];
  const abort = new AbortController();
  try {
    values = await Promise.race([
      options.sink().autocomplete(interaction.commandName, focused.name, String(focused.value ?? '')),
      sleep(options.timeoutMs ?? 2000, [] as string[], { signal: abort.signal }),
    ]);
  } catch (error) {
    log.warn({ err: describeDiscordError(error), command: interaction.commandName }, 'discord: autocomplete failed');
  } finally {
    abort.abort();
  }
  const numeric = focused.type === ApplicationCommandOptionType.Integer;
  const choices = [...new Set(values)]
    .filter((v) => v && v.length <= 100 && (!numeric || Number.isInteger(Number(v))))
    .slice(0, 25)
    .map((v) => ({ name: v, value: numeric ? Number(v) : v }));
  try {
    await interaction.respond(choices);
    options.onAck?.({ kind: 'autocomplete', ms: performance.now() - received });
  } catch (error) {
    log.debug({ err: describeDiscordError(error) }, 'discord: autocomplete response not accepted');
  }
}
