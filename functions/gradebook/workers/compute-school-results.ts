import { orgTree } from '#shared/auth/principal-loader.ts';
import { classesTeachingOfSchool } from '../../edu-data/index.ts';
import type { Period } from '../domain/results.ts';
import { addSchoolFigures, noFigures, resultRuns, type SchoolFigures } from '../result-runs.ts';
import { submitClassResults } from '../results-flow.ts';
import { rollUpSchool } from '../statistics.ts';

/** Classes computed at once: each reads its books' rows and writes its results in batches. */
const PARALLEL_CLASSES = 4;

/**
 * Task state inside the Map: one school's classes of the run's year, each one's results of the
 * period computed from its locked books and submitted to the education database in the name of
 * whoever started the run. A class with a book of the period still open is counted, not sent.
 */
export async function handler(input: { runId: string; schoolId: string }): Promise<{ runId: string }> {
  const run = await resultRuns.get(input.runId);
  if (!run) throw new Error(`Result run ${input.runId} does not exist`);
  const school = await orgTree()(input.schoolId);
  if (!school) throw new Error(`School ${input.schoolId} does not exist`);
  const classes = (await classesTeachingOfSchool(input.schoolId)).filter(
    (c) => c.schoolYear === run.schoolYear,
  );
  const period: Period = run.period === 'year' ? 'year' : (Number(run.period) as 1 | 2);
  const actor = { sub: run.requestedBy, requestId: run.runId };
  const figures: SchoolFigures = noFigures();
  for (let i = 0; i < classes.length; i += PARALLEL_CLASSES) {
    const sent = await Promise.all(
      classes.slice(i, i + PARALLEL_CLASSES).map((cls) => submitClassResults(cls, period, school, actor)),
    );
    for (const s of sent) {
      figures.classes++;
      figures.submitted += s.submitted;
      figures.unchanged += s.unchanged;
      figures.pending += s.pending;
      figures.rejected += s.rejected;
      figures.skipped += s.skipped.length;
      if (s.openBooks.length) figures.openClasses++;
    }
  }
  if (figures.classes) await rollUpSchool(input.schoolId, run.schoolYear, run.period);
  await addSchoolFigures(run.runId, input.schoolId, figures);
  return { runId: run.runId };
}
