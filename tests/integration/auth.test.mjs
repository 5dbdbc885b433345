// Authentication: every non-public route refuses a request without a key
// (proved by walking the route table), the three ways of presenting a key,
// key generation and rotation, and the brute-force lockout.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, run, KEY, eventually } from './harness.mjs';

const server = await new Server().start();
after(() => server.cleanup());

test('every non-public route in the route table answers 401 without a key', async () => {
  const routes = JSON.parse(run(['routes', '--json']).stdout);
  const guarded = routes.filter((r) => !r.public);
  assert.ok(guarded.length >= 8, `only ${guarded.length} guarded routes`);
  for (const r of guarded) {
    const path = r.pattern.replace(/\{[^}]+\}/g, 'x1');
    const res = await server.request(r.method, path, { key: null, body: ['POST', 'PUT'].includes(r.method) ? {} : undefined });
    assert.equal(res.status, 401, `${r.method} ${path} answered ${res.status}`);
    if (r.dialect === 'newznab') {
      // Torznab: the Newznab error Sonarr reads ("Missing parameter": no key at all).
      assert.match(res.text, /<error code="\d+" description="Missing parameter"/, `${r.method} ${path}: ${res.text}`);
    } else {
      assert.equal(res.json.error, 'unauthorized');
    }
  }
});

test('public routes answer without a key', async () => {
  assert.equal((await server.request('GET', '/healthz', { key: null })).status, 200);
  const h = await server.request('GET', '/health', { key: null });
  assert.equal(h.status, 200);
  assert.equal(h.json.status, 'healthy');
  assert.deepEqual(h.json.services, {});
});

test('the key is accepted as X-API-Key, Bearer token and apikey query parameter', async () => {
  assert.equal((await server.request('GET', '/api/me')).status, 200);
  const bearer = await server.request('GET', '/api/me', { key: null, headers: { Authorization: `Bearer ${KEY}` } });
  assert.equal(bearer.status, 200);
  const query = await server.request('GET', `/api/me?apikey=${KEY}`, { key: null });
  assert.equal(query.status, 200);
  assert.deepEqual(Object.keys(query.json).sort(), ['display', 'id', 'method']);
  assert.equal(query.json.method, 'api_key');
  assert.ok(!JSON.stringify(query.json).includes(KEY));
  const wrong = await server.request('GET', '/api/me', { key: 'not-the-key-not-the-key' });
  assert.equal(wrong.status, 401);
});

test('the access log never shows the key given in the query', async () => {
  const mark = server.stderr.length;
  await server.request('GET', `/api/me?apikey=${KEY}&marker=redacted`, { key: null });
  // Once this request's access line is in, the key would be too.
  await eventually('the access line of the request', () => /apikey=REDACTED&marker=redacted/.test(server.stderr.slice(mark)));
  assert.ok(!server.stderr.includes(KEY), 'API key leaked into the log');
});

test('a generated key is printed once, stored only as a hash, and rotation invalidates it', async () => {
  const s = new Server({ apiKey: null });
  try {
    await s.start();
    const m = s.stderr.match(/store it now: (\S+)/);
    assert.ok(m, `no generated key in the log: ${s.stderr}`);
    const key = m[1];
    assert.equal((await s.request('GET', '/api/me', { key })).status, 200);
    await s.stop();
    const { sql } = await import('./harness.mjs');
    const dump = sql(s, 'SELECT name, value FROM secrets');
    assert.ok(!dump.includes(key), 'plain API key stored in the database');

    // A restart keeps the key and does not print it again.
    s.stderr = '';
    await s.start();
    assert.ok(!s.stderr.includes(key), 'key printed again on restart');
    assert.equal((await s.request('GET', '/api/me', { key })).status, 200);

    // Polling with the new key before the server sees it counts as failed
    // attempts: allow plenty, so the poll below cannot lock itself out.
    assert.equal((await s.request('PUT', '/api/settings/overrides/auth_max_failures', { key, body: { value: 1000 } })).status, 200);
    // Rotation from another process, while the server runs.
    const r = run(['apikey', 'rotate', '--data-dir', s.dataDir], { env: s.dbEnv });
    assert.equal(r.code, 0, r.stderr);
    const fresh = r.stdout.trim();
    assert.notEqual(fresh, key);
    // The server rereads the key about once a second: wait for the new one.
    await eventually('the rotated key to be accepted',
      async () => (await s.request('GET', '/api/me', { key: fresh })).status === 200, { every: 250 });
    assert.equal((await s.request('GET', '/api/me', { key })).status, 401);
  } finally { await s.cleanup(); }
});

test('apikey rotate refuses when the key comes from configuration', () => {
  const r = run(['apikey', 'rotate', '--api-key', KEY, '--data-dir', '/tmp/helmarr-unused']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /configuration/);
});

test('five wrong keys lock the address out with 429, even for the right key, until the ban ends', async () => {
  const s = new Server();
  try {
    await s.start();
    // A short ban keeps the test quick; the default is 10 minutes.
    assert.equal((await s.request('PUT', '/api/settings/overrides/auth_ban_seconds', { body: { value: 2 } })).status, 200);
    for (let i = 0; i < 5; i++) assert.equal((await s.request('GET', '/api/me', { key: `wrong-key-attempt-${i}` })).status, 401);
    const banned = await s.request('GET', '/api/me');
    assert.equal(banned.status, 429);
    assert.ok(Number(banned.headers.get('retry-after')) >= 1);
    assert.equal(banned.json.error, 'rate_limit_exceeded');
    // Public routes stay available to a banned address.
    assert.equal((await s.request('GET', '/healthz', { key: null })).status, 200);
    // Until the ban ends the right key keeps getting 429, then 200.
    await eventually('the ban to end', async () => {
      const r = await s.request('GET', '/api/me');
      assert.ok(r.status === 429 || r.status === 200, `answered ${r.status} during the ban`);
      return r.status === 200;
    }, { every: 250 });
  } finally { await s.cleanup(); }
});
