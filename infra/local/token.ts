/**
 * `npm run token -- <demo-account>`: prints an access token from the running dev provider, e.g.
 *   curl -H "Authorization: Bearer $(npm run -s token -- teacher1)" http://127.0.0.1:3000/me
 */
import { DEMO_ACCOUNTS } from './demo-data.ts';
import { fetchDevToken } from './dev-token.ts';

const username = process.argv[2];
if (!username) {
  console.error(
    `Usage: npm run token -- <account>\nAccounts: ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')}`,
  );
  process.exit(2);
}
const issuer = process.env.OIDC_ISSUER ?? `http://127.0.0.1:${Number(process.env.PORT ?? 3000) + 1}`;
try {
  process.stdout.write(`${await fetchDevToken(issuer, username)}\n`);
} catch (error) {
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  console.error(
    cause === 'ECONNREFUSED'
      ? `No development provider at ${issuer}: start the platform with npm start first.`
      : (error as Error).message,
  );
  process.exit(1);
}
