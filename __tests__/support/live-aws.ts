/**
 * The read side of the AWS APIs Terraform calls to import resources that exist in AWS but in no state: DMS
 * (DescribeReplicationTasks, DescribeEndpoints, ListTagsForResource) and CloudWatch Logs (DescribeLogGroups, ListTagsForResource /
 * ListTagsLogGroup), JSON 1.1 over HTTP on loopback and an ephemeral port. It answers with the resources it was
 * given, as AWS describes them; any other call is recorded and answered with an error, so a plan that would
 * need more than reading fails loudly.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Json } from '../../review/synthesized';

export interface LiveTask {
  ReplicationTaskIdentifier: string;
  ReplicationTaskArn: string;
  ReplicationInstanceArn: string;
  SourceEndpointArn: string;
  TargetEndpointArn: string;
  MigrationType: string;
  TableMappings: string;
  ReplicationTaskSettings: string;
  Status: string;
  tags?: Record<string, string>;
}

/** An endpoint as DescribeEndpoints returns it (EndpointIdentifier, EndpointArn, EngineName, ... settings). */
export interface LiveEndpoint {
  EndpointIdentifier: string;
  EndpointArn: string;
  [field: string]: unknown;
  tags?: Record<string, string>;
}

export interface LiveLogGroup {
  name: string;
  arn: string;
  retentionInDays?: number;
  tags?: Record<string, string>;
}

export interface LiveAws {
  readonly endpoint: string;
  /** Every `X-Amz-Target` called, in order. */
  readonly calls: string[];
  /** Calls it does not implement (a non-read call, or a read this stand-in lacks). */
  readonly refused: string[];
  stop(): Promise<void>;
}

const tagList = (tags: Record<string, string> = {}) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

export async function startLiveAws(resources: {
  tasks?: LiveTask[];
  endpoints?: LiveEndpoint[];
  logGroups?: LiveLogGroup[];
}): Promise<LiveAws> {
  const calls: string[] = [];
  const refused: string[] = [];
  const tasks = resources.tasks ?? [];
  const logGroups = resources.logGroups ?? [];
  const endpoints = resources.endpoints ?? [];

  const handlers: Record<string, (body: Json) => [number, Json]> = {
    'AmazonDMSv20160101.DescribeReplicationTasks': (body) => {
      const filters: { Name: string; Values: string[] }[] = body.Filters ?? [];
      const found = tasks.filter((task) =>
        filters.every((filter) =>
          filter.Name === 'replication-task-id'
            ? filter.Values.includes(task.ReplicationTaskIdentifier)
            : filter.Name === 'replication-task-arn'
              ? filter.Values.includes(task.ReplicationTaskArn)
              : true,
        ),
      );
      if (found.length === 0) return [400, { __type: 'ResourceNotFoundFault', message: 'No Tasks found matching provided filters' }];
      return [200, { ReplicationTasks: found.map(({ tags: _tags, ...task }) => ({ ...task, ReplicationTaskCreationDate: 1764960000 })) }];
    },
    'AmazonDMSv20160101.DescribeEndpoints': (body) => {
      const filters: { Name: string; Values: string[] }[] = body.Filters ?? [];
      const found = endpoints.filter((endpoint) =>
        filters.every((filter) =>
          filter.Name === 'endpoint-id'
            ? filter.Values.includes(endpoint.EndpointIdentifier)
            : filter.Name === 'endpoint-arn'
              ? filter.Values.includes(endpoint.EndpointArn)
              : true,
        ),
      );
      if (found.length === 0) return [400, { __type: 'ResourceNotFoundFault', message: 'Endpoint not found' }];
      return [200, { Endpoints: found.map(({ tags: _tags, ...endpoint }) => endpoint) }];
    },
    'AmazonDMSv20160101.ListTagsForResource': (body) => {
      const owner = [
        ...tasks.map((t) => ({ arn: t.ReplicationTaskArn, tags: t.tags })),
        ...endpoints.map((e) => ({ arn: e.EndpointArn, tags: e.tags })),
      ].find((r) => r.arn === body.ResourceArn);
      return [200, { TagList: tagList(owner?.tags) }];
    },
    'Logs_20140328.DescribeLogGroups': (body) => {
      const prefix: string = body.logGroupNamePrefix ?? '';
      const found = logGroups.filter((group) => group.name.startsWith(prefix));
      return [
        200,
        {
          logGroups: found.map((group) => ({
            logGroupName: group.name,
            arn: `${group.arn}:*`,
            logGroupArn: group.arn,
            creationTime: 1764960000000,
            storedBytes: 1048576,
            logGroupClass: 'STANDARD',
            ...(group.retentionInDays ? { retentionInDays: group.retentionInDays } : {}),
          })),
        },
      ];
    },
    'Logs_20140328.ListTagsForResource': (body) => {
      const group = logGroups.find((g) => body.resourceArn === g.arn || body.resourceArn === `${g.arn}:*`);
      return [200, { tags: group?.tags ?? {} }];
    },
    'Logs_20140328.ListTagsLogGroup': (body) => [200, { tags: logGroups.find((g) => g.name === body.logGroupName)?.tags ?? {} }],
  };

  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? `${request.method} ${request.url}`);
      calls.push(target);
      const handler = handlers[target];
      const [status, body] = handler
        ? handler(text ? JSON.parse(text) : {})
        : [400, { __type: 'UnknownOperationException', message: `not served: ${target}` }];
      if (!handler) refused.push(target);
      response.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-RequestId': `req-${calls.length}` });
      response.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    refused,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
