// The hub in a real browser: Debian's Chromium driven by playwright-core (no browser download).
// Starts `paperboy serve` on 127.0.0.1 over two real hub days plus arXiv snapshot papers, then
// walks through what a researcher does: read the day, sign up, sign in, upvote and watch
// trending change, search, open a paper (LaTeX rendered by KaTeX), submit a paper. Also the page
// without JavaScript, on a phone, and with the keyboard. Screenshots go to $SCREENSHOT_DIR.
//
// Run: node --test tests/browser/hub.test.mjs   (ctest runs it as browser_hub)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fixtures, sample, screenshots, startHub } from './hub_under_test.mjs';

const LATEX_PAPER = '0704.0005';   // arXiv snapshot: "From dyadic $\Lambda_{\alpha}$ to …", never on the hub
const SUBMITTED = '0704.0001';
let hub, browser, base;

before(async () => {
  // Mail on, towards a port where nothing listens: the front page takes subscriptions and the
  // confirmations wait in the outbox (their retries are logged, not sent).
  hub = await startHub([join(sample, 'hf-daily/2026-08-14.json'), join(sample, 'hf-daily/2026-08-18.json'),
                        join(fixtures, 'formats/arxiv-snapshot-200.jsonl')],
                       ['--mail', '--smtp-url', 'smtp://127.0.0.1:9', '--smtp-tls', 'none',
                        '--submission-max-age-days', '0']);  // the walk-through submits a 2007 paper
  ({ browser, base } = hub);
});

after(async () => {
  if (hub) await hub.stop();
});

// One browser context (one visitor with cookies) for the whole walk-through, as a person would.
let page;
const email = `reader${Date.now()}@example.org`;

test('the daily page lists the newest day as cards', async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  page = await context.newPage();
  await page.goto(base + '/');
  assert.match(await page.locator('h1').innerText(), /Daily papers · 2026-08-18/);
  assert.ok(await page.locator('article.card').count() > 20);
  assert.ok(await page.locator('.badge', { hasText: 'new' }).count() > 0);
  await page.screenshot({ path: join(screenshots, 'daily.png'), fullPage: false });
  await page.locator('a[rel=prev]').first().click();
  assert.match(await page.locator('h1').innerText(), /2026-08-14/);
});

test('sign up, sign out, sign in', async () => {
  await page.goto(base + '/signup');
  await page.fill('#f-email', email);
  await page.fill('#f-name', 'Grace Reader');
  await page.fill('#f-password', 'a long enough password');
  await page.click('form button[type=submit]');
  await page.waitForURL(base + '/');
  assert.equal(await page.locator('header .account a').first().innerText(), 'Grace Reader');
  await page.click('header .account button');  // Sign out
  await page.waitForURL(base + '/');
  assert.equal(await page.locator('header .account a', { hasText: 'Sign in' }).count(), 1);
  await page.goto(base + '/signin');
  await page.fill('#f-email', email);
  await page.fill('#f-password', 'wrong password');
  await page.click('form button[type=submit]');
  assert.match(await page.locator('.error').innerText(), /Wrong email or password/);
  await page.fill('#f-email', email);
  await page.fill('#f-password', 'a long enough password');
  await page.click('form button[type=submit]');
  await page.waitForURL(base + '/');
  assert.equal(await page.locator('header .account a').first().innerText(), 'Grace Reader');
});

test('an upvote counts at once and puts the paper on trending', async () => {
  // A paper of the newest day that nobody has voted for is not on trending.
  const daily = await (await fetch(base + '/api/daily_papers?date=2026-08-18&limit=100')).json();
  const unvoted = daily.find((item) => item.paper.upvotes === 0).paper;
  await page.goto(base + '/trending');
  assert.equal(await page.locator(`article[data-paper="${unvoted.id}"]`).count(), 0);

  await page.goto(base + '/papers/' + unvoted.id);
  await page.click('form.vote button');
  await page.locator('form.vote button[aria-pressed=true]').waitFor();
  assert.equal(await page.locator('.actions .count').innerText(), '1');
  await page.reload();  // the vote is stored, not just drawn
  assert.equal(await page.locator('.actions .count').innerText(), '1');

  await page.goto(base + '/trending');
  assert.equal(await page.locator(`article[data-paper="${unvoted.id}"]`).count(), 1);
});

