// The command line as an operator meets it: help, version, usage errors,
// configuration precedence and errors, all on the real binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { run, tempDir, freePort, KEY } from './harness.mjs';

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

test('serve exits 2 for a bad classifier_rules file and for a data dir that cannot be created (bad configuration)', async () => {
  const dir = tempDir();
  try {
    const serve = async (...args) => run(['serve', '--bind', '127.0.0.1', '--port', String(await freePort()),
      '--api-key', KEY, ...args]);

    const rules = join(dir, 'rules.toml');
    writeFileSync(rules, '[[rule]]\nid = "x"\ncontent_type = "films"\nkeywords = ["y"]\n');
    const data = join(dir, 'data');
    const a = await serve('--data-dir', data, '--classifier-rules', rules);
    assert.equal(a.code, 2, a.stderr);
    assert.match(a.stderr, /classifier_rules: .*rules\.toml line 3: rule 'x': unknown content_type 'films'/);
    assert.ok(!existsSync(data), 'nothing is written before the rules are read');

    const missing = await serve('--data-dir', data, '--classifier-rules', join(dir, 'nope.toml'));
    assert.equal(missing.code, 2, missing.stderr);

    // A data dir under a regular file cannot be created; a regular file is no data dir.
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'not a directory\n');
    const b = await serve('--data-dir', join(file, 'data'));
    assert.equal(b.code, 2, b.stderr);
    assert.match(b.stderr, /data_dir .*plain-file\/data: .*cannot create/);
    const c = await serve('--data-dir', file);
    assert.equal(c.code, 2, c.stderr);
    assert.match(c.stderr, /data_dir .*plain-file: .*not a directory/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('config show: services come from [services.<name>] tables, HELMARR_<NAME>_* and --<name>-*, secrets redacted', () => {
  const dir = tempDir();
  try {
    const file = join(dir, 'helmarr.toml');
    writeFileSync(file, '[services.sonarr]\nurl = "http://sonarr:8989"\napi_key = "sonarr-file-secret"\n');
    const r = run(['config', 'show', '--config', file, '--radarr-url', 'http://radarr:7878'],
      { env: { HELMARR_PLEX_TOKEN: 'plex-env-secret' } });
    assert.equal(r.code, 0, r.stderr);
    const row = (key) => r.stdout.split('\n').find((l) => l.startsWith(key + ' '));
    assert.match(row('services.sonarr.url'), /http:\/\/sonarr:8989\s+file/);
    assert.match(row('services.sonarr.api_key'), /\(redacted\)\s+file/);
    assert.match(row('services.radarr.url'), /http:\/\/radarr:7878\s+flag/);
    assert.match(row('services.plex.token'), /\(redacted\)\s+env/);
    assert.ok(!r.stdout.includes('secret'), r.stdout);

    writeFileSync(file, '[services.sonar]\nurl = "http://sonarr:8989"\n');
    const bad = run(['config', 'show', '--config', file]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown key 'services\.sonar' \(did you mean 'services\.sonarr'\?\)/);
    const url = run(['serve', '--sonarr-url', 'sonarr:8989']);
    assert.equal(url.code, 2);
    assert.match(url.stderr, /services\.sonarr\.url: must be an http:\/\/ or https:\/\/ URL/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('config table prints the README configuration table', async () => {
  const { readFileSync } = await import('node:fs');
  const r = run(['config', 'table']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\| key \| flag \| environment \| default \| meaning \|\n/);
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  assert.ok(readme.includes(r.stdout), 'README.md has the table `helmarr config table` prints');
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

test('parse --json prints exactly the documented fields for each title given', () => {
  const r = run(['parse', '--json', 'Series.Title.S01E02.720p.HDTV.x264-DIMENSION', 'The.Movie.2019.1080p.BluRay.x264-GRP']);
  assert.equal(r.code, 0, r.stderr);
  const [tv, movie] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(Object.keys(tv).sort(), ['absolute_episodes', 'air_date', 'audio', 'codec', 'edition', 'episodes',
    'full_season', 'group', 'hash', 'hdr', 'kind', 'languages', 'multi', 'proper', 'quality', 'repack', 'resolution',
    'season', 'seasons', 'source', 'title', 'version', 'year']);
  assert.equal(tv.title, 'Series Title');
  assert.equal(tv.kind, 'tv');
  assert.equal(tv.season, 1);
  assert.deepEqual(tv.episodes, [2]);
  assert.equal(tv.quality, 'HDTV-720p');
  assert.equal(tv.group, 'DIMENSION');
  assert.equal(movie.kind, 'movie');
  assert.equal(movie.year, 2019);
  assert.equal(movie.quality, 'Bluray-1080p');
});

test('parse reads standard input line by line, in order, CRLF included', async () => {
  const { spawnSync } = await import('node:child_process');
  const { BIN, DEADLINE_MS } = await import('./harness.mjs');
  const input = 'A.Show.S02E03.1080p.WEB-DL.DDP5.1.H.264-NTb\r\n[SubsPlease] Anime Title - 12 (1080p) [ABCD1234]\n\nx'.repeat(1) + '\n';
  const r = spawnSync(BIN, ['parse', '--json'], { input, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 4);
  assert.equal(lines[0].title, 'A Show');
  assert.equal(lines[0].group, 'NTb');
  assert.deepEqual(lines[1].absolute_episodes, [12]);
  assert.equal(lines[1].hash, 'ABCD1234');
  assert.equal(lines[2].title, '');
  assert.equal(lines[3].kind, 'unknown');
});

test('parse without --json prints a readable summary', () => {
  const r = run(['parse', 'Series.Title.S01E02.720p.HDTV.x264-DIMENSION']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /title: Series Title/);
  assert.match(r.stdout, /quality: HDTV-720p/);
});

test('parse streams: each line is answered while standard input stays open', async () => {
  const { spawn } = await import('node:child_process');
  const { BIN, DEADLINE_MS } = await import('./harness.mjs');
  const p = spawn(BIN, ['parse', '--json'], { stdio: ['pipe', 'pipe', 'inherit'] });
  p.stdout.setEncoding('utf8');
  let out = '';
  const nextLine = (n) => new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer for line ${n}; got ${JSON.stringify(out)}`)), DEADLINE_MS);
    const check = () => {
      const lines = out.split('\n').filter(Boolean);
      if (lines.length >= n) { clearTimeout(t); p.stdout.off('data', check); resolve(JSON.parse(lines[n - 1])); }
    };
    p.stdout.on('data', (d) => { out += d; check(); });
    check();
  });
  p.stdin.write('First.Show.S01E01.720p.HDTV.x264-AAA\n');
  assert.equal((await nextLine(1)).title, 'First Show');
  p.stdin.write('Second.Show.S02E02.1080p.WEB-DL-BBB\n');
  assert.equal((await nextLine(2)).group, 'BBB');
  p.stdin.end();
  const code = await new Promise((r) => p.on('exit', r));
  assert.equal(code, 0);
});
