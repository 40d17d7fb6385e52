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

/**
 * A canceled ElectroDB transaction's reason per item, in the items' order: `ConditionalCheckFailed`
 * (that item's condition refused), `TransactionConflict` (raced another transaction: worth trying
 * again), or undefined (the item was not the cause).
 */
export const cancellationCodes = (result: { data: readonly unknown[] }): (string | undefined)[] =>
  result.data.map((d) => (d as { code?: string } | undefined)?.code);
