// Settings: the dashboard seed's defaults + overrides model, its audit log,
// validation, persistence, and changes that apply without a restart.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, eventually } from './harness.mjs';

const server = await new Server().start();
after(() => server.cleanup());

const item = async (key) => (await server.request('GET', '/api/settings')).json.items.find((i) => i.key === key);

test('GET /api/settings lists every setting with default, value and overridden', async () => {
  const r = await server.request('GET', '/api/settings');
  assert.equal(r.status, 200);
  const keys = r.json.items.map((i) => i.key);
  for (const k of ['log_level', 'max_body_bytes', 'rate_limit_general_per_minute', 'rate_limit_health_per_minute',
    'rate_limit_config_audit_per_hour', 'rate_limit_apply_per_hour', 'rate_limit_content_per_hour',
    'auth_max_failures', 'auth_failure_window_seconds', 'auth_ban_seconds']) assert.ok(keys.includes(k), k);
  for (const i of r.json.items) assert.deepEqual(Object.keys(i).sort(), ['default', 'key', 'overridden', 'value']);
  assert.deepEqual(await item('rate_limit_general_per_minute'),
    { key: 'rate_limit_general_per_minute', default: 100, value: 100, overridden: false });
});

test('PUT sets an override, DELETE reverts it, and both are audited newest first', async () => {
  const put = await server.request('PUT', '/api/settings/overrides/auth_max_failures', { body: { value: 7 } });
  assert.equal(put.status, 200);
  assert.deepEqual(put.json, { key: 'auth_max_failures', default: 5, value: 7, overridden: true });
  const del = await server.request('DELETE', '/api/settings/overrides/auth_max_failures');
  assert.equal(del.status, 200);
  assert.deepEqual(del.json, { key: 'auth_max_failures', default: 5, value: 5, overridden: false });
  const audit = await server.request('GET', '/api/settings/audit?limit=2');
  assert.equal(audit.status, 200);
  assert.equal(audit.json.items.length, 2);
  const [removed, set] = audit.json.items;
  assert.deepEqual({ ...removed, changed_at: undefined },
    { key: 'auth_max_failures', action: 'override_removed', old_value: 7, new_value: 5, changed_by: 'operator', changed_at: undefined });
  assert.equal(set.action, 'override_set');
  assert.equal(set.old_value, 5);
  assert.equal(set.new_value, 7);
  assert.match(set.changed_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
});

test('a wrong type or out-of-range value is refused with 400 naming the reason, and nothing changes', async () => {
  const before = (await server.request('GET', '/api/settings/audit')).json.items.length;
  for (const value of ['abc', 1.5, true, 0, 10000000, null]) {
    const r = await server.request('PUT', '/api/settings/overrides/rate_limit_general_per_minute', { body: { value } });
    assert.equal(r.status, 400, `value ${JSON.stringify(value)}`);
    assert.match(r.json.message, /rate_limit_general_per_minute/);
  }
  const badEnum = await server.request('PUT', '/api/settings/overrides/log_level', { body: { value: 'loud' } });
  assert.equal(badEnum.status, 400);
  const noValue = await server.request('PUT', '/api/settings/overrides/log_level', { body: { val: 'info' } });
  assert.equal(noValue.status, 400);
  const notJson = await server.request('PUT', '/api/settings/overrides/log_level', { body: '{"value":', headers: { 'Content-Type': 'application/json' } });
  assert.equal(notJson.status, 400);
  assert.equal((await item('rate_limit_general_per_minute')).overridden, false);
  assert.equal((await server.request('GET', '/api/settings/audit')).json.items.length, before);
});

test('unknown keys answer 404 on PUT and DELETE', async () => {
  assert.equal((await server.request('PUT', '/api/settings/overrides/no_such_setting', { body: { value: 1 } })).status, 404);
  const del = await server.request('DELETE', '/api/settings/overrides/no_such_setting');
  assert.equal(del.status, 404);
  assert.deepEqual(Object.keys(del.json).sort(), ['error', 'message']);
});

test('audit limit must be between 1 and 1000', async () => {
  for (const limit of ['0', '1001', 'x', '-1']) assert.equal((await server.request('GET', `/api/settings/audit?limit=${limit}`)).status, 400, limit);
  assert.equal((await server.request('GET', '/api/settings/audit?limit=1000')).status, 200);
});

test('overrides persist across a restart', async () => {
  const s = new Server();
  try {
    await s.start();
    await s.request('PUT', '/api/settings/overrides/rate_limit_health_per_minute', { body: { value: 42 } });
    await s.stop();
    await s.start();
    const i = (await s.request('GET', '/api/settings')).json.items.find((x) => x.key === 'rate_limit_health_per_minute');
    assert.deepEqual(i, { key: 'rate_limit_health_per_minute', default: 60, value: 42, overridden: true });
  } finally { await s.cleanup(); }
});

test('a rate-limit change applies to the next request, with headers and the seed 429 body', async () => {
  const s = new Server();
  try {
    await s.start();
    assert.equal((await s.request('PUT', '/api/settings/overrides/rate_limit_general_per_minute', { body: { value: 3 } })).status, 200);
    const statuses = [];
    let last;
    for (let i = 0; i < 5; i++) { last = await s.request('GET', '/api/me'); statuses.push(last.status); }
    // The PUT itself took one token of the old bucket; the new limit clamps to 3.
    assert.ok(statuses.filter((x) => x === 429).length >= 2, statuses.join(','));
    assert.equal(last.status, 429);
    assert.equal(last.headers.get('x-ratelimit-limit'), '3');
    assert.equal(last.headers.get('x-ratelimit-remaining'), '0');
    assert.ok(Number(last.headers.get('x-ratelimit-reset')) > Date.now() / 1000);
    assert.ok(Number(last.headers.get('retry-after')) >= 1);
    assert.equal(last.json.error, 'rate_limit_exceeded');
    assert.equal(typeof last.json.retry_after, 'number');
    assert.match(last.json.message, /Try again in \d+ seconds/);
    // Another category keeps its own bucket.
    const h = await s.request('GET', '/health', { key: null });
    assert.equal(h.status, 200);
    assert.equal(h.headers.get('x-ratelimit-limit'), '60');
  } finally { await s.cleanup(); }
});

test('a log level change applies without a restart', async () => {
  const s = new Server();
  try {
    await s.start();
    await s.request('PUT', '/api/settings/overrides/log_level', { body: { value: 'warn' } });
    const mark = s.stderr.length;
    await s.request('GET', '/api/settings?marker=quiet');
    await s.request('DELETE', '/api/settings/overrides/log_level');
    await s.request('GET', '/api/settings?marker=loud');
    // Lines are written in order: once the loud one is in, the quiet one would be.
    await eventually('the access line at info level', () => s.stderr.slice(mark).includes('marker=loud'));
    assert.ok(!s.stderr.slice(mark).includes('marker=quiet'), 'info access line logged at warn level');
  } finally { await s.cleanup(); }
});

test('deeply nested JSON bodies get 400 and the server keeps answering (issue 7, defect 8.1)', async () => {
  const s = new Server();
  try {
    await s.start();
    const arrays = '{"value":' + '['.repeat(100000) + ']'.repeat(100000) + '}';
    const objects = '{"value":' + '{"a":'.repeat(100000) + '{}' + '}'.repeat(100000) + '}';
    for (const body of [arrays, objects]) {
      assert.ok(body.length > 200000 && body.length < 1 << 20);
      const r = await s.request('PUT', '/api/settings/overrides/log_level',
        { body, headers: { 'Content-Type': 'application/json' } });
      assert.equal(r.status, 400, r.text.slice(0, 200));
      assert.match(r.json.message, /JSON nesting deeper than 64 levels/);
      const h = await fetch(s.url('/healthz'));
      assert.equal(h.status, 200);
    }
    assert.equal(s.proc.exitCode, null, `server exited: ${s.stderr.slice(-500)}`);
  } finally { await s.cleanup(); }
});
