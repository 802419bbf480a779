import { startTestApp, TestApp } from './harness/app';

describe('GET / (landing page)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { SIFT_DEMO: 'true' } });
  });
  afterAll(() => t.close());

  it('renders the layout and page from templates/, under the strict CSP', async () => {
    const res = await t.http.get('/').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toMatch(/^<!doctype html>/);
    expect(res.text).toContain('<title>Welcome to Sift · Sift</title>');
    expect(res.text).toContain('is running in demo mode');
    expect(res.text).toContain('href="/api/docs"');
    expect(res.text).not.toMatch(/<script|style=/);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });
});
