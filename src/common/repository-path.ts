import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A folder shipped beside the code (templates/, content/), found from src/ under ts-node and jest
 * or from dist/src/ when built: the nearest ancestor holding `marker`, joined with it.
 */
export function repositoryPath(marker: string, from = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, marker))) return join(dir, marker);
  }
  throw new Error(`${marker} not found above ${from}`);
}
