/**
 * `npm run token -- <demo-account>`: prints an access token from the running dev provider, e.g.
 *   curl -H "Authorization: Bearer $(npm run -s token -- teacher1)" http://127.0.0.1:3000/me
 * `npm run token -- --vneid <citizen>`: a token of the development VNeID for a demo citizen
 * (by subject, e.g. 7c1e0a52; see demo-citizens.ts).
 */
import { DEMO_CITIZENS } from './demo-citizens.ts';
import { DEMO_ACCOUNTS } from './demo-data.ts';
import { fetchDevCitizenToken, fetchDevToken } from './dev-token.ts';

const vneid = process.argv[2] === '--vneid';
const name = vneid ? process.argv[3] : process.argv[2];
if (!name) {
  console.error(
    `Usage: npm run token -- <account>   or   npm run token -- --vneid <citizen>
Accounts: ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')}
Citizens: ${DEMO_CITIZENS.map((c) => `${c.sub} (${c.fullName}, level ${c.identityLevel})`).join(', ')}`,
  );
  process.exit(2);
}
const port = Number(process.env.PORT ?? 3000);
const issuer = vneid
  ? (process.env.VNEID_ISSUER ?? `http://127.0.0.1:${port + 2}`)
  : (process.env.OIDC_ISSUER ?? `http://127.0.0.1:${port + 1}`);
try {
  process.stdout.write(
    `${await (vneid ? fetchDevCitizenToken(issuer, name) : fetchDevToken(issuer, name))}\n`,
  );
} catch (error) {
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  console.error(
    cause === 'ECONNREFUSED'
      ? `No development provider at ${issuer}: start the platform with npm start first.`
      : (error as Error).message,
  );
  process.exit(1);
}
