import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ItemContent,
  itemProblems,
  normalisedText,
  skillBankProblems,
  summarise,
  TermContent,
  termProblems,
} from './bank-rules';
import { contentRoot, readContentFiles } from './content-files';

/** The shipped bank, checked like code: a wrong key brands an honest expert as a liar. */
const SKILLS = [
  'python',
  'ml-fundamentals',
  'deep-learning-frameworks',
  'llm-nlp',
  'prompt-engineering',
  'mlops-deployment',
  'containers-orchestration',
  'cloud-ai-platforms',
  'statistics-math',
  'data-engineering',
  'ai-ethics-security',
];

const files = readContentFiles();
const items = files.items as unknown as ItemContent[];
const terms = files.checklistTerms as unknown as TermContent[];
const ofSkill = <T extends { skill: string }>(rows: T[], skill: string) =>
  rows.filter((row) => row.skill === skill);

describe('the shipped item bank', () => {
  it('has one file per skill of the taxonomy, named after it', () => {
    const names = readdirSync(contentRoot()).filter((name) => name.endsWith('.json'));
    expect(names.sort()).toEqual(SKILLS.map((skill) => `${skill}.json`).sort());
    for (const name of names) {
      const file = JSON.parse(readFileSync(join(contentRoot(), name), 'utf8')) as { skill: string };
      expect(`${file.skill}.json`).toBe(name);
    }
  });

  describe.each(SKILLS)('%s', (skill) => {
    const mine = ofSkill(items, skill);
    const myTerms = ofSkill(terms, skill);

    it('meets the counts, covers every level, spreads its keys, repeats nothing', () => {
      expect(skillBankProblems(mine, myTerms)).toEqual([]);
    });

    it('has most items at levels 3-5, where overclaims are decided', () => {
      const { byLevel, items: total } = summarise(mine, myTerms);
      expect(byLevel[3] + byLevel[4] + byLevel[5]).toBeGreaterThanOrEqual(total * 0.6);
    });

    it('names its refs after the skill', () => {
      for (const item of mine) expect(item.ref).toMatch(new RegExp(`^${skill}-i\\d{3}$`));
      for (const term of myTerms) expect(term.ref).toMatch(new RegExp(`^${skill}-t\\d{2}$`));
    });

    it('does not put its foils in one block at the end of the list', () => {
      const foilAt = myTerms.map((t) => t.isFoil);
      const foils = foilAt.filter(Boolean).length;
      expect(foilAt.slice(-foils).every(Boolean)).toBe(false);
      expect(foils / myTerms.length).toBeLessThanOrEqual(0.35);
    });
  });

  it.each(items.map((item) => [item.ref, item] as const))(
    '%s: one key among four distinct options, parameters in range, reviewed by someone else',
    (_ref, item) => {
      expect(itemProblems(item)).toEqual([]);
      expect(item.locale).toBe('en');
      expect(item.reviewedBy).toBeTruthy();
      expect(item.reviewedBy).not.toContain(item.author);
      expect(item.rationale).not.toMatch(/\n/);
      expect(item.stem).not.toMatch(/\b(all|none) of the above\b/i);
    },
  );

  it.each(terms.map((term) => [term.ref, term] as const))(
    '%s: a real term or a foil with its check note, reviewed by someone else',
    (_ref, term) => {
      expect(termProblems(term)).toEqual([]);
      expect(term.reviewedBy).toBeTruthy();
      expect(term.reviewedBy).not.toContain(term.author);
      if (term.isFoil) expect(term.foilCheck).toMatch(/2026-\d\d-\d\d/);
    },
  );

  it('repeats no stem and no term across skills', () => {
    const stems = items.map((item) => normalisedText(item.stem + (item.code ?? '')));
    expect(new Set(stems).size).toBe(stems.length);
    const words = terms.map((term) => normalisedText(term.term));
    expect(new Set(words).size).toBe(words.length);
  });

  it('gives foils the same form as real terms (no tell in length or casing)', () => {
    const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
    const length = (foil: boolean) =>
      mean(terms.filter((t) => t.isFoil === foil).map((t) => t.term.length));
    expect(Math.abs(length(true) - length(false))).toBeLessThan(12);
  });
});
