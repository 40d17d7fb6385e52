/**
 * A share of a course done as its home shows it: "8,33%" (vi), "8.33%" (en). Without imports, so
 * the portal formats it the same way as the API's documents.
 */
export function formatShare(done: number, total: number, language: 'vi' | 'en'): string {
  const share = total > 0 ? Math.min(done, total) / total : 0;
  return new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-GB', {
    style: 'percent',
    minimumFractionDigits: 0,
    maximumFractionDigits: 2,
  }).format(share);
}
