// `helmarr classify` as an operator or a script meets it: NDJSON in, one
// answer per line in order, bad lines answered in place, operator rules files
// that change the outcome or stop the start with the file and line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, run, tempDir, freePort, KEY } from './harness.mjs';

function classify(args, input) {
  const r = spawnSync(BIN, ['classify', ...args], { input, encoding: 'utf8', timeout: 30000, env: { PATH: process.env.PATH } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, lines: r.stdout.split('\n').filter(Boolean) };
}

const film = {
  name: 'The.Movie.2015.1080p.BluRay.x264-SPARKS',
  size: 8_600_000_000,
  files: [
    { path: 'The.Movie.2015.1080p.BluRay.x264-SPARKS/the.movie.mkv', size: 8_500_000_000 },
    { path: 'The.Movie.2015.1080p.BluRay.x264-SPARKS/the.movie.nfo', size: 4000 },
  ],
};
const album = {
  name: 'Artist - Album (2020) [FLAC]',
  files: [{ path: 'Artist - Album/01.flac', size: 40_000_000 }, { path: 'Artist - Album/cover.jpg', size: 900_000 }],
};
const book = { name: 'Author - Title (2019)', files: [{ path: 'Author - Title.epub', size: 2_000_000 }] };

test('classify --json answers each NDJSON line in order with the documented fields', () => {
  const input = [film, album, book].map((o) => JSON.stringify(o)).join('\n') + '\nSeries.Title.S01E02.720p.HDTV.x264-GRP\n';
  const r = classify(['--json'], input);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.lines.length, 4);
  const out = r.lines.map((l) => JSON.parse(l));
  for (const o of out) assert.deepEqual(Object.keys(o).sort(), ['categories', 'confidence', 'content_type', 'parsed']);
  assert.equal(out[0].content_type, 'movie');
  assert.deepEqual(out[0].categories, [2000, 2040]);
  assert.equal(out[0].parsed.title, 'The Movie');
  assert.equal(out[0].parsed.year, 2015);
  assert.equal(out[1].content_type, 'music');
  assert.deepEqual(out[1].categories, [3000, 3040]);
  assert.equal(out[2].content_type, 'ebook');
  assert.equal(out[3].content_type, 'tv_show');  // a bare name line
  assert.deepEqual(out[3].categories, [5000, 5040]);
  for (const o of out) assert.ok(o.confidence > 0 && o.confidence <= 1);
});

test('bad lines get an error naming the line and field, in place, and exit 1', () => {
  const input = [
    JSON.stringify(film),
    '{"name": 5}',
    '{"name": "x", "size": -1}',
    '{"name": "x", "files": [{"path": "a.mkv", "size": "big"}]}',
    '{not json',
    JSON.stringify(book),
  ].join('\n') + '\n';
  const r = classify(['--json'], input);
  assert.equal(r.code, 1);
  assert.equal(r.lines.length, 6);
  const out = r.lines.map((l) => JSON.parse(l));
  assert.equal(out[0].content_type, 'movie');
  assert.deepEqual(out[1], { error: 'line 2: "name" must be a string' });
  assert.deepEqual(out[2], { error: 'line 3: "size" must be a non-negative integer (bytes)' });
  assert.deepEqual(out[3], { error: 'line 4: files[0].size must be a non-negative integer (bytes)' });
  assert.deepEqual(out[4], { error: 'line 5: not valid JSON' });
  assert.equal(out[5].content_type, 'ebook');
});

test('without --json a readable summary; names as arguments keep brackets and commas', () => {
  const r = run(['classify', '--explain', '[Group] Anime, Part 2 - 05 [1080p][ABCD1234]']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\[Group\] Anime, Part 2 - 05 \[1080p\]\[ABCD1234\]\n/);
  assert.match(r.stdout, /content_type: tv_show {2}categories: 5000,5040,5070/);
  assert.match(r.stdout, /rules: .*anime/);
});

test('an operator rules file extends the built-in rules without a rebuild', () => {
  const dir = tempDir();
  try {
    const rules = join(dir, 'rules.toml');
    writeFileSync(rules, `
[[rule]]
id = "podcasts"
content_type = "music"
priority = 1
keywords = ["podcast"]
categories = [3000, 3050]
`);
    const input = JSON.stringify({ name: 'Some Podcast Episode 12 720p WEB', size: 90_000_000 }) + '\n';
    const before = JSON.parse(classify(['--json'], input).lines[0]);
    assert.notEqual(before.content_type, 'music');
    const after = classify(['--json', '--explain', '--classifier-rules', rules], input);
    assert.equal(after.code, 0, after.stderr);
    const o = JSON.parse(after.lines[0]);
    assert.equal(o.content_type, 'music');
    assert.deepEqual(o.categories, [3000, 3050]);
    assert.deepEqual(o.rules, ['podcasts']);
    // The same file through the environment.
    const viaEnv = spawnSync(BIN, ['classify', '--json'], { input, encoding: 'utf8', env: { PATH: process.env.PATH, HELMARR_CLASSIFIER_RULES: rules } });
    assert.equal(JSON.parse(viaEnv.stdout).content_type, 'music');
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('a broken rules file stops classify and serve with the file, line and field (exit 2 / 1)', async () => {
  const dir = tempDir();
  try {
    const rules = join(dir, 'rules.toml');
    writeFileSync(rules, '[[rule]]\nid = "x"\ncontent_type = "films"\nkeywords = ["y"]\n');
    const r = run(['classify', '--classifier-rules', rules, 'name']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`classifier_rules: ${rules} line 3: rule 'x': unknown content_type 'films'`));
    const missing = run(['classify', '--classifier-rules', join(dir, 'nope.toml'), 'name']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.toml: cannot read: No such file or directory/);
    const serve = run(['serve', '--data-dir', join(dir, 'data'), '--port', String(await freePort()), '--bind', '127.0.0.1',
      '--api-key', KEY, '--classifier-rules', rules]);
    assert.notEqual(serve.code, 0);
    assert.match(serve.stderr + serve.stdout, /unknown content_type 'films'/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
