/**
 * Images and audio of questions, in the materials bucket under the owning unit's prefix. The
 * browser uploads through a presigned POST whose policy bounds the type and size; a question may
 * name only its own unit's media, and only objects that exist, of an allowed type and size
 * (checked again when the question is saved: the key is what the question keeps).
 */
import { randomUUID } from 'node:crypto';
import { badRequest, fieldError } from '#shared/http/problem.ts';
import { headObject } from '#shared/storage/s3.ts';
import { uploadLink } from '#shared/storage/upload-link.ts';
import type { CodedText } from '#shared/text/texts.ts';
import { examsText } from './domain/texts.ts';

export const MEDIA_TYPES = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'audio/mpeg': 'mp3',
  'audio/ogg': 'ogg',
  'audio/wav': 'wav',
  'audio/mp4': 'm4a',
} as const;
export type MediaType = keyof typeof MEDIA_TYPES;
export const MAX_MEDIA_BYTES = 10 * 1024 * 1024;
const UPLOAD_SECONDS = 600;

export const mediaPrefix = (orgUnitId: string) => `exams/media/${orgUnitId}/`;

export async function requestMediaUpload(orgUnitId: string, contentType: MediaType) {
  const key = `${mediaPrefix(orgUnitId)}${randomUUID()}.${MEDIA_TYPES[contentType]}`;
  return {
    key,
    maxBytes: MAX_MEDIA_BYTES,
    upload: await uploadLink('materials', key, contentType, { maxBytes: MAX_MEDIA_BYTES }, UPLOAD_SECONDS),
  };
}

/** Every key is the unit's own, uploaded, of an allowed type and not too large. */
export async function checkMedia(orgUnitId: string, keys: readonly string[] | undefined) {
  for (const [i, key] of (keys ?? []).entries()) {
    const refuse = (text: CodedText) =>
      badRequest(examsText('media-unusable'), [fieldError('body', `media.${i}`, text)]);
    if (!key.startsWith(mediaPrefix(orgUnitId))) throw refuse(examsText('media-not-own'));
    const head = await headObject('materials', key);
    if (!head) throw refuse(examsText('media-not-uploaded'));
    if (!(head.contentType in MEDIA_TYPES))
      throw refuse(examsText('media-wrong-type', { type: head.contentType }));
    if (head.size > MAX_MEDIA_BYTES)
      throw refuse(examsText('media-too-large', { max: MAX_MEDIA_BYTES / 1024 / 1024 }));
  }
}
