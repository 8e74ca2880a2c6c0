/**
 * stacks/replication-placement.ts: each `replicationInstance.from` in one table — what the tasks run on, whether
 * the stack runs DMS in its own network, the task outputs, which instance id alarms and the runbook use.
 */
import { ValidationFailed } from '../../core/errors';
import type { ResolvedPipeline } from '../../config/resolved';
import type { NetworkProps } from '../../modules/dms';
import { DmsPipelineStack } from '../../stacks/dms-pipeline-stack';
import { type PlacementScope, placementOf } from '../../stacks/replication-placement';
import { opsInput, opsPipelines } from '../support/ops-fixture';
import { testApp } from '../support/test-app';

const NETWORK: NetworkProps = { vpcId: 'vpc-1', subnetIds: ['subnet-1'], egress: [], dependsOn: [] };

/** A scope that records what the placement asked of the stack. */
function recordingScope(pipeline: ResolvedPipeline) {
  const asked: string[] = [];
  const scope: PlacementScope = {
    pipeline,
    networkProps: () => {
      asked.push('network');
      return NETWORK;
    },
    publishedValue: (stack, output) => {
      asked.push(`published ${stack} ${output}`);
      return `\${published ${stack} ${output}}`;
    },
    remoteState: (name) => ({
      getString: (output) => {
        asked.push(`state ${name} ${output}`);
        return `\${state ${name} ${output}}`;
      },
      getNumber: () => 0,
    }),
  };
  return { scope, asked };
}

const [warehouse, orders] = opsPipelines();
const serverless: ResolvedPipeline = {
  ...warehouse,
  replicationInstance: {
    from: 'serverless',
    minCapacityUnits: 1,
    maxCapacityUnits: 4,
    multiAz: false,
    preferredMaintenanceWindow: 'sun:10:30-sun:14:30',
  },
};
const remote: ResolvedPipeline = {
  ...orders,
  replicationInstance: {
    from: 'remote-state',
    id: 'shared',
    state: { backend: 's3', bucket: 'tfstate', key: 'dms.tfstate', region: 'us-east-1' },
    output: 'replication_instance_arn',
  },
};
const consumer: ResolvedPipeline = {
  ...orders,
  replicationInstance: { from: 'stack', stack: 'warehouse-prod', output: 'replication_instance_arn' },
};

describe('placementOf', () => {
  test.each([
    [
      'this-stack',
      warehouse,
      { inThisNetwork: true, createsInstance: true, kind: 'replication_task', configuredId: 'warehouse-prod-instance', asked: ['network'] },
    ],
    [
      'serverless',
      serverless,
      { inThisNetwork: true, createsInstance: false, kind: 'replication_config', configuredId: undefined, asked: ['network'] },
    ],
    [
      'arn',
      orders,
      { inThisNetwork: false, createsInstance: false, kind: 'replication_task', configuredId: 'shared-dev-instance', asked: [] },
    ],
    [
      'remote-state',
      remote,
      {
        inThisNetwork: false,
        createsInstance: false,
        kind: 'replication_task',
        configuredId: 'shared',
        asked: ['state replication_instance replication_instance_arn'],
      },
    ],
    [
      'stack',
      consumer,
      {
        inThisNetwork: false,
        createsInstance: false,
        kind: 'replication_task',
        configuredId: undefined,
        asked: ['published warehouse-prod replication_instance_arn'],
      },
    ],
  ])("GIVEN from %s WHEN placed THEN its network, ownership, outputs and instance are that placement's", (_from, pipeline, expected) => {
    // GIVEN
    const { scope, asked } = recordingScope(pipeline);
    // WHEN
    const placement = placementOf(pipeline.replicationInstance);
    const instance = placement.instance(scope);
    // THEN
    expect({
      inThisNetwork: placement.inThisNetwork,
      createsInstance: placement.createsInstance,
      kind: placement.tasks.kind,
      configuredId: placement.configuredId,
      asked,
    }).toEqual(expected);
    if (!expected.inThisNetwork) expect(instance).toEqual({ kind: 'existing', existingArn: expect.stringMatching(/^arn:aws:dms:|^\$\{/) });
  });

  test("GIVEN each placement WHEN asked for the task alarms' instance id THEN only DMS Serverless has none, and a consumer reads the producer's", () => {
    // GIVEN
    const published = { publishedValue: (stack: string, output: string) => `${stack}/${output}` };
    // WHEN
    const ids = [warehouse, serverless, orders, remote, consumer].map((p) => placementOf(p.replicationInstance).taskInstanceId(published));
    // THEN
    expect(ids).toEqual(['warehouse-prod-instance', undefined, 'shared-dev-instance', 'shared', 'warehouse-prod/replication_instance_id']);
  });

  test('GIVEN an adopted instance id WHEN applied THEN only an instance this stack creates takes it', () => {
    // GIVEN / WHEN
    const adopted = [warehouse, serverless, orders].map((p) => placementOf(p.replicationInstance).adopted('live-id'));
    // THEN
    expect(adopted[0]).toMatchObject({ from: 'this-stack', id: 'live-id' });
    expect(adopted[1]).toBe(serverless.replicationInstance);
    expect(adopted[2]).toBe(orders.replicationInstance);
  });
});

describe('the stack without the network validation guarantees', () => {
  test('GIVEN a this-stack pipeline whose network went missing after validation WHEN synthesized THEN it fails closed, naming the field', () => {
    // GIVEN
    const [pipeline] = opsPipelines(opsInput());
    const broken: ResolvedPipeline = { ...pipeline, network: undefined };
    // WHEN
    const build = () => new DmsPipelineStack(testApp(), broken);
    // THEN
    expect(build).toThrow(ValidationFailed);
    expect(build).toThrow('pipelines[0].network: is required when DMS runs in this stack (from this-stack or serverless)');
  });
});
