import { ConventionsFixtureModule } from './fixtures/conventions.fixture';
import { startTestApp, TestApp } from './harness/app';

interface RouteEntry {
  method: string;
  url: string;
}

const DOC_ROUTES = /^\/api\/docs/;
/** Web pages (outside /api) are HTML for people, not API operations; each is listed here. */
const PAGES = [
  'get /',
  'get /invite/:token',
  'post /invite/:token',
  'get /assessment',
  'get /reports/applications/:id',
  'get /reports/requisitions/:id/shortlist',
];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** /api/items/:id -> /api/items/{id}, the OpenAPI spelling. */
function toOpenApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

describe('OpenAPI document', () => {
  let t: TestApp;
  const routes: RouteEntry[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      imports: [ConventionsFixtureModule],
      beforeInit: (app) =>
        app
          .getHttpAdapter()
          .getInstance()
          .addHook('onRoute', (route) => {
            for (const method of [route.method].flat())
              routes.push({ method: method.toLowerCase(), url: route.url });
          }),
    });
  });
  afterAll(() => t.close());

  it('documents exactly the routes the router serves', async () => {
    const res = await t.http.get('/api/docs-json').expect(200);
    const doc = res.body as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((m) => METHODS.includes(m))
          .map((m) => `${m} ${path}`),
      )
      .sort();
    const all = routes.filter((r) => METHODS.includes(r.method) && !DOC_ROUTES.test(r.url));
    const served = all
      .filter((r) => r.url.startsWith('/api/'))
      .map((r) => `${r.method} ${toOpenApiPath(r.url)}`)
      .sort();
    const pages = all.filter((r) => !r.url.startsWith('/api/')).map((r) => `${r.method} ${r.url}`);
    expect(pages.sort()).toEqual([...PAGES].sort());
    expect(served).toContain('get /api/health');
    expect(documented).toEqual([...new Set(served)]);
  });

  it('gives every operation a summary and every response a description', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
      paths: Record<
        string,
        Record<string, { summary?: string; responses?: Record<string, { description?: string }> }>
      >;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.components.schemas).toHaveProperty('ErrorDto');
    expect(doc.components.schemas).toHaveProperty('MoneyDto');
    const gaps: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (!op.summary) gaps.push(`${method} ${path}: no summary`);
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          if (!response.description) gaps.push(`${method} ${path} ${status}: no description`);
        }
      }
    }
    expect(gaps).toEqual([]);
  });

  it('describes both auth schemes and marks staff routes with them', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
      components: {
        securitySchemes: Record<string, { type: string; in?: string; scheme?: string }>;
      };
      paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
    };
    expect(doc.components.securitySchemes).toMatchObject({
      session: { type: 'apiKey', in: 'cookie' },
      bearer: { type: 'http', scheme: 'bearer' },
    });
    const schemes = (path: string, method: string) =>
      (doc.paths[path]?.[method]?.security ?? []).flatMap((entry) => Object.keys(entry)).sort();
    expect(schemes('/api/users', 'get')).toEqual(['bearer', 'session']);
    expect(schemes('/api/audit-events', 'get')).toEqual(['bearer', 'session']);
    expect(schemes('/api/auth/login', 'post')).toEqual([]);
    expect(schemes('/api/health', 'get')).toEqual([]);
  });

  it('serves the interactive docs page, allowing inline styles there only', async () => {
    const page = await t.http.get('/api/docs').expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('swagger-ui');
    expect(page.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const api = await t.http.get('/api/health');
    expect(api.headers['content-security-policy']).not.toContain('unsafe-inline');
  });
});
