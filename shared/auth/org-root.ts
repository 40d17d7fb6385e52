/** The root of the org tree: the city's Department of Education and Training, per deployment. */
export const DEPARTMENT_ORG_UNIT_ID = (): string => process.env.ROOT_ORG_UNIT_ID ?? 'SGD';
