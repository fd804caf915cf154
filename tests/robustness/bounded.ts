// "Every answer arrives": races a promise against a generous bound and fails with a clear message. Not a
// timing assertion (the bound is far above any normal answer); it turns a hang into a readable failure.

export class Slowest {
  ms = 0;
  what = '';
  count = 0;
  note(what: string, ms: number): void {
    this.count++;
    if (ms > this.ms) {
      this.ms = ms;
      this.what = what;
    }
  }
}

export function bounded<T>(p: Promise<T>, ms: number, what: string, slowest?: Slowest): Promise<T> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, limit]).finally(() => {
    clearTimeout(timer);
    slowest?.note(what, performance.now() - t0);
  });
}
