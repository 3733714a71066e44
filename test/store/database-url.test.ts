import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeDatabaseTarget, stripCredentials } from '../../src/store/database-url.ts';

describe('database URLs in messages', () => {
  it('describes host, port and database without user or password', () => {
    assert.equal(describeDatabaseTarget('postgres://bot:hunter2@db.internal:6543/briefs?sslmode=require'), 'db.internal:6543/briefs');
    assert.equal(describeDatabaseTarget('postgres://127.0.0.1/test'), '127.0.0.1:5432/test');
    assert.equal(describeDatabaseTarget('not a url'), '(unparseable database URL)');
  });

  it('strips user-info from every URL and password parameters', () => {
    const text = 'failed postgres://bot:hunter2@db:5432/x and postgresql://u@h/y?password=abc&x=1 done';
    assert.equal(stripCredentials(text), 'failed postgres://db:5432/x and postgresql://h/y?password=[redacted]&x=1 done');
  });

  it('scrubs the literal password of the connection string anywhere in the text', () => {
    const url = 'postgres://bot:p%40ss-w0rd@db/x';
    assert.equal(stripCredentials('auth failed for p@ss-w0rd', url), 'auth failed for [redacted]');
  });
});
