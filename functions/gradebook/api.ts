import { makeApi } from '#shared/http/api.ts';
import { notFound } from '#shared/http/problem.ts';
import { ruleSetFor } from './domain/rules.ts';
import { regularScoreCount } from './domain/secondary.ts';
import { hasPeriodicTest, subjectsOfGrade } from './domain/subjects.ts';
import { gradebookText } from './domain/texts.ts';
import { gradebookManifest } from './manifest.ts';

export const handler = makeApi(gradebookManifest, {
  async getGradingRules({ query: { grade, schoolYear } }) {
    const rules = ruleSetFor(grade, schoolYear);
    if (!rules)
      throw notFound(gradebookText('no-rules', { grade, schoolYear: `${schoolYear}–${schoolYear + 1}` }));
    const ruleSet = { id: rules.id, circular: rules.circular, level: rules.level };
    if (rules.level === 'primary')
      return {
        grade,
        schoolYear,
        ruleSet,
        subjects: subjectsOfGrade(grade).map((s) => ({ ...s, periodicTest: hasPeriodicTest(grade, s.code) })),
      };
    return {
      grade,
      schoolYear,
      ruleSet,
      subjects: subjectsOfGrade(grade).map((s) => ({
        ...s,
        ...(s.assessment === 'scored' ? { regularScores: regularScoreCount(rules, s.periodsPerYear) } : {}),
      })),
      weights: rules.weights,
      levels: rules.levels,
      promotion: rules.promotion,
    };
  },
});
