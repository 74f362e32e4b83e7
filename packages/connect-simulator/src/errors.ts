/**
 * Errors the simulator answers with. Each carries the AWS error name the real service would
 * send (`errorType`) and the HTTP status, so the HTTP layer can render it in the service's own
 * protocol (AWS JSON 1.1 for Athena, REST-JSON for Connect). The product's src/ is not imported.
 */

/** Base class of every simulator error. */
class ConnectSimulatorError extends Error {
  /** AWS error shape name, e.g. `InvalidRequestException`. */
  public readonly errorType: string;
  /** HTTP status the simulator answers with. */
  public readonly status: number;
  /** Extra members of the error body (e.g. `AthenaErrorCode`). */
  public readonly extra: Readonly<Record<string, string>>;

  public constructor(errorType: string, status: number, message: string, extra: Record<string, string> = {}) {
    super(message);
    this.name = 'ConnectSimulatorError';
    this.errorType = errorType;
    this.status = status;
    this.extra = extra;
  }
}

/** A request the real API would refuse as malformed (HTTP 400). */
class SimulatedInvalidRequestError extends ConnectSimulatorError {
  public constructor(errorType: string, message: string, extra: Record<string, string> = {}) {
    super(errorType, 400, message, extra);
    this.name = 'SimulatedInvalidRequestError';
  }
}

/** A query the simulator's narrow SQL subset does not understand (Athena `InvalidRequestException`). */
class UnsupportedSqlError extends SimulatedInvalidRequestError {
  public constructor(message: string) {
    super('InvalidRequestException', `Unsupported by the simulator: ${message}`, { AthenaErrorCode: 'INVALID_INPUT' });
    this.name = 'UnsupportedSqlError';
  }
}

/** A throttled call (Athena 400 ThrottlingException/TooManyRequestsException, Connect 429). */
class SimulatedThrottlingError extends ConnectSimulatorError {
  public constructor(errorType: string, status: number, message = 'Rate exceeded') {
    super(errorType, status, message);
    this.name = 'SimulatedThrottlingError';
  }
}

/** An unknown resource (query execution id, Connect instance). */
class SimulatedNotFoundError extends ConnectSimulatorError {
  public constructor(errorType: string, status: number, message: string) {
    super(errorType, status, message);
    this.name = 'SimulatedNotFoundError';
  }
}

export { ConnectSimulatorError, SimulatedInvalidRequestError, SimulatedNotFoundError, SimulatedThrottlingError, UnsupportedSqlError };
