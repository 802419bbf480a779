import { randomFillSync } from 'node:crypto';

/**
 * UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, the version, 74 random bits and the
 * variant. The random bits come from the operating system's CSPRNG, like gen_random_uuid()'s,
 * drawn 8 KB at a time so that a bulk import does not make one system call per id. Pure.
 */
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const POOL = Buffer.alloc(16 * 512);
let used = POOL.length;

export function uuidv7(ms: number = Date.now()): string {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms >= 2 ** 48) {
    throw new RangeError(`${ms} is not a 48-bit millisecond timestamp`);
  }
  if (used === POOL.length) {
    randomFillSync(POOL);
    used = 0;
  }
  const r = used;
  used += 16;
  const high = Math.floor(ms / 2 ** 24); // 24 bits each: bitwise operators stop at 32
  const low = ms % 2 ** 24;
  return (
    HEX[(high >>> 16) & 0xff]! +
    HEX[(high >>> 8) & 0xff]! +
    HEX[high & 0xff]! +
    HEX[(low >>> 16) & 0xff]! +
    '-' +
    HEX[(low >>> 8) & 0xff]! +
    HEX[low & 0xff]! +
    '-' +
    HEX[0x70 | (POOL[r + 6]! & 0x0f)]! +
    HEX[POOL[r + 7]!]! +
    '-' +
    HEX[0x80 | (POOL[r + 8]! & 0x3f)]! +
    HEX[POOL[r + 9]!]! +
    '-' +
    HEX[POOL[r + 10]!]! +
    HEX[POOL[r + 11]!]! +
    HEX[POOL[r + 12]!]! +
    HEX[POOL[r + 13]!]! +
    HEX[POOL[r + 14]!]! +
    HEX[POOL[r + 15]!]!
  );
}

/** The millisecond timestamp a version 7 UUID carries. */
export function uuidv7Time(id: string): number {
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
