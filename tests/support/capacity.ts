/**
 * A document client that asks DynamoDB for the capacity each call consumed
 * (`ReturnConsumedCapacity: 'TOTAL'`) and adds it up, for tests that check what a step costs.
 * DynamoDB Local reports units from the item sizes as AWS bills them (the answers test checks it
 * against items of known size before relying on it).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

interface Consumed {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

export interface Units {
  read: number;
  write: number;
  calls: string[];
}

export function measuringClient() {
  const units: Units = { read: 0, write: 0, calls: [] };
  const raw = new DynamoDBClient({});
  raw.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity ??= 'TOTAL';
      const result = await next(args);
      const output = result.output as { ConsumedCapacity?: Consumed | Consumed[] };
      const list = [output.ConsumedCapacity ?? []].flat();
      const command = String(context.commandName).replace(/Command$/, '');
      const writes = /Put|Update|Delete|Write/.test(command);
      for (const c of list) {
        const total = c.CapacityUnits ?? 0;
        if (c.WriteCapacityUnits !== undefined || c.ReadCapacityUnits !== undefined) {
          units.write += c.WriteCapacityUnits ?? 0;
          units.read += c.ReadCapacityUnits ?? 0;
        } else if (writes) units.write += total;
        else units.read += total;
      }
      units.calls.push(command);
      return result;
    },
    { step: 'initialize', name: 'consumedCapacity' },
  );
  const client = DynamoDBDocumentClient.from(raw, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  const reset = () => {
    units.read = 0;
    units.write = 0;
    units.calls = [];
  };
  return { client, units, reset };
}
