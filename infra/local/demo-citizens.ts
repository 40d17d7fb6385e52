/**
 * The citizens the development VNeID provider knows: who can sign in with the national identity
 * locally. VNeID's subject is an opaque identifier of its own (never the personal ID); the claims
 * are those VNeID shares with a relying party — full name, date of birth, personal ID (số định
 * danh cá nhân / CCCD, 12 digits), phone — and the identity level of the account (mức 1: the
 * person's data entered by themselves; mức 2: checked in person, with a chip-based card).
 * Personal IDs here follow the CCCD layout (province 031 Hải Phòng, century and gender, year of
 * birth, serial) and are made up.
 */
export interface DemoCitizen {
  /** VNeID's subject for this person (opaque, stable). */
  sub: string;
  fullName: string;
  /** YYYY-MM-DD, as OpenID's `birthdate` claim. */
  birthdate: string;
  personalId: string;
  phone: string;
  identityLevel: 1 | 2;
  /** What the demo is for (shown on the dev sign-in page only). */
  note: string;
}

export const DEMO_CITIZENS: readonly DemoCitizen[] = [
  {
    sub: '7c1e0a52',
    fullName: 'Trịnh Văn Nam',
    birthdate: '1984-03-12',
    personalId: '031084001234',
    phone: '0912345678',
    identityLevel: 2,
    note: 'Phụ huynh, định danh mức 2',
  },
  {
    sub: '3f9b2d17',
    fullName: 'Đỗ Thị Hồng Nhung',
    birthdate: '1990-11-02',
    personalId: '031190005678',
    phone: '0987654321',
    identityLevel: 1,
    note: 'Phụ huynh, định danh mức 1',
  },
  {
    sub: 'a4d86e09',
    fullName: 'Lê Quang Huy',
    birthdate: '1975-07-30',
    personalId: '031075009012',
    phone: '0903111222',
    identityLevel: 2,
    note: 'Công dân, không có con đang học',
  },
];

/** The claims VNeID puts in its tokens for a citizen (OpenID names where one exists). */
export const citizenClaims = (c: DemoCitizen) => ({
  sub: c.sub,
  name: c.fullName,
  birthdate: c.birthdate,
  personal_id: c.personalId,
  phone_number: c.phone,
  identity_level: c.identityLevel,
});
