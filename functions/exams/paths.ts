/** Where a paper's files live in the materials bucket: written once, never overwritten. */

/** The candidates' copy of a variant: questions and options, no keys. */
export const paperCopyPath = (paperId: string, variant: number) =>
  `exams/papers/${paperId}/variant-${variant}.json`;

/** A variant's keys; a key correction writes a new version beside the old one. */
export const keyPath = (paperId: string, keyVersion: number, variant: number) =>
  `exams/keys/${paperId}/v${keyVersion}/variant-${variant}.json`;
