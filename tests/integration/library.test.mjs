// The torrent library end to end: `helmarr bench-corpus` writes records,
// `helmarr import` writes them into the database of a running server, and the
// server finds each again over Torznab, read the way Sonarr's
// TorznabRssParser reads it (namespace-aware: the torznab prefix is resolved
// from its URI, never assumed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { Server, run, KEY } from './harness.mjs';

const TORZNAB_NS = 'http://torznab.com/schemas/2015/feed';
let server;
let records;

function parseXml(text) {
  return new DOMParser().parseFromString(text, 'text/xml');
}

// Items as Sonarr reads them: child elements by local name, torznab:attr by
// namespace URI, several category values.
function items(text) {
  const doc = parseXml(text);
  return Array.from(doc.getElementsByTagName('item')).map((item) => {
    const child = (name) => Array.from(item.childNodes).find((n) => n.nodeType === 1 && n.localName === name);
    const attrs = {};
    for (const a of Array.from(item.getElementsByTagNameNS(TORZNAB_NS, 'attr'))) {
      const name = a.getAttribute('name');
      (attrs[name] ??= []).push(a.getAttribute('value'));
    }
    const enclosure = child('enclosure');
    return {
      title: child('title')?.textContent,
      guid: child('guid')?.textContent,
      pubDate: child('pubDate')?.textContent,
      enclosureType: enclosure?.getAttribute('type'),
      enclosureUrl: enclosure?.getAttribute('url'),
      attrs,
    };
  });
}

before(async () => {
  server = await new Server().start();
  // A thousand searches in a row: lift the general limit for this test's key.
  const lifted = await server.request('PUT', '/api/settings/overrides/rate_limit_general_per_minute', { body: { value: 100000 } });
  assert.equal(lifted.status, 200, lifted.text);
  const file = join(server.dataDir, 'corpus.ndjson');
  const generated = run(['bench-corpus', '1000', '--seed', '7', '--out', file]);
  assert.equal(generated.code, 0, generated.stderr);
  records = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(records.length, 1000);
  // Into the running server's database, as an operator would.
  const imported = run(['import', file, '--data-dir', server.dataDir, '--api-key', KEY, '--json', '--no-progress'], { env: server.dbEnv });
  assert.equal(imported.code, 0, imported.stderr);
  const summary = JSON.parse(imported.stdout);
  assert.equal(summary.imported + summary.updated, 1000, imported.stdout);
  assert.equal(summary.rejected, 0, imported.stdout);
});

after(async () => { await server?.cleanup(); });

test('every generated record is found over Torznab by its own name', async () => {
  for (const r of records) {
    const phrase = `"${r.name.replaceAll('"', ' ')}"`;
    const res = await server.request('GET', `/torznab/api?t=search&q=${encodeURIComponent(phrase)}&apikey=${KEY}`, { key: null });
    assert.equal(res.status, 200, res.text);
    const found = items(res.text).filter((i) => i.attrs.infohash?.[0] === r.infoHash);
    assert.equal(found.length, 1, `${r.name} (${r.infoHash}) not found`);
    const item = found[0];
    assert.equal(item.title, r.name);
    assert.equal(item.enclosureType, 'application/x-bittorrent');
    assert.ok(item.enclosureUrl.startsWith(`magnet:?xt=urn:btih:${r.infoHash}`));
    assert.equal(item.attrs.size[0], String(r.size));
    assert.equal(item.attrs.files[0], String(r.files ? r.files.length : 1));
    assert.ok(item.attrs.category.length >= 1);
    if (r.publishedAt) assert.equal(new Date(item.pubDate).getTime(), new Date(r.publishedAt).getTime());
  }
});

test('the indexer test: an RSS request without a query returns the newest TV items', async () => {
  const res = await server.request('GET', `/torznab/api?t=tvsearch&cat=5030,5040&extended=1&apikey=${KEY}&offset=0&limit=100`, { key: null });
  assert.equal(res.status, 200);
  const got = items(res.text);
  assert.ok(got.length > 0, 'Sonarr fails its indexer test on an empty feed');
  for (const i of got) assert.ok(i.attrs.category.some((c) => c === '5030' || c === '5040'), JSON.stringify(i.attrs.category));
  const doc = parseXml(res.text);
  const response = doc.getElementsByTagNameNS(TORZNAB_NS, 'response')[0];
  assert.equal(response.getAttribute('offset'), '0');
});

test('caps parse the way Sonarr reads them', async () => {
  const res = await server.request('GET', `/torznab/api?t=caps&apikey=${KEY}`, { key: null });
  assert.equal(res.status, 200);
  const doc = parseXml(res.text);
  const limits = doc.getElementsByTagName('limits')[0];
  assert.match(limits.getAttribute('max'), /^\d+$/);
  const tv = doc.getElementsByTagName('tv-search')[0];
  assert.equal(tv.getAttribute('available'), 'yes');
  for (const p of ['q', 'season', 'ep']) assert.ok(tv.getAttribute('supportedParams').split(',').includes(p));
});

test('a season search never returns another season', async () => {
  const tv = records.find((r) => /\.S(\d\d)E\d\d\./.test(r.name));
  assert.ok(tv, 'the corpus has TV episodes');
  const season = Number(/\.S(\d\d)E\d\d\./.exec(tv.name)[1]);
  const res = await server.request('GET', `/torznab/api?t=tvsearch&season=${String(season).padStart(2, '0')}&cat=5000&apikey=${KEY}`, { key: null });
  const got = items(res.text);
  assert.ok(got.length > 0);
  for (const i of got) assert.equal(Number(i.attrs.season[0]), season, i.title);
});

test('POST /import streams NDJSON and names the rejected lines', async () => {
  const lines = [
    JSON.stringify({ infoHash: 'ab'.repeat(20), name: 'Streamed.Show.S02E03.1080p.WEB-DL-GRP', size: 123 }),
    '{not json',
    JSON.stringify({ infoHash: 'ab'.repeat(20), name: 'Streamed.Show.S02E03.1080p.WEB-DL-GRP', size: 123, seeders: 9 }),
    JSON.stringify({ infoHash: 'xyz', name: 'Bad.Hash' }),
  ];
  const res = await server.request('POST', '/import', { body: lines.join('\n') });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.imported, 1);
  assert.equal(res.json.updated, 1);
  assert.equal(res.json.rejected, 2);
  assert.deepEqual(res.json.rejections.map((r) => r.line), [2, 4]);
  assert.match(res.json.rejections[1].reason, /infoHash/);
  const noKey = await server.request('POST', '/import', { body: lines[0], key: null });
  assert.equal(noKey.status, 401);
});
