import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import { randomBase62, salesforceId } from './salesforceId.ts';

/** The connected app (External Client App) the product's REST client authenticates with. */
interface ConnectedAppCredentials {
  /** Consumer key: the JWT `iss` and the client_credentials `client_id`. */
  readonly clientId: string;
  /** Consumer secret for the client_credentials grant. */
  readonly clientSecret: string;
  /** The integration user: the JWT `sub`. */
  readonly username: string;
  /** PEM (PKCS#8) private key that signs JWT bearer assertions. */
  readonly privateKeyPem: string;
  /** PEM (SPKI) public key the simulated org verifies them with (the app's certificate). */
  readonly publicKeyPem: string;
}

/** The contact center the Telephony Integration API (SCRT) authenticates. */
interface ContactCenterCredentials {
  /** The 18-character org Id (`00D...`): the telephony JWT `iss`. */
  readonly orgId: string;
  /** The CallCenter API name: the telephony JWT `sub`. */
  readonly callCenterApiName: string;
  /** PEM (PKCS#8) private key that signs telephony JWTs. */
  readonly privateKeyPem: string;
  /** PEM (SPKI) public key stored on the simulated CallCenter record. */
  readonly publicKeyPem: string;
}

/** Everything a client needs to talk to the simulator, private keys included. */
interface SimulatorCredentials {
  readonly connectedApp: ConnectedAppCredentials;
  readonly contactCenter: ContactCenterCredentials;
}

/** What the simulator itself needs: the same, without the private keys. */
interface SimulatorPublicCredentials {
  readonly connectedApp: Omit<ConnectedAppCredentials, 'privateKeyPem'>;
  readonly contactCenter: Omit<ContactCenterCredentials, 'privateKeyPem'>;
}

const RSA_BITS = 2048;

function rsaKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: RSA_BITS,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/**
 * Generates fresh credentials: two RSA-2048 key pairs (one for the connected app's JWT bearer
 * flow, one for the contact center's telephony JWTs) and realistic-looking ids.
 *
 * @example
 * ```ts
 * const credentials = generateSimulatorCredentials();
 * const sim = await startOrgSimulator({ credentials: toPublicCredentials(credentials) });
 * ```
 */
function generateSimulatorCredentials(): SimulatorCredentials {
  const pod = randomBase62(2, randomInt);
  const orgId = salesforceId('00D', pod, randomInt(62 ** 5, 62 ** 6));
  return {
    connectedApp: {
      clientId: `3MVG9${randomBase62(80, randomInt)}`,
      clientSecret: randomBytes(32).toString('hex').toUpperCase(),
      username: `integration.${randomBase62(6, randomInt).toLowerCase()}@ctr-resync.simulator`,
      ...rsaKeyPair(),
    },
    contactCenter: {
      orgId,
      callCenterApiName: 'SimulatedContactCenter',
      ...rsaKeyPair(),
    },
  };
}

/** Drops the private keys. */
function toPublicCredentials(credentials: SimulatorCredentials | SimulatorPublicCredentials): SimulatorPublicCredentials {
  const { connectedApp, contactCenter } = credentials;
  return {
    connectedApp: {
      clientId: connectedApp.clientId,
      clientSecret: connectedApp.clientSecret,
      username: connectedApp.username,
      publicKeyPem: connectedApp.publicKeyPem,
    },
    contactCenter: {
      orgId: contactCenter.orgId,
      callCenterApiName: contactCenter.callCenterApiName,
      publicKeyPem: contactCenter.publicKeyPem,
    },
  };
}

export { generateSimulatorCredentials, toPublicCredentials };
export type { ConnectedAppCredentials, ContactCenterCredentials, SimulatorCredentials, SimulatorPublicCredentials };
