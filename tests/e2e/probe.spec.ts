import { test } from '@playwright/test';
import { signIn } from './support.ts';
for (const who of ['leader1', 'commune1.officer', 'commune1.admin', 'principal1', 'groupleader1', 'teacher1', 'librarian1', 'student1', 'parent1', 'citizen1', 'dataofficer1']) {
  test(`probe ${who}`, async ({ page }) => {
    await signIn(page, who);
    await page.waitForTimeout(2500);
    console.log(`=== ${who}\n${await page.locator('main').innerText()}\n--- links: ${(await page.locator('main a').evaluateAll((as) => as.map((a) => `${a.textContent}=>${a.getAttribute('href')}`))).join(' | ')}`);
  });
}
