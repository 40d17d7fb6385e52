/** Fetching a demo account's token from a running dev provider; no provider code loaded. */
import { AUTHORITY_SCOPE } from '../../shared/auth/sign-in.ts';
import { DEMO_PASSWORD } from './demo-data.ts';

export const DEV_LOGIN_GRANT = 'urn:vnedu:params:oauth:grant-type:dev-login';
export const CLI_CLIENT_ID = 'vn-edu-dev-cli';

/** Gets an access token for a demo account from a running dev provider. */
export async function fetchDevToken(
  issuer: string,
  username: string,
  password = DEMO_PASSWORD,
): Promise<string> {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: DEV_LOGIN_GRANT, client_id: CLI_CLIENT_ID, username, password }),
  });
  const body = (await response.json()) as {
    access_token?: string;
    error?: string;
    error_description?: string;
  };
  if (!response.ok || !body.access_token) {
    throw new Error(`No token for ${username}: ${body.error_description ?? body.error ?? response.status}`);
  }
  return body.access_token;
}

export const DEV_VNEID_GRANT = 'urn:vnedu:params:oauth:grant-type:dev-vneid-login';

/** Gets an access token for a demo citizen (by VNeID subject) from a running dev VNeID provider. */
export async function fetchDevCitizenToken(issuer: string, citizen: string): Promise<string> {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: DEV_VNEID_GRANT, client_id: CLI_CLIENT_ID, citizen }),
  });
  const body = (await response.json()) as {
    access_token?: string;
    error?: string;
    error_description?: string;
  };
  if (!response.ok || !body.access_token) {
    throw new Error(
      `No VNeID token for ${citizen}: ${body.error_description ?? body.error ?? response.status}`,
    );
  }
  return body.access_token;
}

/**
 * Gets an authority's access token from a running dev provider: OAuth client credentials
 * (client_secret_basic) asking for the authority scope.
 */
export async function fetchAuthorityToken(issuer: string, clientId: string, secret: string): Promise<string> {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: AUTHORITY_SCOPE }),
  });
  const body = (await response.json()) as {
    access_token?: string;
    error?: string;
    error_description?: string;
  };
  if (!response.ok || !body.access_token) {
    throw new Error(`No token for ${clientId}: ${body.error_description ?? body.error ?? response.status}`);
  }
  return body.access_token;
}
