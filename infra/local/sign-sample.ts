/**
 * `npm run sign:sample -- <out.pdf>`: renders a sample lesson plan and signs it through the same
 * signing service the records context uses (development CA in .local/signing), so anyone can
 * check the result by hand: `pdfsig <out.pdf>` prints “Signature Validation: Signature is Valid.”
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderDocument } from '../../shared/pdf/document.ts';
import { devSigningBackend } from '../../shared/signing/backend.ts';
import { signPdf } from '../../shared/signing/pdf.ts';

const ROOT = join(import.meta.dirname, '../..');

export async function sampleLessonPlan() {
  return renderDocument(
    { title: 'Kế hoạch bài dạy – Toán 10', author: 'Đặng Thị Thuỳ Dương', subject: 'Kế hoạch bài dạy' },
    [
      { kind: 'centered', text: 'TRƯỜNG THPT CHUYÊN TRẦN PHÚ', bold: true },
      { kind: 'centered', text: 'Tổ Toán – Tin' },
      { kind: 'space' },
      { kind: 'title', text: 'KẾ HOẠCH BÀI DẠY' },
      { kind: 'centered', text: 'Bài 3: Bất phương trình bậc nhất hai ẩn (2 tiết)', bold: true },
      { kind: 'field', label: 'Môn học', value: 'Toán; lớp 10' },
      { kind: 'field', label: 'Giáo viên', value: 'Đặng Thị Thuỳ Dương' },
      { kind: 'paragraph', text: 'I. Mục tiêu', bold: true },
      {
        kind: 'paragraph',
        text: 'Học sinh nhận biết bất phương trình bậc nhất hai ẩn, biểu diễn miền nghiệm trên mặt phẳng toạ độ và vận dụng vào bài toán thực tiễn.',
      },
      { kind: 'paragraph', text: 'II. Thiết bị dạy học và học liệu', bold: true },
      { kind: 'paragraph', text: 'Máy chiếu, phiếu học tập, phần mềm GeoGebra.' },
      { kind: 'paragraph', text: 'III. Tiến trình dạy học', bold: true },
      {
        kind: 'paragraph',
        text: 'Hoạt động 1: Mở đầu. Hoạt động 2: Hình thành kiến thức. Hoạt động 3: Luyện tập. Hoạt động 4: Vận dụng.',
      },
    ],
  );
}

if (process.argv[1]?.endsWith('sign-sample.ts')) {
  const out = resolve(process.argv[2] ?? 'ke-hoach-bai-day-da-ky.pdf');
  const backend = devSigningBackend(join(ROOT, '.local', 'signing'));
  const signed = await signPdf(
    await sampleLessonPlan(),
    {
      signer: {
        accountId: 'groupleader1',
        fullName: 'Ngô Đức Mạnh',
        organization: 'Trường THPT chuyên Trần Phú',
      },
      reason: 'Tổ trưởng chuyên môn phê duyệt kế hoạch bài dạy',
      location: 'Hải Phòng',
      verifyUrl: 'http://127.0.0.1:3000/verify/K7QM-4XPA-9R',
      verificationCode: 'K7QM-4XPA-9R',
    },
    backend,
  );
  writeFileSync(out, signed);
  console.log(`Signed sample written to ${out} — check it with: pdfsig ${out}`);
}
