import Handlebars from 'handlebars';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { repositoryPath } from '../common/repository-path';

export type Render = (context: object) => string;

/**
 * Compiles every template under a directory once, at start-up, in strict mode (a missing field
 * is an error, not an empty string). Partials come from `partials/`, layouts from `layouts/`;
 * pages are rendered into a layout as `body`. Templates are files in the repository only: none is
 * ever built from user input, and `{{ }}` escapes all values.
 */
export class TemplateEngine {
  private readonly pages = new Map<string, Render>();
  private readonly layouts = new Map<string, Render>();

  constructor(root: string) {
    const hbs = Handlebars.create();
    for (const file of hbsFiles(join(root, 'partials'))) {
      hbs.registerPartial(nameOf(root, 'partials', file), readFileSync(file, 'utf8'));
    }
    const compile = (file: string): Render => {
      const source = readFileSync(file, 'utf8');
      // compile() is lazy; parsing now makes a syntax error stop start-up, not a later request.
      hbs.parse(source);
      const template = hbs.compile(source, { strict: true });
      return (context) => template(context);
    };
    for (const file of hbsFiles(join(root, 'layouts')))
      this.layouts.set(nameOf(root, 'layouts', file), compile(file));
    for (const file of hbsFiles(join(root, 'pages')))
      this.pages.set(nameOf(root, 'pages', file), compile(file));
  }

  render(page: string, context: object, layout = 'main'): string {
    const renderPage = this.pages.get(page);
    const renderLayout = this.layouts.get(layout);
    if (!renderPage) throw new Error(`no template pages/${page}.hbs`);
    if (!renderLayout) throw new Error(`no template layouts/${layout}.hbs`);
    return renderLayout({ ...context, body: new Handlebars.SafeString(renderPage(context)) });
  }
}

function hbsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.hbs'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function nameOf(root: string, kind: string, file: string): string {
  return relative(join(root, kind), file)
    .replace(/\.hbs$/, '')
    .split('\\')
    .join('/');
}

/** The repository's templates/ folder, from src/ under ts-node/jest or dist/src/ when built. */
export function templatesRoot(from = __dirname): string {
  return dirname(repositoryPath(join('templates', 'layouts'), from));
}
