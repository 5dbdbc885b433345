// Comparison rules of ../shared/datasets/README.md (release-names-public.jsonl),
// implemented once and used for every parser. `got` is an object with the
// field names of `helmarr parse --json`.

export function normTitle(s) {
  if (s === null || s === undefined) return null;
  return String(s)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '') // accents removed
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ') // every run of non-alphanumerics -> one space
    .trim();
}

const eqList = (a, b) =>
  Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => Number(x) === Number(b[i]));
const ci = (x) => (x === null || x === undefined ? null : String(x).toLowerCase());

export function fieldRight(field, want, got) {
  const g = got ? got[field] : undefined;
  switch (field) {
    case 'title':
      return normTitle(want) === normTitle(g);
    case 'year':
    case 'season':
      return g !== null && g !== undefined && Number(g) === Number(want);
    case 'episodes':
    case 'absolute_episodes':
      return eqList(want, g ?? []);
    case 'air_date':
      return (g ?? null) === want;
    case 'full_season':
    case 'proper':
      return Boolean(g) === Boolean(want); // missing counts as false
    case 'quality':
    case 'group':
      return ci(g) === ci(want);
    case 'languages': {
      const have = new Set((g ?? []).map((x) => String(x).toLowerCase()));
      return want.every((x) => have.has(String(x).toLowerCase()));
    }
    default:
      throw new Error(`unknown field ${field}`);
  }
}

// Returns {right, total, fields: {name: [right, total]}, fails: [...]}
export function score(cases, outputs) {
  const fields = {};
  let right = 0;
  const fails = [];
  cases.forEach((c, i) => {
    let ok = true;
    const bad = [];
    for (const [f, want] of Object.entries(c.expect)) {
      const r = fieldRight(f, want, outputs[i]);
      fields[f] ??= [0, 0];
      fields[f][1] += 1;
      if (r) fields[f][0] += 1;
      else {
        ok = false;
        bad.push({ field: f, want, got: outputs[i] ? outputs[i][f] : undefined });
      }
    }
    if (ok) right += 1;
    else fails.push({ input: c.input, bad });
  });
  return { right, total: cases.length, fields, fails };
}
