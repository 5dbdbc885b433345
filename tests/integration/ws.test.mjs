// The WebSocket event stream with a real client (the npm package ws):
// auth, ping/pong, rooms, live events, and replay after a reconnect.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { Server, KEY, DEADLINE_MS } from './harness.mjs';

const server = await new Server().start();
after(() => server.cleanup());

// A connected client that collects messages; next(pred) waits for one.
function connect(path, headers = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers });
    const inbox = [];
    const waiters = [];
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString());
      inbox.push(msg);
      for (const w of [...waiters]) if (w.pred(msg)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(msg); }
    });
    ws.on('unexpected-response', (_req, res) => reject(Object.assign(new Error('rejected'), { status: res.statusCode })));
    ws.on('error', reject);
    ws.on('open', () => resolve({
      ws, inbox,
      next(pred, ms = DEADLINE_MS) {
        const found = inbox.find(pred);
        if (found) return Promise.resolve(found);
        return new Promise((res, rej) => {
          const t = setTimeout(() => rej(new Error('timed out waiting for a message')), ms);
          waiters.push({ pred, resolve: (m) => { clearTimeout(t); res(m); } });
        });
      },
      send(obj) { ws.send(JSON.stringify(obj)); },
      close() { ws.close(); },
    }));
  });
}

const setOverride = (value) => server.request('PUT', '/api/settings/overrides/auth_max_failures', { body: { value } });

test('a connection without a valid key is refused with 401', async () => {
  await assert.rejects(connect('/ws/anon'), (e) => e.status === 401);
  await assert.rejects(connect('/ws/anon?apikey=wrong-key-wrong-key'), (e) => e.status === 401);
});

test('ping answers pong; the key works as query parameter and header', async () => {
  const a = await connect(`/ws/c1?apikey=${KEY}`);
  a.send({ type: 'ping' });
  assert.equal((await a.next((m) => m.type === 'pong')).type, 'pong');
  a.close();
  const b = await connect('/ws/c2', { 'X-API-Key': KEY });
  b.send({ type: 'ping' });
  await b.next((m) => m.type === 'pong');
  b.close();
});

test('a settings change reaches clients in the system room with type, data, timestamp and seq', async () => {
  const c = await connect(`/ws/c3?apikey=${KEY}`);
  c.send({ type: 'join_room', room: 'system' });
  await c.next((m) => m.type === 'room_joined');
  await setOverride(9);
  const ev = await c.next((m) => m.type === 'settings.changed');
  assert.equal(ev.data.key, 'auth_max_failures');
  assert.equal(ev.data.value, 9);
  assert.equal(typeof ev.seq, 'number');
  assert.match(ev.timestamp, /Z$/);
  c.close();
});

test('a client in another room does not receive system events', async () => {
  const c = await connect(`/ws/c4?apikey=${KEY}`);
  c.send({ type: 'join_room', room: 'downloads' });
  await c.next((m) => m.type === 'room_joined');
  await setOverride(8);
  const probe = await connect(`/ws/c4probe?apikey=${KEY}&rooms=system`);
  await setOverride(7);
  await probe.next((m) => m.type === 'settings.changed' && m.data.value === 7);
  assert.equal(c.inbox.filter((m) => m.type === 'settings.changed').length, 0);
  c.close(); probe.close();
});

test('unknown rooms and message types are answered with an error, not a disconnect', async () => {
  const c = await connect(`/ws/c5?apikey=${KEY}`);
  c.send({ type: 'join_room', room: 'nope' });
  await c.next((m) => m.type === 'error');
  c.ws.send('not json');
  await c.next((m) => m.type === 'error' && c.inbox.filter((x) => x.type === 'error').length === 2);
  c.send({ type: 'ping' });
  await c.next((m) => m.type === 'pong');
  c.close();
});

test('a deeply nested message (60 KB, under the 64 KiB message limit) is answered with an error, not a crash (issue 7, defect 8.1)', async () => {
  const c = await connect(`/ws/c8?apikey=${KEY}`);
  c.ws.send('{"type":"ping","x":' + '['.repeat(30000) + ']'.repeat(30000) + '}');
  const e = await c.next((m) => m.type === 'error');
  assert.match(e.data.message, /JSON nesting deeper than 64 levels/);
  c.send({ type: 'ping' });
  await c.next((m) => m.type === 'pong');
  c.close();
});

test('a client that reconnects with ?since= receives the events it missed, in order, once', async () => {
  const c = await connect(`/ws/c6?apikey=${KEY}&rooms=system`);
  await setOverride(6);
  const seen = await c.next((m) => m.type === 'settings.changed' && m.data.value === 6);
  c.close();
  await setOverride(5);
  await setOverride(4);
  const again = await connect(`/ws/c6?apikey=${KEY}&rooms=system&since=${seen.seq}`);
  await setOverride(3);
  await again.next((m) => m.type === 'settings.changed' && m.data.value === 3);
  const values = again.inbox.filter((m) => m.type === 'settings.changed').map((m) => m.data.value);
  assert.deepEqual(values, [5, 4, 3]);
  const seqs = again.inbox.filter((m) => m.seq).map((m) => m.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
  again.close();
});

test('the metrics count open WebSocket clients', async () => {
  const c = await connect(`/ws/c7?apikey=${KEY}`);
  const m = (await server.request('GET', '/metrics')).text.match(/helmarr_websocket_clients (\d+)/);
  assert.ok(Number(m[1]) >= 1);
  c.close();
});
