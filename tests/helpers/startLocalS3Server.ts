import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A running local S3-compatible server (s3rver in a child process). */
interface LocalS3Server {
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string;
  readonly bucket: string;
  /** Client settings that reach it with the AWS SDK. */
  readonly clientConfig: {
    endpoint: string;
    region: string;
    forcePathStyle: true;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  stop(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL('../../scripts/local-s3-server.mjs', import.meta.url));

/**
 * Starts s3rver on a free loopback port with one bucket, storing objects under `dataDir`. The
 * child process ends when {@link LocalS3Server.stop} is called or when this process exits (its
 * stdin closes), so nothing is left running.
 */
async function startLocalS3Server(dataDir: string, bucket: string): Promise<LocalS3Server> {
  const child = spawn(process.execPath, ['--openssl-legacy-provider', SCRIPT, dataDir, bucket], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('local S3 server did not start within 15 s')), 15_000);
    child.once('exit', (code) => reject(new Error(`local S3 server exited with ${code}`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve((JSON.parse(line) as { port: number }).port);
      } catch (error) {
        reject(error);
      }
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    clientConfig: { endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end();
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export { startLocalS3Server };
export type { LocalS3Server };
