import { unitRandom } from './deterministicRandom.ts';
import type { ApiFamily } from './httpRouter.ts';
import type { EndpointFaults, SimulatorConfig } from './SimulatorConfig.ts';

/** An injected failure: an error status, or a connection destroyed without an answer. */
type Fault = { readonly kind: 'status'; readonly status: 429 | 500 | 503 } | { readonly kind: 'drop' };

/** The fault rates that apply to an endpoint: its own key, else its family, else `*`. */
function faultRates(config: SimulatorConfig, key: string, family: ApiFamily): EndpointFaults | undefined {
  return config.errorRates[key] ?? config.errorRates[family] ?? config.errorRates['*'];
}

/**
 * Decides whether request `n` of an endpoint fails, deterministically from the seed.
 *
 * @param key - the endpoint key (`PATCH /telephony/v1/voiceCalls/{id}`)
 * @param n - the request's sequence number for that endpoint
 */
function decideFault(config: SimulatorConfig, key: string, family: ApiFamily, n: number): Fault | undefined {
  const rates = faultRates(config, key, family);
  if (rates === undefined) return undefined;
  const draw = unitRandom(config.seed, `fault:${key}`, n);
  let edge = 0;
  for (const kind of ['429', '500', '503', 'drop'] as const) {
    edge += rates[kind] ?? 0;
    if (draw < edge) return kind === 'drop' ? { kind: 'drop' } : { kind: 'status', status: Number(kind) as 429 | 500 | 503 };
  }
  return undefined;
}

/** The latency added to request `n` of an endpoint: fixed plus seeded jitter. */
function latencyFor(config: SimulatorConfig, key: string, n: number): number {
  const { fixed, jitter } = config.latencyMs;
  return jitter > 0 ? fixed + jitter * unitRandom(config.seed, `latency:${key}`, n) : fixed;
}

/** The response of an injected status fault, in the family's error shape. */
function faultBody(family: ApiFamily, status: 429 | 500 | 503): { errorCode: string; message: string } {
  if (family === 'oauth') {
    return status === 500
      ? { errorCode: 'unknown_error', message: 'retry your request' }
      : { errorCode: 'temporarily_unavailable', message: `simulated ${status}: retry later` };
  }
  if (status === 429)
    return {
      errorCode: family === 'telephony' ? 'SCV_LIMITS_ERROR' : 'TOO_MANY_REQUESTS',
      message: 'Too many requests (simulated fault). Retry after the Retry-After delay.',
    };
  if (status === 500)
    return {
      errorCode: 'UNKNOWN_EXCEPTION',
      message: 'An unexpected error occurred (simulated fault). Please include this ErrorId if you contact support: 0000000000-00000 (-0000000000)',
    };
  return { errorCode: 'SERVER_UNAVAILABLE', message: 'Server temporarily unavailable (simulated fault). Retry after the Retry-After delay.' };
}

export { decideFault, faultBody, faultRates, latencyFor };
export type { Fault };