test('for you learns from a saved paper, explains its picks and hides one on request', async () => {
  const daily = await (await fetch(base + '/api/daily_papers?date=2026-08-18&limit=100')).json();
  const saved = daily[1].paper;
  await page.goto(base + '/papers/' + saved.id);
  await Promise.all([page.waitForNavigation(), page.click('form.save button[type=submit]')]);
  await page.goto(base + '/for-you');
  await page.locator('.why', { hasText: 'Because you saved' }).first().waitFor();
  await page.screenshot({ path: join(screenshots, 'for-you.png'), fullPage: false });
  assert.equal(await page.locator(`article[data-paper="${saved.id}"]`).count(), 0);
  const first = await page.locator('article.card').first().getAttribute('data-paper');
  await page.locator('article.card').first().locator('form.hide button').click();
  await page.locator(`article[data-paper="${first}"] .dismissed-note`).waitFor();  // folded in place
  await page.reload();
  assert.equal(new URL(page.url()).pathname, '/for-you');
  assert.equal(await page.locator(`article[data-paper="${first}"]`).count(), 0);
});

// Issue 36, item 9: alerts travel in the mail digest, so a reader whose address gets none is
// offered the subscription in place of an alert that would never come.
test('with mail on, saved-search alerts are offered with the digest they travel in', async () => {
  await page.goto(base + '/search?q=diffusion');
  assert.equal(await page.locator('form.save-search input[name=alert]').count(), 0);
  assert.ok((await page.locator('form.subscribe-offer').innerText()).includes('Subscribe ' + email));
  await Promise.all([page.waitForNavigation(), page.click('form.save-search button')]);
  assert.equal(new URL(page.url()).pathname, '/searches');
  assert.match(await page.locator('main').innerText(), /Alerts of new matches come with the mail digest/);
  assert.equal(await page.locator('.saved-searches button', { hasText: 'Alert me' }).count(), 0);
  await Promise.all([page.waitForNavigation(), page.click('form.subscribe-offer button')]);
  assert.match(await page.locator('h1').innerText(), /Check your inbox/);
  await page.goto(base + '/searches');
  assert.match(await page.locator('form.subscribe-offer').innerText(), /confirm the subscription/);
});

test('the front page offers the digest by mail', async () => {
  await page.goto(base + '/');
  assert.equal(await page.locator('form.subscribe input[type=email]').inputValue(), email);  // signed in: prefilled
  await Promise.all([page.waitForNavigation(), page.click('form.subscribe button')]);
  assert.match(await page.locator('h1').innerText(), /Check your inbox/);
});

test('search from the header, then open a result', async () => {
  await page.goto(base + '/');
  await page.keyboard.press('/');  // the shortcut focuses the search box
  await page.keyboard.type('dyadic');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/search\?q=dyadic/);
  // The sample has enough papers for the built-in model, so ranking is hybrid by default.
  assert.match(await page.locator('.summary').innerText(), /^(1 result|[\d,]+ results|About [\d,]+ results) \([\d.]+ ms, hybrid\)/);
  await page.locator('article.card h2 a').first().click();
  await page.waitForURL(base + '/papers/' + LATEX_PAPER);
  // Similar papers: links to other papers, never to this one.
  const similar = await page.locator('ul.similar a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  assert.ok(similar.length > 0);
  assert.ok(!similar.includes('/papers/' + LATEX_PAPER));
});

test('the search page can rank by meaning alone', async () => {
  await page.goto(base + '/search?q=' + encodeURIComponent('compressing language models without retraining'));
  await page.selectOption('select[name=mode]', 'semantic');
  await page.locator('form.search-page button').click();
  await page.waitForURL(/mode=semantic/);
  assert.match(await page.locator('.summary').innerText(), /semantic\)/);
  assert.ok(await page.locator('article.card').count() > 0);
});

test('a name written as a name is marked on its card, even past the first authors, at 1280 and 390 px', async () => {
  // MegaParts (2608.14783) lists Qiao Yu eighth of fourteen authors; a card shows six.
  for (const width of [1280, 390]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const reader = await context.newPage();
    await reader.goto(base + '/search?q=' + encodeURIComponent('Qiao Yu') + '&mode=lexical');
    const card = reader.locator('article[data-paper="2608.14783"]');
    assert.equal(await card.count(), 1);
    const named = card.locator('mark.named-author');
    assert.equal(await named.count(), 1);
    assert.equal(await named.innerText(), 'Qiao Yu');
    const box = await named.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= width, `the name is on screen at ${width} px`);
    // A topic query marks no author, though authors named Chen and Yu abound.
    await reader.goto(base + '/search?q=' + encodeURIComponent('part generation') + '&mode=lexical');
    assert.equal(await reader.locator('mark.named-author').count(), 0);
    await reader.goto(base + '/search?q=' + encodeURIComponent('Qiao Yu') + '&mode=lexical');
    await reader.screenshot({ path: join(screenshots, `named-author-${width}.png`), fullPage: false });
    await context.close();
  }
});

