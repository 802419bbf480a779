import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createApplication, createCandidate } from './factories/candidates';
import { bandsCsv, importBands, offerSubject, OfferSubject, usd } from './factories/compensation';
import { createStaff, signIn, SignedIn } from './factories/staff';
import { startTestApp, TestApp } from './harness/app';
import { sql } from './harness/sql';

interface Body {
  [key: string]: unknown;
}
interface ErrorBody {
  code: string;
  details?: { field: string; messages: string[] }[];
}

const DATA_ENGINEER_US = {
  family: 'data-engineer',
  level: 'senior',
  country: 'US',
  currency: 'USD',
  basis: 'base' as const,
  date: '2026-01-01',
  p: [100000, 120000, 140000, 160000, 200000],
  sample: 120,
};

describe('offer benchmarking', () => {
  let t: TestApp;
  let asAdmin: SignedIn;
  let asRecruiter: SignedIn;
  let asManager: SignedIn;
  let asOtherManager: SignedIn;
  let adminId: string;
  let managerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await createStaff(t, ['admin']);
    const manager = await createStaff(t, ['hiring_manager']);
    [adminId, managerId] = [admin.id, manager.id];
    asAdmin = await signIn(t, admin);
    asRecruiter = await signIn(t, await createStaff(t, ['recruiter']));
    asManager = await signIn(t, manager);
    asOtherManager = await signIn(t, await createStaff(t, ['hiring_manager']));
  });
  afterAll(() => t.close());

  const draft = async (subject: OfferSubject, terms: Body): Promise<Body> =>
    (
      await asRecruiter
        .post('/api/offers')
        .send({ applicationId: subject.applicationId, ...terms })
        .expect(201)
    ).body as Body;
  const benchmark = (id: string, body: Body = {}) =>
    asRecruiter.post(`/api/offers/${id}/benchmark`).send(body);
  const subjectOf = (
    roleFamilyId: string,
    level: 'junior' | 'mid' | 'senior' | 'staff' | 'principal',
    country: string,
    extra: Partial<Parameters<typeof offerSubject>[1]> = {},
  ) => offerSubject(t, { createdBy: adminId, roleFamilyId, level, country, ...extra });
  const preview = (body: Body) => asRecruiter.post('/api/offers/preview').send(body);
  const codeOf = async (req: request.Test, status: number) =>
    ((await req.expect(status)).body as ErrorBody).code;
  const move = (client: SignedIn, id: string, to: string) =>
    client.post(`/api/offers/${id}/transitions`).send({ to });

  it('ships the seed bands and FX rates, with their sources, readable by all staff', async () => {
    const india = await asManager
      .get('/api/salary-bands?roleFamilyId=ai-engineer&country=IN')
      .expect(200);
    expect(india.body.items).toHaveLength(1);
    expect(india.body.items[0]).toMatchObject({
      level: 'mid',
      payBasis: 'base',
      effectiveFrom: '2025-11-25',
      p50: null,
      p90: { amount: 306000000, currency: 'INR' },
      mean: { amount: 114500000, currency: 'INR' },
      sampleSize: null,
      sourceUrl: 'https://www.glassdoor.co.in',
      createdBy: null,
    });
    expect(india.body.items[0].method).toContain('average, not a median');
    const us = await asManager
      .get('/api/salary-bands?roleFamilyId=ai-engineer&country=US&payBasis=total')
      .expect(200);
    expect(us.body.items[0]).toMatchObject({
      p50: usd(13900000),
      p90: usd(20700000),
      source: expect.stringContaining('median total pay'),
    });
    const before = await asManager
      .get('/api/salary-bands?roleFamilyId=ai-engineer&asOf=2025-11-24')
      .expect(200);
    expect(before.body.items).toEqual([]);
    const firstPage = await asManager
      .get('/api/salary-bands?roleFamilyId=ai-engineer&asOf=2025-11-25&limit=4')
      .expect(200);
    const secondPage = await asManager
      .get(`/api/salary-bands?roleFamilyId=ai-engineer&limit=4&cursor=${firstPage.body.nextCursor}`)
      .expect(200);
    expect([...firstPage.body.items, ...secondPage.body.items]).toHaveLength(6);
    expect(secondPage.body.nextCursor).toBeNull();
    const rates = await asManager.get('/api/fx-rates?base=GBP&quote=USD').expect(200);
    expect(rates.body.items).toEqual([
      expect.objectContaining({ rate: '1.259', effectiveFrom: '2025-11-25', createdBy: null }),
    ]);
    await asManager.get('/api/salary-bands?asOf=2025-02-30').expect(400);
    await asManager.get('/api/salary-bands?cursor=bad!').expect(400);
  });

  it('adds a band row (admins), refusing bad, unordered and duplicate bands', async () => {
    const band = {
      roleFamilyId: 'ai-consultant',
      level: 'senior',
      country: 'SG',
      payBasis: 'base',
      effectiveFrom: '2026-02-01',
      p25: { amount: 10000000, currency: 'SGD' },
      p50: { amount: 12000000, currency: 'SGD' },
      p75: { amount: 15000000, currency: 'SGD' },
      sampleSize: 44,
      source: 'Regional survey',
      sourceUrl: 'https://example.com/sg',
    };
    await asRecruiter.post('/api/salary-bands').send(band).expect(403);
    const created = await asAdmin.post('/api/salary-bands').send(band).expect(201);
    expect(created.body).toMatchObject({
      currency: 'SGD',
      p10: null,
      p50: { amount: 12000000, currency: 'SGD' },
      createdBy: adminId,
      method: '',
    });
    expect((await asManager.get(`/api/salary-bands/${created.body.id}`).expect(200)).body).toEqual(
      created.body,
    );
    const duplicate = await asAdmin.post('/api/salary-bands').send(band).expect(409);
    expect(duplicate.body.code).toBe('SALARY_BAND_EXISTS');
    const cases: [Body, number, string, string][] = [
      [{ p25: { amount: 13000000, currency: 'SGD' } }, 422, 'SALARY_BAND_INVALID', 'percentiles'],
      [{ roleFamilyId: 'astronaut' }, 422, 'SALARY_BAND_INVALID', 'roleFamilyId'],
      [{ p75: { amount: 15000000, currency: 'USD' } }, 400, 'VALIDATION_FAILED', 'p75.currency'],
      [
        { p25: undefined, p50: undefined, p75: undefined },
        422,
        'SALARY_BAND_INVALID',
        'percentiles',
      ],
      [{ level: 'lead' }, 400, 'VALIDATION_FAILED', 'level'],
      [{ p50: { amount: -1, currency: 'SGD' } }, 400, 'VALIDATION_FAILED', 'p50.amount'],
      [{ p50: { amount: 1.5, currency: 'SGD' } }, 400, 'VALIDATION_FAILED', 'p50.amount'],
      [{ p50: { amount: 1, currency: 'XXX' } }, 400, 'VALIDATION_FAILED', 'p50.currency'],
      [{ sourceUrl: 'javascript:alert(1)' }, 400, 'VALIDATION_FAILED', 'sourceUrl'],
      [{ effectiveFrom: '2026-13-01' }, 400, 'VALIDATION_FAILED', 'effectiveFrom'],
      [{ effectiveFrom: '0000-01-01' }, 400, 'VALIDATION_FAILED', 'effectiveFrom'],
      [{ sampleSize: 3_000_000_000 }, 400, 'VALIDATION_FAILED', 'sampleSize'],
    ];
    for (const [change, status, code, field] of cases) {
      const res = await asAdmin
        .post('/api/salary-bands')
        .send({ ...band, effectiveFrom: '2026-03-01', ...change })
        .expect(status);
      expect([res.body.code, (res.body as ErrorBody).details?.map((d) => d.field)]).toEqual([
        code,
        expect.arrayContaining([field]),
      ]);
    }
    const rows = await sql(t, `SELECT 1 FROM salary_bands WHERE role_family_id = 'ai-consultant'`);
    expect(rows).toHaveLength(1);
    const audit = await sql<{ details: Body }>(
      t,
      `SELECT details FROM audit_events WHERE action = 'salary_band.created' AND subject_id = $1`,
      [created.body.id],
    );
    expect(audit[0]?.details).toMatchObject({ roleFamilyId: 'ai-consultant', country: 'SG' });
    await asAdmin.get(`/api/salary-bands/${randomUUID()}`).expect(404);
  });

  it('imports bands from CSV: dry run, row-level errors, all or nothing, export round trip', async () => {
    const row = {
      family: 'computer-vision-engineer',
      level: 'staff',
      country: 'JP',
      currency: 'JPY',
      basis: 'base' as const,
      date: '2026-04-01',
      p: [9000000, 10000000, 12000000, 14000000, 17000000],
      sample: 80,
    };
    const rows = [
      row,
      { ...row, basis: 'total' as const, p: [null, 12000000, 15000000, 18000000, null] },
    ];
    const count = async () =>
      (await sql(t, `SELECT 1 FROM salary_bands WHERE country = 'JP'`)).length;

    const dry = await importBands(asAdmin, rows, true).expect(200);
    expect(dry.body).toEqual({ dryRun: true, rows: 2, created: 2, unchanged: 0, bands: [] });
    expect(await count()).toBe(0);

    const bad = bandsCsv([
      { ...row, p: [9000000, 8000000, null, null, null] },
      { ...row, level: 'senior', currency: 'XYZ' },
      { ...row, level: 'mid', p: [null, null, -5, null, null] },
      row,
      row,
    ]);
    for (const dryRun of [true, false]) {
      const refused = await importBands(asAdmin, bad, dryRun).expect(422);
      expect(refused.body.code).toBe('SALARY_BAND_IMPORT_INVALID');
      expect((refused.body as ErrorBody).details).toEqual([
        {
          field: 'line 2: percentiles',
          messages: ['p25 is below p10: percentiles must be ordered'],
        },
        { field: 'line 3: currency', messages: ['unknown currency "XYZ"'] },
        { field: 'line 4: p50', messages: ['must not be negative'] },
        {
          field: 'line 6: (row)',
          messages: [
            'duplicate of line 5: same role family, level, country, currency, pay basis and effective date',
          ],
        },
      ]);
    }
    expect(await count()).toBe(0);

    await importBands(asRecruiter, rows).expect(403);
    const done = await importBands(asAdmin, rows).expect(200);
    expect(done.body).toMatchObject({ dryRun: false, rows: 2, created: 2, unchanged: 0 });
    expect(done.body.bands[1]).toMatchObject({
      payBasis: 'total',
      p10: null,
      p50: { amount: 15000000, currency: 'JPY' },
      sampleSize: 80,
      createdBy: adminId,
    });
    expect(await count()).toBe(2);

    const exported = await asManager
      .get('/api/salary-bands/export?country=JP')
      .expect(200)
      .expect('content-type', /text\/csv/);
    expect(exported.text).toBe(bandsCsv(rows).replace(/\n/g, '\r\n'));
    const again = await importBands(asAdmin, exported.text).expect(200);
    expect(again.body).toMatchObject({ rows: 2, created: 0, unchanged: 2, bands: [] });
    const changed = await importBands(asAdmin, [{ ...row, sample: 81 }]).expect(422);
    expect((changed.body as ErrorBody).details?.[0]?.messages[0]).toContain(
      'stored with other figures',
    );
    expect(await count()).toBe(2);

    const notMultipart = await asAdmin
      .post('/api/salary-bands/import')
      .send({ csv: 'x' })
      .expect(400);
    expect(notMultipart.body.code).toBe('SALARY_BAND_FILE_INVALID');
    const audit = await sql<{ details: Body }>(
      t,
      `SELECT details FROM audit_events WHERE action = 'salary_band.imported' ORDER BY id`,
    );
    expect(audit.map((a) => a.details)).toEqual([
      { rows: 2, created: 2, unchanged: 0 },
      { rows: 2, created: 0, unchanged: 2 },
    ]);
  });

  it('adds FX rates (admins), one per pair and date, rates as exact decimal strings', async () => {
    const rate = {
      base: 'JPY',
      quote: 'USD',
      rate: '0.00664',
      effectiveFrom: '2026-01-01',
      source: 'Test',
    };
    await asRecruiter.post('/api/fx-rates').send(rate).expect(403);
    const created = await asAdmin.post('/api/fx-rates').send(rate).expect(201);
    expect(created.body).toMatchObject({ ...rate, sourceUrl: null, createdBy: adminId });
    expect((await asAdmin.post('/api/fx-rates').send(rate).expect(409)).body.code).toBe(
      'FX_RATE_EXISTS',
    );
    for (const change of [
      { quote: 'JPY' },
      { rate: '1e3' },
      { rate: '-1' },
      { rate: '0' },
      { rate: 1.5 },
      { base: 'XXX' },
      { effectiveFrom: '2026-02-30' },
    ]) {
      const res = await asAdmin
        .post('/api/fx-rates')
        .send({ ...rate, effectiveFrom: '2026-02-01', ...change })
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    const later = await asAdmin
      .post('/api/fx-rates')
      .send({ ...rate, rate: '0.0070', effectiveFrom: '2026-05-01' })
      .expect(201);
    expect(later.body.rate).toBe('0.007');
    const inForce = async (asOf: string) =>
      (
        (await asManager.get(`/api/fx-rates?base=JPY&asOf=${asOf}`).expect(200)).body
          .items as Body[]
      ).map((r) => r.rate);
    expect(await inForce('2026-04-30')).toEqual(['0.00664']);
    expect(await inForce('2026-05-01')).toEqual(['0.007']);
  });

  it('benchmarks an offer converted from another currency, and keeps the stored benchmark when newer bands arrive', async () => {
    await importBands(asAdmin, [DATA_ENGINEER_US]).expect(200);
    const subject = await subjectOf('data-engineer', 'senior', 'US', {
      budget: { min: 12000000, max: 18000000, currency: 'USD', payBasis: 'base' },
      team: [managerId],
      expected: { amount: 15000000, currency: 'USD', payBasis: 'base' },
    });
    const terms = { base: { amount: 10000000, currency: 'GBP' }, offerDate: '2026-06-01' };
    const offer = await draft(subject, terms);
    expect(offer).toMatchObject({
      status: 'draft',
      payBasis: 'base',
      total: { amount: 10000000, currency: 'GBP' },
      bonusTarget: { amount: 0, currency: 'GBP' },
      currentBenchmarkId: null,
    });
    const stored = (await benchmark(offer.id as string).expect(200)).body as Body;
    // 100,000.00 GBP x 1.259 (seed rate, 2025-11-25) = 125,900.00 USD: between p25 and p50.
    expect(stored).toMatchObject({
      offerId: offer.id,
      asOf: '2026-06-01',
      offer: { amount: 10000000, currency: 'GBP' },
      converted: usd(12590000),
      position: { kind: 'within', percentile: 32.4 },
      compaRatio: 0.899,
      rangePenetration: 0.259,
      band: { level: 'senior', effectiveFrom: '2026-01-01', fallback: null, p50: usd(14000000) },
      fx: [{ base: 'GBP', quote: 'USD', rate: '1.259', effectiveFrom: '2025-11-25' }],
      budget: { compared: true, offer: usd(12590000) },
      // 150,000.00 USD / 1.259 = 119,142.18 GBP (half-even): the offer is more than 10% below.
      expectation: { compared: true, expected: { amount: 11914218, currency: 'GBP' } },
      blocking: false,
      target: { available: false, amount: null },
      remoteWhatIf: null,
    });
    expect((stored.flags as Body[]).map((f) => f.code)).toEqual(['below_expectation']);
    const [row] = await sql<{ band_id: string; fx_rate_ids: string[] }>(
      t,
      'SELECT band_id, fx_rate_ids FROM offer_benchmarks WHERE id = $1',
      [stored.id],
    );
    expect(row).toEqual({
      band_id: (stored.band as Body).id,
      fx_rate_ids: [(stored.fx as Body[])[0]!.id],
    });
    expect(
      (await asRecruiter.get(`/api/offers/${offer.id as string}`).expect(200)).body
        .currentBenchmarkId,
    ).toBe(stored.id);

    // A newer band for the same key, in force before the offer date.
    await importBands(asAdmin, [
      { ...DATA_ENGINEER_US, date: '2026-05-01', p: [110000, 130000, 150000, 170000, 210000] },
    ]).expect(200);
    const history = await asManager.get(`/api/offers/${offer.id as string}/benchmarks`).expect(200);
    expect(history.body).toEqual({ items: [stored], nextCursor: null });
    const fresh = await preview({ applicationId: subject.applicationId, ...terms }).expect(200);
    expect(fresh.body).toMatchObject({
      band: { effectiveFrom: '2026-05-01' },
      position: { kind: 'within', percentile: 21.9 },
    });
    await asManager.get(`/api/salary-bands/${(stored.band as Body).id as string}`).expect(200);
    expect(await sql(t, 'SELECT 1 FROM offer_benchmarks')).toHaveLength(1);
  });

  it('uses the band and FX rows in force on the offer date, either side of a change', async () => {
    const row = { ...DATA_ENGINEER_US, country: 'CA', currency: 'CAD' };
    await importBands(asAdmin, [
      row,
      { ...row, date: '2026-03-01', p: [120000, 140000, 160000, 180000, 220000] },
    ]).expect(200);
    for (const [rate, effectiveFrom] of [
      ['1.5', '2026-01-01'],
      ['1.6', '2026-04-01'],
    ])
      await asAdmin
        .post('/api/fx-rates')
        .send({ base: 'CHF', quote: 'CAD', rate, effectiveFrom, source: 'Test' })
        .expect(201);
    const subject = await subjectOf('data-engineer', 'senior', 'CA', {
      budget: { min: 10000000, max: 30000000, currency: 'CAD', payBasis: 'base' },
    });
    const on = async (base: Body, offerDate: string) =>
      (await preview({ applicationId: subject.applicationId, base, offerDate }).expect(200))
        .body as Body;
    const cad = { amount: 14000000, currency: 'CAD' };
    expect(await on(cad, '2026-02-28')).toMatchObject({
      band: { effectiveFrom: '2026-01-01' },
      position: { kind: 'within', percentile: 50 },
      fx: [],
    });
    expect(await on(cad, '2026-03-01')).toMatchObject({
      band: { effectiveFrom: '2026-03-01' },
      position: { kind: 'within', percentile: 25 },
    });
    const chf = { amount: 10000000, currency: 'CHF' };
    expect(await on(chf, '2026-03-31')).toMatchObject({
      converted: { amount: 15000000, currency: 'CAD' },
      position: { kind: 'within', percentile: 37.5 },
      fx: [{ rate: '1.5', effectiveFrom: '2026-01-01' }],
    });
    expect(await on(chf, '2026-04-01')).toMatchObject({
      converted: { amount: 16000000, currency: 'CAD' },
      position: { kind: 'within', percentile: 50 },
      fx: [{ rate: '1.6', effectiveFrom: '2026-04-01' }],
    });
    const noRate = await preview({
      applicationId: subject.applicationId,
      base: { amount: 1, currency: 'KRW' },
      offerDate: '2026-04-01',
    }).expect(422);
    expect(noRate.body.code).toBe('FX_RATE_MISSING');
    const tooEarly = await preview({
      applicationId: subject.applicationId,
      base: cad,
      offerDate: '2025-12-31',
    }).expect(422);
    expect(tooEarly.body.code).toBe('NO_MATCHING_BAND');
  });

  it('falls back to the nearest level (flagged) and answers NO_MATCHING_BAND when there is none', async () => {
    const fallback = await subjectOf('mlops-engineer', 'senior', 'US', {
      budget: { min: 10000000, max: 20000000, currency: 'USD', payBasis: 'base' },
    });
    const res = await preview({
      applicationId: fallback.applicationId,
      base: usd(12000000),
      offerDate: '2026-12-01',
    }).expect(200);
    // The seed mid band (2025-11-25, sample not published): 120,000 between p50 106,000 and p75 131,000.
    expect(res.body).toMatchObject({
      band: {
        level: 'mid',
        fallback: { requestedLevel: 'senior', usedLevel: 'mid' },
        p50: usd(10600000),
      },
      position: { kind: 'within', percentile: 64 },
      compaRatio: 1.132,
      rangePenetration: 0.562,
    });
    expect(res.body.band.method).toContain('rule F');
    const flags = res.body.flags as Body[];
    expect(flags.map((f) => f.code)).toEqual(['stale_band', 'small_sample', 'fallback_band']);
    expect(flags.every((f) => f.blocking === false)).toBe(true);
    const none = await subjectOf('data-scientist', 'senior', 'GB', {
      budget: { min: 1, max: 20000000, currency: 'GBP', payBasis: 'base' },
    });
    const refused = await preview({
      applicationId: none.applicationId,
      base: { amount: 9000000, currency: 'GBP' },
    }).expect(422);
    expect(refused.body).toMatchObject({ code: 'NO_MATCHING_BAND' });
    expect(refused.body.message).toContain('data-scientist in GB');
  });

  it('requires an admin to approve an offer with a blocking flag, and nothing is sent unapproved', async () => {
    const row = {
      ...DATA_ENGINEER_US,
      country: 'DE',
      currency: 'EUR',
      p: [60000, 70000, 80000, 90000, 100000],
      sample: 10,
    };
    await importBands(asAdmin, [row]).expect(200);
    const german = () =>
      subjectOf('data-engineer', 'senior', 'DE', {
        budget: { min: 7000000, max: 9500000, currency: 'EUR', payBasis: 'base' },
      });
    const high = await draft(await german(), {
      base: { amount: 10100000, currency: 'EUR' },
      startDate: '2026-08-01',
      offerDate: '2026-06-01',
    });
    const id = high.id as string;
    expect((await move(asRecruiter, id, 'pending_approval').expect(409)).body.code).toBe(
      'OFFER_BENCHMARK_REQUIRED',
    );
    const result = (await benchmark(id).expect(200)).body as Body;
    expect((result.flags as Body[]).map((f) => [f.code, f.blocking])).toEqual([
      ['above_p90', true],
      ['over_budget', true],
      ['small_sample', false],
    ]);
    expect(result).toMatchObject({
      blocking: true,
      position: { kind: 'above', percentile: 90 },
      rangePenetration: 1.025,
    });
    await move(asRecruiter, id, 'pending_approval').expect(200);
    expect((await move(asRecruiter, id, 'approved').expect(403)).body.code).toBe(
      'OFFER_ADMIN_APPROVAL_REQUIRED',
    );
    expect((await move(asRecruiter, id, 'sent').expect(409)).body.code).toBe(
      'OFFER_ILLEGAL_TRANSITION',
    );
    await asManager.post(`/api/offers/${id}/transitions`).send({ to: 'approved' }).expect(403);
    const approved = await move(asAdmin, id, 'approved').expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvedBy: adminId });
    expect(approved.body.approvedAt).toEqual(expect.any(String));
    expect(
      (
        await asRecruiter
          .patch(`/api/offers/${id}`)
          .send({ base: { amount: 1, currency: 'EUR' } })
          .expect(409)
      ).body.code,
    ).toBe('OFFER_NOT_EDITABLE');
    expect((await benchmark(id).expect(409)).body.code).toBe('OFFER_NOT_EDITABLE');
    await move(asRecruiter, id, 'sent').expect(200);
    await move(asRecruiter, id, 'accepted').expect(200);
    expect((await move(asAdmin, id, 'declined').expect(409)).body.code).toBe(
      'OFFER_ILLEGAL_TRANSITION',
    );
    const moves = await sql<{ details: Body }>(
      t,
      `SELECT details FROM audit_events WHERE action = 'offer.status_changed' AND subject_id = $1 ORDER BY id`,
      [id],
    );
    expect(moves.map((m) => [m.details.from, m.details.to, m.details.blocking])).toEqual([
      ['draft', 'pending_approval', true],
      ['pending_approval', 'approved', true],
      ['approved', 'sent', true],
      ['sent', 'accepted', true],
    ]);

    // Without a blocking flag a recruiter approves; an edit drops the benchmark.
    const fair = await draft(await german(), {
      base: { amount: 8000000, currency: 'EUR' },
      offerDate: '2026-06-01',
    });
    const fairId = fair.id as string;
    await benchmark(fairId).expect(200);
    const edited = await asRecruiter
      .patch(`/api/offers/${fairId}`)
      .send({ bonusTarget: { amount: 500000, currency: 'EUR' } })
      .expect(200);
    expect(edited.body).toMatchObject({
      currentBenchmarkId: null,
      total: { amount: 8500000, currency: 'EUR' },
    });
    await move(asRecruiter, fairId, 'pending_approval').expect(409);
    await benchmark(fairId).expect(200);
    await move(asRecruiter, fairId, 'pending_approval').expect(200);
    await move(asRecruiter, fairId, 'draft').expect(200);
    await move(asRecruiter, fairId, 'pending_approval').expect(200);
    await move(asRecruiter, fairId, 'approved').expect(200);
    expect(
      (await asRecruiter.get(`/api/offers/${fairId}/benchmarks`).expect(200)).body.items,
    ).toHaveLength(2);
  });

  it('never mixes base and total pay', async () => {
    const row = { ...DATA_ENGINEER_US, level: 'mid', p: [90000, 100000, 110000, 120000, 130000] };
    await importBands(asAdmin, [row]).expect(200);
    const subject = await subjectOf('data-engineer', 'mid', 'US', {
      budget: { min: 10000000, max: 30000000, currency: 'USD', payBasis: 'total' },
      expected: { amount: 14000000, currency: 'USD', payBasis: 'base' },
    });
    const offer = await draft(subject, {
      base: usd(10000000),
      bonusTarget: usd(1000000),
      equityPerYear: usd(2000000),
      offerDate: '2026-06-01',
    });
    expect(offer.payBasis).toBe('total');
    const none = await benchmark(offer.id as string).expect(422);
    expect(none.body.code).toBe('NO_MATCHING_BAND');
    await importBands(asAdmin, [
      { ...row, basis: 'total', p: [110000, 130000, 150000, 170000, 190000] },
    ]).expect(200);
    const result = await benchmark(offer.id as string).expect(200);
    expect(result.body).toMatchObject({
      payBasis: 'total',
      offer: usd(13000000),
      band: { payBasis: 'total', p25: usd(13000000) },
      position: { kind: 'within', percentile: 25 },
      budget: { compared: true, offer: usd(13000000) },
      expectation: { compared: false, expected: null },
    });
    expect(result.body.expectation.note).toBe(
      'The expectation is on base pay and the offer on total pay: not compared',
    );
  });

  it('positions a remote offer in every region, beside the skill-adjusted target', async () => {
    const subject = await subjectOf('ai-engineer', 'mid', 'US', {
      remote: true,
      budget: { min: 10000000, max: 15000000, currency: 'USD', payBasis: 'base' },
    });
    const offer = await draft(subject, { base: usd(12000000), offerDate: '2026-12-01' });
    const res = await benchmark(offer.id as string, { fitScore: 80 }).expect(200);
    expect(res.body.target).toMatchObject({
      available: true,
      fitScore: 80,
      percentile: 65,
      amount: usd(12100000),
    });
    expect(res.body.offer).toEqual(usd(12000000));
    const regions = res.body.remoteWhatIf as Body[];
    expect(regions.map((r) => r.country)).toEqual(['CN', 'DE', 'IN', 'US']);
    expect(regions.find((r) => r.country === 'DE')).toMatchObject({
      converted: { amount: 10938924, currency: 'EUR' },
      position: { kind: 'above', percentile: 90 },
    });
    expect(regions.find((r) => r.country === 'IN')).toMatchObject({
      converted: { amount: 995850622, currency: 'INR' },
      position: { kind: 'above', percentile: 90 },
      compaRatio: null,
      rangePenetration: null,
    });
    expect(regions.find((r) => r.country === 'US')).toMatchObject({
      position: { kind: 'within', percentile: 64 },
    });
    const bad = await benchmark(offer.id as string, { fitScore: 101 }).expect(400);
    expect(bad.body.details[0].field).toBe('fitScore');
  });

  it('shows hiring managers only the offers of their own requisitions', async () => {
    const subject = await subjectOf('ai-engineer', 'mid', 'US', { team: [managerId] });
    const offer = await draft(subject, { base: usd(11000000), offerDate: '2026-12-01' });
    const id = offer.id as string;
    await benchmark(id).expect(200);
    expect((await asManager.get(`/api/offers/${id}`).expect(200)).body).toMatchObject({
      id,
      applicationId: subject.applicationId,
    });
    await asManager.get(`/api/offers/${id}/benchmarks`).expect(200);
    expect((await asOtherManager.get(`/api/offers/${id}`).expect(404)).body.code).toBe(
      'OFFER_NOT_FOUND',
    );
    await asOtherManager.get(`/api/offers/${id}/benchmarks`).expect(404);
    const mine = await asManager
      .get(`/api/offers?requisitionId=${subject.requisitionId}`)
      .expect(200);
    expect((mine.body.items as Body[]).map((o) => o.id)).toEqual([id]);
    const theirs = await asOtherManager.get('/api/offers').expect(200);
    expect(theirs.body.items).toEqual([]);
    await asManager
      .post('/api/offers')
      .send({ applicationId: subject.applicationId, base: usd(1) })
      .expect(403);
    await asManager.post(`/api/offers/${id}/benchmark`).send({}).expect(403);
    await asManager
      .post('/api/offers/preview')
      .send({ applicationId: subject.applicationId, base: usd(1) })
      .expect(403);
    const all = await asAdmin
      .get(`/api/offers?applicationId=${subject.applicationId}&status=draft`)
      .expect(200);
    expect(all.body.items).toHaveLength(1);
  });

  it('refuses bad offers with clear codes', async () => {
    const subject = await subjectOf('ai-engineer', 'mid', 'US');
    const applicationId = subject.applicationId;
    const cases: [Body, number, string][] = [
      [
        { base: usd(1), bonusTarget: { amount: 1, currency: 'EUR' } },
        400,
        'OFFER_CURRENCY_MISMATCH',
      ],
      [{ base: usd(0) }, 400, 'VALIDATION_FAILED'],
      [{ base: usd(Number.MAX_SAFE_INTEGER), bonusTarget: usd(1) }, 400, 'VALIDATION_FAILED'],
      [{ base: { amount: 100.5, currency: 'USD' } }, 400, 'VALIDATION_FAILED'],
      [
        { base: usd(1), offerDate: '2026-06-01', startDate: '2026-05-31' },
        400,
        'VALIDATION_FAILED',
      ],
      [{ base: usd(1), salary: 5 }, 400, 'VALIDATION_FAILED'],
      [{}, 400, 'VALIDATION_FAILED'],
      [{ base: usd(1), applicationId: 'nope' }, 400, 'VALIDATION_FAILED'],
      [{ base: usd(1), applicationId: randomUUID() }, 404, 'APPLICATION_NOT_FOUND'],
    ];
    for (const [body, status, code] of cases) {
      const res = await asRecruiter
        .post('/api/offers')
        .send({ applicationId, ...body })
        .expect(status);
      expect(res.body.code).toBe(code);
    }
    const offer = await draft(subject, { base: usd(10000000) });
    const [clock] = await sql<{ today: string }>(t, 'SELECT current_date::text AS today');
    expect(offer.offerDate).toBe(clock!.today);
    const id = offer.id as string;
    expect(
      await codeOf(asRecruiter.post('/api/offers').send({ applicationId, base: usd(1) }), 409),
    ).toBe('OFFER_EXISTS');
    for (const change of [{}, { base: null }, { startDate: '2000-01-01' }])
      expect(await codeOf(asRecruiter.patch(`/api/offers/${id}`).send(change), 400)).toBe(
        'VALIDATION_FAILED',
      );
    await move(asRecruiter, offer.id as string, 'bogus').expect(400);
    expect((await asRecruiter.get('/api/offers/not-a-uuid').expect(400)).body.code).toBe(
      'INVALID_ID',
    );
    expect((await asRecruiter.get(`/api/offers/${randomUUID()}`).expect(404)).body.code).toBe(
      'OFFER_NOT_FOUND',
    );
    await asRecruiter.get('/api/offers?status=lost').expect(400);

    const person = await createCandidate(t);
    const rejected = await createApplication(t, {
      candidateId: person.id,
      requisitionId: subject.requisitionId,
      actorId: adminId,
      stages: ['rejected'],
    });
    const closed = await asRecruiter
      .post('/api/offers')
      .send({ applicationId: rejected, base: usd(1) })
      .expect(409);
    expect(closed.body.code).toBe('OFFER_NOT_ALLOWED');
  });

  it('keeps bands, rates and benchmarks append-only in the database', async () => {
    await expect(sql(t, 'UPDATE salary_bands SET p50 = p50 + 1')).rejects.toThrow(/not allowed/);
    await expect(sql(t, 'DELETE FROM fx_rates')).rejects.toThrow(/not allowed/);
    await expect(sql(t, 'DELETE FROM offer_benchmarks')).rejects.toThrow(/not allowed/);
    await expect(
      sql(
        t,
        `INSERT INTO salary_bands (role_family_id, level, country, currency, pay_basis, effective_from, p25, p75, source)
         VALUES ('ai-engineer', 'junior', 'US', 'USD', 'base', '2026-01-01', 5, 4, 'x')`,
      ),
    ).rejects.toThrow(/check constraint/);
  });
});
