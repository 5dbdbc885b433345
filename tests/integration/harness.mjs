// Starts the real helmarr binary on a free loopback port with its own data
// directory, and talks to it over real HTTP.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = process.env.HELMARR_BIN ?? new URL('../../build/release/helmarr', import.meta.url).pathname;
export const KEY = 'it-test-key-0123456789abcdef';

// How long a wait for something observable may take before the test fails.
// Generous on purpose: a loaded 2-core machine or a sanitizer build is slow,
// and a correct build must not fail for it; a broken one still fails, later.
export const DEADLINE_MS = 60000;

// Polls `check` until it returns something truthy (returned) or the deadline
// passes (throws naming `what`). Waits on a condition instead of a fixed sleep.
export async function eventually(what, check, { deadline = DEADLINE_MS, every = 20 } = {}) {
  const end = Date.now() + deadline;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`gave up after ${deadline} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix = 'helmarr-it-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

// The database engine servers run on. HELMARR_TEST_ENGINE=postgres puts each
// Server on a fresh database of the PostgreSQL server ctest's fixture started
// (its socket directory in $HELMARR_TEST_TMP/postgres/host).
export const ENGINE = process.env.HELMARR_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

let postgresDatabases = 0;
function postgresHost() {
  const tmp = process.env.HELMARR_TEST_TMP;
  if (!tmp) throw new Error('HELMARR_TEST_ENGINE=postgres needs HELMARR_TEST_TMP (ctest sets it)');
  return readFileSync(join(tmp, 'postgres', 'host'), 'utf8').trim();
}
function psqlProgram() {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b));
  return `/usr/lib/postgresql/${versions.at(-1)}/bin/psql`;
}

// Runs SQL on a PostgreSQL database (conninfo); rows as psql -At prints them.
export function psql(conninfo, sql) {
  const r = spawnSync(psqlProgram(), ['-d', conninfo, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
  return r.stdout.trim();
}

// A new, empty database on the test server; its database_url.
export function freshPostgresUrl() {
  const host = postgresHost();
  const name = `it_${process.pid}_${++postgresDatabases}`;
  psql(`host=${host} user=postgres dbname=postgres`, `CREATE DATABASE ${name}`);
  return `host=${host} user=postgres dbname=${name}`;
}

export function run(args, { env = {}, cwd } = {}) {
  const r = spawnSync(BIN, args, { env: { ...cleanEnv(), ...env }, cwd, encoding: 'utf8', timeout: 30000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The parent's environment without HELMARR_* so a developer's shell can't leak in.
function cleanEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('HELMARR_')) env[k] = v;
  return env;
}

export class Server {
  constructor({ dataDir, apiKey = KEY, args = [], env = {}, databaseUrl } = {}) {
    this.dataDir = dataDir ?? tempDir();
    this.databaseUrl = databaseUrl ?? (ENGINE === 'postgres' ? freshPostgresUrl() : undefined);
    // What a CLI command run on this server's data needs besides --data-dir.
    this.dbEnv = this.databaseUrl ? { HELMARR_DATABASE_URL: this.databaseUrl } : {};
    this.apiKey = apiKey;
    this.args = args;
    this.env = env;
    this.stderr = '';
    this.ownsDir = !dataDir;
  }

  async start() {
    this.port = await freePort();
    const args = ['serve', '--bind', '127.0.0.1', '--port', String(this.port), '--data-dir', this.dataDir, ...this.args];
    if (this.apiKey) args.push('--api-key', this.apiKey);
    this.proc = spawn(BIN, args, { env: { ...cleanEnv(), ...this.dbEnv, ...this.env }, stdio: ['ignore', 'ignore', 'pipe'] });
    this.proc.stderr.setEncoding('utf8');
    this.proc.stderr.on('data', (d) => { this.stderr += d; });
    this.exited = new Promise((resolve) => this.proc.once('exit', (code, signal) => resolve({ code, signal })));
    await eventually(() => `/healthz to answer 200: ${this.stderr}`, async () => {
      if (this.proc.exitCode !== null) throw new Error(`helmarr exited early (${this.proc.exitCode}): ${this.stderr}`);
      try {
        return (await fetch(this.url('/healthz'))).status === 200;
      } catch { return false; /* not listening yet */ }
    });
    return this;
  }

  url(path) { return `http://127.0.0.1:${this.port}${path}`; }

  // fetch with the API key unless headers say otherwise.
  async request(method, path, { body, headers = {}, key = this.apiKey } = {}) {
    const h = { ...headers };
    if (key) h['X-API-Key'] = key;
    if (body !== undefined && typeof body !== 'string') { h['Content-Type'] = 'application/json'; body = JSON.stringify(body); }
    const res = await fetch(this.url(path), { method, headers: h, body });
    const text = await res.text();
    let json;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { status: res.status, headers: res.headers, text, json };
  }

  async stop(signal = 'SIGTERM') {
    if (this.proc && this.proc.exitCode === null && this.proc.signalCode === null) {
      this.proc.kill(signal);
    }
    const result = this.proc ? await this.exited : undefined;
    return result;
  }

  async cleanup() {
    await this.stop();
    if (this.ownsDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

// Runs SQL on a server's database, whichever engine it is on.
export function sql(server, query) {
  return server.databaseUrl ? psql(server.databaseUrl, query) : sqlite(`${server.dataDir}/helmarr.db`, query);
}

export function sqlite(dbPath, sql) {
  const r = spawnSync('sqlite3', [dbPath, sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr}`);
  return r.stdout.trim();
}