test('meaning search says when the query names an author, and what its count is', async () => {
  await page.goto(base + '/search?q=' + encodeURIComponent('Qiao Yu') + '&mode=semantic');
  assert.match(await page.locator('.did-you-mean').first().innerText(), /names an author/);
  await page.locator('.did-you-mean a').first().click();
  await page.waitForURL(/mode=lexical/);
  assert.equal(await page.locator('article[data-paper="2608.14783"]').count(), 1);
  await page.goto(base + '/search?q=' + encodeURIComponent('compressing language models') + '&mode=semantic');
  assert.match(await page.locator('.summary').innerText(), /^The [\d,]+ papers nearest in meaning \(/);
});

test('LaTeX in a title and abstract is rendered by KaTeX', async () => {
  await page.goto(base + '/papers/' + LATEX_PAPER);
  await page.locator('h1 .katex').first().waitFor();
  assert.ok(await page.locator('.abstract .katex').count() > 0);
  assert.doesNotMatch(await page.locator('h1').innerText(), /\\Lambda/);
  assert.match(await page.locator('#bibtex').innerText(), /^@/);
  await page.screenshot({ path: join(screenshots, 'paper.png'), fullPage: false });
});

test('save to the library with tags', async () => {
  await page.goto(base + '/papers/' + LATEX_PAPER);
  await page.fill('#tags', 'analysis, to-read');
  await page.click('form.save button');
  await page.goto(base + '/library?tag=to-read');
  assert.equal(await page.locator(`article[data-paper="${LATEX_PAPER}"]`).count(), 1);
});

test('submit a paper by arXiv id', async () => {
  await page.goto(base + '/submit');
  await page.fill('#f-id', 'arXiv:' + SUBMITTED + 'v2');
  await page.click('form button[type=submit]');
  await page.waitForURL(base + '/papers/' + SUBMITTED + '?submitted=1');
  assert.match(await page.locator('.meta').innerText(), /on the daily list of \d{4}-\d{2}-\d{2}/);
  // Said so, on a page a reload does not post again (issue 36, item 18).
  assert.match(await page.locator('.notice[role=status]').innerText(), /Thank you: the paper is on the daily list/);
  await page.reload();
  assert.match(await page.locator('.notice[role=status]').innerText(), /Thank you/);
  await page.goto(base + '/submit');
  await page.fill('#f-id', SUBMITTED);
  await page.click('form button[type=submit]');
  assert.match(await page.locator('.error').innerText(), /is already on the daily list of/);
  // A refusal is shown in place; a reload then asks for the form again instead of posting it
  // a second time (issue 36, item 18).
  const posts = [];
  const onRequest = (request) => { if (request.method() === 'POST') posts.push(request.url()); };
  page.on('request', onRequest);
  await page.reload();
  page.off('request', onRequest);
  assert.deepEqual(posts, []);
  assert.equal(await page.locator('.error').count(), 0);
  assert.equal(await page.inputValue('#f-id'), '');
  await page.fill('#f-id', 'not an id');
  await page.click('form button[type=submit]');
  assert.match(await page.locator('.error').innerText(), /not an arXiv id/);
});

test('keyboard: j moves through the cards, o opens one', async () => {
  await page.goto(base + '/papers/date/2026-08-18');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  const second = await page.locator('article.card').nth(1).getAttribute('data-paper');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.paper), second);
  await page.keyboard.press('o');
  await page.waitForURL(base + '/papers/' + second);
});

test('a card is a few tab stops: the vote, the title and its actions', async () => {
  await page.goto(base + '/papers/date/2026-08-18');
  const stops = await page.locator('article.card').evaluateAll((cards) => cards.map((card) =>
    Array.from(card.querySelectorAll('a[href], button, input, select, textarea'))
      .filter((el) => el.tabIndex >= 0 && el.offsetParent !== null).length));
  assert.ok(stops.length > 20);
  // Signed in: vote, title, "Not interested", and at most comments, organisation and code
  // (issue 36, item 20: 10 to 11 before, one per author).
  assert.ok(Math.max(...stops) <= 6, 'tab stops per card: ' + stops.join(' '));
  const first = page.locator('article.card').first();
  assert.equal(await first.locator('a[href^="/authors/"], a[href^="/u/"]').count() > 0, true,
    'the authors are still links');
});

test('without JavaScript the pages read and the forms still work', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const plain = await context.newPage();
  await plain.goto(base + '/papers/date/2026-08-18');  // '/' now shows today's list: the submission alone
  assert.ok(await plain.locator('article.card').count() > 20);
  await plain.locator('form.vote button').first().click();  // signed out: sent to sign in
  await plain.waitForURL(/\/signin\?next=/);
  await plain.fill('#f-email', email);
  await plain.fill('#f-password', 'a long enough password');
  await plain.click('form button[type=submit]');
  await plain.waitForURL(/\/papers\//);
  await context.close();
});

