// When the language server stops unexpectedly, the client restarts it, at most `max` times within
// `windowMs`, and says why in the output channel. Pure (no `vscode` import) so that it is unit-tested.

export interface ServerExit {
  code: number | null;
  signal: string | null;
}

export interface RestartDecision {
  restart: boolean;
  /** The line for the output channel. */
  message: string;
}

/** Why a server process ended, in words. */
export function describeExit(exit: ServerExit | null): string {
  if (!exit) return 'stopped unexpectedly (crashed or was killed)';
  if (exit.signal === 'SIGABRT' || exit.code === 134) return 'aborted (SIGABRT: out of memory or a fatal error; see the lines above)';
  if (exit.signal) return `was killed (signal ${exit.signal})`;
  if (exit.code === 0) return 'exited';
  return `crashed (exit code ${exit.code}; see the lines above)`;
}

export class RestartPolicy {
  private times: number[] = [];
  private lastExit: ServerExit | null = null;

  constructor(
    readonly max = 5,
    readonly windowMs = 3 * 60_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The server process ended (when the client can see it): remembered for the next `closed()`. */
  exited(exit: ServerExit): void {
    this.lastExit = exit;
  }

  /** The connection to the server closed unexpectedly: restart it, or give up after too many in the window. */
  closed(): RestartDecision {
    const t = this.now();
    this.times = this.times.filter((x) => t - x < this.windowMs);
    this.times.push(t);
    const why = describeExit(this.lastExit);
    this.lastExit = null;
    const minutes = Math.round(this.windowMs / 60_000);
    if (this.times.length > this.max) {
      return {
        restart: false,
        message: `[client] The Corroborate server ${why}. It stopped ${this.times.length} times in ${minutes} minutes: not restarting. Run "Corroborate: Restart Server" after fixing the cause above.`,
      };
    }
    return {
      restart: true,
      message: `[client] The Corroborate server ${why}; restarting it (restart ${this.times.length} of ${this.max} allowed in ${minutes} minutes).`,
    };
  }

  /** A connection error (`count` so far): carry on for the first few, then shut the connection down. */
  error(message: string, count: number | undefined): { shutdown: boolean; message: string } {
    const n = count ?? 0;
    return { shutdown: n > 3, message: `[client] connection error (${n}): ${message}${n > 3 ? ' — too many errors, shutting the connection down' : ''}` };
  }

  /** A restart asked for by the user starts a new window of allowed restarts. */
  reset(): void {
    this.times = [];
    this.lastExit = null;
  }
}
