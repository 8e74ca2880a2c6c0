/** Where tasks run: an instance this stack creates, one owned elsewhere, or DMS Serverless. */
import { z } from 'zod';
import { dmsIdentifier, intBetween, kmsKeyArn, stackName } from '../rules';
import { INSTANCE_CLASS_SIZES } from '../instance-classes';
import { remoteStateLocation } from './remote-state';

const instanceClass = z.string().superRefine((value, ctx) => {
  const match = /^dms\.([a-z0-9]+)\.([a-z0-9]+)$/.exec(value);
  const families = Object.keys(INSTANCE_CLASS_SIZES);
  if (!match) {
    ctx.addIssue({ code: 'custom', message: `must be dms.<family>.<size> with family one of ${families.join(', ')}` });
    return;
  }
  const [, family, size] = match;
  const sizes = INSTANCE_CLASS_SIZES[family];
  if (!sizes) {
    ctx.addIssue({ code: 'custom', message: `unknown instance family "${family}": must be one of ${families.join(', ')}` });
  } else if (!sizes.includes(size)) {
    ctx.addIssue({ code: 'custom', message: `dms.${family} comes in ${sizes.join(', ')}, not "${size}"` });
  }
});

const WEEK_DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * `ddd:hh24:mi-ddd:hh24:mi` in UTC (DMS PreferredMaintenanceWindow). Case-insensitive, as the provider checks it
 * (terraform-provider-aws verify.ValidOnceAWeekWindowFormat lowercases before matching), so the guide's
 * `Tue:04:00-Tue:04:30` is accepted; emitted in lower case, as DMS returns it. At least 30 minutes (DMS API
 * reference, CreateReplicationInstance: "Constraints: Minimum 30-minute window"); a window may wrap the week.
 */
const maintenanceWindow = z
  .string()
  .regex(
    /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/i,
    'must be ddd:hh24:mi-ddd:hh24:mi in UTC, e.g. sun:10:30-sun:14:30',
  )
  .superRefine((value, ctx) => {
    if (!/^\w{3}:\d\d:\d\d-\w{3}:\d\d:\d\d$/.test(value)) return; // reported by the pattern
    const minuteOfWeek = (part: string) => {
      const [day, hours, minutes] = part.toLowerCase().split(':');
      return WEEK_DAYS.indexOf(day) * 1440 + Number(hours) * 60 + Number(minutes);
    };
    const [start, end] = value.split('-');
    const length = (minuteOfWeek(end) - minuteOfWeek(start) + 7 * 1440) % (7 * 1440);
    if (length < 30) ctx.addIssue({ code: 'custom', message: `must be at least 30 minutes long (DMS minimum), not ${length}` });
  })
  .transform((value) => value.toLowerCase());

/** Lowercase: DMS stores instance identifiers lowercased, and the log group name is built from it. */
const instanceId = dmsIdentifier(63).refine((value) => value === value.toLowerCase(), 'must be lowercase (DMS stores it lowercased)');

/** A field of the other compute mode: rejected with a message saying which mode it belongs to. */
const belongsTo = (message: string) => z.never({ error: message }).optional();
const SERVERLESS_ONLY = 'applies to DMS Serverless (from: serverless), not to a replication instance';

const ownedInstance = z.strictObject({
  /** This stack creates the instance (with its subnet group, security group and task log group). */
  from: z.literal('this-stack'),
  id: instanceId,
  instanceClass,
  allocatedStorage: intBetween(5, 6144),
  /** Off by default (the seed's cost choice); production HA turns it on. */
  multiAz: z.boolean().default(false),
  engineVersion: z
    .string()
    .regex(/^\d+\.\d+(\.\d+)?$/, 'must be a DMS engine version such as 3.5.3')
    .optional(),
  kmsKeyArn: kmsKeyArn.optional(),
  preferredMaintenanceWindow: maintenanceWindow.default('sun:10:30-sun:14:30'),
  autoMinorVersionUpgrade: z.boolean().default(true),
  /** Apply modifications now instead of in the maintenance window. */
  applyImmediately: z.boolean().default(false),
  minCapacityUnits: belongsTo(SERVERLESS_ONLY),
  maxCapacityUnits: belongsTo(SERVERLESS_ONLY),
});

