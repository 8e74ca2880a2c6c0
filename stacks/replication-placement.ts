/**
 * Where a pipeline's tasks run (`replicationInstance.from`), handled in one table: an instance this stack
 * creates, DMS Serverless in this stack's network, or an instance owned elsewhere (by ARN, another root's state,
 * or another stack of this app). The compiler requires a handler for every `from` of the schema.
 */
import type { PublishedOutput } from '../config/cross-stack';
import { instanceMemoryGiB } from '../config/instance-classes';
import type { ResolvedPipeline } from '../config/resolved';
import type { RemoteStateLocation } from '../config/schema';
import type { RemoteOutputs } from '../engines/types';
import type { DmsReplication, DmsReplicationProps, NetworkProps } from '../modules/dms';
import type { MonitoredInstance } from '../modules/monitoring';

type InstanceSpec = ResolvedPipeline['replicationInstance'];
export type Placement = InstanceSpec['from'];
type SpecOf<F extends Placement> = Extract<InstanceSpec, { from: F }>;

/** What a placement may ask of the stack. */
export interface PlacementScope {
  pipeline: ResolvedPipeline;
  /** The subnets and security group rules of this stack's network (only for placements in it). */
  networkProps(): NetworkProps;
  /** A value another stack of this app publishes (config/cross-stack.ts). */
  publishedValue(stack: string, output: PublishedOutput): string;
  remoteState(name: string, location: RemoteStateLocation): RemoteOutputs;
}

interface PlacementHandler<F extends Placement> {
  /** DMS runs in this stack's network: subnet group, security group, and the account roles DMS needs for them. */
  inThisNetwork: boolean;
  /** This stack creates the replication instance. */
  createsInstance: boolean;
  /** What the tasks are in Terraform: `replication_task` outputs, or DMS Serverless `replication_config`s. */
  tasks: { kind: 'replication_task' | 'replication_config'; noun: string };
  instance(spec: SpecOf<F>, stack: PlacementScope): DmsReplicationProps['instance'];
  /** The instance identifier task alarms use; undefined: no instance, and so no task alarms (DMS Serverless). */
  taskInstanceId(spec: SpecOf<F>, stack: Pick<PlacementScope, 'publishedValue'>): string | undefined;
  /** The instance identifier config names, if it names one (DMS Serverless has none; `stack` reads it). */
  configuredId(spec: SpecOf<F>): string | undefined;
  /** The spec with an adopted instance's live identifier, where this stack creates the instance. */
  adopted(spec: SpecOf<F>, liveId: string): SpecOf<F>;
  /** Alarms and events of the instance itself: only for one this stack creates (its owner monitors the others). */
  monitoredInstance(spec: SpecOf<F>, dms: DmsReplication): MonitoredInstance | undefined;
}

const TASKS = { kind: 'replication_task', noun: 'replication task' } as const;

const PLACEMENTS: { readonly [F in Placement]: PlacementHandler<F> } = {
  'this-stack': {
    inThisNetwork: true,
    createsInstance: true,
    tasks: TASKS,
    instance: ({ from: _from, minCapacityUnits: _min, maxCapacityUnits: _max, ...settings }, { pipeline, networkProps }) => ({
      kind: 'owned',
      ...settings,
      ...networkProps(),
      logRetentionDays: pipeline.logRetentionDays,
      logKmsKeyArn: pipeline.logKmsKeyArn,
    }),
    taskInstanceId: (spec) => spec.id,
    configuredId: (spec) => spec.id,
    adopted: (spec, id) => ({ ...spec, id }),
    monitoredInstance: (spec, dms) =>
      dms.replicationInstance && {
        id: spec.id,
        allocatedStorageGb: spec.allocatedStorage,
        memoryGib: instanceMemoryGiB(spec.instanceClass),
        eventSourceId: dms.replicationInstance.replicationInstanceId,
      },
  },
  serverless: {
    inThisNetwork: true,
    createsInstance: false,
    tasks: { kind: 'replication_config', noun: 'DMS Serverless replication config' },
    instance: ({ minCapacityUnits, maxCapacityUnits, multiAz, kmsKeyArn, preferredMaintenanceWindow }, { pipeline, networkProps }) => ({
      kind: 'serverless',
      ...networkProps(),
      serverless: {
        minCapacityUnits,
        maxCapacityUnits,
        multiAz,
        kmsKeyArn,
        preferredMaintenanceWindow,
        logRetentionDays: pipeline.logRetentionDays,
        logKmsKeyArn: pipeline.logKmsKeyArn,
      },
    }),
    taskInstanceId: () => undefined,
    configuredId: () => undefined,
    adopted: (spec) => spec,
    monitoredInstance: () => undefined,
  },
  arn: {
    inThisNetwork: false,
    createsInstance: false,
    tasks: TASKS,
    instance: (spec) => ({ kind: 'existing', existingArn: spec.arn }),
    taskInstanceId: (spec) => spec.id,
    configuredId: (spec) => spec.id,
    adopted: (spec) => spec,
    monitoredInstance: () => undefined,
  },
  'remote-state': {
    inThisNetwork: false,
    createsInstance: false,
    tasks: TASKS,
    instance: (spec, stack) => ({
      kind: 'existing',
      existingArn: stack.remoteState('replication_instance', spec.state).getString(spec.output),
    }),
    taskInstanceId: (spec) => spec.id,
    configuredId: (spec) => spec.id,
    adopted: (spec) => spec,
    monitoredInstance: () => undefined,
  },
  stack: {
    inThisNetwork: false,
    createsInstance: false,
    tasks: TASKS,
    instance: (spec, stack) => ({ kind: 'existing', existingArn: stack.publishedValue(spec.stack, spec.output) }),
    // The producer publishes its instance id too: alarms need the identifier, not the ARN.
    taskInstanceId: (spec, stack) => stack.publishedValue(spec.stack, 'replication_instance_id'),
    configuredId: () => undefined,
    adopted: (spec) => spec,
    monitoredInstance: () => undefined,
  },
};

/** The placement's handler with the spec it is typed on, as one value the stack calls. */
export interface PlacedInstance {
  inThisNetwork: boolean;
  createsInstance: boolean;
  tasks: PlacementHandler<Placement>['tasks'];
  instance(stack: PlacementScope): DmsReplicationProps['instance'];
  taskInstanceId(stack: Pick<PlacementScope, 'publishedValue'>): string | undefined;
  configuredId: string | undefined;
  adopted(liveId: string): InstanceSpec;
  monitoredInstance(dms: DmsReplication): MonitoredInstance | undefined;
}

export function placementOf(spec: InstanceSpec): PlacedInstance {
  const bind = <F extends Placement>(from: F, own: SpecOf<F>): PlacedInstance => {
    const handler: PlacementHandler<F> = PLACEMENTS[from];
    return {
      inThisNetwork: handler.inThisNetwork,
      createsInstance: handler.createsInstance,
      tasks: handler.tasks,
      instance: (stack) => handler.instance(own, stack),
      taskInstanceId: (stack) => handler.taskInstanceId(own, stack),
      configuredId: handler.configuredId(own),
      adopted: (liveId) => handler.adopted(own, liveId),
      monitoredInstance: (dms) => handler.monitoredInstance(own, dms),
    };
  };
  return bind(spec.from, spec);
}
