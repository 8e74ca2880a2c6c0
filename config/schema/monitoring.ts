import { z } from 'zod';
import { intBetween, kmsKeyArn } from '../rules';

const notification = z.discriminatedUnion(
  'protocol',
  [
    z.strictObject({ protocol: z.literal('email'), endpoint: z.email({ error: 'must be an email address' }) }),
    z.strictObject({ protocol: z.literal('https'), endpoint: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }) }),
  ],
  { error: 'protocol must be one of email, https' },
);

/**
 * Alarms, DMS event subscriptions, the alert topic and a dashboard (modules/monitoring). Thresholds default to
 * what pages someone before replication falls behind a business day: CDC latency of minutes, not hours.
 */
export const monitoring = z.strictObject({
  /** false: no monitoring resources for this pipeline. */
  enabled: z.boolean().default(true),
  /** Who is told: SNS subscriptions of the alert topic (email needs confirming from the inbox). */
  notify: z.array(notification).default([]),
  /**
   * Customer managed key of the alert topic; its key policy must let cloudwatch.amazonaws.com and
   * dms.amazonaws.com use it (the AWS managed aws/sns key cannot). Default: a key created for the topic.
   */
  topicKmsKeyArn: kmsKeyArn.optional(),
  thresholds: z
    .strictObject({
      /** CDCLatencySource: seconds from a source commit to DMS reading it. */
      cdcLatencySourceSeconds: intBetween(1, 86400).default(300),
      /** CDCLatencyTarget: seconds from a source commit to its apply on the target. */
      cdcLatencyTargetSeconds: intBetween(1, 86400).default(600),
      /** FreeStorageSpace below this share of allocatedStorage. */
      freeStorageSpacePercent: intBetween(1, 90).default(10),
      cpuUtilizationPercent: intBetween(1, 100).default(80),
      /** FreeableMemory below this share of the instance class's memory. */
      freeableMemoryPercent: intBetween(1, 90).default(10),
    })
    .prefault({}),
  /** Consecutive 5-minute periods above a threshold before its alarm fires. */
  evaluationPeriods: intBetween(1, 288).default(3),
});
