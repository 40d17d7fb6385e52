/**
 * A digital diploma as an Open Badges 3.0 credential (a W3C Verifiable Credential 2.0): what the
 * register's entry says, in the terms OB 3.0's context defines — safe mode refuses any other.
 *
 * - the achievement is the diploma's type (one per type, under the issuer: "Bằng tốt nghiệp trung
 *   học phổ thông"), `achievementType: Diploma`, in Vietnamese;
 * - the holder is named as printed (an identifier of type `name`, not hashed). Not by the personal
 *   ID: hashed with a salt the credential must carry, a 12-digit CCCD number is found again by
 *   trying them all in a second; the platform links a credential to its holder through the entry;
 * - the serial is the subject's `licenseNumber`, the school its `source`, the date signed `validFrom`
 *   and `awardedDate`; the register number and the rest are on the PDF and the register.
 *
 * Pure: no keys, no AWS; shared/credentials signs and verifies.
 */
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from '#shared/credentials/context-urls.ts';
import type { Block } from '#shared/pdf/document.ts';
import { placeAndDate } from '#shared/pdf/place-and-date.ts';
import type { Attestation } from '#shared/signing/registry.ts';
import { entryAttestation, entryFieldBlocks } from './copies.ts';
import { type CorrectableField, DIPLOMA_TYPE_NAMES, type DiplomaType } from './kinds.ts';
import type { RegisterEntry } from './register.ts';

export interface DigitalDiplomaFacts {
  type: DiplomaType;
  fullName: string;
  graduationYear: number;
  school: string;
  serial: string;
  /** The date signed (YYYY-MM-DD), in the city's time zone. */
  issuedOn: string;
}

export interface IssuerFacts {
  /** The issuer's URL: its controller document lists the key that signs. */
  id: string;
  name: string;
  /** Where the issuer's achievements live (`{base}/achievements/{type}`). */
  achievementsBase: string;
}

/**
 * What a correction changes that the digital diploma says — the credential (the name, the school)
 * or its signed PDF (every fact it prints): the digital diploma in force is revoked with it, and
 * the office issues it again as corrected. (The ethnicity and the personal ID are printed on neither.)
 */
export const CREDENTIAL_FIELDS: readonly CorrectableField[] = [
  'holder.fullName',
  'holder.birthDate',
  'holder.placeOfBirth',
  'holder.gender',
  'school',
  'council',
  'rank',
];

/** The date signed as an instant: midnight in the city (UTC+7). */
export const signedInstant = (issuedOn: string) => `${issuedOn}T00:00:00+07:00`;

/**
 * The unsigned credential. `id` is the credential's own (`urn:uuid:…`), `status` the revocation
 * entry.
 */
export function diplomaCredential(
  facts: DigitalDiplomaFacts,
  issuer: IssuerFacts,
  options: { id: string; status: Record<string, string> },
): Record<string, unknown> {
  const name = DIPLOMA_TYPE_NAMES[facts.type];
  return {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: options.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name,
    issuer: { id: issuer.id, type: ['Profile'], name: issuer.name },
    validFrom: signedInstant(facts.issuedOn),
    awardedDate: signedInstant(facts.issuedOn),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: facts.fullName },
      ],
      licenseNumber: facts.serial,
      source: {
        id: `${issuer.id}/schools/${encodeURIComponent(facts.school)}`,
        type: ['Profile'],
        name: facts.school,
      },
      achievement: {
        id: `${issuer.achievementsBase}/${facts.type}`,
        type: ['Achievement'],
        achievementType: 'Diploma',
        name,
        description: `${name}, năm ${facts.graduationYear}`,
        criteria: {
          narrative:
            'Công nhận tốt nghiệp theo quy chế của Bộ Giáo dục và Đào tạo; vào sổ gốc cấp văn bằng của Sở.',
        },
        inLanguage: 'vi',
      },
    },
    credentialStatus: options.status,
  };
}

/** What the digital diploma's PDF attests on the public verification page. */
export const digitalDiplomaAttestation = (entry: RegisterEntry, credentialId: string): Attestation =>
  entryAttestation('digital-diploma', 'Văn bằng số', entry, [
    { label: 'Mã văn bằng số', value: `urn:uuid:${credentialId}` },
  ]);

/**
 * The digital diploma as a PDF (the form people print and attach): the national title, the
 * Director's grant, the entry's facts as the register holds them, and the credential it goes
 * with; signed PAdES in the Department's name, with the verification code on the stamp.
 */
export function digitalDiplomaBlocks(entry: RegisterEntry, credentialId: string): Block[] {
  return [
    { kind: 'centered', text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold: true },
    { kind: 'centered', text: 'Độc lập - Tự do - Hạnh phúc', bold: true },
    { kind: 'space', lines: 2 },
    { kind: 'centered', text: 'GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ HẢI PHÒNG' },
    { kind: 'centered', text: 'cấp' },
    { kind: 'title', text: DIPLOMA_TYPE_NAMES[entry.type].toLocaleUpperCase('vi') },
    { kind: 'centered', text: '(văn bằng số)' },
    { kind: 'space' },
    ...entryFieldBlocks(entry),
    { kind: 'space' },
    {
      kind: 'paragraph',
      text:
        'Văn bằng này được cấp dưới dạng số, vào sổ gốc cấp văn bằng của Sở Giáo dục và Đào tạo; cùng với ' +
        `văn bằng số dạng tệp (Open Badges 3.0, mã urn:uuid:${credentialId}). Kiểm tra chữ ký số, hiệu lực ` +
        'và việc thu hồi (nếu có) bằng mã ở chân trang tại trang xác thực văn bản của Sở.',
    },
    { kind: 'space' },
    { kind: 'paragraph', text: placeAndDate('Hải Phòng', new Date(signedInstant(entry.issuedOn))) },
    {
      kind: 'signoff',
      recipients: [],
      capacity: ['GIÁM ĐỐC'],
      name: '(Đã ký số)',
    },
  ];
}
