/**
 * The rules an item or checklist term must meet (docs/item-bank.md), and the rules the shipped
 * bank meets per skill. Plain TypeScript: the API, the content loader and the content tests all
 * judge entries here.
 */

export const LEVELS = [1, 2, 3, 4, 5] as const;
export type Level = (typeof LEVELS)[number];

/** Difficulty band of an item written for a level: b near the level's ability threshold. */
export const B_BANDS: Readonly<Record<Level, readonly [number, number]>> = {
  1: [-2.5, -1.5],
  2: [-1.5, -0.5],
  3: [-0.5, 0.5],
  4: [0.5, 1.25],
  5: [1.25, 2.5],
};
/** Authored discrimination: 1.2-2.0 for clear applied items, down to 0.8 where luck or reading speed matter. */
export const A_RANGE = [0.8, 2.0] as const;
/** Authored guessing for four options: 0.25, within reason. */
export const C_RANGE = [0.2, 0.3] as const;

/** What the shipped bank holds per skill, at least. */
export const SKILL_MINIMUMS = { items: 30, terms: 10, foils: 2, maxKeyShare: 0.35 } as const;

export const REF_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export interface ItemContent {
  ref: string;
  skill: string;
  level: number;
  locale: string;
  stem: string;
  code: string | null;
  options: string[];
  key: number;
  rationale: string;
  a: number;
  b: number;
  c: number;
  author: string;
  reviewedBy: string | null;
}

export interface TermContent {
  ref: string;
  skill: string;
  locale: string;
  term: string;
  isFoil: boolean;
  foilCheck: string | null;
  author: string;
  reviewedBy: string | null;
}

export interface Problem {
  field: string;
  message: string;
}

const within = (value: number, [low, high]: readonly [number, number]) =>
  Number.isFinite(value) && value >= low && value <= high;

/** Case and spacing do not make two texts different. */
export function normalisedText(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The checks one item must pass, beyond the shape of its fields. */
export function itemProblems(item: ItemContent): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (item.options.length !== 4) add('options', 'an item has exactly four options');
  const distinct = new Set(item.options.map(normalisedText));
  if (distinct.size !== item.options.length) add('options', 'the options must all differ');
  if (item.options.some((option) => normalisedText(option) === '')) {
    add('options', 'no option may be empty');
  }
  if (item.options.some((option) => /\b(all|none) of the above\b/i.test(option))) {
    add('options', '"all of the above" and "none of the above" are not options');
  }
  if (!Number.isInteger(item.key) || item.key < 0 || item.key >= item.options.length) {
    add('key', 'key is the index (0-3) of the one correct option');
  }
  const band = B_BANDS[item.level as Level];
  if (!band) add('level', 'level is 1 to 5');
  else if (!within(item.b, band)) {
    add('b', `b must lie in level ${item.level}'s band [${band[0]}, ${band[1]}]`);
  }
  if (!within(item.a, A_RANGE)) add('a', `a must lie in [${A_RANGE[0]}, ${A_RANGE[1]}]`);
  if (!within(item.c, C_RANGE)) add('c', `c must lie in [${C_RANGE[0]}, ${C_RANGE[1]}]`);
  if (!REF_PATTERN.test(item.ref)) add('ref', 'ref is lower-case words joined by hyphens');
  return problems;
}

/** The checks one checklist term must pass, beyond the shape of its fields. */
export function termProblems(term: TermContent): Problem[] {
  const problems: Problem[] = [];
  if (term.isFoil && !term.foilCheck) {
    problems.push({
      field: 'foilCheck',
      message: 'a foil says how it was checked to name nothing real',
    });
  }
  if (!term.isFoil && term.foilCheck) {
    problems.push({ field: 'foilCheck', message: 'only a foil carries a foil check' });
  }
  if (!REF_PATTERN.test(term.ref)) {
    problems.push({ field: 'ref', message: 'ref is lower-case words joined by hyphens' });
  }
  return problems;
}

export interface SkillBankSummary {
  items: number;
  byLevel: Record<Level, number>;
  keyPositions: number[];
  terms: number;
  foils: number;
}

export function summarise(items: ItemContent[], terms: TermContent[]): SkillBankSummary {
  const byLevel = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } as Record<Level, number>;
  const keyPositions = [0, 0, 0, 0];
  for (const item of items) {
    if (item.level in byLevel) byLevel[item.level as Level]++;
    if (item.key in keyPositions) keyPositions[item.key]!++;
  }
  return {
    items: items.length,
    byLevel,
    keyPositions,
    terms: terms.length,
    foils: terms.filter((t) => t.isFoil).length,
  };
}

/** What one skill's share of the shipped bank must meet as a whole (problems as sentences). */
export function skillBankProblems(items: ItemContent[], terms: TermContent[]): string[] {
  const problems: string[] = [];
  const summary = summarise(items, terms);
  if (summary.items < SKILL_MINIMUMS.items) {
    problems.push(`${summary.items} items, fewer than ${SKILL_MINIMUMS.items}`);
  }
  for (const level of LEVELS) {
    if (summary.byLevel[level] === 0) problems.push(`no item at level ${level}`);
  }
  summary.keyPositions.forEach((count, position) => {
    if (summary.items > 0 && count / summary.items > SKILL_MINIMUMS.maxKeyShare) {
      problems.push(
        `key at position ${position} in ${count} of ${summary.items} items (over ${SKILL_MINIMUMS.maxKeyShare * 100}%)`,
      );
    }
  });
  if (summary.terms < SKILL_MINIMUMS.terms) {
    problems.push(`${summary.terms} checklist terms, fewer than ${SKILL_MINIMUMS.terms}`);
  }
  if (summary.foils < SKILL_MINIMUMS.foils) {
    problems.push(`${summary.foils} foils, fewer than ${SKILL_MINIMUMS.foils}`);
  }
  for (const stem of duplicates(items.map((i) => normalisedText(i.stem)))) {
    problems.push(`duplicate stem: "${stem.slice(0, 60)}"`);
  }
  for (const term of duplicates(terms.map((t) => normalisedText(t.term)))) {
    problems.push(`duplicate checklist term: "${term}"`);
  }
  for (const ref of duplicates([...items.map((i) => i.ref), ...terms.map((t) => t.ref)])) {
    problems.push(`duplicate ref: ${ref}`);
  }
  return problems;
}

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) (seen.has(value) ? repeated : seen).add(value);
  return [...repeated];
}

const ITEM_CONTENT_FIELDS = [
  'skill',
  'level',
  'locale',
  'stem',
  'code',
  'options',
  'key',
  'rationale',
  'a',
  'b',
  'c',
  'author',
  'reviewedBy',
] as const;
const TERM_CONTENT_FIELDS = [
  'skill',
  'locale',
  'term',
  'isFoil',
  'foilCheck',
  'author',
  'reviewedBy',
] as const;

/** Whether two versions say the same thing (an import of unchanged content writes nothing). */
export function sameItemContent(x: ItemContent, y: ItemContent): boolean {
  return ITEM_CONTENT_FIELDS.every(
    (field) => JSON.stringify(x[field]) === JSON.stringify(y[field]),
  );
}

export function sameTermContent(x: TermContent, y: TermContent): boolean {
  return TERM_CONTENT_FIELDS.every((field) => x[field] === y[field]);
}
