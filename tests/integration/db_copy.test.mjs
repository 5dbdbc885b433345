// `helmarr db copy` as an operator runs it: a SQLite library into PostgreSQL,
// killed with -9 in the middle, run again to finish, then served.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ENGINE, KEY, Server, eventually, freshPostgresUrl, psql, run, tempDir } from './harness.mjs';

const skip = ENGINE !== 'postgres' && 'copies into PostgreSQL (HELMARR_TEST_ENGINE=postgres)';

test('a copy killed mid-way resumes where it stopped and the copy serves the same library', { skip }, async () => {
  const dir = tempDir();
  try {
    const corpus = join(dir, 'corpus.ndjson');
    assert.equal(run(['bench-corpus', '30000', '--seed', '21', '--out', corpus]).code, 0);
    const from = `sqlite:${join(dir, 'helmarr.db')}`;
    const imported = run(['import', corpus, '--data-dir', dir, '--api-key', KEY, '--no-progress', '--json'],
      { env: { HELMARR_DATABASE_URL: from } });
    assert.equal(imported.code, 0, imported.stderr);
    const to = freshPostgresUrl();

    const first = spawn(BIN, ['db', 'copy', '--from', from, '--to', to, '--batch', '500'], { stdio: 'ignore' });
    const exited = new Promise((r) => first.once('exit', (code, signal) => r({ code, signal })));
    const copied = () => { try { return Number(psql(to, 'SELECT count(*) FROM torrents')); } catch { return 0; } };
    await eventually('the first batches to be committed', () => copied() >= 1000, { every: 5 });
    first.kill('SIGKILL');
    const end = await exited;
    const partial = copied();
    assert.ok(end.signal === 'SIGKILL' && partial < 30000, `the copy finished before the kill (${partial})`);
    assert.equal(partial % 500, 0, 'whole batches only');

    const second = run(['db', 'copy', '--from', from, '--to', to, '--batch', '500', '--json']);
    assert.equal(second.code, 0, second.stderr);
    const summary = JSON.parse(second.stdout);
    assert.equal(summary.torrents.resumed_after, partial);
    assert.equal(summary.torrents.copied, 30000 - partial);
    assert.equal(summary.verified, true);
    assert.equal(summary.rows.torrents, 30000);

    // Served from PostgreSQL: the same answers as from SQLite.
    const a = await new Server({ dataDir: join(dir, 'a'), databaseUrl: from }).start();
    const b = await new Server({ dataDir: join(dir, 'b'), databaseUrl: to }).start();
    try {
      for (const q of ['?q=1080p', '?q=the%20s01', '?q=web%20-x264', '?content_type=movie', '']) {
        const path = `/api/torrents${q}${q ? '&' : '?'}limit=50`;
        const x = await a.request('GET', path), y = await b.request('GET', path);
        assert.equal(x.status, 200, x.text);
        assert.deepEqual(y.json.items.map((t) => t.info_hash), x.json.items.map((t) => t.info_hash), q);
        assert.equal(y.json.totalCount, x.json.totalCount, q);
      }
      assert.equal((await b.request('GET', '/api/stats')).json.totalTorrents, 30000);
    } finally { await a.cleanup(); await b.cleanup(); }
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
