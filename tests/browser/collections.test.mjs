// Collections in a real browser (issue 19, item 3): create one, add two papers from their pages
// with notes, move the second up, and read the Atom feed in the new order; the page at 390 px.
// Screenshots go to $SCREENSHOT_DIR.
//
// Run: node --test tests/browser/collections.test.mjs   (ctest runs it as browser_collections)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { sample, screenshots, startHub } from './hub_under_test.mjs';

let hub, browser, base;

before(async () => {
  hub = await startHub([join(sample, 'hf-daily/2026-08-18.json')]);
  ({ browser, base } = hub);
});

after(async () => {
  if (hub) await hub.stop();
});

test('create a collection, add papers, reorder them and read the feed', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(base + '/signup');
  await page.fill('#f-email', `collector${Date.now()}@example.org`);
  await page.fill('#f-name', 'Paper Collector');
  await page.fill('#f-password', 'a long enough password');
  await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]')]);

  await page.goto(base + '/collections');
  await page.fill('#collection-title', 'Thursday reading group');
  await page.fill('#collection-description', 'Agents, one paper a week.');
  await Promise.all([page.waitForNavigation(), page.click('.create-collection button[type=submit]')]);
  const path = new URL(page.url()).pathname;
  assert.match(path, /^\/collections\/\d+$/);

  const daily = await (await fetch(base + '/api/daily_papers?date=2026-08-18&limit=100')).json();
  const [first, second] = daily.slice(0, 2).map((item) => item.paper);
  for (const [paper, note] of [[first, 'Start here.'], [second, 'Then this one.']]) {
    await page.goto(base + '/papers/' + paper.id);
    await page.click('.add-to-collection summary');
    await page.fill('#collection-note', note);
    await Promise.all([page.waitForNavigation(), page.click('.add-to-collection button[type=submit]')]);
    assert.equal(new URL(page.url()).pathname, '/papers/' + paper.id);
    // The box stays open and says where the paper went (issue 36, item 17).
    assert.equal(await page.locator('.add-to-collection[open] .notice[role=status]').innerText(),
      'Added to Thursday reading group.');
    assert.equal(await page.locator('.add-to-collection .hint a', { hasText: 'Thursday reading group' }).count(), 1);
  }

  await page.goto(base + path);
  const entries = () => page.locator('.collection-items > li').evaluateAll((items) => items.map((li) => li.dataset.entry));
  assert.deepEqual(await entries(), [first.id, second.id]);
  assert.equal(await page.locator('.collection-note').first().innerText(), 'Start here.');
  await Promise.all([
    page.waitForNavigation(),
    page.locator(`.collection-items > li[data-entry="${second.id}"] .move-up`).click(),
  ]);
  assert.deepEqual(await entries(), [second.id, first.id]);
  // The page comes back at the moved paper, says where it is, and focus is on its button again
  // (the first place has no "Move up", so its "Move down"), not on <body> at the top.
  assert.equal(new URL(page.url()).hash, '#item-' + second.id);
  assert.equal(await page.locator('.collection-items > li.moved .notice').innerText(), 'Moved to place 1 of 2.');
  await page.waitForFunction(() => document.activeElement.closest('li.moved'), null, { timeout: 5000 });
  assert.equal(await page.evaluate(() => document.activeElement.closest('li')?.dataset.entry), second.id);
  assert.equal(await page.evaluate(() => document.activeElement.className), 'link move-down');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.deepEqual(await entries(), [first.id, second.id]);
  await page.waitForFunction(() => document.activeElement.closest('li.moved'), null, { timeout: 5000 });
  assert.equal(await page.evaluate(() => document.activeElement.className), 'link move-up');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.deepEqual(await entries(), [second.id, first.id]);
  // "Not interested" is for discovery, not for the papers one collected.
  assert.equal(await page.locator('form.hide').count(), 0);
  await page.screenshot({ path: join(screenshots, 'collection.png') });

  const feedHref = await page.locator('a', { hasText: 'Atom' }).first().getAttribute('href');
  const feed = await (await fetch(base + feedHref)).text();
  assert.ok(feed.indexOf(second.id) < feed.indexOf(first.id), 'the feed keeps the collection order');
  assert.match(feed, /Thursday reading group/);

  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
  await phone.goto(base + path);
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, 'no sideways scrolling: ' + width);
  await phone.screenshot({ path: join(screenshots, 'collection-390.png') });
  await context.close();
});
