// Acknowledged writes survive kill -9 and the database stays intact: a writer
// streams settings changes, the server is killed mid-stream, and after a
// restart every acknowledged change is there, on either engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Server, sql, sqlite, eventually } from './harness.mjs';

test('kill -9 mid-stream loses no acknowledged write and never corrupts the database', async () => {
  const s = new Server();
  try {
    for (let round = 0; round < 3; round++) {
      await s.start();
      await s.request('PUT', '/api/settings/overrides/rate_limit_general_per_minute', { body: { value: 1000000 } });
      const auditBefore = Number(sql(s, 'SELECT count(*) FROM settings_audit'));
      const ackedValues = [];
      let stop = false;
      // Four writers in parallel keep requests in flight when the kill lands.
      const base = 1 + round * 100000;
      const writer = async (w) => {
        for (let i = 0; !stop; i++) {
          const value = base + w * 10000 + i;
          try {
            const r = await s.request('PUT', '/api/settings/overrides/rate_limit_content_per_hour', { body: { value } });
            if (r.status === 200) ackedValues.push(value);
          } catch { return; }  // connection reset by the kill
        }
      };
      let writersDone = false;
      const writers = [0, 1, 2, 3].map(writer);
      Promise.all(writers).then(() => { writersDone = true; });
      // Kill once writes are flowing, at a different point each round.
      const target = 10 + round * 40;
      await eventually(() => `${target} acknowledged writes (${ackedValues.length} so far)`,
        () => ackedValues.length >= target || writersDone);
      s.proc.kill('SIGKILL');
      stop = true;
      await Promise.all(writers);
      await s.exited;
      assert.ok(ackedValues.length > 5, `only ${ackedValues.length} writes acknowledged before the kill`);

      if (!s.databaseUrl) assert.equal(sqlite(`${s.dataDir}/helmarr.db`, 'PRAGMA integrity_check'), 'ok');
      // Every acknowledged value is in the audit log.
      const audited = new Set(sql(s, `SELECT new_value FROM settings_audit WHERE key = 'rate_limit_content_per_hour'
        AND CAST(new_value AS INTEGER) BETWEEN ${base} AND ${base + 99999}`).split('\n').map(Number));
      const lost = ackedValues.filter((v) => !audited.has(v));
      assert.deepEqual(lost, [], `${lost.length} of ${ackedValues.length} acknowledged writes lost`);
      assert.ok(Number(sql(s, 'SELECT count(*) FROM settings_audit')) >= auditBefore + ackedValues.length);
      s.stderr = '';
    }
    // And the server starts cleanly on the database it left.
    await s.start();
    assert.equal((await s.request('GET', '/api/settings')).status, 200);
  } finally { await s.cleanup(); }
});
