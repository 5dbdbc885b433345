// Several Helmarr processes on one PostgreSQL database: two `helmarr serve`
// share a database (each its own data directory and port) and see each
// other's writes, events and imports. PostgreSQL only: SQLite is one process.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import WebSocket from 'ws';
import { BIN, ENGINE, KEY, DEADLINE_MS, Server, freshPostgresUrl, sql } from './harness.mjs';

const skip = ENGINE !== 'postgres' && 'runs on PostgreSQL (HELMARR_TEST_ENGINE=postgres)';
let a, b;
if (!skip) {
  const databaseUrl = freshPostgresUrl();
  a = await new Server({ databaseUrl }).start();
  b = await new Server({ databaseUrl }).start();
  after(async () => { await a.cleanup(); await b.cleanup(); });
}

// A client of `server` that collects every event of the system room.
function listen(server) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws/cluster?apikey=${KEY}&rooms=system`);
    const inbox = [];
    ws.on('message', (d) => inbox.push(JSON.parse(d.toString())));
    ws.on('error', reject);
    ws.on('open', () => resolve({
      inbox,
      async next(pred) {
        const end = Date.now() + DEADLINE_MS;
        for (;;) {
          const m = inbox.find(pred);
          if (m) return m;
          if (Date.now() > end) throw new Error(`no such event; got ${JSON.stringify(inbox)}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      },
      close: () => ws.close(),
    }));
  });
}

test('a setting changed through one process is what the other answers, at once', { skip }, async () => {
  const put = await a.request('PUT', '/api/settings/overrides/request_timeout_seconds', { body: { value: 77 } });
  assert.equal(put.status, 200, put.text);
  // No polling: by the time the PUT answered, the other process may be told
  // but need not have heard yet; it must have within the event's trip.
  const seen = async () => (await b.request('GET', '/api/settings')).json.items
    .find((s) => s.key === 'request_timeout_seconds').value;
  const end = Date.now() + 5000;
  while ((await seen()) !== 77 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  assert.equal(await seen(), 77);
  const del = await b.request('DELETE', '/api/settings/overrides/request_timeout_seconds');
  assert.equal(del.status, 200, del.text);
  const back = async () => (await a.request('GET', '/api/settings')).json.items
    .find((s) => s.key === 'request_timeout_seconds');
  const end2 = Date.now() + 5000;
  while ((await back()).overridden && Date.now() < end2) await new Promise((r) => setTimeout(r, 20));
  assert.equal((await back()).overridden, false, 'the removal in b reached a');
});

test('an event raised in one process reaches WebSocket clients of the other, once', { skip }, async () => {
  const atB = await listen(b);
  const atA = await listen(a);
  const put = await a.request('PUT', '/api/settings/overrides/auth_max_failures', { body: { value: 41 } });
  assert.equal(put.status, 200, put.text);
  const ev = await atB.next((m) => m.type === 'settings.changed' && m.data.value === 41);
  assert.equal(ev.data.key, 'auth_max_failures');
  assert.equal(typeof ev.seq, 'number');
  // And the settings b answers already hold the value its clients were told of.
  const setting = (await b.request('GET', '/api/settings')).json.items.find((s) => s.key === 'auth_max_failures');
  assert.equal(setting.value, 41);
  await atA.next((m) => m.type === 'settings.changed' && m.data.value === 41);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(atA.inbox.filter((m) => m.type === 'settings.changed' && m.data.value === 41).length, 1,
    'the raising process does not get its own event back');
  assert.equal(atB.inbox.filter((m) => m.type === 'settings.changed' && m.data.value === 41).length, 1);
  atA.close(); atB.close();
});

test('overlapping imports into both processes at once make each torrent once', { skip }, async () => {
  const corpus = spawnSync(BIN, ['bench-corpus', '6000', '--seed', '11'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(corpus.status, 0, corpus.stderr);
  const lines = corpus.stdout.trim().split('\n');
  const hashes = new Set(lines.map((l) => JSON.parse(l).infoHash));
  const before = (await a.request('GET', '/api/stats')).json.totalTorrents;
  const atB = await listen(b);
  // a takes lines 0-3999, b 2000-5999: 2000 torrents both write at the same time.
  const [ra, rb] = await Promise.all([
    a.request('POST', '/api/import', { body: lines.slice(0, 4000).join('\n') }),
    b.request('POST', '/api/import', { body: lines.slice(2000).join('\n') }),
  ]);
  assert.equal(ra.status, 200, ra.text);
  assert.equal(rb.status, 200, rb.text);
  assert.equal(ra.json.imported + rb.json.imported, hashes.size);
  assert.equal(ra.json.updated + rb.json.updated, 8000 - hashes.size);
  assert.equal(ra.json.rejected + rb.json.rejected, 0);
  for (const s of [a, b]) assert.equal((await s.request('GET', '/api/stats')).json.totalTorrents, before + hashes.size);
  assert.equal(sql(a, 'SELECT count(*) - count(DISTINCT hash1) FROM torrents'), '0');
  // b's clients heard of a's import too.
  const finished = await atB.next((m) => m.type === 'library.import_finished' &&
    m.data.imported === ra.json.imported && m.data.updated === ra.json.updated);
  assert.ok(finished);
  atB.close();
  // A torrent a imported is found through b.
  const one = JSON.parse(lines[0]);
  const found = await b.request('GET', `/api/torrents/${one.infoHash}`);
  assert.equal(found.status, 200, found.text);
});

test('a once-per-cluster job claims its lease in the shared database and gives it back', { skip }, async () => {
  const job = (await a.request('GET', '/api/jobs')).json.jobs.find((j) => j.name === 'settings_audit_retention');
  assert.equal(job.once_per_cluster, true);
  const run = await a.request('POST', '/api/jobs/settings_audit_retention/run');
  assert.equal(run.status, 202, run.text);
  const ended = async () => (await a.request('GET', '/api/jobs')).json.jobs
    .find((j) => j.name === 'settings_audit_retention');
  const end = Date.now() + DEADLINE_MS;
  while (((await ended()).runs < job.runs + 1 || (await ended()).running) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal((await ended()).last_outcome, 'ok');
  const [holder, free] = sql(a, `SELECT holder, lease_until <= (extract(epoch from now()) * 1000)::bigint
    FROM job_leases WHERE name = 'settings_audit_retention'`).split('|');
  assert.match(holder, new RegExp(`:${a.proc.pid}:`), 'held by process a');
  assert.equal(free, 't', 'released when the run ended');
});
