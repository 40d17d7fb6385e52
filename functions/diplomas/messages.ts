/** Digital registers uploaded for import land here (documents bucket); S3 announces them. */
export const DIPLOMA_IMPORT_PREFIX = 'imports/diplomas/';
export const DIPLOMA_IMPORTS_QUEUE = 'diploma-imports';
