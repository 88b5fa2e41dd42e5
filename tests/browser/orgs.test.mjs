// Organisations in a real browser (issue 19, item 2): a reader creates one, links a paper to it
// from the paper's page and sees it on the organisation's page (1280 and 390 px); a hub
// organisation's page, followed with its button, brings its papers into For you.
// Screenshots go to $SCREENSHOT_DIR.
//
// Run: node --test tests/browser/orgs.test.mjs   (ctest runs it as browser_orgs)
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

async function signUp(page, name) {
  await page.goto(base + '/signup');
  await page.fill('#f-email', `${name.replace(/\W/g, '').toLowerCase()}${Date.now()}@example.org`);
  await page.fill('#f-name', name);
  await page.fill('#f-password', 'a long enough password');
  await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]')]);
}

test('a reader creates an organisation, links a paper to it and finds it on its page', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signUp(page, 'Org Founder');
  await page.goto(base + '/orgs');
  await page.click('.create-org summary');
  await page.fill('#org-name', 'browser-lab');
  await page.fill('#org-fullname', 'The Browser Lab');
  await page.fill('#org-about', 'We test organisations in a real browser.');
  await Promise.all([page.waitForNavigation(), page.click('.create-org button[type=submit]')]);
  assert.equal(new URL(page.url()).pathname, '/orgs/browser-lab');
  assert.match(await page.locator('h1').innerText(), /The Browser Lab/);
  assert.equal(await page.locator('#members .badge', { hasText: 'admin' }).count(), 1);

  const daily = await (await fetch(base + '/api/daily_papers?date=2026-08-18&limit=100')).json();
  const free = daily.find((item) => !item.organization);
  assert.ok(free, 'a paper of the day without an organisation');
  await page.goto(base + '/papers/' + free.paper.id);
  await page.click('.org-link summary');
  await page.selectOption('#org-choice', 'browser-lab');
  await Promise.all([page.waitForNavigation(), page.click('.org-link button[type=submit]')]);
  assert.equal(await page.locator('.meta a.org', { hasText: 'The Browser Lab' }).count(), 1);

  await page.goto(base + '/orgs/browser-lab');
  assert.equal(await page.locator(`article.card[data-paper="${free.paper.id}"]`).count(), 1);
  await page.screenshot({ path: join(screenshots, 'org-page.png') });
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
  await phone.goto(base + '/orgs/browser-lab');
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, 'no sideways scrolling: ' + width);
  await phone.screenshot({ path: join(screenshots, 'org-page-390.png') });
  const flat = await (await fetch(base + '/api/papers/' + free.paper.id)).json();
  assert.deepEqual(flat.organization, { name: 'browser-lab', fullname: 'The Browser Lab' });
  await context.close();
});

test('following a hub organisation brings its papers into For you', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signUp(page, 'Org Follower');
  const daily = await (await fetch(base + '/api/daily_papers?date=2026-08-18&limit=100')).json();
  const theirs = daily.find((item) => item.organization && /^[\w .-]+$/.test(item.organization.fullname));
  assert.ok(theirs, 'a paper of the day with an organisation');
  const org = theirs.organization;
  // From the paper's card on the daily list to the organisation's page.
  await page.goto(base + '/papers/date/2026-08-18');
  await Promise.all([
    page.waitForNavigation(),
    page.locator(`article.card[data-paper="${theirs.paper.id}"] a.org`).click(),
  ]);
  assert.equal(new URL(page.url()).pathname, '/orgs/' + org.name);
  await Promise.all([page.waitForNavigation(), page.click('form.follow button[type=submit]')]);
  assert.equal(new URL(page.url()).pathname, '/orgs/' + org.name);
  assert.equal(await page.locator('form.follow button', { hasText: 'Unfollow' }).count(), 1);
  await page.goto(base + '/for-you');
  const why = page.locator(`article.card[data-paper="${theirs.paper.id}"] .why`);
  assert.equal(await why.innerText(), `From ${org.fullname}, which you follow`);
  await context.close();
});
