import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryLogger } from '../../../src/core/logger.ts';
import { createDedupe, createDeliveryGate } from '../../../src/platforms/slack/dedupe.ts';

describe('slack dedupe', () => {
  it('remembers keys in memory, evicting the oldest past max and expiring after ttl', async () => {
    let now = 0;
    const d = createDedupe({ max: 2, ttlMs: 1000, now: () => now });
    assert.equal(await d.firstSeen('a'), true);
    assert.equal(await d.firstSeen('a'), false);
    assert.equal(await d.firstSeen('b'), true);
    assert.equal(await d.firstSeen('c'), true); // evicts a
    assert.equal(await d.firstSeen('a'), true);
    now = 5000;
    assert.equal(await d.firstSeen('c'), true, 'expired');
  });

  it('delegates to a shared firstSeen when given', async () => {
    const keys: string[] = [];
    const d = createDedupe({ firstSeen: async (k) => { keys.push(k); return keys.length === 1; } });
    assert.equal(await d.firstSeen('x'), true);
    assert.equal(await d.firstSeen('x'), false);
    assert.deepEqual(keys, ['x', 'x']);
  });

  it('the delivery gate claims event ids and command replay keys, and fails open with a warning', async () => {
    const keys: string[] = [];
    const logger = createMemoryLogger();
    let down = false;
    const seen = new Set<string>();
    const gate = createDeliveryGate({
      logger,
      dedupe: createDedupe({ firstSeen: async (k) => { if (down) throw new Error('store down'); keys.push(k); if (seen.has(k)) return false; seen.add(k); return true; } }),
    });
    assert.equal(await gate.event('Ev1'), true);
    assert.equal(await gate.event('Ev1'), false);
    assert.equal(await gate.command('slack:command:123.4.abc'), true);
    assert.equal(await gate.command('slack:command:123.4.abc'), false);
    assert.deepEqual(keys, ['slack:event:Ev1', 'slack:event:Ev1', 'slack:command:123.4.abc', 'slack:command:123.4.abc']);
    down = true;
    assert.equal(await gate.event('Ev1'), true, 'a duplicate answer rather than a missing one');
    assert.ok(logger.lines.some((l) => l.level === 'warn' && /dedupe failed/.test(String(l.msg))));
  });
});
