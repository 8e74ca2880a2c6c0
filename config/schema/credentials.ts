/** Endpoint credentials: always a Secrets Manager secret, so a password cannot be written into a spec. */
import { kmsKeyArn, secretArn } from '../rules';

export const credentials = {
  /** Existing Secrets Manager secret with the connection's username and password (never a password here). */
  secretArn,
  /** Customer managed key of that secret, if any; the access role gets kms:Decrypt on it. */
  secretKmsKeyArn: kmsKeyArn.optional(),
};
