// Opens a received mail's HTML part in headless Chromium (as a webmail client would show it:
// no network, no scripts), once in light and once in dark colour scheme, and keeps a screenshot
// of each. Fails when the page does not render its papers or when text is unreadable in dark mode.
// Usage: node mail_screenshot.mjs MAIL.html OUT_PREFIX
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const [html, prefix] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  for (const scheme of ['light', 'dark']) {
    const page = await browser.newPage({ colorScheme: scheme, javaScriptEnabled: false, viewport: { width: 700, height: 900 } });
    await page.route('**/*', (route) => route.abort());  // mail clients block remote content
    await page.setContent(readFileSync(html, 'utf8'));
    const links = await page.locator('a.pb-link').count();
    if (links === 0) throw new Error(`${scheme}: no paper links rendered`);
    // Every paper title keeps a readable contrast against the background it sits on.
    const contrast = await page.locator('a.pb-link').first().evaluate((a) => {
      const rgb = (c) => (c.match(/\d+(\.\d+)?/g) || []).slice(0, 3).map(Number);
      const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
        .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
      let el = a, bg = 'rgba(0, 0, 0, 0)';
      while (el && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) { bg = getComputedStyle(el).backgroundColor; el = el.parentElement; }
      if (bg === 'rgba(0, 0, 0, 0)') bg = 'rgb(255, 255, 255)';
      const [l1, l2] = [lum(rgb(getComputedStyle(a).color)), lum(rgb(bg))].sort((x, y) => y - x);
      return (l1 + 0.05) / (l2 + 0.05);
    });
    if (contrast < 4.5) throw new Error(`${scheme}: paper links have contrast ${contrast.toFixed(2)} (< 4.5)`);
    await page.screenshot({ path: `${prefix}-${scheme}.png`, fullPage: true });
    console.log(`${scheme}: ${links} paper links, contrast ${contrast.toFixed(2)}, ${prefix}-${scheme}.png`);
    await page.close();
  }
} finally {
  await browser.close();
}
