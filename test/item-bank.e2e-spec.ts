import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { BankContentLoader } from '../src/item-bank/bank-content-loader.service';
import { contentRoot, readContentFiles } from '../src/item-bank/content-files';
import {
  FOIL_CHECK,
  ItemInput,
  itemInput,
  readShippedBank,
  ShippedItem,
  ShippedTerm,
  termInput,
  uniqueRef,
} from './factories/item-bank';
import { createStaff, signIn, SignedIn, StaffAccount } from './factories/staff';
import { runMigrations } from '../src/database/migrate';
import { startTestApp, TestApp } from './harness/app';
import { createTestDatabase } from './harness/database';
import { sql } from './harness/sql';

interface Versioned {
  id: string;
  version: number;
  status: string;
  exposureCount: number;
  createdAt: string;
  statusChangedAt: string;
}

type ItemBody = ShippedItem & Versioned;
type TermBody = ShippedTerm & Versioned;

interface ListBody<T> {
  items: T[];
  nextCursor: string | null;
}

interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  details?: { field: string; messages: string[] }[];
}

interface AuditRow {
  actor_type: string;
  actor_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  details: Record<string, unknown>;
}

interface Counts {
  created: number;
  newVersions: number;
  unchanged: number;
}

interface ExportBody {
  format: string;
  exportedAt: string;
  items: ItemBody[];
  checklistTerms: TermBody[];
}

const SKILLS = [
  'ai-ethics-security',
  'cloud-ai-platforms',
  'containers-orchestration',
  'data-engineering',
  'deep-learning-frameworks',
  'llm-nlp',
  'ml-fundamentals',
  'mlops-deployment',
  'prompt-engineering',
  'python',
  'statistics-math',
];

const ITEM_KEYS = [
  'a',
  'author',
  'b',
  'c',
  'code',
  'createdAt',
  'exposureCount',
  'id',
  'key',
  'level',
  'locale',
  'options',
  'rationale',
  'ref',
  'reviewedBy',
  'skill',
  'status',
  'statusChangedAt',
  'stem',
  'version',
];
const TERM_KEYS = [
  'author',
  'createdAt',
  'exposureCount',
  'foilCheck',
  'id',
  'isFoil',
  'locale',
  'ref',
  'reviewedBy',
  'skill',
  'status',
  'statusChangedAt',
  'term',
  'version',
];
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Content fields of an item (what an import compares). */
const ITEM_CONTENT = [
  'ref',
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
const TERM_CONTENT = [
  'ref',
  'skill',
  'locale',
  'term',
  'isFoil',
  'foilCheck',
  'author',
  'reviewedBy',
] as const;

/** The shipped bank, read from the files as the oracle (independently of src). */
const SHIPPED = readShippedBank(contentRoot());
/** A skill of this file's own, so its items never change the shipped skills' lists. */
const QA_SKILL = 'qa-item-bank';

const errorOf = (res: request.Response) => res.body as ErrorBody;
const fieldsOf = (res: request.Response) => [
  ...new Set((errorOf(res).details ?? []).map((d) => d.field)),
];
const pick = <T extends object, K extends keyof T>(row: T, keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, row[k]])) as Pick<T, K>;
const countBy = <T>(rows: T[], key: (row: T) => string | number) =>
  rows.reduce<Record<string, number>>((acc, row) => {
    const k = String(key(row));
    acc[k] = (acc[k] ?? 0) + 1;
    return acc;
  }, {});
/** "200" or "409 BANK_VERSION_STALE": the status, and the error code of an error. */
const outcome = (res: request.Response) =>
  res.status >= 400 ? `${res.status} ${errorOf(res).code}` : String(res.status);
