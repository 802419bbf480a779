import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ItemContent, TermContent } from '../../src/item-bank/bank-rules';

/** Fields an input may leave out (the API fills in the defaults). */
type Optional = 'locale' | 'reviewedBy';

/** What POST /api/items takes (content plus an optional status). */
export type ItemInput = Omit<ItemContent, Optional | 'code'> &
  Partial<Pick<ItemContent, Optional | 'code'>> & { status?: string };

/** What POST /api/checklist-terms takes. */
export type TermInput = Omit<TermContent, Optional | 'foilCheck'> &
  Partial<Pick<TermContent, Optional | 'foilCheck'>> & { status?: string };

let counter = 0;

/** A ref no other test uses: lower-case words joined by hyphens, as the bank requires. */
export function uniqueRef(kind: 'i' | 't' = 'i'): string {
  counter += 1;
  return `qa-${randomBytes(3).toString('hex')}-${kind}${counter}`;
}

/** A valid level-3 item (b in [-0.5, 0.5]) of `skill`, a draft unless told otherwise. */
export function itemInput(skill: string, overrides: Partial<ItemInput> = {}): ItemInput {
  return {
    ref: uniqueRef('i'),
    skill,
    level: 3,
    stem: 'Which change removes the race between the check and the write?',
    options: ['A lock around both', 'A retry loop', 'A longer timeout', 'A second thread'],
    key: 0,
    rationale: 'The lock makes check-then-act atomic.',
    a: 1.5,
    b: 0.1,
    c: 0.25,
    author: 'writer-qa',
    ...overrides,
  };
}

export const FOIL_CHECK = 'Searched the registries and the docs corpus: no such name anywhere.';

/** A valid real (non-foil) checklist term of `skill`. */
export function termInput(skill: string, overrides: Partial<TermInput> = {}): TermInput {
  return {
    ref: uniqueRef('t'),
    skill,
    term: `qa-term-${randomBytes(4).toString('hex')}`,
    isFoil: false,
    author: 'writer-qa',
    ...overrides,
  };
}

/** An item of the shipped bank as the API shows it (ItemDto's content fields). */
export type ShippedItem = ItemContent;

export type ShippedTerm = TermContent;

interface RawFile {
  skill: string;
  items: Record<string, unknown>[];
  checklist: Record<string, unknown>[];
}

/**
 * The files under `dir` read independently of src/item-bank/content-files.ts, as the oracle the
 * loaded bank is compared with.
 */
export function readShippedBank(dir: string): { items: ShippedItem[]; terms: ShippedTerm[] } {
  const items: ShippedItem[] = [];
  const terms: ShippedTerm[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const file = JSON.parse(readFileSync(join(dir, name), 'utf8')) as RawFile;
    for (const raw of file.items) {
      items.push({
        ref: raw.ref as string,
        skill: file.skill,
        level: raw.level as number,
        locale: (raw.locale as string | undefined) ?? 'en',
        stem: raw.stem as string,
        code: (raw.code as string | undefined) ?? null,
        options: raw.options as string[],
        key: raw.key as number,
        rationale: raw.rationale as string,
        a: raw.a as number,
        b: raw.b as number,
        c: raw.c as number,
        author: raw.author as string,
        reviewedBy: (raw.reviewed_by as string | undefined) ?? null,
      });
    }
    for (const raw of file.checklist) {
      terms.push({
        ref: raw.ref as string,
        skill: file.skill,
        locale: (raw.locale as string | undefined) ?? 'en',
        term: raw.term as string,
        isFoil: raw.is_foil as boolean,
        foilCheck: (raw.foil_check as string | undefined) ?? null,
        author: raw.author as string,
        reviewedBy: (raw.reviewed_by as string | undefined) ?? null,
      });
    }
  }
  return { items, terms };
}
