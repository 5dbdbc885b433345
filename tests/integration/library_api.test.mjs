// The dashboard's library API on the real binary: seed the demo, search it,
// read one torrent, the stats, the errors; and `helmarr search` on the same
// data directory while the server runs, printing what the API answers.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, run } from './harness.mjs';

const server = await new Server().start();
after(() => server.cleanup());

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

const seeded = await server.request('POST', '/api/seed-demo');
const demoCount = seeded.json?.counts?.torrents;

test('POST /api/seed-demo answers the seed\'s shape and is idempotent', async () => {
  assert.equal(seeded.status, 200, seeded.text);
  assert.deepEqual(Object.keys(seeded.json).sort(), ['counts', 'seeded']);
  assert.equal(seeded.json.seeded, true);
  assert.ok(demoCount >= 45, `demo holds ${demoCount}`);
  const again = await server.request('POST', '/api/seed-demo');
  assert.equal(again.status, 200);
  assert.deepEqual(again.json, seeded.json);
  const all = await server.request('GET', '/api/torrents?limit=1');
  assert.equal(all.json.totalCount, demoCount, 'a second seeding adds no copies');
});

test('GET /api/torrents: the seed\'s items, paging and filters', async () => {
  const r = await server.request('GET', '/api/torrents');
  assert.equal(r.status, 200);
  assert.equal(r.json.totalCount, demoCount);
  assert.equal(r.json.totalCountIsEstimate, false);
  assert.equal(r.json.items.length, Math.min(50, demoCount));
  for (const item of r.json.items) {
    assert.deepEqual(Object.keys(item).sort(), ['content_type', 'created_at', 'info_hash', 'size_bytes', 'title']);
    assert.match(item.info_hash, /^[0-9a-f]{40}$/);
    assert.match(item.created_at, ISO);
    assert.equal(typeof item.size_bytes, 'number');
  }
  const page = await server.request('GET', '/api/torrents?limit=10&offset=10');
  assert.deepEqual(page.json.items, r.json.items.slice(10, 20));

  const found = await server.request('GET', '/api/torrents?q=oppenheimer');
  assert.equal(found.json.totalCount, 1);
  assert.equal(found.json.items[0].title, 'Oppenheimer.2023.1080p.BluRay.x264-SPARKS');

  const music = await server.request('GET', '/api/torrents?content_type=music&limit=500');
  assert.ok(music.json.totalCount > 0);
  for (const item of music.json.items) assert.equal(item.content_type, 'music');
});

test('GET /api/torrents: a bad parameter is a 400 naming it, in the dashboard dialect', async () => {
  for (const [query, name] of [['limit=0', 'limit'], ['limit=501', 'limit'], ['limit=ten', 'limit'],
    ['offset=-1', 'offset'], ['content_type=films', 'content_type'], [`q=${'a'.repeat(1001)}`, 'q']]) {
    const r = await server.request('GET', `/api/torrents?${query}`);
    assert.equal(r.status, 400, query);
    assert.deepEqual(Object.keys(r.json).sort(), ['error', 'message'], query);
    assert.equal(r.json.error, 'invalid_request');
    assert.match(r.json.message, new RegExp(name), query);
  }
});

test('GET /api/torrents/{info_hash}: detail, 404 unknown, 400 malformed', async () => {
  const { json: { items: [item] } } = await server.request('GET', '/api/torrents?q=oppenheimer');
  const r = await server.request('GET', `/api/torrents/${item.info_hash.toUpperCase()}`);
  assert.equal(r.status, 200, r.text);
  for (const [k, v] of Object.entries(item)) assert.deepEqual(r.json[k], v, k);
  assert.ok(r.json.magnet_uri.startsWith(`magnet:?xt=urn:btih:${item.info_hash}`));
  assert.ok(r.json.files.length >= 1);
  for (const f of r.json.files) assert.deepEqual(Object.keys(f).sort(), ['path', 'size_bytes']);
  assert.deepEqual(r.json.evidence, []);
  assert.equal(r.json.parsed.title, 'Oppenheimer');
  assert.equal(r.json.parsed.year, 2023);
  assert.ok(r.json.categories.includes(2000));
  assert.equal(typeof r.json.seeders, 'number');
  assert.equal(typeof r.json.leechers, 'number');

  const missing = await server.request('GET', `/api/torrents/${'0'.repeat(40)}`);
  assert.equal(missing.status, 404);
  assert.equal(missing.json.error, 'not_found');
  for (const bad of ['abc', 'g'.repeat(40), 'a'.repeat(41)]) {
    const b = await server.request('GET', `/api/torrents/${bad}`);
    assert.equal(b.status, 400, bad);
    assert.match(b.json.message, /info_hash/);
  }
});

