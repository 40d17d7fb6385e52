/**
 * The platform's buckets, described once for the CDK stack and the local cloud. Each maps to the
 * environment variable handlers read its name from.
 */
export const BUCKETS = {
  materials: { env: 'BUCKET_MATERIALS', description: 'Learning materials, question media, e-books' },
  documents: {
    env: 'BUCKET_DOCUMENTS',
    description: 'Uploaded documents: records, imports, scanned diplomas',
  },
  reports: { env: 'BUCKET_REPORTS', description: 'Generated reports and exports' },
  portal: { env: 'BUCKET_PORTAL', description: 'The static learning portal' },
} as const;

export type BucketName = keyof typeof BUCKETS;
