/** Thrown by a command to end with a given exit status after it has printed its own summary. */
class CliExit extends Error {
  public constructor(public readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'CliExit';
  }
}

export { CliExit };
