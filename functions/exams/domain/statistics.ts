/**
 * Results statistics: distribution, mean, median, standard deviation, pass rate, and item
 * analysis — difficulty (mean share of the points), discrimination (upper minus lower 27% by
 * total score) and, for choice questions, how often each option was chosen (distractors).
 */

export interface Summary {
  count: number;
  mean: number;
  median: number;
  standardDeviation: number;
  passRate: number;
  /** Candidates per score band of width `bandWidth`, keyed by the band's lower bound. */
  distribution: Record<string, number>;
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

export function summarize(scores: number[], passMark: number, bandWidth = 1): Summary {
  const count = scores.length;
  if (count === 0) return { count, mean: 0, median: 0, standardDeviation: 0, passRate: 0, distribution: {} };
  const sorted = [...scores].sort((a, b) => a - b);
  const mean = sorted.reduce((n, s) => n + s, 0) / count;
  const median = count % 2 ? sorted[(count - 1) / 2]! : (sorted[count / 2 - 1]! + sorted[count / 2]!) / 2;
  const variance = sorted.reduce((n, s) => n + (s - mean) ** 2, 0) / count;
  const distribution: Record<string, number> = {};
  for (const s of sorted) {
    const band = String(round(Math.floor(s / bandWidth) * bandWidth, 2));
    distribution[band] = (distribution[band] ?? 0) + 1;
  }
  return {
    count,
    mean: round(mean),
    median: round(median),
    standardDeviation: round(Math.sqrt(variance)),
    passRate: round(sorted.filter((s) => s >= passMark).length / count),
    distribution,
  };
}

export interface ItemResponse {
  candidateTotal: number;
  points: number;
  maxPoints: number;
  /** The option chosen (single choice), for distractor analysis. */
  choice?: string;
}

export interface ItemAnalysis {
  responses: number;
  difficulty: number;
  discrimination: number;
  choices: Record<string, number>;
}

export function analyzeItem(responses: ItemResponse[]): ItemAnalysis {
  const n = responses.length;
  if (n === 0) return { responses: 0, difficulty: 0, discrimination: 0, choices: {} };
  const share = (r: ItemResponse) => (r.maxPoints ? r.points / r.maxPoints : 0);
  const byTotal = [...responses].sort((a, b) => b.candidateTotal - a.candidateTotal);
  const group = Math.max(1, Math.round(n * 0.27));
  const mean = (list: ItemResponse[]) => list.reduce((s, r) => s + share(r), 0) / list.length;
  const choices: Record<string, number> = {};
  for (const r of responses) if (r.choice) choices[r.choice] = (choices[r.choice] ?? 0) + 1;
  return {
    responses: n,
    difficulty: round(mean(responses)),
    discrimination: round(mean(byTotal.slice(0, group)) - mean(byTotal.slice(-group))),
    choices,
  };
}

export interface ResultRow {
  schoolId: string;
  communeId: string;
  points: number;
}

export interface GroupSummary extends Summary {
  orgUnitId: string;
}

/** Summaries of the whole session and per school and commune (only results that are final). */
export function summarizeByUnit(rows: ResultRow[], passMark: number, bandWidth: number) {
  const group = (key: (r: ResultRow) => string) => {
    const groups = new Map<string, number[]>();
    for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r.points]);
    return [...groups]
      .map(([orgUnitId, scores]): GroupSummary => ({ orgUnitId, ...summarize(scores, passMark, bandWidth) }))
      .sort((a, b) => a.orgUnitId.localeCompare(b.orgUnitId));
  };
  return {
    summary: summarize(
      rows.map((r) => r.points),
      passMark,
      bandWidth,
    ),
    bySchool: group((r) => r.schoolId),
    byCommune: group((r) => r.communeId),
  };
}

/** Score bands of about a tenth of the paper, in quarter points. */
export const bandWidthFor = (maxPoints: number) => Math.max(0.25, Math.round((maxPoints / 10) * 4) / 4);