/** A count on another database than this file's own. */
const count0 = async (url: string, text: string) =>
  Number((await sql<{ n: string }>(url, text))[0]!.n);
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('item bank', () => {
  let t: TestApp;
  let db: Client;
  let admin: StaffAccount;
  let asAdmin: SignedIn;
  let asRecruiter: SignedIn;
  let asManager: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.database!.url });
    await db.connect();
    admin = await createStaff(t, ['admin']);
    asAdmin = await signIn(t, admin);
    asRecruiter = await signIn(t, await createStaff(t, ['recruiter']));
    asManager = await signIn(t, await createStaff(t, ['hiring_manager']));
    await asAdmin
      .post('/api/skills')
      .send({ id: QA_SKILL, name: 'Item bank tests', description: 'Only for this test file' })
      .expect(201);
  });

  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  async function count(text: string, params: unknown[] = []): Promise<number> {
    const { rows } = await db.query<{ n: string }>(text, params);
    return Number(rows[0]!.n);
  }

  async function listAll<T>(
    as: SignedIn,
    path: string,
    query: Record<string, string | number> = {},
  ): Promise<T[]> {
    const out: T[] = [];
    let cursor: string | null = null;
    for (let page = 0; ; page++) {
      if (page > 200) throw new Error('the list does not end');
      const params = new URLSearchParams({
        limit: '200',
        ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
        ...(cursor ? { cursor } : {}),
      });
      const res = await as.get(`${path}?${params.toString()}`).expect(200);
      const body = res.body as ListBody<T>;
      out.push(...body.items);
      cursor = body.nextCursor;
      if (!cursor) return out;
    }
  }

  /** (ref, version) of the rows a query selects, in the database's own (ref, version) order. */
  async function refVersions(table: string, where = 'true', params: unknown[] = []) {
    const { rows } = await db.query<{ ref: string; version: number }>(
      `SELECT ref, version FROM ${table} WHERE ${where} ORDER BY ref, version`,
      params,
    );
    return rows.map((r) => `${r.ref}@${r.version}`);
  }

  async function versionsOf(table: string, ref: string) {
    const { rows } = await db.query<{ version: number; status: string }>(
      `SELECT version, status FROM ${table} WHERE ref = $1 ORDER BY version`,
      [ref],
    );
    return rows.map((r) => `${r.version}:${r.status}`);
  }

  async function auditOf(ref: string, prefix: string): Promise<AuditRow[]> {
    const { rows } = await db.query<AuditRow>(
      `SELECT actor_type, actor_id::text, action, subject_type, subject_id, details
         FROM audit_events WHERE details->>'ref' = $1 AND action LIKE $2 ORDER BY id`,
      [ref, `${prefix}.%`],
    );
    return rows;
  }

  async function importEvents(): Promise<AuditRow[]> {
    const { rows } = await db.query<AuditRow>(
      `SELECT actor_type, actor_id::text, action, subject_type, subject_id, details
         FROM audit_events WHERE action = 'item_bank.imported' ORDER BY id`,
    );
    return rows;
  }

  const byUser = (action: string, subjectType: string, subjectId: string, details: object) => ({
    actor_type: 'user',
    actor_id: admin.id,
    action,
    subject_type: subjectType,
    subject_id: subjectId,
    details,
  });

  async function createItem(overrides: Partial<ItemInput> = {}): Promise<ItemBody> {
    const res = await asAdmin.post('/api/items').send(itemInput(QA_SKILL, overrides)).expect(201);
    return res.body as ItemBody;
  }

  // ---------------------------------------------------------------------------------------------
  describe('the shipped bank, loaded at start', () => {
    it('the files hold 11 skills x 32 items and 132 terms, 33 of them foils', () => {
      expect(SHIPPED.items).toHaveLength(352);
      expect(SHIPPED.terms).toHaveLength(132);
      expect(SHIPPED.terms.filter((term) => term.isFoil)).toHaveLength(33);
    });

    it('serves all 352 items, version 1, active, exactly as the files say, by ref', async () => {
      const items = await listAll<ItemBody>(asAdmin, '/api/items');
      expect(items).toHaveLength(352);
      for (const item of items) expect(Object.keys(item).sort()).toEqual(ITEM_KEYS);
      expect(items.map((i) => `${i.ref}@${i.version}`)).toEqual(await refVersions('items'));
      const byRef = new Map(items.map((item) => [item.ref, item]));
      expect(byRef.size).toBe(352);
      for (const shipped of SHIPPED.items) {
        expect(pick(byRef.get(shipped.ref)!, ITEM_CONTENT)).toEqual(shipped);
      }
      expect(countBy(items, (i) => `${i.version}:${i.status}:${i.exposureCount}`)).toEqual({
        '1:active:0': 352,
      });
      expect(countBy(items, (i) => i.skill)).toEqual(
        Object.fromEntries(SKILLS.map((skill) => [skill, 32])),
      );
      expect(countBy(items, (i) => i.level)).toEqual({ 1: 33, 2: 55, 3: 88, 4: 88, 5: 88 });
      expect(countBy(items, (i) => i.key)).toEqual({ 0: 88, 1: 88, 2: 88, 3: 88 });
      for (const item of items) {
        expect(item.id).toMatch(UUID);
        expect(item.createdAt).toMatch(ISO_UTC);
        expect(item.statusChangedAt).toMatch(ISO_UTC);
      }
      // Every version is in the table once: versions=all shows the same 352 rows.
      expect(await listAll<ItemBody>(asAdmin, '/api/items', { versions: 'all' })).toHaveLength(352);
      expect(await count(`SELECT count(*) AS n FROM items WHERE created_by IS NULL`)).toBe(352);
    });

    it('holds the 132 terms (33 foils, 12 and 3 per skill) as the files say, reviewed and active', async () => {
      const terms = await listAll<TermBody>(asAdmin, '/api/checklist-terms');
      expect(terms).toHaveLength(132);
      for (const term of terms) expect(Object.keys(term).sort()).toEqual(TERM_KEYS);
      expect(terms.map((x) => `${x.ref}@${x.version}`)).toEqual(
        await refVersions('checklist_terms'),
      );
      const byRef = new Map(terms.map((term) => [term.ref, term]));
      for (const shipped of SHIPPED.terms) {
        expect(pick(byRef.get(shipped.ref)!, TERM_CONTENT)).toEqual(shipped);
      }
      expect(countBy(terms, (x) => x.skill)).toEqual(
        Object.fromEntries(SKILLS.map((skill) => [skill, 12])),
      );
      expect(
        countBy(
          terms.filter((x) => x.isFoil),
          (x) => x.skill,
        ),
      ).toEqual(Object.fromEntries(SKILLS.map((skill) => [skill, 3])));
      // The import's rule: active only with a reviewer; every shipped term names one.
      expect(SHIPPED.terms.every((x) => x.reviewedBy !== null)).toBe(true);
      expect(countBy(terms, (x) => `${x.version}:${x.status}`)).toEqual({ '1:active': 132 });
      for (const term of terms) {
        expect(term.foilCheck === null).toBe(!term.isFoil);
      }
    });

    it('recorded one load of this revision and one system import event', async () => {
      const { rows } = await db.query(
        'SELECT content_sha256, items_written, terms_written FROM item_bank_loads',
      );
      expect(rows).toEqual([
        {
          content_sha256: readContentFiles().sha256,
          items_written: 352,
          terms_written: 132,
        },
      ]);
      expect(await importEvents()).toEqual([
        {
          actor_type: 'system',
          actor_id: null,
          action: 'item_bank.imported',
          subject_type: null,
          subject_id: null,
          details: {
            items_created: 352,
            items_new_versions: 0,
            items_unchanged: 0,
            terms_created: 132,
            terms_new_versions: 0,
            terms_unchanged: 0,
          },
        },
      ]);
    });

    it('a fresh, migrated database gets the whole bank at the first start of the app, logged', async () => {
      const fresh = await createTestDatabase({ empty: true });
      try {
        await runMigrations(fresh.url);
        expect(await count0(fresh.url, 'SELECT count(*) AS n FROM items')).toBe(0);
        const app = await startTestApp({ databaseUrl: fresh.url });
        try {
          expect(app.logs.filter((line) => line.msg === 'item bank loaded')).toEqual([
            expect.objectContaining({ level: 'info', items: 352, checklistTerms: 132 }),
          ]);
        } finally {
          await app.close();
        }
        expect(
          await count0(fresh.url, `SELECT count(*) AS n FROM items WHERE status = 'active'`),
        ).toBe(352);
        expect(await count0(fresh.url, 'SELECT count(*) AS n FROM checklist_terms')).toBe(132);
        expect(await count0(fresh.url, 'SELECT count(*) AS n FROM item_bank_loads')).toBe(1);
      } finally {
        await fresh.drop();
      }
    });

    it('a restart on the same database, and load() again, load nothing', async () => {
      const before = await refVersions('items');
      const second = await startTestApp({ databaseUrl: t.database!.url });
      try {
        expect(second.logs.filter((line) => line.msg === 'item bank loaded')).toEqual([]);
        expect(await second.app.get(BankContentLoader).load()).toBe(false);
      } finally {
        await second.close();
      }
      expect(await t.app.get(BankContentLoader).load()).toBe(false);
      expect(await count('SELECT count(*) AS n FROM item_bank_loads')).toBe(1);
      expect(await refVersions('items')).toEqual(before);
      expect(await count('SELECT count(*) AS n FROM items')).toBe(352);
      expect(await count('SELECT count(*) AS n FROM checklist_terms')).toBe(132);
      expect(await importEvents()).toHaveLength(1);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('access: admins only', () => {
    let item: ItemBody;
    let term: TermBody;

    beforeAll(async () => {
      item = (await asAdmin.get('/api/items?ref=python-i001').expect(200)).body.items[0];
      term = (await asAdmin.get('/api/checklist-terms?ref=python-t01').expect(200)).body.items[0];
    });

    const routes = (): [string, string, object | undefined][] => [
      ['get', '/api/items', undefined],
      ['get', '/api/items/export', undefined],
      ['post', '/api/items/import', { items: [itemInput('python')] }],
      ['post', '/api/items/import?dryRun=true', { items: [] }],
      ['post', '/api/items', itemInput('python')],
      ['get', `/api/items/${item.id}`, undefined],
      ['patch', `/api/items/${item.id}`, { stem: 'A stem an outsider wants to write' }],
      ['post', `/api/items/${item.id}/activate`, undefined],
      ['post', `/api/items/${item.id}/retire`, undefined],
      ['get', '/api/checklist-terms', undefined],
      ['post', '/api/checklist-terms', termInput('python')],
      ['get', `/api/checklist-terms/${term.id}`, undefined],
      ['patch', `/api/checklist-terms/${term.id}`, { term: 'renamed by an outsider' }],
      ['post', `/api/checklist-terms/${term.id}/activate`, undefined],
      ['post', `/api/checklist-terms/${term.id}/retire`, undefined],
    ];

    async function expectNothingChanged() {
      expect(await count('SELECT count(*) AS n FROM items')).toBe(352);
      expect(await count('SELECT count(*) AS n FROM checklist_terms')).toBe(132);
      expect(await versionsOf('items', 'python-i001')).toEqual(['1:active']);
      expect(await versionsOf('checklist_terms', 'python-t01')).toEqual(['1:active']);
      expect(await importEvents()).toHaveLength(1);
      expect(
        await count(
          `SELECT count(*) AS n FROM audit_events WHERE action LIKE 'item.%' OR action LIKE 'checklist_term.%'`,
        ),
      ).toBe(0);
    }

    it.each([
      ['recruiter', () => asRecruiter],
      ['hiring_manager', () => asManager],
    ])('a %s gets 403 FORBIDDEN on every route and changes nothing', async (_role, as) => {
      for (const [method, path, body] of routes()) {
        const call = as()[method as 'get' | 'post' | 'patch'](path);
        const res = await (body ? call.send(body) : call);
        expect([method, path, res.status, errorOf(res).code]).toEqual([
          method,
          path,
          403,
          'FORBIDDEN',
        ]);
        expect(JSON.stringify(res.body)).not.toContain('python-i001');
      }
      await expectNothingChanged();
    });

    it('an anonymous caller gets 401 UNAUTHENTICATED on every route and changes nothing', async () => {
      for (const [method, path, body] of routes()) {
        const call = t.http[method as 'get' | 'post' | 'patch'](path).set('Origin', t.origin);
        const res = await (body ? call.send(body) : call);
        expect([method, path, res.status, errorOf(res).code]).toEqual([
          method,
          path,
          401,
          'UNAUTHENTICATED',
        ]);
      }
      await expectNothingChanged();
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('GET /api/items and /api/checklist-terms: filters and pages', () => {
    let v1: ItemBody;
    let v2: ItemBody;
    let other: ItemBody;

    beforeAll(async () => {
      v1 = await createItem({ reviewedBy: 'reviewer-qa', status: 'active', level: 2, b: -1 });
      v2 = (
        await asAdmin
          .patch(`/api/items/${v1.id}`)
          .send({ stem: 'A reworded stem for the list filters?' })
          .expect(200)
      ).body;
      other = await createItem({ stem: 'UPPER-case NEEDLE in a haystack stem' });
    });

    it('skill: only that skill, latest versions, by ref', async () => {
      const python = await listAll<ItemBody>(asAdmin, '/api/items', { skill: 'python' });
      expect(python.map((i) => i.ref)).toEqual(
        (await refVersions('items', `skill_id = 'python'`)).map((rv) => rv.split('@')[0]),
      );
      expect(python.map((i) => i.ref).sort()).toEqual(
        SHIPPED.items
          .filter((i) => i.skill === 'python')
          .map((i) => i.ref)
          .sort(),
      );
      const qa = await listAll<ItemBody>(asAdmin, '/api/items', { skill: QA_SKILL });
      expect(qa.map((i) => `${i.ref}@${i.version}:${i.status}`).sort()).toEqual(
        [`${v1.ref}@2:draft`, `${other.ref}@1:draft`].sort(),
      );
      const none = await asAdmin.get('/api/items?skill=no-such-skill').expect(200);
      expect(none.body).toEqual({ items: [], nextCursor: null });
    });

    it('versions=all: every version; versions=latest (the default) only the newest of each ref', async () => {
      const all = await listAll<ItemBody>(asAdmin, '/api/items', {
        skill: QA_SKILL,
        versions: 'all',
      });
      expect(all.map((i) => `${i.ref}@${i.version}:${i.status}`).sort()).toEqual(
        [`${v1.ref}@1:active`, `${v1.ref}@2:draft`, `${other.ref}@1:draft`].sort(),
      );
      const latest = await listAll<ItemBody>(asAdmin, '/api/items', {
        skill: QA_SKILL,
        versions: 'latest',
      });
      expect(latest.map((i) => i.id).sort()).toEqual([v2.id, other.id].sort());
    });

    it('ref: that ref only (latest, or every version by version)', async () => {
      const latest = await asAdmin.get(`/api/items?ref=${v1.ref}`).expect(200);
      expect(latest.body).toEqual({ items: [v2], nextCursor: null });
      const all = await asAdmin.get(`/api/items?ref=${v1.ref}&versions=all`).expect(200);
      expect(all.body).toEqual({ items: [v1, v2], nextCursor: null });
      const bad = await asAdmin.get('/api/items?ref=Not%20A%20Ref').expect(400);
      expect(errorOf(bad).code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(bad)).toEqual(['ref']);
    });

    it('status: only versions with that status', async () => {
      const active = await listAll<ItemBody>(asAdmin, '/api/items', {
        status: 'active',
        versions: 'all',
      });
      expect(active).toHaveLength(353);
      expect(active.every((i) => i.status === 'active')).toBe(true);
      expect(active.map((i) => i.id)).toContain(v1.id);
      // Latest among the active versions: v1 is the live version of its ref though v2 is newer.
      const live = await listAll<ItemBody>(asAdmin, '/api/items', { status: 'active' });
      expect(live).toHaveLength(353);
      expect(live.find((i) => i.ref === v1.ref)?.id).toBe(v1.id);
      const drafts = await listAll<ItemBody>(asAdmin, '/api/items', { status: 'draft' });
      expect(drafts.map((i) => i.id).sort()).toEqual([v2.id, other.id].sort());
      expect(await listAll(asAdmin, '/api/items', { status: 'retired' })).toEqual([]);
      const bad = await asAdmin.get('/api/items?status=live').expect(400);
      expect(errorOf(bad).code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(bad)).toEqual(['status']);
    });

    it('level: only items written for that level', async () => {
      const level1 = await listAll<ItemBody>(asAdmin, '/api/items', { level: 1 });
      expect(level1.map((i) => i.ref).sort()).toEqual(
        SHIPPED.items
          .filter((i) => i.level === 1)
          .map((i) => i.ref)
          .sort(),
      );
      expect(level1).toHaveLength(33);
      const python5 = await listAll<ItemBody>(asAdmin, '/api/items', {
        level: 5,
        skill: 'python',
      });
      expect(python5.map((i) => i.ref).sort()).toEqual(
        SHIPPED.items
          .filter((i) => i.level === 5 && i.skill === 'python')
          .map((i) => i.ref)
          .sort(),
      );
      expect(python5).toHaveLength(8);
      const level2qa = await listAll<ItemBody>(asAdmin, '/api/items', {
        level: 2,
        skill: QA_SKILL,
        versions: 'all',
      });
      expect(level2qa.map((i) => i.id)).toEqual([v1.id, v2.id]);
      for (const bad of ['9', '0', 'x', '2.5']) {
        const res = await asAdmin.get(`/api/items?level=${bad}`).expect(400);
        expect([bad, errorOf(res).code, fieldsOf(res)]).toEqual([
          bad,
          'VALIDATION_FAILED',
          ['level'],
        ]);
      }
    });

    it('q: case-insensitive text search in the stem, literal (no wildcards)', async () => {
      const expected = SHIPPED.items
        .filter((i) => i.stem.toLowerCase().includes('final print'))
        .map((i) => i.ref)
        .sort();
      expect(expected.length).toBeGreaterThan(0);
      for (const q of ['FINAL PRINT', 'final print', 'Final Print']) {
        const found = await listAll<ItemBody>(asAdmin, '/api/items', { q });
        expect(found.map((i) => i.ref).sort()).toEqual(expected);
      }
      const needle = await asAdmin.get('/api/items?q=needle').expect(200);
      expect(needle.body).toEqual({ items: [other], nextCursor: null });
      const withSkill = await listAll<ItemBody>(asAdmin, '/api/items', {
        q: 'print',
        skill: 'python',
      });
      expect(withSkill.map((i) => i.ref).sort()).toEqual(
        SHIPPED.items
          .filter((i) => i.skill === 'python' && i.stem.toLowerCase().includes('print'))
          .map((i) => i.ref)
          .sort(),
      );
      for (const literal of ['%', '_', '\\']) {
        const found = await listAll<ItemBody>(asAdmin, '/api/items', { q: literal });
        expect([literal, found.map((i) => i.ref).sort()]).toEqual([
          literal,
          SHIPPED.items
            .filter((i) => i.stem.includes(literal))
            .map((i) => i.ref)
            .sort(),
        ]);
      }
    });

    it('limit and cursor: pages cover every row exactly once, in (ref, version) order', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await asAdmin
          .get(`/api/items?versions=all&limit=7${cursor ? `&cursor=${cursor}` : ''}`)
          .expect(200);
        const body = res.body as ListBody<ItemBody>;
        expect(body.items.length).toBeLessThanOrEqual(7);
        seen.push(...body.items.map((i) => `${i.ref}@${i.version}`));
        cursor = body.nextCursor;
        pages++;
      } while (cursor && pages < 100);
      const all = await refVersions('items');
      expect(all).toHaveLength(355);
      expect(seen).toEqual(all);
      expect(pages).toBe(Math.ceil(355 / 7));

      const first = await asAdmin.get('/api/items').expect(200);
      expect(first.body.items).toHaveLength(50);
      expect(typeof first.body.nextCursor).toBe('string');
      const exact = await asAdmin.get(`/api/items?skill=${QA_SKILL}&limit=2`).expect(200);
      expect(exact.body.items).toHaveLength(2);
      expect(exact.body.nextCursor).toBeNull();
      for (const limit of ['0', '201', 'x']) {
        const res = await asAdmin.get(`/api/items?limit=${limit}`).expect(400);
        expect(fieldsOf(res)).toEqual(['limit']);
      }
    });

    it('a cursor the API did not issue is 400 INVALID_CURSOR', async () => {
      for (const cursor of [
        'abc',
        cursorOf(['Not A Ref', 1]),
        cursorOf(['python-i001']),
        cursorOf(['python-i001', '1']),
        cursorOf(['python-i001', 1.5]),
        cursorOf({ ref: 'python-i001' }),
      ]) {
        const res = await asAdmin.get(`/api/items?cursor=${cursor}`);
        expect([cursor, res.status, errorOf(res).code]).toEqual([cursor, 400, 'INVALID_CURSOR']);
        const terms = await asAdmin.get(`/api/checklist-terms?cursor=${cursor}`);
        expect([cursor, terms.status, errorOf(terms).code]).toEqual([
          cursor,
          400,
          'INVALID_CURSOR',
        ]);
      }
      const odd = await asAdmin.get('/api/items?cursor=a.b').expect(400);
      expect(errorOf(odd).code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(odd)).toEqual(['cursor']);
    });

    it('unknown or ill-formed parameters are 400 VALIDATION_FAILED', async () => {
      for (const [path, field] of [
        ['/api/items?versions=some', 'versions'],
        ['/api/items?colour=red', 'colour'],
        ['/api/checklist-terms?level=1', 'level'],
        ['/api/checklist-terms?versions=newest', 'versions'],
      ]) {
        const res = await asAdmin.get(path!);
        expect([path, res.status, errorOf(res).code, fieldsOf(res)]).toEqual([
          path,
          400,
          'VALIDATION_FAILED',
          [field],
        ]);
      }
    });

    it('checklist terms: skill, q, ref and pages', async () => {
      const python = await listAll<TermBody>(asAdmin, '/api/checklist-terms', { skill: 'python' });
      expect(python.map((x) => x.ref).sort()).toEqual(
        SHIPPED.terms
          .filter((x) => x.skill === 'python')
          .map((x) => x.ref)
          .sort(),
      );
      expect(python.filter((x) => x.isFoil)).toHaveLength(3);
      const q = SHIPPED.terms[0]!.term.toUpperCase();
      const found = await listAll<TermBody>(asAdmin, '/api/checklist-terms', { q });
      expect(found.map((x) => x.ref).sort()).toEqual(
        SHIPPED.terms
          .filter((x) => x.term.toLowerCase().includes(q.toLowerCase()))
          .map((x) => x.ref)
          .sort(),
      );
      const one = await asAdmin.get('/api/checklist-terms?ref=python-t02').expect(200);
      expect((one.body as ListBody<TermBody>).items.map((x) => x.ref)).toEqual(['python-t02']);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: request.Response = await asAdmin
          .get(`/api/checklist-terms?limit=10${cursor ? `&cursor=${cursor}` : ''}`)
          .expect(200);
        const page = res.body as ListBody<TermBody>;
        seen.push(...page.items.map((x) => x.ref));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual((await refVersions('checklist_terms')).map((rv) => rv.split('@')[0]));
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('items: create, edit, activate, retire', () => {
    it('walks one ref through its versions and statuses, audited at each step', async () => {
      const input = itemInput(QA_SKILL, { code: 'x = check()\nif x: write()' });
      const created = await asAdmin.post('/api/items').send(input).expect(201);
      const v1 = created.body as ItemBody;
      expect(v1).toEqual({
        id: expect.stringMatching(UUID),
        ref: input.ref,
        version: 1,
        skill: QA_SKILL,
        level: 3,
        locale: 'en',
        stem: input.stem,
        code: 'x = check()\nif x: write()',
        options: input.options,
        key: 0,
        rationale: input.rationale,
        a: 1.5,
        b: 0.1,
        c: 0.25,
        author: 'writer-qa',
        reviewedBy: null,
        status: 'draft',
        exposureCount: 0,
        createdAt: expect.stringMatching(ISO_UTC),
        statusChangedAt: expect.stringMatching(ISO_UTC),
      });
      expect((await asAdmin.get(`/api/items/${v1.id}`).expect(200)).body).toEqual(v1);
      expect(
        (await db.query('SELECT created_by::text FROM items WHERE id = $1', [v1.id])).rows[0],
      ).toEqual({ created_by: admin.id });

      // A draft without a second read cannot go live.
      const unreviewed = await asAdmin.post(`/api/items/${v1.id}/activate`).expect(422);
      expect(errorOf(unreviewed).code).toBe('BANK_NOT_REVIEWED');

      // An edit naming its reviewer: version 2, a draft, version 1 untouched.
      const edit1 = await asAdmin
        .patch(`/api/items/${v1.id}`)
        .send({ stem: 'Which single change removes the race?', reviewedBy: 'reviewer-qa' })
        .expect(200);
      const v2 = edit1.body as ItemBody;
      expect(v2).toEqual({
        ...v1,
        id: expect.stringMatching(UUID),
        version: 2,
        stem: 'Which single change removes the race?',
        reviewedBy: 'reviewer-qa',
        status: 'draft',
        createdAt: expect.stringMatching(ISO_UTC),
        statusChangedAt: expect.stringMatching(ISO_UTC),
      });
      expect(v2.id).not.toBe(v1.id);
      expect((await asAdmin.get(`/api/items/${v1.id}`).expect(200)).body).toEqual(v1);

      // Only the latest version can be edited.
      const stale = await asAdmin
        .patch(`/api/items/${v1.id}`)
        .send({ stem: 'An edit of an old version?' })
        .expect(409);
      expect(errorOf(stale).code).toBe('BANK_VERSION_STALE');

      const activated = await asAdmin.post(`/api/items/${v2.id}/activate`).expect(200);
      expect(activated.body).toEqual({
        ...v2,
        status: 'active',
        statusChangedAt: expect.stringMatching(ISO_UTC),
      });
      expect(Date.parse(activated.body.statusChangedAt)).toBeGreaterThanOrEqual(
        Date.parse(v2.createdAt),
      );
      const again = await asAdmin.post(`/api/items/${v2.id}/activate`).expect(409);
      expect(errorOf(again).code).toBe('BANK_STATUS_CONFLICT');

      // An edit without a reviewer: version 3 awaits review; version 2 keeps serving.
      const v3 = (await asAdmin.patch(`/api/items/${v2.id}`).send({ b: -0.4 }).expect(200))
        .body as ItemBody;
      expect(pick(v3, ['version', 'status', 'reviewedBy', 'b', 'stem'])).toEqual({
        version: 3,
        status: 'draft',
        reviewedBy: null,
        b: -0.4,
        stem: 'Which single change removes the race?',
      });
      expect((await asAdmin.get(`/api/items/${v2.id}`).expect(200)).body.status).toBe('active');
      const notReviewed = await asAdmin.post(`/api/items/${v3.id}/activate`).expect(422);
      expect(errorOf(notReviewed).code).toBe('BANK_NOT_REVIEWED');

      const v4 = (
        await asAdmin
          .patch(`/api/items/${v3.id}`)
          .send({
            rationale: 'Only a lock makes the check and the write atomic.',
            reviewedBy: 'r2',
          })
          .expect(200)
      ).body as ItemBody;
      expect(pick(v4, ['version', 'status', 'reviewedBy', 'b'])).toEqual({
        version: 4,
        status: 'draft',
        reviewedBy: 'r2',
        b: -0.4,
      });
      expect(await versionsOf('items', input.ref)).toEqual([
        '1:draft',
        '2:active',
        '3:draft',
        '4:draft',
      ]);

      // Activating version 4 retires version 2.
      await asAdmin.post(`/api/items/${v4.id}/activate`).expect(200);
      const old = (await asAdmin.get(`/api/items/${v2.id}`).expect(200)).body as ItemBody;
      expect(old.status).toBe('retired');
      expect(await versionsOf('items', input.ref)).toEqual([
        '1:draft',
        '2:retired',
        '3:draft',
        '4:active',
      ]);
      const latest = await asAdmin.get(`/api/items?ref=${input.ref}`).expect(200);
      expect((latest.body as ListBody<ItemBody>).items.map((i) => i.id)).toEqual([v4.id]);

      const retired = await asAdmin.post(`/api/items/${v4.id}/retire`).expect(200);
      expect(retired.body).toEqual({
        ...v4,
        status: 'retired',
        statusChangedAt: expect.stringMatching(ISO_UTC),
      });
      const retireAgain = await asAdmin.post(`/api/items/${v4.id}/retire`).expect(409);
      expect(errorOf(retireAgain).code).toBe('BANK_STATUS_CONFLICT');
      expect(await versionsOf('items', input.ref)).toEqual([
        '1:draft',
        '2:retired',
        '3:draft',
        '4:retired',
      ]);

      expect(await auditOf(input.ref, 'item')).toEqual([
        byUser('item.created', 'item', v1.id, { ref: input.ref, version: 1, status: 'draft' }),
        byUser('item.versioned', 'item', v2.id, {
          ref: input.ref,
          version: 2,
          from: 1,
          fields: ['reviewedBy', 'stem'],
        }),
        byUser('item.activated', 'item', v2.id, { ref: input.ref, version: 2, from: 'draft' }),
        byUser('item.versioned', 'item', v3.id, {
          ref: input.ref,
          version: 3,
          from: 2,
          fields: ['b'],
        }),
        byUser('item.versioned', 'item', v4.id, {
          ref: input.ref,
          version: 4,
          from: 3,
          fields: ['rationale', 'reviewedBy'],
        }),
        byUser('item.activated', 'item', v4.id, {
          ref: input.ref,
          version: 4,
          from: 'draft',
          retired_version: 2,
        }),
        byUser('item.retired', 'item', v4.id, { ref: input.ref, version: 4, from: 'active' }),
      ]);
    });

    it('an edit keeps what it does not name; code: null removes the snippet', async () => {
      const v1 = await createItem({ code: 'print(1)', locale: 'en-GB' });
      const v2 = (await asAdmin.patch(`/api/items/${v1.id}`).send({ code: null }).expect(200))
        .body as ItemBody;
      expect(pick(v2, ITEM_CONTENT)).toEqual({ ...pick(v1, ITEM_CONTENT), code: null });
      expect(v2.version).toBe(2);
    });

    it('creates an active version 1 when reviewed; refuses active without a reviewer (422)', async () => {
      const active = await createItem({ status: 'active', reviewedBy: 'reviewer-qa' });
      expect(pick(active, ['version', 'status', 'reviewedBy'])).toEqual({
        version: 1,
        status: 'active',
        reviewedBy: 'reviewer-qa',
      });
      expect(await auditOf(active.ref, 'item')).toEqual([
        byUser('item.created', 'item', active.id, {
          ref: active.ref,
          version: 1,
          status: 'active',
        }),
      ]);
      const input = itemInput(QA_SKILL, { status: 'active' });
      const res = await asAdmin.post('/api/items').send(input).expect(422);
      expect(errorOf(res)).toMatchObject({ statusCode: 422, code: 'BANK_NOT_REVIEWED' });
      expect(await versionsOf('items', input.ref)).toEqual([]);
      const retired = await asAdmin
        .post('/api/items')
        .send(itemInput(QA_SKILL, { status: 'retired', reviewedBy: 'r' }))
        .expect(400);
      expect(fieldsOf(retired)).toEqual(['status']);
    });

    it('an existing ref is 409 BANK_REF_EXISTS; an unknown skill 400 UNKNOWN_SKILL', async () => {
      const taken = await asAdmin
        .post('/api/items')
        .send(itemInput('python', { ref: 'python-i001' }))
        .expect(409);
      expect(errorOf(taken).code).toBe('BANK_REF_EXISTS');
      expect(await versionsOf('items', 'python-i001')).toEqual(['1:active']);
      const input = itemInput('no-such-skill');
      const unknown = await asAdmin.post('/api/items').send(input).expect(400);
      expect(errorOf(unknown).code).toBe('UNKNOWN_SKILL');
      expect(await versionsOf('items', input.ref)).toEqual([]);
    });

    it('an empty edit, an edit that changes nothing, or a bad edit is 400 and writes nothing', async () => {
      const v1 = await createItem({ reviewedBy: 'reviewer-qa' });
      const empty = await asAdmin.patch(`/api/items/${v1.id}`).send({}).expect(400);
      expect(errorOf(empty).code).toBe('VALIDATION_FAILED');
      expect(errorOf(empty).details).toEqual([
        { field: '(body)', messages: ['nothing to change'] },
      ]);
      const same = await asAdmin
        .patch(`/api/items/${v1.id}`)
        .send({ stem: v1.stem, b: v1.b })
        .expect(400);
      expect(errorOf(same).code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(same)).toEqual(['(body)']);
      // Level 5 needs b in [1.25, 2.5]; the item's b (0.1) stays: the rule names b.
      const band = await asAdmin.patch(`/api/items/${v1.id}`).send({ level: 5 }).expect(400);
      expect(errorOf(band).details).toEqual([
        { field: 'b', messages: ["b must lie in level 5's band [1.25, 2.5]"] },
      ]);
      for (const [body, field] of [
        [{ stem: null }, 'stem'],
        [{ options: ['a', 'b', 'c', 'none of the above'] }, 'options'],
        [{ key: 7 }, 'key'],
        [{ a: 3 }, 'a'],
        [{ ref: 'renamed-ref' }, 'ref'],
        [{ skill: 'python' }, 'skill'],
      ] as [object, string][]) {
        const res = await asAdmin.patch(`/api/items/${v1.id}`).send(body);
        expect([body, res.status, errorOf(res).code, fieldsOf(res)]).toEqual([
          body,
          400,
          'VALIDATION_FAILED',
          [field],
        ]);
      }
      expect(await versionsOf('items', v1.ref)).toEqual(['1:draft']);
      expect((await auditOf(v1.ref, 'item')).map((r) => r.action)).toEqual(['item.created']);
      // Naming a new reviewer is a change: the second read is part of the version.
      const reread = await asAdmin
        .patch(`/api/items/${v1.id}`)
        .send({ reviewedBy: 'second-reader' })
        .expect(200);
      expect(reread.body).toMatchObject({
        version: 2,
        status: 'draft',
        reviewedBy: 'second-reader',
      });
    });

    it('ids: not a uuid is 400 INVALID_ID, an unknown one 404 ITEM_NOT_FOUND', async () => {
      const unknown = randomUUID();
      const calls: [string, string][] = [
        ['get', ''],
        ['patch', ''],
        ['post', '/activate'],
        ['post', '/retire'],
      ];
      for (const [method, suffix] of calls) {
        const send = (id: string) => {
          const call = asAdmin[method as 'get' | 'post' | 'patch'](`/api/items/${id}${suffix}`);
          return method === 'patch' ? call.send({ stem: 'Some new stem text' }) : call;
        };
        const bad = await send('not-a-uuid');
        expect([method, suffix, bad.status, errorOf(bad).code]).toEqual([
          method,
          suffix,
          400,
          'INVALID_ID',
        ]);
        const missing = await send(unknown);
        expect([method, suffix, missing.status, errorOf(missing).code]).toEqual([
          method,
          suffix,
          404,
          'ITEM_NOT_FOUND',
        ]);
      }
    });

    it.each<[string, Partial<ItemInput>, string, string | undefined]>([
      ['b below the level 3 band', { b: -0.51 }, 'b', "b must lie in level 3's band [-0.5, 0.5]"],
      ['b above the level 3 band', { b: 0.51 }, 'b', "b must lie in level 3's band [-0.5, 0.5]"],
      [
        'b of level 5 on a level 1 item',
        { level: 1, b: 2 },
        'b',
        "b must lie in level 1's band [-2.5, -1.5]",
      ],
      ['b of level 3 on a level 4 item', { level: 4, b: 0.4 }, 'b', undefined],
      ['a below 0.8', { a: 0.79 }, 'a', 'a must lie in [0.8, 2]'],
      ['a above 2.0', { a: 2.01 }, 'a', 'a must lie in [0.8, 2]'],
      ['c below 0.2', { c: 0.19 }, 'c', 'c must lie in [0.2, 0.3]'],
      ['c above 0.3', { c: 0.31 }, 'c', 'c must lie in [0.2, 0.3]'],
      [
        'options that differ only in case and spacing',
        { options: ['A lock', 'a  LOCK ', 'A queue', 'A sleep'] },
        'options',
        'the options must all differ',
      ],
      [
        'duplicate options',
        { options: ['Same', 'Same', 'Other', 'Third'] },
        'options',
        'the options must all differ',
      ],
      [
        '"None of the above"',
        { options: ['A lock', 'A queue', 'A sleep', 'None of the above'] },
        'options',
        '"all of the above" and "none of the above" are not options',
      ],
      [
        '"all of the above"',
        { options: ['A lock', 'A queue', 'A sleep', 'all of the above'] },
        'options',
        '"all of the above" and "none of the above" are not options',
      ],
      [
        'an empty option',
        { options: ['A lock', '  ', 'A queue', 'A sleep'] },
        'options',
        undefined,
      ],
      ['key 4', { key: 4 }, 'key', undefined],
      ['key -1', { key: -1 }, 'key', undefined],
      ['three options', { options: ['A lock', 'A queue', 'A sleep'] }, 'options', undefined],
      ['five options', { options: ['1', '2', '3', '4', '5'] }, 'options', undefined],
      ['level 6', { level: 6 }, 'level', undefined],
      ['a ref with capitals', { ref: 'QA-Capital' }, 'ref', undefined],
      ['a stem under 10 characters', { stem: 'Too short' }, 'stem', undefined],
      ['b as a string', { b: '0.1' as unknown as number }, 'b', undefined],
    ])(
      'refuses %s with 400 naming %s (nothing written)',
      async (_name, overrides, field, message) => {
        const input = itemInput(QA_SKILL, overrides);
        const res = await asAdmin.post('/api/items').send(input);
        expect([res.status, errorOf(res).code, fieldsOf(res)]).toEqual([
          400,
          'VALIDATION_FAILED',
          [field],
        ]);
        if (message) expect(errorOf(res).details).toEqual([{ field, messages: [message] }]);
        expect(await count('SELECT count(*) AS n FROM items WHERE ref = $1', [input.ref])).toBe(0);
      },
    );

    it.each<[string, Partial<ItemInput>]>([
      ['b at the low end of level 3', { b: -0.5 }],
      ['b at the high end of level 3', { b: 0.5 }],
      ['b at the top of level 4', { level: 4, b: 1.25 }],
      ['b at the bottom of level 1', { level: 1, b: -2.5 }],
      ['a at 0.8', { a: 0.8 }],
      ['a at 2.0', { a: 2 }],
      ['c at 0.2', { c: 0.2 }],
      ['c at 0.3', { c: 0.3 }],
      ['key 3', { key: 3 }],
    ])('accepts %s', async (_name, overrides) => {
      const item = await createItem(overrides);
      expect(pick(item, Object.keys(overrides) as (keyof ItemBody)[])).toEqual(overrides);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('concurrent writes to one ref', () => {
    it('concurrent edits of the latest version: one new version, the others 409 BANK_VERSION_STALE (never 500)', async () => {
      const v1 = await createItem();
      let latest = v1;
      for (let round = 1; round <= 3; round++) {
        const answers = await Promise.all(
          [1, 2, 3, 4].map((n) =>
            asAdmin
              .patch(`/api/items/${latest.id}`)
              .send({ stem: `Round ${round}, edit ${n}: which change removes the race?` }),
          ),
        );
        expect(answers.map(outcome).sort()).toEqual([
          '200',
          '409 BANK_VERSION_STALE',
          '409 BANK_VERSION_STALE',
          '409 BANK_VERSION_STALE',
        ]);
        latest = answers.find((r) => r.status === 200)!.body as ItemBody;
        expect(latest.version).toBe(round + 1);
      }
      expect(await versionsOf('items', v1.ref)).toEqual([
        '1:draft',
        '2:draft',
        '3:draft',
        '4:draft',
      ]);
    });

    it('an import racing an edit of the same ref: both are answered (200 or 409), never 500', async () => {
      for (let round = 1; round <= 3; round++) {
        const input = itemInput(QA_SKILL, { reviewedBy: 'reviewer-qa' });
        const v1 = (await asAdmin.post('/api/items').send(input).expect(201)).body as ItemBody;
        const [edit, imported] = await Promise.all([
          asAdmin.patch(`/api/items/${v1.id}`).send({ stem: 'The edit wins this stem?' }),
          asAdmin
            .post('/api/items/import')
            .send({ items: [{ ...input, stem: 'The import wins this stem?' }] }),
        ]);
        // The edit may come second and find its version stale; the import always applies.
        expect(['200', '409 BANK_VERSION_STALE']).toContain(outcome(edit));
        expect(outcome(imported)).toBe('200');
        const versions = await versionsOf('items', input.ref);
        expect(versions).toHaveLength(edit.status === 200 ? 3 : 2);
      }
    });

    it('a create racing an import of the same new ref: 201/409 and 200, never 500', async () => {
      for (let round = 1; round <= 3; round++) {
        const input = itemInput(QA_SKILL);
        const [created, imported] = await Promise.all([
          asAdmin.post('/api/items').send(input),
          asAdmin
            .post('/api/items/import')
            .send({ items: [{ ...input, stem: 'The imported stem of a new ref?' }] }),
        ]);
        expect(['201', '409 BANK_REF_EXISTS']).toContain(outcome(created));
        expect(outcome(imported)).toBe('200');
        const versions = await versionsOf('items', input.ref);
        expect(versions).toEqual(created.status === 201 ? ['1:draft', '2:draft'] : ['1:draft']);
      }
    });

    it('concurrent activations of two versions of one ref leave exactly one active', async () => {
      const v1 = await createItem({ reviewedBy: 'reviewer-qa' });
      const v2 = (
        await asAdmin
          .patch(`/api/items/${v1.id}`)
          .send({ stem: 'A second reviewed version of the stem?', reviewedBy: 'reviewer-qa' })
          .expect(200)
      ).body as ItemBody;
      const answers = await Promise.all([
        asAdmin.post(`/api/items/${v1.id}/activate`),
        asAdmin.post(`/api/items/${v2.id}/activate`),
      ]);
      expect(answers.map(outcome)).toEqual(['200', '200']);
      const versions = await versionsOf('items', v1.ref);
      expect(versions.filter((v) => v.endsWith(':active'))).toHaveLength(1);
      expect(versions.filter((v) => v.endsWith(':retired'))).toHaveLength(1);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('checklist terms', () => {
    it('a foil needs a foilCheck of 20+ characters; a real term must not have one (400)', async () => {
      for (const [overrides, message] of [
        [{ isFoil: true }, 'a foil says how it was checked to name nothing real'],
        [{ isFoil: true, foilCheck: null }, 'a foil says how it was checked to name nothing real'],
        [{ isFoil: true, foilCheck: 'too short a note' }, undefined],
        [{ isFoil: false, foilCheck: FOIL_CHECK }, 'only a foil carries a foil check'],
      ] as [object, string | undefined][]) {
        const input = termInput(QA_SKILL, overrides);
        const res = await asAdmin.post('/api/checklist-terms').send(input);
        expect([overrides, res.status, errorOf(res).code, fieldsOf(res)]).toEqual([
          overrides,
          400,
          'VALIDATION_FAILED',
          ['foilCheck'],
        ]);
        if (message) {
          expect(errorOf(res).details).toEqual([{ field: 'foilCheck', messages: [message] }]);
        }
        expect(await versionsOf('checklist_terms', input.ref)).toEqual([]);
      }
    });

    it('creates a foil, active when reviewed, and a real term as a draft', async () => {
      const foilInput = termInput(QA_SKILL, {
        isFoil: true,
        foilCheck: FOIL_CHECK,
        reviewedBy: 'reviewer-qa',
        status: 'active',
      });
      const foil = await asAdmin.post('/api/checklist-terms').send(foilInput).expect(201);
      expect(foil.body).toEqual({
        id: expect.stringMatching(UUID),
        ref: foilInput.ref,
        version: 1,
        skill: QA_SKILL,
        locale: 'en',
        term: foilInput.term,
        isFoil: true,
        foilCheck: FOIL_CHECK,
        author: 'writer-qa',
        reviewedBy: 'reviewer-qa',
        status: 'active',
        exposureCount: 0,
        createdAt: expect.stringMatching(ISO_UTC),
        statusChangedAt: expect.stringMatching(ISO_UTC),
      });
      const realInput = termInput(QA_SKILL);
      const real = await asAdmin.post('/api/checklist-terms').send(realInput).expect(201);
      expect(pick(real.body as TermBody, ['version', 'status', 'isFoil', 'foilCheck'])).toEqual({
        version: 1,
        status: 'draft',
        isFoil: false,
        foilCheck: null,
      });
      const unreviewed = await asAdmin
        .post('/api/checklist-terms')
        .send(termInput(QA_SKILL, { status: 'active' }))
        .expect(422);
      expect(errorOf(unreviewed).code).toBe('BANK_NOT_REVIEWED');
    });

    it('edit, activate and retire a term, audited as checklist_term.*', async () => {
      const input = termInput(QA_SKILL);
      const v1 = (await asAdmin.post('/api/checklist-terms').send(input).expect(201))
        .body as TermBody;
      const v2 = (
        await asAdmin
          .patch(`/api/checklist-terms/${v1.id}`)
          .send({ term: `${input.term}-renamed` })
          .expect(200)
      ).body as TermBody;
      expect(pick(v2, ['version', 'status', 'term', 'reviewedBy'])).toEqual({
        version: 2,
        status: 'draft',
        term: `${input.term}-renamed`,
        reviewedBy: null,
      });
      const notReviewed = await asAdmin.post(`/api/checklist-terms/${v2.id}/activate`).expect(422);
      expect(errorOf(notReviewed).code).toBe('BANK_NOT_REVIEWED');
      const stale = await asAdmin
        .patch(`/api/checklist-terms/${v1.id}`)
        .send({ term: 'an edit of version one' })
        .expect(409);
      expect(errorOf(stale).code).toBe('BANK_VERSION_STALE');
      const foilWithoutCheck = await asAdmin
        .patch(`/api/checklist-terms/${v2.id}`)
        .send({ isFoil: true })
        .expect(400);
      expect(fieldsOf(foilWithoutCheck)).toEqual(['foilCheck']);
      const empty = await asAdmin.patch(`/api/checklist-terms/${v2.id}`).send({}).expect(400);
      expect(errorOf(empty).code).toBe('VALIDATION_FAILED');
      const same = await asAdmin
        .patch(`/api/checklist-terms/${v2.id}`)
        .send({ term: v2.term })
        .expect(400);
      expect(errorOf(same).code).toBe('VALIDATION_FAILED');

      const v3 = (
        await asAdmin
          .patch(`/api/checklist-terms/${v2.id}`)
          .send({ isFoil: true, foilCheck: FOIL_CHECK, reviewedBy: 'reviewer-qa' })
          .expect(200)
      ).body as TermBody;
      expect(pick(v3, ['version', 'isFoil', 'foilCheck', 'reviewedBy', 'status'])).toEqual({
        version: 3,
        isFoil: true,
        foilCheck: FOIL_CHECK,
        reviewedBy: 'reviewer-qa',
        status: 'draft',
      });
      const active = await asAdmin.post(`/api/checklist-terms/${v3.id}/activate`).expect(200);
      expect(active.body).toEqual({
        ...v3,
        status: 'active',
        statusChangedAt: expect.stringMatching(ISO_UTC),
      });
      const twice = await asAdmin.post(`/api/checklist-terms/${v3.id}/activate`).expect(409);
      expect(errorOf(twice).code).toBe('BANK_STATUS_CONFLICT');
      await asAdmin.post(`/api/checklist-terms/${v3.id}/retire`).expect(200);
      const retireTwice = await asAdmin.post(`/api/checklist-terms/${v3.id}/retire`).expect(409);
      expect(errorOf(retireTwice).code).toBe('BANK_STATUS_CONFLICT');
      expect(await versionsOf('checklist_terms', input.ref)).toEqual([
        '1:draft',
        '2:draft',
        '3:retired',
      ]);
      const seeAll = await asAdmin
        .get(`/api/checklist-terms?ref=${input.ref}&versions=all`)
        .expect(200);
      expect(
        (seeAll.body as ListBody<TermBody>).items.map((x) => `${x.version}:${x.status}`),
      ).toEqual(['1:draft', '2:draft', '3:retired']);

      const term = 'checklist_term';
      expect(await auditOf(input.ref, term)).toEqual([
        byUser(`${term}.created`, term, v1.id, { ref: input.ref, version: 1, status: 'draft' }),
        byUser(`${term}.versioned`, term, v2.id, {
          ref: input.ref,
          version: 2,
          from: 1,
          fields: ['term'],
        }),
        byUser(`${term}.versioned`, term, v3.id, {
          ref: input.ref,
          version: 3,
          from: 2,
          fields: ['foilCheck', 'isFoil', 'reviewedBy'],
        }),
        byUser(`${term}.activated`, term, v3.id, { ref: input.ref, version: 3, from: 'draft' }),
        byUser(`${term}.retired`, term, v3.id, { ref: input.ref, version: 3, from: 'active' }),
      ]);
    });

    it('activating a term version retires the active one it replaces', async () => {
      const v1 = (
        await asAdmin
          .post('/api/checklist-terms')
          .send(termInput(QA_SKILL, { reviewedBy: 'reviewer-qa', status: 'active' }))
          .expect(201)
      ).body as TermBody;
      const v2 = (
        await asAdmin
          .patch(`/api/checklist-terms/${v1.id}`)
          .send({ term: 'a renamed term', reviewedBy: 'reviewer-qa' })
          .expect(200)
      ).body as TermBody;
      expect(await versionsOf('checklist_terms', v1.ref)).toEqual(['1:active', '2:draft']);
      await asAdmin.post(`/api/checklist-terms/${v2.id}/activate`).expect(200);
      expect(await versionsOf('checklist_terms', v1.ref)).toEqual(['1:retired', '2:active']);
    });

    it('ids, refs and skills: 400 INVALID_ID, 404 CHECKLIST_TERM_NOT_FOUND, 409, 400 UNKNOWN_SKILL', async () => {
      const unknown = randomUUID();
      for (const [method, suffix] of [
        ['get', ''],
        ['patch', ''],
        ['post', '/activate'],
        ['post', '/retire'],
      ]) {
        const send = (id: string) => {
          const call = asAdmin[method as 'get' | 'post' | 'patch'](
            `/api/checklist-terms/${id}${suffix}`,
          );
          return method === 'patch' ? call.send({ term: 'new' }) : call;
        };
        const bad = await send('123');
        expect([method, suffix, bad.status, errorOf(bad).code]).toEqual([
          method,
          suffix,
          400,
          'INVALID_ID',
        ]);
        const missing = await send(unknown);
        expect([method, suffix, missing.status, errorOf(missing).code]).toEqual([
          method,
          suffix,
          404,
          'CHECKLIST_TERM_NOT_FOUND',
        ]);
      }
      // An item id is not a term id.
      const itemId = (await asAdmin.get('/api/items?ref=python-i001').expect(200)).body.items[0].id;
      const notTerm = await asAdmin.get(`/api/checklist-terms/${itemId}`).expect(404);
      expect(errorOf(notTerm).code).toBe('CHECKLIST_TERM_NOT_FOUND');

      const taken = await asAdmin
        .post('/api/checklist-terms')
        .send(termInput('python', { ref: 'python-t01' }))
        .expect(409);
      expect(errorOf(taken).code).toBe('BANK_REF_EXISTS');
      const input = termInput('no-such-skill');
      const skill = await asAdmin.post('/api/checklist-terms').send(input).expect(400);
      expect(errorOf(skill).code).toBe('UNKNOWN_SKILL');
      expect(await versionsOf('checklist_terms', input.ref)).toEqual([]);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('database guarantees', () => {
    let v1: ItemBody;
    let v2: ItemBody;

    beforeAll(async () => {
      v1 = await createItem({ reviewedBy: 'reviewer-qa', status: 'active' });
      v2 = (
        await asAdmin
          .patch(`/api/items/${v1.id}`)
          .send({ stem: 'The second version of the stem?', reviewedBy: 'reviewer-qa' })
          .expect(200)
      ).body as ItemBody;
    });

    async function refusal(text: string, params: unknown[]) {
      const error = await db.query(text, params).then(
        () => null,
        (e: { code?: string; message: string; constraint?: string }) => e,
      );
      expect(error).not.toBeNull();
      return { code: error!.code, message: error!.message, constraint: error!.constraint };
    }

    it.each([
      ['stem', `'A stem changed in place?'`],
      ['options', `'["w","x","y","z"]'::jsonb`],
      ['answer_key', '2'],
      ['b', '0.2'],
      ['reviewed_by', `'someone else'`],
      ['version', '9'],
      ['created_at', `now() - interval '1 day'`],
    ])('UPDATE of content column %s is refused by the trigger', async (column, value) => {
      const error = await refusal(`UPDATE items SET ${column} = ${value} WHERE id = $1`, [v1.id]);
      expect(error.code).toBe('55000');
      expect(error.message).toBe(`items version 1 of ${v1.ref} is fixed: an edit is a new version`);
      expect((await asAdmin.get(`/api/items/${v1.id}`).expect(200)).body).toEqual({
        ...v1,
        statusChangedAt: expect.stringMatching(ISO_UTC),
      });
    });

    it('status, its time and the exposure count can be updated', async () => {
      const res = await db.query(
        `UPDATE items SET status = 'retired', status_changed_at = now(),
                exposure_count = exposure_count + 3 WHERE id = $1`,
        [v1.id],
      );
      expect(res.rowCount).toBe(1);
      const row = (await asAdmin.get(`/api/items/${v1.id}`).expect(200)).body as ItemBody;
      expect(pick(row, ['status', 'exposureCount', 'stem'])).toEqual({
        status: 'retired',
        exposureCount: 3,
        stem: v1.stem,
      });
      await db.query(`UPDATE items SET status = 'active' WHERE id = $1`, [v1.id]);
      expect(await versionsOf('items', v1.ref)).toEqual(['1:active', '2:draft']);
    });

    it('DELETE is refused', async () => {
      const error = await refusal('DELETE FROM items WHERE id = $1', [v1.id]);
      expect(error.code).toBe('55000');
      expect(error.message).toBe('DELETE on items is not allowed: the table is append-only');
      expect(await versionsOf('items', v1.ref)).toEqual(['1:active', '2:draft']);
    });

    it('a second active version of one ref is refused by the unique index', async () => {
      const update = await refusal(`UPDATE items SET status = 'active' WHERE id = $1`, [v2.id]);
      expect(pick(update, ['code', 'constraint'])).toEqual({
        code: '23505',
        constraint: 'items_one_active',
      });
      const insert = await refusal(
        `INSERT INTO items (ref, version, skill_id, level, stem, options, answer_key, rationale,
                            a, b, c, author, reviewed_by, status)
         SELECT ref, 3, skill_id, level, stem, options, answer_key, rationale, a, b, c, author,
                reviewed_by, 'active' FROM items WHERE id = $1`,
        [v1.id],
      );
      expect(pick(insert, ['code', 'constraint'])).toEqual({
        code: '23505',
        constraint: 'items_one_active',
      });
      expect(await versionsOf('items', v1.ref)).toEqual(['1:active', '2:draft']);
    });

    it('CHECKs: no active version without a reviewer, no b outside its level band', async () => {
      const unreviewed = await refusal(
        `INSERT INTO items (ref, version, skill_id, level, stem, options, answer_key, rationale,
                            a, b, c, author, status)
         VALUES ($1, 1, $2, 3, 'A stem for the check?', '["a","b","c","d"]', 0,
                 'A rationale text.', 1.5, 0, 0.25, 'w', 'active')`,
        [uniqueRef(), QA_SKILL],
      );
      expect(unreviewed.code).toBe('23514');
      const band = await refusal(
        `INSERT INTO items (ref, version, skill_id, level, stem, options, answer_key, rationale,
                            a, b, c, author)
         VALUES ($1, 1, $2, 1, 'A stem for the check?', '["a","b","c","d"]', 0,
                 'A rationale text.', 1.5, 0, 0.25, 'w')`,
        [uniqueRef(), QA_SKILL],
      );
      expect(band.code).toBe('23514');
    });

    it('checklist terms: content fixed, no DELETE, one active version per ref', async () => {
      const t1 = (
        await asAdmin
          .post('/api/checklist-terms')
          .send(termInput(QA_SKILL, { reviewedBy: 'reviewer-qa', status: 'active' }))
          .expect(201)
      ).body as TermBody;
      const fixed = await refusal(`UPDATE checklist_terms SET term = 'other' WHERE id = $1`, [
        t1.id,
      ]);
      expect(fixed.code).toBe('55000');
      expect(fixed.message).toBe(
        `checklist_terms version 1 of ${t1.ref} is fixed: an edit is a new version`,
      );
      const deleted = await refusal('DELETE FROM checklist_terms WHERE id = $1', [t1.id]);
      expect(deleted.code).toBe('55000');
      const second = await refusal(
        `INSERT INTO checklist_terms (ref, version, skill_id, term, is_foil, author, reviewed_by, status)
         SELECT ref, 2, skill_id, term, is_foil, author, reviewed_by, 'active'
           FROM checklist_terms WHERE id = $1`,
        [t1.id],
      );
      expect(pick(second, ['code', 'constraint'])).toEqual({
        code: '23505',
        constraint: 'checklist_terms_one_active',
      });
      const ok = await db.query(`UPDATE checklist_terms SET status = 'retired' WHERE id = $1`, [
        t1.id,
      ]);
      expect(ok.rowCount).toBe(1);
      expect(await versionsOf('checklist_terms', t1.ref)).toEqual(['1:retired']);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('export and import', () => {
    async function exportBank(): Promise<ExportBody> {
      return (await asAdmin.get('/api/items/export').expect(200)).body as ExportBody;
    }

    async function snapshot() {
      return {
        items: await refVersions('items'),
        terms: await refVersions('checklist_terms'),
        imports: (await importEvents()).length,
      };
    }

    const report = (items: Partial<Counts>, terms: Partial<Counts> = {}, dryRun = false) => ({
      dryRun,
      items: { created: 0, newVersions: 0, unchanged: 0, ...items },
      checklistTerms: { created: 0, newVersions: 0, unchanged: 0, ...terms },
    });

    it('exports the latest version of every ref, by ref', async () => {
      const bank = await exportBank();
      expect(Object.keys(bank).sort()).toEqual(['checklistTerms', 'exportedAt', 'format', 'items']);
      expect(bank.format).toBe('sift-item-bank/1');
      expect(bank.exportedAt).toMatch(ISO_UTC);
      const { rows: latestItems } = await db.query<{ id: string }>(
        'SELECT DISTINCT ON (ref) id, ref FROM items ORDER BY ref, version DESC',
      );
      expect(bank.items.map((i) => i.id)).toEqual(latestItems.map((r) => r.id));
      const { rows: latestTerms } = await db.query<{ id: string }>(
        'SELECT DISTINCT ON (ref) id, ref FROM checklist_terms ORDER BY ref, version DESC',
      );
      expect(bank.checklistTerms.map((x) => x.id)).toEqual(latestTerms.map((r) => r.id));
      for (const item of bank.items) expect(Object.keys(item).sort()).toEqual(ITEM_KEYS);
      for (const term of bank.checklistTerms) expect(Object.keys(term).sort()).toEqual(TERM_KEYS);
      const byRef = new Map(bank.items.map((i) => [i.ref, i]));
      for (const shipped of SHIPPED.items) {
        expect(pick(byRef.get(shipped.ref)!, ITEM_CONTENT)).toEqual(shipped);
      }
      const listed = await listAll<ItemBody>(asAdmin, '/api/items');
      expect(bank.items).toEqual(listed);
    });

    it('the export, posted back exactly as exported, imports as all unchanged and writes nothing', async () => {
      const bank = await exportBank();
      const before = await snapshot();
      const res = await asAdmin.post('/api/items/import').send(bank);
      expect([res.status, res.body]).toEqual([
        200,
        report({ unchanged: bank.items.length }, { unchanged: bank.checklistTerms.length }),
      ]);
      expect(await snapshot()).toEqual({ ...before, imports: before.imports + 1 });
      // A format this version does not know is refused, not guessed at.
      const other = await asAdmin
        .post('/api/items/import')
        .send({ ...bank, format: 'sift-item-bank/2' })
        .expect(400);
      expect([errorOf(other).code, fieldsOf(other)]).toEqual(['VALIDATION_FAILED', ['format']]);
      expect(await snapshot()).toEqual({ ...before, imports: before.imports + 1 });
    });

    it("an export's items and checklistTerms import as all unchanged: no new rows, one audit event", async () => {
      const bank = await exportBank();
      const before = await snapshot();
      const res = await asAdmin
        .post('/api/items/import')
        .send({ items: bank.items, checklistTerms: bank.checklistTerms })
        .expect(200);
      expect(res.body).toEqual(
        report({ unchanged: bank.items.length }, { unchanged: bank.checklistTerms.length }),
      );
      expect(await snapshot()).toEqual({ ...before, imports: before.imports + 1 });
      expect((await importEvents()).at(-1)).toEqual({
        actor_type: 'user',
        actor_id: admin.id,
        action: 'item_bank.imported',
        subject_type: null,
        subject_id: null,
        details: {
          items_created: 0,
          items_new_versions: 0,
          items_unchanged: bank.items.length,
          terms_created: 0,
          terms_new_versions: 0,
          terms_unchanged: bank.checklistTerms.length,
        },
      });
      // The statuses are the export's own, so nothing moved.
      expect((await exportBank()).items.map((i) => `${i.id}:${i.status}`)).toEqual(
        bank.items.map((i) => `${i.id}:${i.status}`),
      );
    });

    it('new ref, dry run of a change, the change for real, then the same again', async () => {
      const entry = { ...itemInput(QA_SKILL, { reviewedBy: 'reviewer-qa' }) };
      const created = await asAdmin
        .post('/api/items/import')
        .send({ items: [entry] })
        .expect(200);
      expect(created.body).toEqual(report({ created: 1 }));
      // Reviewed, so active by default; written by the caller.
      const { rows } = await db.query(
        'SELECT version, status, created_by::text FROM items WHERE ref = $1',
        [entry.ref],
      );
      expect(rows).toEqual([{ version: 1, status: 'active', created_by: admin.id }]);

      const changed = { ...entry, stem: 'The stem as the import changes it?' };
      const before = await snapshot();
      const dry = await asAdmin
        .post('/api/items/import?dryRun=true')
        .send({ items: [changed] })
        .expect(200);
      expect(dry.body).toEqual(report({ newVersions: 1 }, {}, true));
      expect(await snapshot()).toEqual(before);

      const real = await asAdmin
        .post('/api/items/import?dryRun=false')
        .send({ items: [changed] })
        .expect(200);
      expect(real.body).toEqual(report({ newVersions: 1 }));
      expect(await versionsOf('items', entry.ref)).toEqual(['1:retired', '2:active']);
      const v2 = (await asAdmin.get(`/api/items?ref=${entry.ref}`).expect(200)).body
        .items[0] as ItemBody;
      expect(pick(v2, ITEM_CONTENT)).toEqual({ ...changed, locale: 'en', code: null });

      const again = await asAdmin
        .post('/api/items/import')
        .send({ items: [changed] })
        .expect(200);
      expect(again.body).toEqual(report({ unchanged: 1 }));
      // An export's own fields are ignored.
      const exported = await asAdmin
        .post('/api/items/import')
        .send({
          items: [
            {
              ...changed,
              id: randomUUID(),
              version: 41,
              exposureCount: 7,
              createdAt: '2020-01-01T00:00:00.000Z',
              statusChangedAt: '2020-01-01T00:00:00.000Z',
            },
          ],
        })
        .expect(200);
      expect(exported.body).toEqual(report({ unchanged: 1 }));
      expect(await versionsOf('items', entry.ref)).toEqual(['1:retired', '2:active']);
    });

    it('default status: active with a reviewer, else draft; a given status is applied to unchanged content', async () => {
      const reviewed = itemInput(QA_SKILL, { reviewedBy: 'reviewer-qa' });
      const unreviewed = itemInput(QA_SKILL);
      const retired = itemInput(QA_SKILL, { status: 'retired' });
      const term = termInput(QA_SKILL);
      const foil = termInput(QA_SKILL, {
        isFoil: true,
        foilCheck: FOIL_CHECK,
        reviewedBy: 'reviewer-qa',
      });
      const res = await asAdmin
        .post('/api/items/import')
        .send({ items: [reviewed, unreviewed, retired], checklistTerms: [term, foil] })
        .expect(200);
      expect(res.body).toEqual(report({ created: 3 }, { created: 2 }));
      expect(await versionsOf('items', reviewed.ref)).toEqual(['1:active']);
      expect(await versionsOf('items', unreviewed.ref)).toEqual(['1:draft']);
      expect(await versionsOf('items', retired.ref)).toEqual(['1:retired']);
      expect(await versionsOf('checklist_terms', term.ref)).toEqual(['1:draft']);
      expect(await versionsOf('checklist_terms', foil.ref)).toEqual(['1:active']);

      const moved = await asAdmin
        .post('/api/items/import')
        .send({ items: [{ ...reviewed, status: 'retired' }] })
        .expect(200);
      expect(moved.body).toEqual(report({ unchanged: 1 }));
      expect(await versionsOf('items', reviewed.ref)).toEqual(['1:retired']);
    });

    it('one invalid entry among valid ones: 422 naming items[1].b, nothing written', async () => {
      const bank = await exportBank();
      const good1 = itemInput(QA_SKILL);
      const bad = itemInput(QA_SKILL, { b: 0.9 });
      const good2 = itemInput(QA_SKILL);
      const before = await snapshot();
      const res = await asAdmin
        .post('/api/items/import')
        .send({ items: [good1, bad, good2], checklistTerms: bank.checklistTerms.slice(0, 3) })
        .expect(422);
      expect(errorOf(res)).toMatchObject({ statusCode: 422, code: 'BANK_IMPORT_INVALID' });
      expect(errorOf(res).details).toEqual([
        { field: 'items[1].b', messages: [`${bad.ref}: b must lie in level 3's band [-0.5, 0.5]`] },
      ]);
      const dry = await asAdmin
        .post('/api/items/import?dryRun=true')
        .send({ items: [good1, bad, good2] })
        .expect(422);
      expect(fieldsOf(dry)).toEqual(['items[1].b']);
      expect(await snapshot()).toEqual(before);
    });

    it('every problem is listed by path: shape, bank rules, status, foils', async () => {
      const before = await snapshot();
      const res = await asAdmin
        .post('/api/items/import')
        .send({
          items: [
            itemInput(QA_SKILL),
            itemInput(QA_SKILL, { options: ['a', 'b', 'c', 'None of the above'] }),
            itemInput(QA_SKILL, { a: 5, c: 0.5 }),
            { ...itemInput(QA_SKILL), colour: 'red' },
            itemInput(QA_SKILL, { status: 'active' }),
            itemInput(QA_SKILL, { key: 9 }),
          ],
          checklistTerms: [termInput(QA_SKILL), termInput(QA_SKILL, { isFoil: true })],
        })
        .expect(422);
      expect(errorOf(res).code).toBe('BANK_IMPORT_INVALID');
      expect(fieldsOf(res).sort()).toEqual(
        [
          'items[1].options',
          'items[2].a',
          'items[2].c',
          'items[3].colour',
          'items[4].status',
          'items[5].key',
          'checklistTerms[1].foilCheck',
        ].sort(),
      );
      expect(await snapshot()).toEqual(before);
    });

    it('an unknown skill is 422 BANK_IMPORT_INVALID naming it; nothing written', async () => {
      const before = await snapshot();
      const res = await asAdmin
        .post('/api/items/import')
        .send({ items: [itemInput(QA_SKILL), itemInput('no-such-skill')] })
        .expect(422);
      expect(errorOf(res).code).toBe('BANK_IMPORT_INVALID');
      expect(errorOf(res).details).toHaveLength(1);
      expect(errorOf(res).details![0]!.field).toBe('items[1].skill');
      expect(errorOf(res).details![0]!.messages.join(' ')).toContain('no-such-skill');
      const terms = await asAdmin
        .post('/api/items/import')
        .send({ checklistTerms: [termInput('other-missing-skill')] })
        .expect(422);
      expect(errorOf(terms).details![0]!.messages.join(' ')).toContain('other-missing-skill');
      expect(await snapshot()).toEqual(before);
    });

    it('a ref twice in one import is 422 naming the second; nothing written', async () => {
      const before = await snapshot();
      const first = itemInput(QA_SKILL);
      const res = await asAdmin
        .post('/api/items/import')
        .send({ items: [first, { ...first, stem: 'The same ref with another stem?' }] })
        .expect(422);
      expect(errorOf(res).code).toBe('BANK_IMPORT_INVALID');
      expect(errorOf(res).details).toEqual([
        { field: 'items[1].ref', messages: [`${first.ref} appears twice`] },
      ]);
      expect(await snapshot()).toEqual(before);
    });

    it('bodies that are not an import are 400 or 422 with a clear code, never 500', async () => {
      const before = await snapshot();
      const logsBefore = t.logs.length;
      const cases: [string, string, number, string, string[]][] = [
        ['an array', '[]', 400, 'VALIDATION_FAILED', ['body']],
        ['a string', '"items"', 400, 'VALIDATION_FAILED', ['body']],
        ['a number', '42', 400, 'VALIDATION_FAILED', ['body']],
        ['not JSON', '{"items": [', 400, 'MALFORMED_JSON', []],
        ['items not an array', '{"items": {"ref": "x"}}', 400, 'VALIDATION_FAILED', ['items']],
        ['terms a string', '{"checklistTerms": "x"}', 400, 'VALIDATION_FAILED', ['checklistTerms']],
        ['an unknown key', '{"things": []}', 400, 'VALIDATION_FAILED', ['things']],
        ['an empty object', '{}', 400, 'VALIDATION_FAILED', ['(body)']],
        ['null', 'null', 400, 'VALIDATION_FAILED', ['(body)']],
        [
          'entries that are not objects',
          '{"items": [1, null, "x", []], "checklistTerms": [true]}',
          422,
          'BANK_IMPORT_INVALID',
          ['items[0]', 'items[1]', 'items[2]', 'items[3]', 'checklistTerms[0]'],
        ],
        [
          'an empty entry',
          '{"items": [{}]}',
          422,
          'BANK_IMPORT_INVALID',
          [
            'items[0].ref',
            'items[0].skill',
            'items[0].level',
            'items[0].stem',
            'items[0].options',
            'items[0].key',
            'items[0].rationale',
            'items[0].a',
            'items[0].b',
            'items[0].c',
            'items[0].author',
          ],
        ],
      ];
      for (const [name, body, status, code, fields] of cases) {
        const res = await asAdmin
          .post('/api/items/import')
          .set('Content-Type', 'application/json')
          .send(body);
        expect([name, res.status, errorOf(res).code, fieldsOf(res)]).toEqual([
          name,
          status,
          code,
          fields,
        ]);
      }
      const dryRun = await asAdmin.post('/api/items/import?dryRun=yes').send({}).expect(400);
      expect([errorOf(dryRun).code, fieldsOf(dryRun)]).toEqual(['VALIDATION_FAILED', ['dryRun']]);
      expect(await snapshot()).toEqual(before);
      expect(t.logs.slice(logsBefore).filter((line) => line.level === 'error')).toEqual([]);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('a new revision of the content files', () => {
    let dir: string;

    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('writes one new, active version for the one changed item and retires its old version', async () => {
      dir = mkdtempSync(join(tmpdir(), 'sift-bank-'));
      cpSync(contentRoot(), dir, { recursive: true });
      const file = join(dir, 'python.json');
      const json = JSON.parse(readFileSync(file, 'utf8')) as {
        items: { ref: string; stem: string }[];
      };
      const changed = json.items[4]!;
      const newStem = `${changed.stem} (reworded for the new revision)`;
      changed.stem = newStem;
      writeFileSync(file, JSON.stringify(json, null, 2));

      const itemsBefore = await count('SELECT count(*) AS n FROM items');
      const termsBefore = await count('SELECT count(*) AS n FROM checklist_terms');
      const importsBefore = (await importEvents()).length;
      const loader = t.app.get(BankContentLoader);
      expect(await loader.load(dir)).toBe(true);

      expect(await versionsOf('items', changed.ref)).toEqual(['1:retired', '2:active']);
      const { rows } = await db.query(
        'SELECT version, stem, created_by, reviewed_by FROM items WHERE ref = $1 AND version = 2',
        [changed.ref],
      );
      const shipped = SHIPPED.items.find((i) => i.ref === changed.ref)!;
      expect(rows).toEqual([
        { version: 2, stem: newStem, created_by: null, reviewed_by: shipped.reviewedBy },
      ]);
      expect(await count('SELECT count(*) AS n FROM items')).toBe(itemsBefore + 1);
      expect(await count('SELECT count(*) AS n FROM checklist_terms')).toBe(termsBefore);
      const loads = await db.query(
        'SELECT content_sha256, items_written, terms_written FROM item_bank_loads ORDER BY loaded_at',
      );
      expect(loads.rows).toEqual([
        { content_sha256: readContentFiles().sha256, items_written: 352, terms_written: 132 },
        { content_sha256: readContentFiles(dir).sha256, items_written: 1, terms_written: 0 },
      ]);
      const events = await importEvents();
      expect(events).toHaveLength(importsBefore + 1);
      expect(events.at(-1)).toEqual({
        actor_type: 'system',
        actor_id: null,
        action: 'item_bank.imported',
        subject_type: null,
        subject_id: null,
        details: {
          items_created: 0,
          items_new_versions: 1,
          items_unchanged: 351,
          terms_created: 0,
          terms_new_versions: 0,
          terms_unchanged: 132,
        },
      });

      // That revision is now loaded: loading it again writes nothing.
      expect(await loader.load(dir)).toBe(false);
      expect(await count('SELECT count(*) AS n FROM items')).toBe(itemsBefore + 1);
      expect(await count('SELECT count(*) AS n FROM item_bank_loads')).toBe(2);
    });

    it("leaves admins' edits of entries the new release did not change", async () => {
      const [edited, retired] = SHIPPED.items.filter((i) => i.skill === 'statistics-math');
      const v1 = (await listAll<ItemBody>(asAdmin, '/api/items', { ref: edited!.ref }))[0]!;
      const v2 = await asAdmin
        .patch(`/api/items/${v1.id}`)
        .send({ rationale: `${v1.rationale} (clarified by an admin)`, reviewedBy: 'admin-reader' })
        .expect(200);
      await asAdmin.post(`/api/items/${(v2.body as ItemBody).id}/activate`).expect(200);
      const other = (await listAll<ItemBody>(asAdmin, '/api/items', { ref: retired!.ref }))[0]!;
      await asAdmin.post(`/api/items/${other.id}/retire`).expect(200);

      // A later release changes one term of another skill only.
      const later = mkdtempSync(join(tmpdir(), 'sift-bank-'));
      try {
        cpSync(dir, later, { recursive: true });
        const file = join(later, 'llm-nlp.json');
        const json = JSON.parse(readFileSync(file, 'utf8')) as { checklist: { term: string }[] };
        json.checklist[0]!.term = `${json.checklist[0]!.term} (renamed)`;
        writeFileSync(file, JSON.stringify(json, null, 2));
        expect(await t.app.get(BankContentLoader).load(later)).toBe(true);
      } finally {
        rmSync(later, { recursive: true, force: true });
      }
      expect(await versionsOf('items', edited!.ref)).toEqual(['1:retired', '2:active']);
      expect(await versionsOf('items', retired!.ref)).toEqual(['1:retired']);
      const events = await importEvents();
      expect(events.at(-1)!.details).toMatchObject({
        items_new_versions: 0,
        items_unchanged: 352,
        terms_new_versions: 1,
      });
    });
  });
});
