/** DynamoDB refused a write because its condition did not hold (ElectroDB wraps the SDK error). */
export const isConditionFailure = (error: unknown): boolean =>
  (error as { cause?: { name?: string } } | undefined)?.cause?.name === 'ConditionalCheckFailedException';
