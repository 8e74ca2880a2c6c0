/**
 * SSM's GetParameter (JSON 1.1 protocol, `X-Amz-Target: AmazonSSM.GetParameter`) answered on loopback from a
 * fixed map, so that `data "aws_ssm_parameter"` can be read during an offline plan. Other calls are refused
 * and recorded.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSsm {
  endpoint: string;
  reads: string[];
  unknown: string[];
  close(): Promise<void>;
}

export async function startFakeSsm(region: string, accountId: string, parameters: Record<string, string>): Promise<FakeSsm> {
  const reads: string[] = [];
  const unknown: string[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const send = (status: number, payload: unknown) => {
        response.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(payload));
      };
      if (target !== 'AmazonSSM.GetParameter') {
        unknown.push(target);
        return send(400, { __type: 'InvalidAction', message: `fake SSM does not know ${target}` });
      }
      const { Name: name } = JSON.parse(body) as { Name: string };
      reads.push(name);
      if (!(name in parameters)) return send(400, { __type: 'ParameterNotFound', message: `${name} not found` });
      return send(200, {
        Parameter: {
          Name: name,
          Type: 'String',
          Value: parameters[name],
          Version: 1,
          DataType: 'text',
          LastModifiedDate: 1733000000,
          ARN: `arn:aws:ssm:${region}:${accountId}:parameter${name}`,
        },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, reads, unknown, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
