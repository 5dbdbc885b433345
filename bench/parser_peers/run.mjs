// Driver of bench/parser_peers.sh: accuracy + throughput of Helmarr,
// @ctrl/video-filename-parser and guessit on the public dataset, in one run.
// usage: node run.mjs <helmarr binary> <dataset.jsonl> [fails.json]
import { readFileSync, writeFileSync, openSync, closeSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { score } from './compare.mjs';
import { ctrlParse } from './ctrl_peer.mjs';
import { filenameParse } from '@ctrl/video-filename-parser';

const here = dirname(fileURLToPath(import.meta.url));
const [helmarr, datasetPath, failsPath] = process.argv.slice(2);
const MIN_S = Number(process.env.MIN_SECONDS ?? 2);
const cases = readFileSync(datasetPath, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const names = cases.map((c) => c.input);
const input = names.join('\n') + '\n';
const now = () => Number(process.hrtime.bigint()) / 1e9;
const log = (...a) => console.error('[parser_peers]', ...a);

// ---- Helmarr: accuracy through the CLI, throughput end to end over a file
function helmarrRun() {
  const r = spawnSync(helmarr, ['parse', '--json'], { input, maxBuffer: 1 << 28, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`helmarr parse failed: ${r.stderr}`);
  const outs = r.stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  if (outs.length !== names.length) throw new Error(`helmarr gave ${outs.length} lines for ${names.length} names`);
  const dir = mkdtempSync(join(tmpdir(), 'parser_peers-'));
  let reps = 1000, el = 0, n = 0;
  try {
    for (;;) {
      const file = join(dir, 'names.txt');
      writeFileSync(file, input.repeat(reps));
      const fd = openSync(file, 'r');
      const nul = openSync('/dev/null', 'w');
      const t0 = now();
      const p = spawnSync(helmarr, ['parse', '--json'], { stdio: [fd, nul, 'inherit'] });
      el = now() - t0;
      closeSync(fd); closeSync(nul);
      if (p.status !== 0) throw new Error('helmarr throughput run failed');
      n = reps * names.length;
      if (el >= MIN_S) break;
      reps = Math.ceil((reps * MIN_S * 1.25) / Math.max(el, 0.01));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const v = spawnSync(helmarr, ['--version'], { encoding: 'utf8' });
  const version = v.status === 0 ? v.stdout.trim().split('\n')[0] : 'build';
  return { outs, tps: n / el, n, el, version, note: `CLI end to end, ${names.length}×${reps} lines from a file, output to /dev/null` };
}

// ---- @ctrl/video-filename-parser: in-process loop
function ctrlRun() {
  const outs = names.map(ctrlParse);
  for (let i = 0; i < 2; i++) names.forEach(ctrlParse); // JIT warm-up
  const loop = (fn) => {
    let n = 0;
    const t0 = now();
    let el;
    do {
      for (const s of names) fn(s);
      n += names.length;
      el = now() - t0;
    } while (el < MIN_S);
    return { tps: n / el, n, el };
  };
  const full = loop(ctrlParse);
  const single = loop((s) => filenameParse(s, false));
  const pkg = JSON.parse(readFileSync(join(here, 'node_modules/@ctrl/video-filename-parser/package.json'), 'utf8'));
  return {
    outs, ...full, version: pkg.version,
    note: `node ${process.version} in-process, ${full.n} titles; figure = the scored mapping (TV parse, movie parse when no TV match, parseQuality); one bare filenameParse(name) call: ${Math.round(single.tps).toLocaleString('en-US')}/s`,
  };
}

// ---- guessit: python prints its answers (already in helmarr field names) + throughput
function guessitRun() {
  const r = spawnSync('/usr/bin/python3', [join(here, 'guessit_peer.py'), String(MIN_S)], { input, maxBuffer: 1 << 28, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`guessit_peer.py failed: ${r.stderr}`);
  const lines = r.stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  const t = lines.pop();
  const v = spawnSync('/usr/bin/python3', ['-c', 'import guessit,sys; print(guessit.__version__, sys.version.split()[0])'], { encoding: 'utf8' });
  const [gv, pyv] = v.stdout.trim().split(' ');
  return { outs: lines, tps: t._throughput, n: t._titles, el: t._seconds, version: gv, note: `python ${pyv} in-process, ${t._titles} titles (one pass of the names)` };
}

const runs = [];
log('helmarr…'); runs.push({ parser: 'Helmarr', ...helmarrRun() });
log('@ctrl/video-filename-parser…'); runs.push({ parser: '@ctrl/video-filename-parser', ...ctrlRun() });
log('guessit…'); runs.push({ parser: 'guessit', ...guessitRun() });

const pct = (a, b) => ((100 * a) / b).toFixed(1);
const fmt = (x) => Math.round(x).toLocaleString('en-US');
const out = [];
out.push('| parser | version | fully right | titles/s | notes |', '|---|---|---|---|---|');
const scored = runs.map((r) => ({ ...r, s: score(cases, r.outs) }));
for (const r of scored) {
  out.push(`| ${r.parser} | ${r.version} | **${r.s.right} / ${r.s.total} = ${pct(r.s.right, r.s.total)} %** | **${fmt(r.tps)}** | ${r.note} |`);
}
const fields = Object.keys(scored[0].s.fields).sort();
out.push('', `| field (cases) | ${scored.map((r) => r.parser).join(' | ')} |`, `|---|${scored.map(() => '---').join('|')}|`);
for (const f of fields) {
  out.push(`| ${f} (${scored[0].s.fields[f][1]}) | ${scored.map((r) => `${pct(...r.s.fields[f])} %`).join(' | ')} |`);
}
console.log(out.join('\n'));
if (failsPath) {
  writeFileSync(failsPath, JSON.stringify(Object.fromEntries(scored.map((r) => [r.parser, r.s.fails])), null, 1));
  log(`failures written to ${failsPath}`);
}
