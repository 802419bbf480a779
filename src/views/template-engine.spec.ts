import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TemplateEngine, templatesRoot } from './template-engine';

function templates(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'sift-views-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('TemplateEngine', () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
  function engine(files: Record<string, string>): TemplateEngine {
    const root = templates(files);
    roots.push(root);
    return new TemplateEngine(root);
  }
  const base = {
    'layouts/main.hbs': '<main>{{> banner}}{{body}}</main>',
    'partials/banner.hbs': '<b>{{title}}</b>',
    'pages/hello.hbs': '<p>{{name}}</p>',
    'pages/nested/deep.hbs': '<i>{{name}}</i>',
  };

  it.each([
    ['plain text', 'Ada', '<main><b>T</b><p>Ada</p></main>'],
    [
      'a script tag',
      '<script>alert(1)</script>',
      '<main><b>T</b><p>&lt;script&gt;alert(1)&lt;/script&gt;</p></main>',
    ],
    ['template syntax', '{{constructor}}', '<main><b>T</b><p>{{constructor}}</p></main>'],
    ['quotes', `"O'Brien"`, '<main><b>T</b><p>&quot;O&#x27;Brien&quot;</p></main>'],
  ])('renders %s escaped inside the layout', (_name, name, expected) => {
    expect(engine(base).render('hello', { title: 'T', name })).toBe(expected);
  });

  it('names pages in sub-folders by their path', () => {
    expect(engine(base).render('nested/deep', { title: 'T', name: 'x' })).toBe(
      '<main><b>T</b><i>x</i></main>',
    );
  });

  it('is strict: a missing field is an error, not an empty string', () => {
    expect(() => engine(base).render('hello', { title: 'T' })).toThrow(/"name" not defined/);
  });

  it('refuses unknown pages and layouts', () => {
    expect(() => engine(base).render('nope', {})).toThrow('no template pages/nope.hbs');
    expect(() => engine(base).render('hello', { title: 'T', name: 'x' }, 'print')).toThrow(
      'no template layouts/print.hbs',
    );
  });

  it('fails at construction on a syntax error, not at the first request', () => {
    expect(() => engine({ ...base, 'pages/broken.hbs': '{{#if x}}unclosed' })).toThrow();
  });

  it('finds the repository templates folder', () => {
    expect(templatesRoot()).toMatch(/templates$/);
    expect(
      new TemplateEngine(templatesRoot()).render('home', {
        title: 't',
        version: '1',
        demo: false,
        databaseTime: 'now',
      }),
    ).toContain('Sift 1 is running.');
  });
});
