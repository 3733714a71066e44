// The chat platforms briefbot can run, besides the local console. A new platform is one folder
// and one line here.
import { discordEntry } from './discord/discord-entry.ts';
import type { PlatformEntry } from './platform-entry.ts';
import { slackEntry } from './slack/slack-entry.ts';

export const PLATFORMS: readonly PlatformEntry[] = [slackEntry, discordEntry];
