/**
 * A self-contained, readable API reference rendered from the OpenAPI document: no CDN, no script,
 * so it works offline on the local cloud and under a strict content security policy.
 */
type Doc = ReturnType<typeof import('./openapi.ts').buildOpenApi>;

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

export function renderDocsPage(doc: Doc): string {
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Record<string, unknown>>).map(([method, op]) => ({
      path,
      method,
      op,
    })),
  );
  const byTag = new Map<string, typeof operations>();
  for (const o of operations) {
    const tag = ((o.op.tags as string[] | undefined) ?? ['other'])[0]!;
    byTag.set(tag, [...(byTag.get(tag) ?? []), o]);
  }
  const sections = [...byTag.entries()]
    .map(([tag, ops]) => {
      const rows = ops
        .map(({ path, method, op }) => {
          const params = (
            (op.parameters as { name: string; in: string; required?: boolean }[] | undefined) ?? []
          )
            .map(
              (p) =>
                `<code>${escapeHtml(p.name)}</code> <small>(${p.in}${p.required ? ', required' : ''})</small>`,
            )
            .join(', ');
          return `<tr><td><span class="m ${method}">${method.toUpperCase()}</span></td><td><code>${escapeHtml(path)}</code></td><td>${escapeHtml(String(op.summary ?? ''))}<br><small>${escapeHtml(String(op.description ?? ''))}</small>${params ? `<br><small>Parameters: ${params}</small>` : ''}</td></tr>`;
        })
        .join('\n');
      return `<section><h2>${escapeHtml(tag)}</h2><table><thead><tr><th>Method</th><th>Path</th><th>What it does</th></tr></thead><tbody>${rows}</tbody></table></section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info.title)} — API reference</title>
<style>body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}
.m{font-weight:700;font-family:monospace}.get{color:#0b5394}.post{color:#38761d}.put,.patch{color:#7f6000}.delete{color:#990000}</style>
</head><body><h1>${escapeHtml(doc.info.title)}</h1><p>${escapeHtml(doc.info.description ?? '')}</p>
<p>Machine-readable: <a href="openapi.json">openapi.json</a> (OpenAPI ${escapeHtml(doc.openapi)}).
Errors are <code>application/problem+json</code> (RFC 9457); secured routes take an OIDC bearer token.</p>
${sections}</body></html>`;
}
