/**
 * The development provider's own sign-in page: Vietnamese, checks the demo password, lists the
 * demo accounts, and grants the first-party portal its scopes without a consent screen (as the
 * city's SSO would for its own portal). oidc-provider's stock dev pages accept any login name.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { ROLE_LABELS } from '../../shared/auth/permissions.ts';
import { DEMO_ACCOUNTS } from './demo-data.ts';

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function loginPage(uid: string, error?: string, login = '') {
  const options = DEMO_ACCOUNTS.map(
    (a) =>
      `<li><button type="button" class="pick" data-login="${escapeHtml(a.username)}">${escapeHtml(a.fullName)}</button> <code>${escapeHtml(a.username)}</code> — ${escapeHtml(ROLE_LABELS[a.roles[0]!.role])}</li>`,
  ).join('');
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Đăng nhập — VN Edu Cloud (môi trường phát triển)</title>
<style>
body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
label{display:block;margin-top:1rem;font-weight:600}input{font:inherit;padding:.5rem;width:100%;box-sizing:border-box}
button{font:inherit}.primary{margin-top:1rem;padding:.6rem 1.2rem;background:#0b5394;color:#fff;border:0;border-radius:4px}
.error{color:#a00;font-weight:600}.pick{background:none;border:0;color:#0b5394;text-decoration:underline;cursor:pointer;padding:0}
li{margin:.25rem 0}
</style></head><body>
<main>
<h1>Đăng nhập</h1>
<p>Nhà cung cấp định danh dùng cho phát triển. Mật khẩu mọi tài khoản mẫu: <code>demo</code>.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="login">Tên đăng nhập</label><input id="login" name="login" autocomplete="username" required value="${escapeHtml(login)}">
<label for="password">Mật khẩu</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button class="primary" type="submit">Đăng nhập</button>
</form>
<h2>Tài khoản mẫu</h2><ul>${options}</ul>
</main>
<script>
for (const b of document.querySelectorAll('.pick')) b.addEventListener('click', () => {
  document.getElementById('login').value = b.dataset.login; document.getElementById('password').focus();
});
</script>
</body></html>`;
}

/**
 * Handles /interaction/* requests; returns false for anything else so the provider serves it.
 * `accountExists` decides who may sign in; `password` is the one development password.
 */
export function makeInteractions(
  provider: Provider,
  options: { accountExists: (login: string) => Promise<boolean>; password: string },
) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
    if (!match) return false;
    const html = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(body);
    };
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.method === 'POST' && match[2]) {
        const form = await formBody(req);
        const login = (form.get('login') ?? '').trim();
        if (!(await options.accountExists(login)) || form.get('password') !== options.password) {
          html(401, loginPage(details.uid, 'Sai tên đăng nhập hoặc mật khẩu.', login));
          return true;
        }
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: login } },
          { mergeWithLastSubmission: false },
        );
        return true;
      }
      if (details.prompt.name === 'login') {
        html(200, loginPage(details.uid));
        return true;
      }
      await grantWhatWasAsked(provider, req, res, details);
      return true;
    } catch {
      html(
        400,
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Phiên đăng nhập hết hạn</title></head><body><main><h1>Phiên đăng nhập đã hết hạn</h1><p>Hãy quay lại cổng thông tin và đăng nhập lại.</p></main></body></html>',
      );
      return true;
    }
  };
}

/**
 * Consent: the portal is the city's own client (and VNeID's registered relying party), so the
 * development providers grant what it asked for without a consent screen.
 */
export async function grantWhatWasAsked(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  details: Awaited<ReturnType<Provider['interactionDetails']>>,
) {
  const { prompt, params, session, grantId } = details;
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session!.accountId, clientId: String(params.client_id) });
  if (!grant) throw new Error('grant vanished');
  const missing = prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  await provider.interactionFinished(
    req,
    res,
    { consent: { grantId: await grant.save() } },
    { mergeWithLastSubmission: true },
  );
}
