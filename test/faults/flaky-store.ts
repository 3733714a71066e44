// A Store whose database can be switched off: `down` rejects every call like a refused
// connection, `hang` never answers (a network partition). For unit tests of what sits on top;
// the PostgreSQL fault tests use a real pool behind a TCP proxy instead (tcp-proxy.ts).
import type { Store } from '../../src/store/store.ts';

export type FlakyMode = 'up' | 'down' | 'hang';

export interface FlakyStore {
  store: Store;
  mode: FlakyMode;
  /** Calls that reached the underlying store, by method. */
  calls: Map<string, number>;
}

export function flaky(inner: Store): FlakyStore {
  const state: FlakyStore = { store: inner, mode: 'up', calls: new Map() };
  state.store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || prop === 'close') return value;
      return (...args: unknown[]) => {
        if (state.mode === 'down') {
          return Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
        }
        if (state.mode === 'hang') return new Promise(() => {});
        state.calls.set(String(prop), (state.calls.get(String(prop)) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return state;
}
