/** Where the replication instance (or DMS Serverless) runs and what it may connect to. */
import { z } from 'zod';
import { cidrV4, prefixListId, subnetId, vpcId } from '../rules';

/** A VPC endpoint path for HTTPS: a gateway endpoint's prefix list, or an interface endpoint's CIDR blocks. */
const serviceEndpointPath = z
  .strictObject({
    prefixListIds: z.array(prefixListId).default([]),
    cidrs: z.array(cidrV4).default([]),
  })
  .refine(
    (path) => path.prefixListIds.length + path.cidrs.length > 0,
    'must list prefixListIds (gateway endpoint) or cidrs (interface endpoint)',
  );

export const network = z.strictObject({
  vpcId,
  /** Subnets of the replication subnet group; DMS requires at least two Availability Zones. */
  subnets: z
    .array(
      z.strictObject({
        id: subnetId,
        availabilityZone: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d+[a-z]$/, 'must be an Availability Zone such as us-west-2a'),
      }),
    )
    .min(2, 'must list at least 2 subnets (DMS requires two Availability Zones)'),
  /** Where the replication instance may connect; ports come from the endpoints, HTTPS is 443. */
  egress: z.strictObject({
    /** The source database network (e.g. the on-premises SQL Server range reached through VPN/Direct Connect). */
    sourceCidrs: z.array(cidrV4).min(1, 'must list at least one CIDR block'),
    /** The target database network (the Redshift Serverless workgroup's VPC); DynamoDB is reached over HTTPS. */
    targetCidrs: z.array(cidrV4).default([]),
    /** HTTPS for Secrets Manager and S3: VPC endpoint ranges or NAT egress. */
    httpsCidrs: z.array(cidrV4).default([]),
    /** HTTPS through gateway endpoints (the S3 prefix list). */
    httpsPrefixListIds: z.array(prefixListId).default([]),
  }),
  /**
   * How the replication instance reaches the AWS services it uses: from DMS 3.4.7, a replication instance or
   * DMS Serverless in a private subnet reaches S3, DynamoDB and Secrets Manager only through VPC endpoints
   * (AWS DMS user guide, "Configuring VPC endpoints for AWS DMS"). Each gets an HTTPS egress rule.
   */
  vpcEndpoints: z
    .strictObject({
      /** Gateway endpoint prefix list or interface endpoint CIDRs. Required for Redshift (staging) and DynamoDB targets. */
      s3: serviceEndpointPath.optional(),
      /** Required for DynamoDB targets. */
      dynamodb: serviceEndpointPath.optional(),
      /** Interface endpoint only. Required: endpoint credentials always come from Secrets Manager. */
      secretsManager: z.strictObject({ cidrs: z.array(cidrV4).min(1, 'must list the interface endpoint CIDR blocks') }).optional(),
    })
    .default({}),
  /**
   * A public route (NAT) instead of VPC endpoints: needed before any egress may go to 0.0.0.0/0. The reason is
   * reviewed like code, e.g. "no S3 gateway endpoint in the shared VPC until NET-123".
   */
  allowInternetEgress: z.strictObject({ reason: z.string().trim().min(10, 'must say why (at least 10 characters)') }).optional(),
});

export type VpcEndpointService = keyof z.infer<typeof network>['vpcEndpoints'];
/** In the order their requirement is reported. */
export const VPC_ENDPOINT_SERVICES = ['s3', 'dynamodb', 'secretsManager'] as const satisfies readonly VpcEndpointService[];
export const VPC_ENDPOINT_SERVICE_NAMES = { s3: 'S3', dynamodb: 'DynamoDB', secretsManager: 'Secrets Manager' } satisfies Record<
  VpcEndpointService,
  string
>;