test('GET /api/stats: every field of the seed from the library', async () => {
  const r = await server.request('GET', '/api/stats');
  assert.equal(r.status, 200);
  const s = r.json;
  assert.deepEqual(Object.keys(s).sort(), ['cacheHitRatio', 'categoryBreakdown', 'dhtPeerCount', 'indexerThroughput',
    'lastCrawlAt', 'totalEvidence', 'totalReleases', 'totalTorrents', 'uptimeSeconds']);
  assert.equal(s.totalTorrents, demoCount);
  assert.equal(Object.values(s.categoryBreakdown).reduce((a, b) => a + b, 0), demoCount);
  assert.ok(s.categoryBreakdown.movie > 0 && s.categoryBreakdown.tv_show > 0);
  assert.ok(s.totalReleases > 0 && s.totalReleases <= demoCount);
  assert.equal(s.totalEvidence, 0);
  assert.equal(s.dhtPeerCount, 0);
  assert.equal(s.cacheHitRatio, 0);
  assert.equal(s.lastCrawlAt, null);
  assert.ok(Number.isInteger(s.uptimeSeconds) && s.uptimeSeconds >= 0);
  // The demo seeding (twice) wrote through the library within the last minute.
  assert.ok(s.indexerThroughput > 0, `indexerThroughput ${s.indexerThroughput}`);
});

test('the library routes need the API key', async () => {
  for (const [m, p] of [['GET', '/api/torrents'], ['GET', `/api/torrents/${'0'.repeat(40)}`], ['GET', '/api/stats'],
    ['POST', '/api/seed-demo']]) {
    const r = await server.request(m, p, { key: null });
    assert.equal(r.status, 401, `${m} ${p}`);
  }
});

test('helmarr search on the server\'s data directory prints what the API answers', async () => {
  const cli = run(['search', 'dune', '--json', '--limit', '5', '--data-dir', server.dataDir], { env: server.dbEnv });
  assert.equal(cli.code, 0, cli.stderr);
  const api = await server.request('GET', '/api/torrents?q=dune&limit=5');
  assert.deepEqual(JSON.parse(cli.stdout), api.json);

  // "-word" is an exclusion, not a cluster of short options.
  const excl = run(['search', 'mp3', '-herbert', '--json', '--data-dir', server.dataDir], { env: server.dbEnv });
  assert.equal(excl.code, 0, excl.stderr);
  const apiExcl = await server.request('GET', `/api/torrents?q=${encodeURIComponent('mp3 -herbert')}`);
  assert.ok(apiExcl.json.totalCount > 0);
  assert.deepEqual(JSON.parse(excl.stdout), apiExcl.json);
  const all = await server.request('GET', '/api/torrents?q=mp3');
  assert.equal(apiExcl.json.totalCount, all.json.totalCount - 1);

  const table = run(['search', 'oppenheimer', '--data-dir', server.dataDir], { env: server.dbEnv });
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /NAME\s+SIZE\s+TYPE\s+SEEDERS\s+DATE/);
  assert.match(table.stdout, /Oppenheimer\.2023\.1080p\.BluRay\.x264-SPARKS\s+14\.3 GiB\s+movie\s+\d+\s+\d{4}-\d\d-\d\d/);
  assert.match(table.stdout, /Showing 1-1 of 1 torrent$/m);

  const bad = run(['search', '--limit', '0', '--data-dir', server.dataDir], { env: server.dbEnv });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /limit/);
  const typo = run(['search', 'x', '--jsn', '--data-dir', server.dataDir], { env: server.dbEnv });
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /--jsn/);
  const nowhere = run(['search', 'x', '--data-dir', `${server.dataDir}/missing`]);
  assert.equal(nowhere.code, 2);
  assert.match(nowhere.stderr, /no database/);
});
