/**
 * `size` permits, granted in FIFO order: what keeps an OCR pool at `size` engines with the rest of its pages queued.
 * After refuse(), waiting and later acquires reject with the given error.
 */
export class FifoPermits {
  private readonly waiting: { grant: () => void; refuse: (e: Error) => void }[] = [];
  private active = 0;
  private refusal?: () => Error;

  constructor(private readonly size: number) {}

  acquire(): Promise<void> {
    if (this.refusal) return Promise.reject(this.refusal());
    if (this.active < this.size) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((grant, refuse) => this.waiting.push({ grant, refuse }));
  }

  /** Hands the permit to the longest waiter, if any. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next.grant();
    else this.active--;
  }

  refuse(error: () => Error): void {
    this.refusal = error;
    for (const w of this.waiting.splice(0)) w.refuse(error());
  }
}
