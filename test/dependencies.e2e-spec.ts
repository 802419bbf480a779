import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { satisfies, minVersion } from 'semver';

const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
};
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { dev?: boolean; engines?: { node?: string } | string[] }>;
};

describe('dependencies', () => {
  it('every production dependency supports the oldest Node.js Sift promises to run on', () => {
    // Several fastify plugins moved to ESM-only, Node 22 dependencies in patch releases.
    const oldest = minVersion(pkg.engines.node)!.version;
    const unsupported = Object.entries(lock.packages)
      .filter(([name, meta]) => name !== '' && !meta.dev)
      .filter(([, meta]) => !Array.isArray(meta.engines) && meta.engines?.node)
      .filter(([, meta]) => !satisfies(oldest, (meta.engines as { node: string }).node))
      .map(([name, meta]) => `${name} needs node ${(meta.engines as { node: string }).node}`);
    expect(unsupported).toEqual([]);
  });
});
