/**
 * The OAI-PMH 2.0 repository over the public digital collection: reads the entries the sync
 * worker keeps (one per set and datestamp, the record's Dublin Core with it) and answers each
 * verb with domain/oai.ts's XML. A list is one Query on a set's partition in datestamp order;
 * the resumption token holds the position, so it stays valid as long as the entries do.
 */
import {
  ALL_SETS,
  encodeToken,
  headerXml,
  identifyXml,
  type ListQuery,
  METADATA_FORMATS_XML,
  OaiError,
  type OaiRecord,
  type OaiRequest,
  oaiIdentifier,
  oaiXml,
  PAGE_SIZE,
  parseRequest,
  recordXml,
  resourceIdOf,
  resumptionXml,
  setsXml,
  TOKEN_HOURS,
} from './domain/oai.ts';
import type { DublinCore } from './domain/resources.ts';
import { type RepositoryEntities, repositoryEntities } from './entities.ts';
import { oaiConfig } from './published.ts';

interface Entry {
  setSpec: string;
  stamp: string;
  resourceId: string;
  sets: string[];
  deleted: boolean;
  dc?: DublinCore;
}

export function makeOai(entities: () => RepositoryEntities = repositoryEntities) {
  const cfg = () => oaiConfig();
  const record = (e: Entry): OaiRecord => ({
    identifier: oaiIdentifier(cfg().repositoryIdentifier, e.resourceId),
    datestamp: e.stamp,
    sets: e.sets,
    deleted: e.deleted,
    ...(e.dc ? { dc: e.dc } : {}),
  });

  /** The entry of a resource in the `*` set, if it was ever harvestable. */
  async function entryOf(identifier: string): Promise<Entry> {
    const resourceId = resourceIdOf(cfg().repositoryIdentifier, identifier);
    const { data: r } = resourceId ? await entities().resource.get({ resourceId }).go() : { data: null };
    const oai = (r?.synced as { oai?: { stamp: string } } | undefined)?.oai;
    if (!r || !oai) throw new OaiError('idDoesNotExist', `No record ${identifier} in this repository`);
    const { data } = await entities()
      .oaiEntry.get({ setSpec: '*', stamp: oai.stamp, resourceId: r.resourceId })
      .go();
    if (!data) throw new OaiError('idDoesNotExist', `No record ${identifier} in this repository`);
    return data as Entry;
  }

  async function list(q: ListQuery, now: Date) {
    if (q.set && !ALL_SETS.some((s) => s.spec === q.set))
      throw new OaiError('noRecordsMatch', `No set ${q.set}`);
    const query = entities().oaiEntry.query.bySet({ setSpec: q.set ?? '*' });
    const [afterStamp, afterId] = q.after?.split('|') ?? [];
    const ranged =
      afterStamp && afterId
        ? query.gt({ stamp: afterStamp, resourceId: afterId })
        : q.from
          ? query.gte({ stamp: q.from })
          : query;
    const { data } = await ranged.go({ limit: PAGE_SIZE + 1 });
    const entries = (data as Entry[]).filter((e) => !q.until || e.stamp <= q.until);
    const page = entries.slice(0, PAGE_SIZE);
    if (!page.length && !q.after) throw new OaiError('noRecordsMatch', 'No records match the request');
    const more = entries.length > PAGE_SIZE;
    const last = page.at(-1);
    const token =
      more && last
        ? encodeToken({ ...q, after: `${last.stamp}|${last.resourceId}`, cursor: q.cursor + page.length })
        : undefined;
    const expires = `${new Date(now.getTime() + TOKEN_HOURS * 3_600_000).toISOString().slice(0, 19)}Z`;
    const body = page
      .map((e) => (q.verb === 'ListRecords' ? recordXml(record(e)) : headerXml(record(e))))
      .join('');
    // The last page of a resumed list carries an empty token; a list in one page carries none.
    return body + (token || q.after ? resumptionXml(token, q.cursor, expires) : '');
  }

  async function answer(request: OaiRequest, now: Date, baseUrl: string): Promise<string> {
    switch (request.verb) {
      case 'Identify': {
        const { data } = await entities().oaiEntry.query.bySet({ setSpec: '*' }).go({ limit: 1 });
        return identifyXml({
          repositoryName: cfg().repositoryName,
          baseUrl,
          adminEmail: cfg().adminEmail,
          earliestDatestamp: (data[0] as Entry | undefined)?.stamp ?? `${now.toISOString().slice(0, 19)}Z`,
          repositoryIdentifier: cfg().repositoryIdentifier,
        });
      }
      case 'ListMetadataFormats':
        if (request.identifier) await entryOf(request.identifier);
        return METADATA_FORMATS_XML;
      case 'ListSets':
        return setsXml();
      case 'GetRecord':
        return recordXml(record(await entryOf(request.identifier)));
      default:
        return list(request, now);
    }
  }

  return {
    /** The XML answer to a request's arguments, errors included (OAI-PMH answers them with 200). */
    async respond(pairs: readonly [string, string][], baseUrl: string, now = new Date()) {
      const responseDate = `${now.toISOString().slice(0, 19)}Z`;
      try {
        const request = parseRequest(pairs);
        const body = await answer(request, now, baseUrl);
        return oaiXml({ responseDate, baseUrl, request: pairs, verb: request.verb, body });
      } catch (error) {
        if (!(error instanceof OaiError)) throw error;
        return oaiXml({ responseDate, baseUrl, request: pairs, error });
      }
    },
  };
}
