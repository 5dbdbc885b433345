// The command line as an operator meets it: help, version, usage errors,
// configuration precedence and errors, all on the real binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { run, tempDir, KEY } from './harness.mjs';

test('--help lists the subcommands and exits 0', () => {
  const r = run(['--help']);
  assert.equal(r.code, 0);
  for (const cmd of ['serve', 'config', 'apikey', 'version']) assert.match(r.stdout, new RegExp(cmd));
});

test('version prints the version', () => {
  const r = run(['version']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^helmarr \d+\.\d+\.\d+/);
});

test('unknown subcommand and unknown flag print usage and exit 2', () => {
  const a = run(['frobnicate']);
  assert.equal(a.code, 2);
  assert.match(a.stdout + a.stderr, /Usage|usage/);
  const b = run(['serve', '--no-such-flag']);
  assert.equal(b.code, 2);
  const c = run([]);
  assert.equal(c.code, 2);
});

test('config show: defaults < file < env < flags, with the source of every value', () => {
  const dir = tempDir();
  try {
    const file = join(dir, 'helmarr.toml');
    writeFileSync(file, 'port = 8100\nbind = "127.0.0.1"\nlog_level = "debug"\ndata_dir = "/from/file"\n');
    const r = run(['config', 'show', '--config', file, '--port', '8300'],
      { env: { HELMARR_PORT: '8200', HELMARR_LOG_LEVEL: 'warn' } });
    assert.equal(r.code, 0, r.stderr);
    const row = (key) => r.stdout.split('\n').find((l) => l.trim().startsWith(key + ' ') || l.trim().startsWith(key + '\t'));
    assert.match(row('port'), /8300\s+flag/);
    assert.match(row('log_level'), /warn\s+env/);
    assert.match(row('bind'), /127\.0\.0\.1\s+file/);
    assert.match(row('data_dir'), /\/from\/file\s+file/);
    assert.match(row('log_format'), /text\s+default/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('config show redacts the API key wherever it comes from', () => {
  const r = run(['config', 'show', '--api-key', KEY]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!r.stdout.includes(KEY));
  assert.match(r.stdout, /redacted/);
});

test('bad values stop startup with one line naming the key, and exit 2', () => {
  for (const [args, env, key] of [
    [['--port', '0'], {}, 'port'],
    [[], { HELMARR_PORT: '70000' }, 'port'],
    [['--log-level', 'loud'], {}, 'log_level'],
    [['--config', '/nonexistent/helmarr.toml'], {}, 'config'],
    [['--bind', 'not-an-address'], {}, 'bind'],
  ]) {
    const r = run(['serve', ...args], { env });
    assert.equal(r.code, 2, `${args} ${JSON.stringify(env)}: ${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], new RegExp(key));
  }
});

test('routes --json lists every route with its method and whether it is public', () => {
  const r = run(['routes', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const routes = JSON.parse(r.stdout);
  const find = (m, p) => routes.find((x) => x.method === m && x.pattern === p);
  assert.equal(find('GET', '/healthz').public, true);
  assert.equal(find('GET', '/health').public, true);
  assert.equal(find('GET', '/api/settings').public, false);
  assert.equal(find('GET', '/metrics').public, false);
});
