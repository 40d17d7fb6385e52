/** DynamoDB refused a write because its condition did not hold (ElectroDB wraps the SDK error). */
export const isConditionFailure = (error: unknown): boolean =>
  (error as { cause?: { name?: string } } | undefined)?.cause?.name === 'ConditionalCheckFailedException';

/**
 * For a conditional write's `.then(() => true, falseIfConditionFailed)` or `.catch(…)`: false when
 * its condition did not hold (someone else wrote first); any other failure is thrown.
 */
export function falseIfConditionFailed(error: unknown): false {
  if (isConditionFailure(error)) return false;
  throw error;
}
