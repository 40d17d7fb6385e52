/**
 * Diplomas and certificates since 1970 (issue 23; docs/diplomas.md): the original register, its
 * digitisation, lookups, copies from the register and digital diplomas. Its first part is the
 * register's pure rules (domain/register.ts); routes and workers are added as each capability
 * lands, here first, so they exist in the stack and the local cloud alike.
 */
import { defineContext } from '#shared/manifest.ts';

export const diplomasManifest = defineContext({
  name: 'diplomas',
  description: 'The register of diplomas since 1970, lookups, copies and digital diplomas',
  routes: {},
});
