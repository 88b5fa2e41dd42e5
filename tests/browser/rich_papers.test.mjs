// Richer papers in a real browser (issue 19): cards of a real hub day with their thumbnails,
// code badges (and the hub's stars) and AI summaries at 1280 and 390 px, `has:code` in search,
// and a moderator (the site's first account) setting a paper's project page through "Edit
// links". The thumbnails are drawn by `serve --thumbnails` from PDFs that a stand-in for arXiv
// on 127.0.0.1 makes on the spot (tests/support/make_paper_pdf.py, with each paper's real
// title). Screenshots go to $SCREENSHOT_DIR.
//
// Run: node --test tests/browser/rich_papers.test.mjs   (ctest runs it as browser_rich_papers)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import http from 'node:http';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fixtures, sample, screenshots, startHub } from './hub_under_test.mjs';

let hub, browser, base, arxiv;
const makePdf = join(fixtures, '..', 'support', 'make_paper_pdf.py');

// GET /pdf/{id}v{N}: a first page with the paper's title as the hub has it, in a colour of its own.
function startArxivStandIn() {
  let made = 0;
  const server = http.createServer(async (req, res) => {
    const id = decodeURIComponent(req.url.replace(/^\/pdf\//, '')).replace(/v\d+$/, '');
    try {
      const paper = await (await fetch(base + '/api/papers/' + id)).json();
      const out = join(tmpdir(), `paperboy-pdf-${process.pid}-${++made}.pdf`);
      const hue = String((made * 0.13) % 1);
      await new Promise((resolve, reject) => execFile('/usr/bin/python3',
        [makePdf, 'paper', out, '--title', paper.title, '--hue', hue], (e) => (e ? reject(e) : resolve())));
      res.writeHead(200, { 'Content-Type': 'application/pdf' });
      res.end(await readFile(out));
    } catch (e) {
      res.writeHead(500);
      res.end(String(e));
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

before(async () => {
  arxiv = await startArxivStandIn();
  hub = await startHub([join(sample, 'hf-daily/2026-08-18.json')],
                       ['--thumbnails', '--contact', 'tests@example.org', '--delay', '0',
                        '--thumbnails-per-minute', '600',
                        '--pdf-url', `http://127.0.0.1:${arxiv.address().port}/pdf/`]);
  ({ browser, base } = hub);
});

after(async () => {
  if (hub) await hub.stop();
  if (arxiv) arxiv.close();
});

// Until every paper of the day has its first page drawn (or a minute has passed).
async function thumbnailsDrawn() {
  for (let i = 0; i < 600; i++) {
    const daily = await (await fetch(base + '/api/daily_papers?date=2026-08-18&limit=100')).json();
    if (daily.every((item) => item.thumbnail)) return daily.length;
    await new Promise((r) => setTimeout(r, 100));
  }
  return 0;
}

test('cards show thumbnails, code badges with stars and the summary under the title, at 1280 and 390 px', async () => {
  const listed = await thumbnailsDrawn();
  assert.ok(listed > 0, 'every listed paper has its first page drawn');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(base + '/papers/date/2026-08-18');
  const thumbnails = page.locator('.card .thumb img');
  assert.equal(await thumbnails.count(), await page.locator('article.card').count(), 'a thumbnail on every card');
  await thumbnails.first().scrollIntoViewIfNeeded();
  assert.ok(await thumbnails.first().evaluate((img) => img.complete && img.naturalHeight === 400),
            'the first page, 400 px high, loaded');
  await page.evaluate(() => window.scrollTo(0, 0));
  const badges = await page.locator('.card .code-badge').count();
  const summaries = await page.locator('.card .ai-summary').count();
  assert.ok(badges >= 5, 'code badges on the cards: ' + badges);
  assert.ok(summaries >= 5, 'summaries on the cards: ' + summaries);
  const starred = await page.locator('.card .code-badge', { hasText: '★' }).count();
  assert.ok(starred >= 1, 'the hub\'s stars on a badge');
  const href = await page.locator('.card .code-badge').first().getAttribute('href');
  assert.match(href, /^https:\/\/(github\.com|gitlab\.com)\/[^/]+\/[^/]+$/);
  await page.screenshot({ path: join(screenshots, 'cards-links-summaries.png') });
  await page.locator('.card h2 a').first().click();
  await page.waitForSelector('img.first-page');
  assert.ok(await page.locator('img.first-page').evaluate((img) => img.complete && img.naturalWidth > 0),
            'the paper page shows its first page');
  await page.screenshot({ path: join(screenshots, 'paper-first-page.png') });

  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
  await phone.goto(base + '/papers/date/2026-08-18');
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, 'no sideways scrolling: ' + width);
  const shown = await phone.locator('.card .thumb img').first().boundingBox();
  const votes = await phone.locator('.card .votes').first().boundingBox();
  assert.ok(shown && shown.width <= 44 && shown.x < votes.x + votes.width,
            'a smaller thumbnail under the votes on a phone: ' + JSON.stringify(shown));
  await phone.screenshot({ path: join(screenshots, 'cards-links-summaries-390.png') });
  await context.close();
});

test('has:code finds only papers with a code repository', async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(base + '/search?q=' + encodeURIComponent('has:code agents'));
  const cards = await page.locator('article.card').count();
  const badges = await page.locator('article.card .code-badge').count();
  assert.ok(cards > 0, 'has:code agents finds papers');
  assert.equal(badges, cards, 'every card found has a code badge');
});

test('a moderator sets a project page through Edit links', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const stamp = Date.now();
  await page.goto(base + '/signup');
  await page.fill('#f-email', `links${stamp}@example.org`);
  await page.fill('#f-name', 'Link Moderator');
  await page.fill('#f-password', 'a long enough password');
  await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]')]);
  const daily = await (await fetch(base + '/api/daily_papers?date=2026-08-18&limit=100')).json();
  const paper = daily.find((item) => item.githubRepo && !item.projectPage) || daily[0];
  await page.goto(base + '/papers/' + paper.paper.id);
  await page.click('.edit-links summary');
  await page.fill('#project-page', 'https://Example.ORG/project/');
  await page.fill('#models', 'example-org/example-model');
  await Promise.all([page.waitForNavigation(), page.click('.edit-links button[type=submit]')]);
  const links = page.locator('#links');
  assert.ok(await links.locator('a[href="https://example.org/project"]').count() === 1, 'the normalised project page');
  assert.ok(await links.locator('a[href="https://huggingface.co/example-org/example-model"]').count() === 1);
  const flat = await (await fetch(base + '/api/papers/' + paper.paper.id)).json();
  assert.equal(flat.projectPage, 'https://example.org/project');
  assert.deepEqual(flat.linkedModels, [{ id: 'example-org/example-model' }]);
  await links.screenshot({ path: join(screenshots, 'paper-links.png') });
  await context.close();
});
