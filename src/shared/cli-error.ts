/**
 * A problem the user can fix: printed as one line, never a stack trace. Thrown by the commands
 * of both `dashfleet-agent` and `dashfleet-server`.
 */
export class CliError extends Error {
  constructor(
    message: string,
    /** 2 for bad arguments or configuration, 1 for anything else that went wrong. */
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
