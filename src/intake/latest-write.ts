/**
 * Writes the newest of a stream of values without making the producer wait: at most one write
 * is in flight, a value offered meanwhile replaces any still waiting, and only the newest is
 * written next. Intake reports a job's counts this way while its file is still arriving. Pure.
 */
export class LatestWrite<T> {
  private inFlight: Promise<void> | undefined;
  private waiting: { value: T } | undefined;
  private closed = false;

  constructor(
    private readonly write: (value: T) => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  offer(value: T): void {
    if (this.closed) return;
    if (this.inFlight) {
      this.waiting = { value };
      return;
    }
    this.start(value);
  }

  /** Drops whatever waits and resolves once no write is in flight; later offers are ignored. */
  async close(): Promise<void> {
    this.closed = true;
    this.waiting = undefined;
    while (this.inFlight) await this.inFlight;
  }

  private start(value: T): void {
    this.inFlight = this.write(value).then(
      () => this.next(),
      (error: unknown) => {
        this.onError(error);
        this.next();
      },
    );
  }

  private next(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    this.inFlight = undefined;
    if (waiting && !this.closed) this.start(waiting.value);
  }
}
