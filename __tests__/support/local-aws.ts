/**
 * Local stand-ins for the AWS services Terraform's S3 backend and the DynamoDB tests talk to: s3rver (S3 API)
 * and dynalite (DynamoDB API), from npm, on loopback and ephemeral ports. Callers stop them in `afterAll`,
 * which runs even when tests fail.
 */
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface LocalS3 {
  readonly endpoint: string;
  /** Where s3rver keeps objects on disk. */
  readonly directory: string;
  /** Credentials s3rver verifies signatures with. */
  readonly accessKey: string;
  readonly secretKey: string;
  stop(): Promise<void>;
}

export async function startLocalS3(buckets: string[]): Promise<LocalS3> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- s3rver ships no type declarations; loaded only by the suites that start it
  const S3rver = require('s3rver');
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 's3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const address: AddressInfo = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    directory,
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    async stop() {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

export interface LocalDynamoDb {
  readonly endpoint: string;
  /** One DynamoDB JSON API call (dynalite checks the request format, not the signature). */
  call<T = Record<string, unknown>>(operation: string, body: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

export async function startLocalDynamoDb(): Promise<LocalDynamoDb> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- dynalite ships no type declarations; loaded only by the suites that start it
  const dynalite = require('dynalite');
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    async call<T>(operation: string, body: Record<string, unknown>): Promise<T> {
      const date = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
      const response = await fetch(`${endpoint}/`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.0',
          'X-Amz-Target': `DynamoDB_20120810.${operation}`,
          'X-Amz-Date': date,
          Authorization: `AWS4-HMAC-SHA256 Credential=test/${date.slice(0, 8)}/us-west-2/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0`,
        },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`DynamoDB ${operation} failed (${response.status}): ${text}`);
      return JSON.parse(text) as T;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
