// The one list of commands: the router dispatches from it and platforms register from it.
import type { CommandDefinition } from './command-types.ts';
import ask from './ask.ts';
import brief from './brief.ts';
import digest from './digest.ts';
import feeds from './feeds.ts';
import help from './help.ts';
import sources from './sources.ts';
import topics from './topics.ts';

export const baseCommands: readonly CommandDefinition[] = [brief, ask, topics, sources, digest, feeds, help];