// Every page a signed-in reader (here also the site's admin) can reach, light and dark, once:
// hub_under_test checks each one's markup as it loads (issue 36, item 12).
test('every page parses as written, without the parser repairing it', async () => {
  const handle = await (async () => {
    await page.goto(base + '/settings');
    return page.locator('#s-handle').inputValue();
  })();
  const paths = ['/', '/papers/date/2026-08-18', '/papers/week/2026-W34', '/papers/month/2026-08',
                 '/papers/' + LATEX_PAPER, '/papers/0704.0001', '/trending', '/search?q=diffusion',
                 '/search?q=diffusion&mode=lexical&sort=newest', '/authors/Yuandong%20Pu',
                 '/library', '/for-you', '/collections', '/orgs', '/settings', '/searches', '/submit',
                 '/moderation', '/admin/harvest', '/admin/mail', '/u/' + handle, '/subscription',
                 '/papers/date/not-a-day', '/no-such-page'];
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const path of paths) {
      const response = await page.goto(base + path);
      assert.ok(response.status() < 500, `${path}: ${response.status()}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
});

// Issue 36, item 12: each category's Follow button sits on its category's line and says which
// category it follows (the form inside a <p> split the paragraph, and every button was "Follow").
test('a paper page lists its categories, each with its own named Follow button', async () => {
  await page.goto(base + '/papers/' + LATEX_PAPER);
  const items = page.locator('ul.cats > li');
  assert.ok(await items.count() >= 1);
  for (const item of await items.all()) {
    const category = await item.locator('.cat').innerText();
    const button = item.getByRole('button', { name: `Follow ${category}`, exact: true });
    assert.equal(await button.count(), 1, `a button named "Follow ${category}"`);
    const [label, control] = [await item.locator('.cat').boundingBox(), await button.boundingBox()];
    assert.ok(Math.abs(label.y - control.y) < label.height, `${category} and its button on one line`);
  }
  await page.locator('ul.cats').screenshot({ path: join(screenshots, 'paper-categories.png') });
});

// Issue 36, item 10: from a month, "Week" and "Day" open the nearest span with papers, not an
// empty one (the month's last week and last day had none).
test('the day, week and month switch lands on papers', async () => {
  for (const view of ['Week', 'Day']) {
    await page.goto(base + '/papers/month/2026-08');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: view, exact: true }).click()]);
    assert.ok(await page.locator('article.card').count() > 0, `${view} from a month: ${page.url()}`);
    if (view === 'Week') await page.screenshot({ path: join(screenshots, 'week-from-month.png') });
  }
});

// Issue 36, item 16: signed in, at 390 px, "For you" broke over two lines, the search box
// shrank to ~170 px with its placeholder cut, and the header was ~145 px tall.
test('the signed-in header on a phone: two rows, whole links, a usable search box', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(base + '/');
    const forYou = page.locator('header nav a', { hasText: 'For you' });
    const lines = await forYou.evaluate((a) => a.getClientRects().length);
    assert.equal(lines, 1, '"For you" on one line');
    const shown = await forYou.boundingBox();
    assert.ok(shown.x >= 0 && shown.x + shown.width <= 390, 'a reader\'s own pages come first, in view');
    const search = await page.locator('#site-q').boundingBox();
    assert.ok(search.width >= 220, 'search box width ' + search.width);
    const placeholderFits = await page.locator('#site-q').evaluate((input) => {
      const probe = document.createElement('span');
      probe.style.font = getComputedStyle(input).font;
      probe.textContent = input.placeholder;
      document.body.append(probe);
      const needed = probe.getBoundingClientRect().width;
      probe.remove();
      return needed <= input.clientWidth;
    });
    assert.ok(placeholderFits, 'the placeholder is not cut');
    const header = await page.locator('header.site').boundingBox();
    assert.ok(header.height <= 100, 'header height ' + header.height);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    assert.ok(await page.locator('header .account button', { hasText: 'Sign out' }).isVisible());
    await page.screenshot({ path: join(screenshots, `header-390-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('readable on a phone: nothing wider than the screen', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  const phone = await context.newPage();
  for (const path of ['/', '/papers/' + LATEX_PAPER, '/search?q=agents']) {
    await phone.goto(base + path);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the phone`);
  }
  await phone.goto(base + '/papers/date/2026-08-18');
  await phone.screenshot({ path: join(screenshots, 'daily-phone.png') });
  await context.close();
});
