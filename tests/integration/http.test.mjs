// HTTP behaviour users and clients notice: health shapes, the two error
// dialects, 404/405, request ids, body limits, metrics.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from './harness.mjs';

const server = await new Server().start();
after(() => server.cleanup());

test('GET /healthz answers the dashboard shape', async () => {
  const r = await server.request('GET', '/healthz', { key: null });
  assert.equal(r.status, 200);
  assert.equal(r.json.status, 'ok');
  assert.ok(Math.abs(Date.parse(r.json.ts) - Date.now()) < 60000);
  assert.equal(r.headers.get('x-ratelimit-limit'), null, '/healthz is not rate limited');
});

test('GET /health answers the AutoArr shape with rate-limit headers', async () => {
  const r = await server.request('GET', '/health', { key: null });
  assert.deepEqual(Object.keys(r.json).sort(), ['services', 'status', 'timestamp']);
  assert.equal(r.headers.get('x-ratelimit-limit'), '60');
});

test('errors under /api/v1 use the AutoArr dialect, others the dashboard dialect', async () => {
  const v1 = await server.request('GET', '/api/v1/nothing-here');
  assert.equal(v1.status, 404);
  assert.equal(v1.json.error, 'not_found');
  assert.ok('details' in v1.json);
  assert.ok(v1.headers.get('x-ratelimit-limit'), 'a 404 under /api carries rate-limit headers');
  const dash = await server.request('GET', '/api/nothing-here');
  assert.equal(dash.status, 404);
  const anon = await server.request('GET', '/api/settings', { key: null });
  assert.equal(anon.status, 401);
  assert.ok(anon.headers.get('x-ratelimit-remaining'), 'a 401 under /api carries rate-limit headers');
  assert.deepEqual(Object.keys(dash.json).sort(), ['error', 'message']);
});

test('a known path with the wrong method answers 405 with Allow', async () => {
  const r = await server.request('POST', '/api/settings', { body: {} });
  assert.equal(r.status, 405);
  assert.match(r.headers.get('allow'), /GET/);
});

test('every response carries X-Request-Id, and a client id is echoed', async () => {
  const a = await server.request('GET', '/healthz');
  const b = await server.request('GET', '/healthz');
  assert.ok(a.headers.get('x-request-id'));
  assert.notEqual(a.headers.get('x-request-id'), b.headers.get('x-request-id'));
  const c = await server.request('GET', '/api/nope', { headers: { 'X-Request-Id': 'trace-123' } });
  assert.equal(c.headers.get('x-request-id'), 'trace-123');
});

test('trailing slashes do not matter', async () => {
  assert.equal((await server.request('GET', '/api/settings/')).status, 200);
});

test('a body over the limit answers 413, and the limit is a live setting', async () => {
  assert.equal((await server.request('PUT', '/api/settings/overrides/max_body_bytes', { body: { value: 2048 } })).status, 200);
  const big = JSON.stringify({ value: 'x'.repeat(4096) });
  const r = await server.request('PUT', '/api/settings/overrides/log_level', { body: big, headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 413);
  assert.equal(r.json.error, 'payload_too_large');
  assert.equal((await server.request('DELETE', '/api/settings/overrides/max_body_bytes')).status, 200);
  assert.equal((await server.request('GET', '/healthz')).status, 200);
});

test('/metrics and /api/metrics expose Prometheus text with request counts by route', async () => {
  await server.request('GET', '/api/settings');
  const r = await server.request('GET', '/metrics');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/plain; version=0\.0\.4/);
  assert.match(r.text, /helmarr_http_requests_total\{[^}]*route="\/api\/settings"[^}]*\} \d+/);
  assert.match(r.text, /helmarr_http_request_duration_seconds_bucket\{/);
  assert.match(r.text, /helmarr_process_resident_memory_bytes \d/);
  assert.match(r.text, /helmarr_uptime_seconds \d/);
  assert.match(r.text, /helmarr_websocket_clients \d/);
  assert.match(r.text, /helmarr_event_bus_sequence \d/);
  const api = await server.request('GET', '/api/metrics');
  assert.equal(api.status, 200);
  assert.match(api.headers.get('content-type'), /version=0\.0\.4/);
  // Raw paths never become labels: an unknown path is "unmatched".
  await server.request('GET', '/api/random-path-12345');
  assert.ok(!(await server.request('GET', '/metrics')).text.includes('random-path-12345'));
});

test('SIGTERM stops the server cleanly with exit code 0', async () => {
  const s = await new Server().start();
  const { code } = await s.stop('SIGTERM');
  assert.equal(code, 0);
  await s.cleanup();
});
