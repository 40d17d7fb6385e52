/**
 * The repository's fixed vocabularies and file rules, without dependencies: the API's schemas,
 * the upload checks and the portal's forms all use them.
 */
/** The digital collection's kinds (a subset of the union catalogue's title types). */
export const RESOURCE_KINDS = ['ebook', 'document', 'lecture', 'video', 'audio'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/**
 * Who may open a published resource: anyone (`open`, also harvested over OAI-PMH), anyone signed
 * in to the city's platform (`city`), or the people of the owning school (`school`).
 */
export const LICENCES = ['open', 'city', 'school'] as const;
export type Licence = (typeof LICENCES)[number];

export const RESOURCE_STATES = ['draft', 'submitted', 'returned', 'published', 'withdrawn'] as const;
export type ResourceState = (typeof RESOURCE_STATES)[number];

export const MB = 1024 * 1024;

/** The files each kind accepts: content types with their extensions, and a size limit. */
export const FILE_RULES: Record<ResourceKind, { types: Record<string, string[]>; maxBytes: number }> = {
  ebook: { types: { 'application/pdf': ['pdf'], 'application/epub+zip': ['epub'] }, maxBytes: 100 * MB },
  document: {
    types: {
      'application/pdf': ['pdf'],
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
      'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
      'application/vnd.oasis.opendocument.text': ['odt'],
    },
    maxBytes: 50 * MB,
  },
  lecture: {
    types: {
      'application/pdf': ['pdf'],
      'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
      'video/mp4': ['mp4'],
      // An e-learning package (SCORM / HTML5) as a zip.
      'application/zip': ['zip'],
    },
    maxBytes: 500 * MB,
  },
  video: { types: { 'video/mp4': ['mp4'], 'video/webm': ['webm'] }, maxBytes: 2048 * MB },
  audio: {
    types: { 'audio/mpeg': ['mp3'], 'audio/mp4': ['m4a'], 'audio/ogg': ['ogg', 'oga'] },
    maxBytes: 200 * MB,
  },
};
