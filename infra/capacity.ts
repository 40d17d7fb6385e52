/**
 * The exam-day capacity the stack is sized for: the capacity plan
 * (functions/exams/domain/capacity-plan.ts) of the city's largest exam — `examCandidates`
 * candidates (context value, default 100,000) of the city exam's shape — from the units per step
 * in docs/capacity/units.json (measured by the load test). The table's warm throughput defaults,
 * the exam routes' throttles, the stage's and the exam API's scalable target come from it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CapacityPlan,
  CITY_EXAM,
  type ExamUnits,
  planCapacity,
} from '../functions/exams/domain/capacity-plan.ts';

export const DEFAULT_EXAM_CANDIDATES = 100_000;
export const UNITS_FILE = join(import.meta.dirname, '../docs/capacity/units.json');

export const readExamUnits = (): ExamUnits => JSON.parse(readFileSync(UNITS_FILE, 'utf8')) as ExamUnits;

export function examDayPlan(candidates = DEFAULT_EXAM_CANDIDATES): CapacityPlan {
  return planCapacity(readExamUnits(), { ...CITY_EXAM, candidates });
}
