/**
 * "Hải Phòng, ngày 03 tháng 12 năm 2026": the date line of a document, in the city's time zone —
 * apart from shared/pdf/document.ts, so what prints it needs no PDF library.
 */
export function placeAndDate(place: string, date: Date): string {
  const [day, month, year] = new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  })
    .format(date)
    .split('/');
  return `${place}, ngày ${day} tháng ${month} năm ${year}`;
}
