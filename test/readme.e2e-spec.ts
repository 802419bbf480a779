import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { settingsTable } from '../src/config/config';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

describe('README', () => {
  it('carries the configuration table generated from the code (npm run config:docs)', () => {
    // Compared cell by cell: prettier pads the README's columns.
    const cells = (line: string) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim());
    const rows = (text: string) =>
      text
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .map(cells);
    expect(rows(readme)).toEqual(rows(settingsTable()));
    expect(rows(settingsTable()).length).toBeGreaterThan(5);
  });

  it('starts with the two quick-start commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });
});