/** DMS Serverless capacity units (DCU) the service accepts (AWS DMS user guide, "Working with AWS DMS Serverless"). */
const DMS_CAPACITY_UNITS = [1, 2, 4, 8, 16, 32, 64, 128, 192, 256, 384] as const;
const capacityUnits = z
  .number()
  .refine((value) => (DMS_CAPACITY_UNITS as readonly number[]).includes(value), `must be one of ${DMS_CAPACITY_UNITS.join(', ')}`);
const INSTANCE_ONLY = 'applies to a replication instance; DMS Serverless provisions capacity between minCapacityUnits and maxCapacityUnits';

const serverless = z
  .strictObject({
    /**
     * No replication instance: each task becomes a DMS Serverless replication (`aws_dms_replication_config`) in
     * this stack's network, scaling between the capacity units below.
     */
    from: z.literal('serverless'),
    /** Default 1: scale down fully when idle. */
    minCapacityUnits: capacityUnits.default(1),
    maxCapacityUnits: capacityUnits,
    multiAz: z.boolean().default(false),
    /** Encrypts the replication's storage; default: the AWS managed DMS key. */
    kmsKeyArn: kmsKeyArn.optional(),
    preferredMaintenanceWindow: maintenanceWindow.default('sun:10:30-sun:14:30'),
    id: belongsTo('names a replication instance; serverless replications are named by their task ids'),
    instanceClass: belongsTo(INSTANCE_ONLY),
    allocatedStorage: belongsTo(INSTANCE_ONLY),
    engineVersion: belongsTo('applies to a replication instance; DMS Serverless picks its engine version'),
    autoMinorVersionUpgrade: belongsTo('applies to a replication instance; DMS Serverless upgrades itself'),
  })
  .superRefine((config, ctx) => {
    if (config.minCapacityUnits > config.maxCapacityUnits) {
      ctx.addIssue({
        code: 'custom',
        path: ['minCapacityUnits'],
        message: `must not exceed maxCapacityUnits (${config.maxCapacityUnits})`,
      });
    }
  });

const dmsInstanceArn = z
  .string()
  .regex(
    /^arn:aws(-cn|-us-gov)?:dms:[a-z0-9-]+:\d{12}:rep:[A-Za-z0-9-]+$/,
    'must be a DMS replication instance ARN such as arn:aws:dms:us-west-2:123456789012:rep:ABCDEFGHIJKLMNOP',
  );

export const replicationInstance = z.discriminatedUnion(
  'from',
  [
    ownedInstance,
    z.strictObject({
      /** Tasks attach to an instance another stack or team owns, given by ARN. */
      from: z.literal('arn'),
      /** Its identifier (log group `dms-tasks-<id>`, CloudWatch dimension). */
      id: instanceId,
      arn: dmsInstanceArn,
    }),
    z.strictObject({
      /** Tasks attach to an instance whose ARN another Terraform root publishes as an output. */
      from: z.literal('remote-state'),
      id: instanceId,
      state: remoteStateLocation,
      output: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'must be a Terraform output name')
        .default('replication_instance_arn'),
    }),
    serverless,
    z.strictObject({
      /**
       * Tasks attach to the instance another stack of this config creates, read from the SSM parameters that
       * stack publishes (config/cross-stack.ts); its id comes from there too.
       */
      from: z.literal('stack'),
      stack: stackName,
      /** Which published value is the instance ARN; only replication_instance_arn today. */
      output: z
        .literal('replication_instance_arn', { error: 'must be an output the producer publishes: replication_instance_arn' })
        .default('replication_instance_arn'),
    }),
  ],
  { error: 'from must be one of this-stack, arn, remote-state, serverless, stack' },
);

export type ReplicationInstanceSpec = z.infer<typeof replicationInstance>;

/**
 * Whether replication runs in this stack's network, and so needs `network` and `accountRoles` (dms-vpc-role for
 * the subnet group), and its log groups are this stack's: the phrase says why, for messages; undefined where
 * tasks attach to an instance another stack or team owns.
 */
export const RUNS_IN_THIS_STACK = {
  'this-stack': 'when this stack creates the replication instance',
  serverless: 'for DMS Serverless (its replications run in this network)',
  arn: undefined,
  'remote-state': undefined,
  stack: undefined,
} satisfies Record<ReplicationInstanceSpec['from'], string | undefined>;
