import { createManualClock } from '../../src/core/clock.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { CONTRACT_START, storeContract } from '../contract/store-contract.ts';

storeContract('memory', async () => {
  const clock = createManualClock(CONTRACT_START);
  const store = createMemoryStore({ clock });
  return { store, clock, cleanup: () => store.close() };
});
