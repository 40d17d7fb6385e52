/**
 * The residence check: what the national population database (Cơ sở dữ liệu quốc gia về dân
 * cư) answers for a personal ID — name, birth date, gender, where the person lives (commune,
 * residential area, address) and their parents or legal guardians. A deployment plugs in the
 * national data-sharing platform's adapter behind `PopulationRegistry`; the local cloud's
 * stand-in (`POPULATION_REGISTRY=local`) answers from `populationRecord` items the demo data and
 * tests write. Without a registry a deployment says so (503), never guesses a residence.
 */
import { HttpProblem } from '#shared/http/problem.ts';
import { admissionText } from './domain/texts.ts';
import { admissionEntities } from './entities.ts';

export interface Residence {
  communeId: string;
  /** The residential area as the registry names it (tổ dân phố, thôn). */
  area: string;
  address: string;
  kind: 'permanent' | 'temporary';
}

export interface PopulationAnswer {
  personalId: string;
  fullName: string;
  dateOfBirth: string;
  gender: 'male' | 'female';
  residence: Residence;
  guardians: { personalId: string; relation: 'father' | 'mother' | 'guardian' }[];
}

export interface PopulationRegistry {
  find(personalId: string): Promise<PopulationAnswer | undefined>;
}

const localRegistry: PopulationRegistry = {
  async find(personalId) {
    const { data } = await admissionEntities().populationRecord.get({ personalId }).go();
    return data ? (data as PopulationAnswer) : undefined;
  },
};

export function populationRegistry(): PopulationRegistry {
  if (process.env.POPULATION_REGISTRY === 'local') return localRegistry;
  throw new HttpProblem({
    status: 503,
    title: 'Service unavailable',
    slug: 'population-registry-unavailable',
    detail: admissionText('population-unavailable'),
  });
}
