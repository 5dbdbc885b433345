// `helmarr bench-corpus`: the benchmark corpus from the real binary, the
// same bytes for the same seed, on standard output or into a file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { run, tempDir } from './harness.mjs';

test('bench-corpus writes N import-shaped NDJSON lines, the same for the same seed', () => {
  const a = run(['bench-corpus', '200', '--seed', '5']);
  assert.equal(a.code, 0, a.stderr);
  const lines = a.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 200);
  for (const line of lines) {
    const r = JSON.parse(line);
    assert.match(r.infoHash, /^[0-9a-f]{40}$/);
    assert.equal(typeof r.name, 'string');
    assert.equal(typeof r.size, 'number');
    assert.ok(!Number.isNaN(Date.parse(r.publishedAt)), r.publishedAt);
    assert.equal(r.source, 'bench');
  }
  assert.equal(run(['bench-corpus', '200', '--seed', '5']).stdout, a.stdout);
  assert.notEqual(run(['bench-corpus', '200', '--seed', '6']).stdout, a.stdout);
  // The default seed is 42, and a shorter corpus is a prefix of a longer one.
  const d = run(['bench-corpus', '50']);
  assert.equal(d.stdout, run(['bench-corpus', '50', '--seed', '42']).stdout);
  assert.ok(run(['bench-corpus', '80']).stdout.startsWith(d.stdout));
});

test('bench-corpus --out writes the file; bad usage and unwritable paths are reported', () => {
  const dir = tempDir();
  try {
    const file = join(dir, 'corpus.ndjson');
    const r = run(['bench-corpus', '300', '--seed', '9', '--out', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(readFileSync(file, 'utf8'), run(['bench-corpus', '300', '--seed', '9']).stdout);

    const bad = run(['bench-corpus', '10', '--out', join(dir, 'missing', 'x.ndjson')]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /missing\/x\.ndjson/);
    assert.equal(run(['bench-corpus']).code, 2);
    assert.equal(run(['bench-corpus', 'many']).code, 2);
    assert.equal(run(['bench-corpus', '-5']).code, 2);
    assert.equal(run(['bench-corpus', '10', '--seed', 'x']).code, 2);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
