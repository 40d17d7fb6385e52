/** `npm run fire -- <worker-id> [key=value …]`: runs a scheduled worker now on the running local cloud. */
const [id, ...pairs] = process.argv.slice(2);
const api = process.env.LOCAL_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
if (!id) {
  const info = (await fetch(`${api}/_local/info`).then((r) => r.json())) as { scheduled: { id: string }[] };
  console.error(
    `Usage: npm run fire -- <worker> [key=value …]\nScheduled workers: ${info.scheduled.map((s) => s.id).join(', ')}`,
  );
  process.exit(2);
}
const query = new URLSearchParams(pairs.map((p) => p.split('=', 2) as [string, string]));
const response = await fetch(`${api}/_local/fire/${id}?${query}`, { method: 'POST' });
console.log(JSON.stringify(await response.json(), null, 2));
process.exit(response.ok ? 0 : 1);
