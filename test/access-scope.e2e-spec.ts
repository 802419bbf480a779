import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Caller } from '../src/auth/caller';
import { Role } from '../src/auth/roles';
import { ScopePolicy, visibleTo } from '../src/auth/scope';
import { createStaff } from './factories/staff';
import { startTestApp, TestApp } from './harness/app';

// A stand-in for requisitions and their hiring teams, in this test's own database.
const policy: ScopePolicy = {
  admin: 'all',
  recruiter: 'all',
  hiring_manager: (alias, caller) => ({
    sql: `EXISTS (SELECT 1 FROM probe_team pt WHERE pt.probe_id = ${alias}.id AND pt.user_id = :scopeUserId)`,
    params: { scopeUserId: caller.userId },
  }),
};

const onlyAdmins: ScopePolicy = { admin: 'all', recruiter: 'none', hiring_manager: 'none' };

describe('visibleTo (record scoping by role)', () => {
  let t: TestApp;
  let manager: string;
  let other: string;

  beforeAll(async () => {
    t = await startTestApp();
    manager = (await createStaff(t, ['hiring_manager'])).id;
    other = (await createStaff(t, ['hiring_manager'])).id;
    const client = new Client({ connectionString: t.database!.url });
    await client.connect();
    await client.query('CREATE TABLE probe (id int PRIMARY KEY, title text)');
    await client.query('CREATE TABLE probe_team (probe_id int, user_id uuid)');
    await client.query(`INSERT INTO probe VALUES (1, 'a'), (2, 'b'), (3, 'c')`);
    await client.query('INSERT INTO probe_team VALUES (1, $1), (2, $1), (3, $2)', [manager, other]);
    await client.end();
  });
  afterAll(() => t.close());

  async function visibleIds(roles: Role[], userId: string, rules = policy): Promise<number[]> {
    const caller: Caller = { userId, roles, via: 'session', requestId: 'r', clientAddress: null };
    const qb = t.app
      .get(DataSource)
      .createQueryBuilder()
      .select('p.id', 'id')
      .from('probe', 'p')
      .orderBy('p.id');
    const rows = await visibleTo(qb, 'p', caller, rules).getRawMany<{ id: number }>();
    return rows.map((row) => row.id);
  }

  it.each<[string, Role[], () => string, number[]]>([
    ['an admin sees everything', ['admin'], () => manager, [1, 2, 3]],
    ['a recruiter sees everything', ['recruiter'], () => manager, [1, 2, 3]],
    ['a hiring manager sees only their teams', ['hiring_manager'], () => manager, [1, 2]],
    ['another hiring manager sees only theirs', ['hiring_manager'], () => other, [3]],
    ['roles combine as a union', ['hiring_manager', 'recruiter'], () => manager, [1, 2, 3]],
    ['no roles see nothing', [], () => manager, []],
  ])('%s', async (_name, roles, userId, expected) => {
    expect(await visibleIds(roles, userId())).toEqual(expected);
  });

  it("'none' hides everything from that role, and a condition never leaks across callers", async () => {
    expect(await visibleIds(['recruiter'], manager, onlyAdmins)).toEqual([]);
    expect(await visibleIds(['hiring_manager'], '00000000-0000-4000-8000-000000000000')).toEqual(
      [],
    );
  });
});
