/** What a correction request may name: no dependencies, so the portal imports the same list. */

/** The parts of the profile a learner sees (GET /learners/{id}) that a request may be about. */
export const CORRECTION_FIELDS = [
  'fullName',
  'dateOfBirth',
  'gender',
  'personalId',
  'ethnicity',
  'nationality',
  'placeOfBirth',
  'address',
  'grade',
  'class',
  'status',
  'guardians',
  'health',
  'policyGroups',
  'awards',
  'other',
] as const;
export type CorrectionField = (typeof CORRECTION_FIELDS)[number];
