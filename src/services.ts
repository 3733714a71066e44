// Services over a corpus and a store: what commands see. Shared by the composition root and by
// tests that assemble the bot around a hand-made corpus.
import { baseCommands } from '../commands/index.ts';
import { createAnswerService } from './briefing/answer-service.ts';
import { createBriefingService } from './briefing/briefing-service.ts';
import { createConversationMemory } from './briefing/conversation-memory.ts';
import { createSourceService } from './briefing/source-service.ts';
import { createTopicService } from './briefing/topic-service.ts';
import type { Config } from './config/schema.ts';
import type { CommandDefinition, Services } from '../commands/command-types.ts';
import type { Clock } from './core/clock.ts';
import type { Corpus } from './corpus/corpus-types.ts';
import type { Engine } from './engines/engine-types.ts';
import { createPassageIndex, type PassageIndex } from './retrieval/passage-index.ts';
import type { Store } from './store/store.ts';

export interface ServicesOptions {
  config: Pick<Config, 'topics' | 'limits'>;
  corpus: Corpus;
  store: Store;
  engines: ReadonlyMap<string, Engine>;
  defaultEngine: string;
  clock: Clock;
  commands?: readonly CommandDefinition[];
}

export interface ServiceBundle {
  services: Services;
  index: PassageIndex;
  commands: readonly CommandDefinition[];
}

export function createServices(options: ServicesOptions): ServiceBundle {
  const { config, corpus, store, engines, defaultEngine, clock } = options;
  const index = createPassageIndex(corpus.current());
  corpus.onChange((snapshot) => index.update(snapshot));
  const topics = createTopicService({ topics: config.topics, corpus, retriever: index, minQueryScore: config.limits.briefMinScore });
  const memory = createConversationMemory({ store, maxTurns: config.limits.conversationTurns });
  const commands: readonly CommandDefinition[] = options.commands ?? baseCommands;
  const services: Services = {
    briefing: createBriefingService({ corpus, index, topics, engines, defaultEngine, clock, maxDocuments: config.limits.maxDocumentsPerBrief, minScore: config.limits.briefMinScore }),
    answers: createAnswerService({ corpus, index, topics, memory, engines, defaultEngine, clock, minScore: config.limits.answerMinScore }),
    topics,
    sources: createSourceService({ corpus, topics }),
    memory,
    commands: () => commands,
    clock,
  };
  return { services, index, commands };
}
