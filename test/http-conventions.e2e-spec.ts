import { ConventionsFixtureModule } from './fixtures/conventions.fixture';
import { startTestApp, TestApp } from './harness/app';

const validOffer = { title: 'ML Engineer', salary: { amount: 15000000, currency: 'USD' } };

function expectErrorShape(body: Record<string, unknown>, status: number, code: string): void {
  expect(body).toMatchObject({ statusCode: status, code });
  expect(typeof body.error).toBe('string');
  expect(typeof body.message).toBe('string');
  expect(typeof body.requestId).toBe('string');
}

describe('HTTP conventions', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      imports: [ConventionsFixtureModule],
      env: { SIFT_BODY_LIMIT: '4096' },
    });
  });
  afterAll(() => t.close());

  it('accepts a valid body and returns it transformed into the DTO', async () => {
    const res = await t.http.post('/api/_fixture/offers').send(validOffer).expect(201);
    expect(res.body).toEqual({ ...validOffer, kind: 'FixtureOfferDto' });
  });

  describe('bad bodies get 4xx with the error shape, never 500', () => {
    it.each([
      ['malformed JSON', '{"title": "x",', 'MALFORMED_JSON'],
      ['truncated JSON', '{', 'MALFORMED_JSON'],
      ['prototype poisoning', '{"__proto__": {"admin": true}, "title": "x"}', 'MALFORMED_JSON'],
    ])('%s -> 400 %s', async (_name, raw, code) => {
      const res = await t.http
        .post('/api/_fixture/offers')
        .set('content-type', 'application/json')
        .send(raw)
        .expect(400);
      expectErrorShape(res.body, 400, code);
    });

    it('empty body with a JSON content type -> 400 MALFORMED_JSON', async () => {
      const res = await t.http
        .post('/api/_fixture/offers')
        .set('content-type', 'application/json')
        .expect(400);
      expectErrorShape(res.body, 400, 'MALFORMED_JSON');
    });

    it.each([
      ['an array', []],
      ['a string', 'offer'],
      ['a number', 42],
      ['null', null],
    ])('a body that is %s -> 400 VALIDATION_FAILED', async (_name, value) => {
      const res = await t.http
        .post('/api/_fixture/offers')
        .set('content-type', 'application/json')
        .send(JSON.stringify(value))
        .expect(400);
      expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
    });

    it('unknown fields are refused, naming each one', async () => {
      const res = await t.http
        .post('/api/_fixture/offers')
        .send({ ...validOffer, isAdmin: true, salary: { ...validOffer.salary, bonus: 1 } })
        .expect(400);
      expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      const fields = (res.body.details as { field: string }[]).map((d) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['isAdmin', 'salary.bonus']));
    });

    it.each([
      [
        'amount as a string',
        { ...validOffer, salary: { amount: '150000', currency: 'USD' } },
        'salary.amount',
      ],
      [
        'amount as a float',
        { ...validOffer, salary: { amount: 1500.5, currency: 'USD' } },
        'salary.amount',
      ],
      [
        'negative amount',
        { ...validOffer, salary: { amount: -1, currency: 'USD' } },
        'salary.amount',
      ],
      [
        'amount beyond 2^53',
        { ...validOffer, salary: { amount: 2 ** 60, currency: 'USD' } },
        'salary.amount',
      ],
      [
        'unknown currency',
        { ...validOffer, salary: { amount: 1, currency: 'XXX' } },
        'salary.currency',
      ],
      [
        'lower-case currency',
        { ...validOffer, salary: { amount: 1, currency: 'usd' } },
        'salary.currency',
      ],
      ['missing money', { title: 'x' }, 'salary'],
      ['money as a number', { title: 'x', salary: 150000 }, 'salary'],
      ['title as a number', { ...validOffer, title: 7 }, 'title'],
      ['title too long', { ...validOffer, title: 'x'.repeat(101) }, 'title'],
      ['time without a zone', { ...validOffer, startsAt: '2026-01-05T09:00:00' }, 'startsAt'],
      ['impossible date', { ...validOffer, startsAt: '2026-02-31T09:00:00Z' }, 'startsAt'],
      ['tags not strings', { ...validOffer, tags: [1, 2] }, 'tags'],
      ['tags as a string', { ...validOffer, tags: 'a,b' }, 'tags'],
    ])('%s -> 400 naming %s', async (_name, body, field) => {
      const res = await t.http.post('/api/_fixture/offers').send(body).expect(400);
      expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      expect((res.body.details as { field: string }[]).map((d) => d.field)).toContain(field);
    });

    it('a body over SIFT_BODY_LIMIT -> 413 PAYLOAD_TOO_LARGE', async () => {
      const res = await t.http
        .post('/api/_fixture/offers')
        .send({ ...validOffer, title: 'x'.repeat(10_000) })
        .expect(413);
      expectErrorShape(res.body, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('an unsupported content type -> 415', async () => {
      const res = await t.http
        .post('/api/_fixture/offers')
        .set('content-type', 'application/xml')
        .send('<offer/>')
        .expect(415);
      expectErrorShape(res.body, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });

  describe('ids, pagination and unknown routes', () => {
    it('a malformed id -> 400 INVALID_ID', async () => {
      const res = await t.http.get('/api/_fixture/things/not-a-uuid').expect(400);
      expectErrorShape(res.body, 400, 'INVALID_ID');
    });

    it('a UUID id passes through', async () => {
      const id = '4f6d3c5e-9a1b-4c2d-8e7f-0a1b2c3d4e5f';
      await t.http.get(`/api/_fixture/things/${id}`).expect(200, { id });
    });

    it('walks every page in order with no gaps or repeats', async () => {
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await t.http
          .get('/api/_fixture/numbers')
          .query(cursor ? { limit: '10', cursor } : { limit: '10' })
          .expect(200);
        seen.push(...(res.body.items as number[]));
        cursor = res.body.nextCursor as string | null;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    });

    it.each([
      ['limit=0', { limit: '0' }, 'VALIDATION_FAILED'],
      ['limit=abc', { limit: 'abc' }, 'VALIDATION_FAILED'],
      ['limit=1000', { limit: '1000' }, 'VALIDATION_FAILED'],
      ['a forged cursor', { cursor: 'bm90LWpzb24' }, 'INVALID_CURSOR'],
      ['a cursor with symbols', { cursor: '../../etc' }, 'VALIDATION_FAILED'],
      ['an unknown query parameter', { sort: 'x' }, 'VALIDATION_FAILED'],
    ])('%s -> 400 %s', async (_name, query, code) => {
      const res = await t.http.get('/api/_fixture/numbers').query(query).expect(400);
      expectErrorShape(res.body, 400, code);
    });

    it('an unknown route -> 404 ROUTE_NOT_FOUND', async () => {
      const res = await t.http.get('/api/nothing-here').expect(404);
      expectErrorShape(res.body, 404, 'ROUTE_NOT_FOUND');
    });
  });

  describe('unexpected errors', () => {
    it('-> 500 INTERNAL_ERROR without internals, logged with the request id', async () => {
      const res = await t.http.get('/api/_fixture/boom').expect(500);
      expectErrorShape(res.body, 500, 'INTERNAL_ERROR');
      expect(JSON.stringify(res.body)).not.toContain('hunter2');
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
      const logged = t.logs.find(
        (line) => line.msg === 'request failed' && line.requestId === res.body.requestId,
      );
      expect(logged).toMatchObject({ level: 'error', code: 'INTERNAL_ERROR' });
    });
  });

  describe('request ids, logs and headers', () => {
    it('every response carries a request id, and the error body repeats it', async () => {
      const res = await t.http.get('/api/nothing-here');
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body.requestId).toBe(res.headers['x-request-id']);
    });

    it('keeps a well-formed incoming X-Request-Id and replaces a hostile one', async () => {
      const kept = await t.http.get('/api/health').set('x-request-id', 'lb-trace-0001');
      expect(kept.headers['x-request-id']).toBe('lb-trace-0001');
      const replaced = await t.http
        .get('/api/health')
        .set('x-request-id', '<script>alert(1)</script>');
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('logs each request as one JSON line with the route template, never the query string', async () => {
      const res = await t.http
        .get('/api/_fixture/numbers')
        .query({ limit: '2', cursor: 'WzFd' })
        .expect(200);
      const line = t.logs.find(
        (l) => l.msg === 'request' && l.requestId === res.headers['x-request-id'],
      );
      expect(line).toMatchObject({
        method: 'GET',
        route: '/api/_fixture/numbers',
        status: 200,
        level: 'info',
      });
      expect(JSON.stringify(t.logs)).not.toContain('WzFd');
    });

    it('sends helmet headers and a strict CSP', async () => {
      const res = await t.http.get('/api/health').expect(200);
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    });
  });
});
