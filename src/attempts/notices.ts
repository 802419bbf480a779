import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { repositoryPath } from '../common/repository-path';

export interface Notice {
  version: string;
  text: string;
}

const VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/**
 * The newest of the notices in `files` (name -> text): `<version>.md`, versions compared as
 * numbers where they are numbers ("2026-11" < "2027-01", "v2" < "v10").
 */
export function newestNotice(files: ReadonlyMap<string, string>): Notice {
  const notices = [...files]
    .filter(([name]) => name.endsWith('.md'))
    .map(([name, text]) => ({ version: name.slice(0, -3), text: text.trim() }));
  for (const notice of notices) {
    if (!VERSION.test(notice.version))
      throw new Error(`notice name ${notice.version} is not a version`);
    if (notice.text.length === 0) throw new Error(`notice ${notice.version} is empty`);
  }
  notices.sort((x, y) => x.version.localeCompare(y.version, 'en', { numeric: true }));
  const newest = notices[notices.length - 1];
  if (!newest) throw new Error('no candidate notice under content/notices');
  return newest;
}

/**
 * The notice a candidate consents to (content/notices/<version>.md), read once at start-up: a
 * consent records the version, so the text of a version is never edited, only superseded.
 */
@Injectable()
export class NoticeService {
  readonly current: Notice;

  constructor() {
    const dir = repositoryPath(join('content', 'notices'));
    const files = new Map(
      readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')] as const),
    );
    this.current = newestNotice(files);
  }
}
