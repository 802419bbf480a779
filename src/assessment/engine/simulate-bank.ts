/**
 * The simulation's view of the shipped item bank (content/item-bank/*.json, format in
 * docs/item-bank.md): the authored a, b, c the engine scores with, the checklist terms with their
 * foil marks, and the "true" parameters the simulated candidates answer by. Pure: the caller reads
 * and parses the files, so tests can hand in a bank of their own.
 */
import { assertItemParams, ItemParams, logistic } from './irt';
import { RatedLevel } from './levels';
import { gaussian, uniform } from './random';
import { PoolItem, RandomSource } from './select';

export interface BankItem extends PoolItem {
  /** The level the item was written for (its b sits in that level's band). */
  readonly level: RatedLevel;
}

export interface BankTerm {
  readonly ref: string;
  readonly isFoil: boolean;
}

export interface BankSkill {
  readonly skill: string;
  /** Authored parameters, the ones the engine scores with; `id` is the item's ref. */
  readonly items: readonly BankItem[];
  readonly terms: readonly BankTerm[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function field<T>(
  record: Record<string, unknown>,
  key: string,
  check: (v: unknown) => v is T,
  where: string,
): T {
  const value = record[key];
  if (!check(value)) throw new Error(`${where}.${key} is missing or has the wrong type`);
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isArray = (v: unknown): v is unknown[] => Array.isArray(v);
const isRatedLevel = (v: unknown): v is RatedLevel =>
  typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5;

/**
 * One entry per parsed skill file, sorted by skill name (the order the files are read in must not
 * change a seeded run). Only the fields the simulation uses are read; a malformed file throws with
 * the path of the first bad field.
 */
export function loadBank(files: readonly unknown[]): BankSkill[] {
  const skills = files.map((file, f): BankSkill => {
    if (!isRecord(file)) throw new Error(`bank file ${f} is not an object`);
    const skill = field(file, 'skill', isString, `bank file ${f}`);
    const items = field(file, 'items', isArray, skill).map((raw, i): BankItem => {
      const where = `${skill}.items[${i}]`;
      if (!isRecord(raw)) throw new Error(`${where} is not an object`);
      const item: BankItem = {
        id: field(raw, 'ref', isString, where),
        level: field(raw, 'level', isRatedLevel, where),
        a: field(raw, 'a', isNumber, where),
        b: field(raw, 'b', isNumber, where),
        c: field(raw, 'c', isNumber, where),
      };
      assertItemParams(item);
      return item;
    });
    const terms = field(file, 'checklist', isArray, skill).map((raw, i): BankTerm => {
      const where = `${skill}.checklist[${i}]`;
      if (!isRecord(raw)) throw new Error(`${where} is not an object`);
      return {
        ref: field(raw, 'ref', isString, where),
        isFoil: field(raw, 'is_foil', isBoolean, where),
      };
    });
    if (items.length === 0) throw new Error(`${skill} has no items`);
    if (new Set(items.map((item) => item.id)).size !== items.length) {
      throw new Error(`${skill} repeats an item ref`);
    }
    return { skill, items, terms };
  });
  skills.sort((x, y) => (x.skill < y.skill ? -1 : x.skill > y.skill ? 1 : 0));
  for (let i = 1; i < skills.length; i++) {
    if (skills[i]?.skill === skills[i - 1]?.skill) {
      throw new Error(`skill ${skills[i]?.skill} appears twice`);
    }
  }
  return skills;
}

/** How far the true parameters stray from the authored ones (authored values are guesses). */
export interface Perturbation {
  /** SD of log(a_true / a_authored): 0.2 is about +-20%. */
  readonly aLogSd: number;
  /** SD of b_true - b_authored, in ability units. */
  readonly bSd: number;
  /** SD of c_true - c_authored (clamped to [0, 0.5]). */
  readonly cSd: number;
}

export const DEFAULT_PERTURBATION: Perturbation = { aLogSd: 0.2, bSd: 0.3, cSd: 0.05 };

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** Draws until the value differs from `authored`: equality would make that parameter circular. */
function drawDifferent(authored: number, draw: () => number): number {
  for (;;) {
    const value = draw();
    if (value !== authored) return value;
  }
}

/**
 * The parameters a simulated candidate answers by: the authored ones, each moved by a random error
 * that is never exactly zero. Every SD must be positive: scoring with the generating parameters
 * would make the simulation circular (DESIGN.md).
 */
export function perturbItem(
  authored: ItemParams,
  random: RandomSource,
  perturbation: Perturbation = DEFAULT_PERTURBATION,
): ItemParams {
  const { aLogSd, bSd, cSd } = perturbation;
  if (!(aLogSd > 0 && bSd > 0 && cSd > 0)) {
    throw new RangeError(
      'every perturbation SD must be > 0 (answers from the authored parameters are circular)',
    );
  }
  return {
    a: drawDifferent(authored.a, () => authored.a * Math.exp(gaussian(random, 0, aLogSd))),
    b: drawDifferent(authored.b, () => authored.b + gaussian(random, 0, bSd)),
    c: drawDifferent(authored.c, () => clamp(authored.c + gaussian(random, 0, cSd), 0, 0.5)),
  };
}

export interface SimItem {
  /** What the engine sees and scores with. */
  readonly authored: BankItem;
  /** What the simulated candidate answers by. */
  readonly truth: ItemParams;
  /** The item's typical response time (ms), for the rapid-guess threshold. */
  readonly typicalMs: number;
}

export interface SimTerm extends BankTerm {
  /** Ability at which half of the candidates know the term; undefined for a foil (nobody does). */
  readonly difficulty: number | undefined;
}

export interface SimSkill {
  readonly skill: string;
  readonly items: readonly SimItem[];
  readonly terms: readonly SimTerm[];
}

/** The ability range the real terms' difficulties are spread over (aware to expert). */
export const TERM_DIFFICULTY_RANGE: readonly [number, number] = [-2, 1.5];
/** Slope of P(knows a real term) in ability. */
export const TERM_SLOPE = 1.5;

/**
 * A bank skill ready to simulate: true parameters per item (fixed for the run, as an item's real
 * parameters would be) and a typical time per item (the bank has no response history yet). The
 * checklist has no authored difficulty, so the real terms' difficulties are spread evenly over
 * TERM_DIFFICULTY_RANGE in the order the file lists them.
 */
export function simSkill(
  bank: BankSkill,
  random: RandomSource,
  perturbation: Perturbation = DEFAULT_PERTURBATION,
): SimSkill {
  const items = bank.items.map((authored): SimItem => ({
    authored,
    truth: perturbItem(authored, random, perturbation),
    typicalMs: uniform(random, 30_000, 90_000),
  }));
  const realCount = bank.terms.filter((term) => !term.isFoil).length;
  const [lo, hi] = TERM_DIFFICULTY_RANGE;
  let k = 0;
  const terms = bank.terms.map((term): SimTerm => {
    if (term.isFoil) return { ...term, difficulty: undefined };
    const difficulty = realCount === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * k) / (realCount - 1);
    k++;
    return { ...term, difficulty };
  });
  return { skill: bank.skill, items, terms };
}

/** P(a candidate of ability theta knows the term); 0 for a foil. */
export function knowsTermProbability(theta: number, term: SimTerm): number {
  return term.difficulty === undefined ? 0 : logistic(TERM_SLOPE * (theta - term.difficulty));
}
