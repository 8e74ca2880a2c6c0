/**
 * DMS replication instance classes: which sizes each family comes in (AWS DMS user guide, "Choosing the right
 * AWS DMS replication instance for your migration") and their memory, which sets the default FreeableMemory
 * alarm threshold. Memory follows the EC2 instance type behind each class.
 */

export const INSTANCE_CLASS_SIZES: Record<string, readonly string[]> = {
  t2: ['micro', 'small', 'medium', 'large'],
  t3: ['micro', 'small', 'medium', 'large'],
  c4: ['large', 'xlarge', '2xlarge', '4xlarge'],
  c5: ['large', 'xlarge', '2xlarge', '4xlarge', '9xlarge', '12xlarge', '18xlarge', '24xlarge'],
  c6i: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '32xlarge'],
  r4: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge'],
  r5: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge'],
  r6i: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '32xlarge'],
};

/** GiB of a `large`; every size above doubles per step (`xlarge` = 2 × large, `Nxlarge` = 2N × large). */
const LARGE_MEMORY_GIB: Record<string, number> = { t2: 8, t3: 8, c4: 3.75, c5: 4, c6i: 4, r4: 15.25, r5: 16, r6i: 16 };
const BURSTABLE_MEMORY_GIB: Record<string, number> = { micro: 1, small: 2, medium: 4, large: 8 };

/** Memory of a valid class such as `dms.t3.medium`, in GiB. */
export function instanceMemoryGiB(instanceClass: string): number {
  const [, family, size] = instanceClass.split('.');
  if (family === 't2' || family === 't3') return BURSTABLE_MEMORY_GIB[size];
  const multiple = size === 'large' ? 1 : size === 'xlarge' ? 2 : 2 * Number(size.replace('xlarge', ''));
  return LARGE_MEMORY_GIB[family] * multiple;
}
