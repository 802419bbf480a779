/**
 * At most `size()` intake jobs at a time in this process; the others wait their turn, first come
 * first served. A job holds one database connection, two while merging, so this keeps bulk
 * imports from taking the whole pool away from ordinary requests.
 */
export class JobSlots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: () => number) {}

  /** Resolves with the function that gives the slot back (calling it twice is harmless). */
  async acquire(): Promise<() => void> {
    if (this.active < this.size()) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // the slot is handed over
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }
}
