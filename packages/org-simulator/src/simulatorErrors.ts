/**
 * The simulator's own errors. They are deliberately not the product's classes (src/errors.ts): the
 * simulator plays Salesforce, so an error shape shared with the client under test could hide a bug
 * both have in common.
 */

/** Base class of every error the simulator throws, with a stable `code`. */
class SimulatorError extends Error {
  /** Stable, machine-readable code such as `SIMULATOR_API_ERROR`. */
  public readonly code: string;

  public constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SimulatorError';
    this.code = code;
  }
}

/**
 * An answer the simulated org gives as an HTTP error: `errorCode` is Salesforce's (for example
 * `MALFORMED_QUERY`), `status` the HTTP status the router sends.
 */
class SimulatorApiError extends SimulatorError {
  public readonly status: number | undefined;
  public readonly errorCode: string;

  public constructor(errorCode: string, message: string, details: { status?: number }, options?: ErrorOptions) {
    super('SIMULATOR_API_ERROR', message, options);
    this.name = 'SimulatorApiError';
    this.errorCode = errorCode;
    this.status = details.status;
  }
}

/** An invalid simulator setting; `setting` names it (for example `simulator.seed`). */
class SimulatorConfigError extends SimulatorError {
  public readonly setting: string;

  public constructor(setting: string, message: string, options?: ErrorOptions) {
    super('SIMULATOR_CONFIG_ERROR', message, options);
    this.name = 'SimulatorConfigError';
    this.setting = setting;
  }
}

export { SimulatorApiError, SimulatorConfigError, SimulatorError };
