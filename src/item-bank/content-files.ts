import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryPath } from '../common/repository-path';

/**
 * The shipped bank: one JSON file per skill under content/item-bank/ (format in
 * docs/item-bank.md), read into the entries the import takes. The files stay on the server; no
 * route serves them.
 */
export interface ContentFiles {
  /** Of every file's name and bytes: the revision of the content, loaded once per database. */
  sha256: string;
  items: Record<string, unknown>[];
  checklistTerms: Record<string, unknown>[];
}

export function contentRoot(): string {
  return repositoryPath(join('content', 'item-bank'));
}

export function readContentFiles(dir = contentRoot()): ContentFiles {
  const hash = createHash('sha256');
  const items: Record<string, unknown>[] = [];
  const checklistTerms: Record<string, unknown>[] = [];
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort();
  for (const name of files) {
    const bytes = readFileSync(join(dir, name));
    hash.update(name).update('\0').update(bytes).update('\0');
    let file: SkillFile;
    try {
      file = JSON.parse(bytes.toString('utf8')) as SkillFile;
    } catch (error) {
      throw new Error(`${name} is not valid JSON: ${(error as Error).message}`);
    }
    for (const item of file.items ?? []) {
      const { reviewed_by, ...rest } = item;
      items.push({ ...rest, skill: file.skill, reviewedBy: reviewed_by ?? null });
    }
    for (const term of file.checklist ?? []) {
      const { is_foil, foil_check, reviewed_by, ...rest } = term;
      checklistTerms.push({
        ...rest,
        skill: file.skill,
        isFoil: is_foil,
        foilCheck: foil_check ?? null,
        reviewedBy: reviewed_by ?? null,
      });
    }
  }
  return { sha256: hash.digest('hex'), items, checklistTerms };
}

interface SkillFile {
  skill: string;
  items?: ({ reviewed_by?: string } & Record<string, unknown>)[];
  checklist?: ({
    is_foil?: boolean;
    foil_check?: string;
    reviewed_by?: string;
  } & Record<string, unknown>)[];
}
