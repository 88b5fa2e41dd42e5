// Issue 15, "the first ten minutes": what a researcher who uses Hugging Face Daily Papers meets
// first, in Chromium at a desktop width (1280 px) and a phone's (390 px), over the whole bundled
// sample (56 real hub days). Screenshots go to $SCREENSHOT_DIR, named after the items.
//
// Run: node --test tests/browser/first_minutes.test.mjs   (ctest runs it as browser_first_minutes)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sample, screenshots, startHub } from './hub_under_test.mjs';

const WIDTHS = [1280, 390];
let hub, base;

before(async () => {
  const days = readdirSync(join(sample, 'hf-daily')).filter((f) => f.endsWith('.json'));
  // Every test signs its own readers up, all from 127.0.0.1.
  hub = await startHub(days.map((f) => join(sample, 'hf-daily', f)), ['--sign-ups-per-hour', '100']);
  base = hub.base;
});

after(async () => {
  if (hub) await hub.stop();
});

async function pageAt(width) {
  const context = await hub.browser.newContext({ viewport: { width, height: 900 } });
  return context.newPage();
}

// Nothing may stick out sideways: the page is as wide as the window.
async function assertNoSidewaysScroll(page, what) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(scroll <= client, `${what}: page is ${scroll} px wide in a ${client} px window`);
}

test('15.3: an author name typed as words lists that author first', async () => {
  const page = await pageAt(1280);
  await page.goto(base + '/search?q=' + encodeURIComponent('Yu Qiao') + '&mode=lexical');
  const ids = await page.locator('article.card').evaluateAll((cards) => cards.map((c) => c.dataset.paper));
  assert.ok(ids.length >= 5);
  for (const id of ids.slice(0, 5)) {  // cards show the first authors only: ask the API for all
    const paper = await (await fetch(`${base}/api/papers/${id}`)).json();
    assert.ok(paper.authors.some((a) => a.name === 'Yu Qiao'), `${id} is not by Yu Qiao`);
  }
  await page.screenshot({ path: join(screenshots, 'issue15-3-author-search.png') });
});

test('15.4: a misspelt word is corrected, and the words as typed are one click away', async () => {
  for (const width of WIDTHS) {
    const page = await pageAt(width);
    await page.goto(base + '/search?q=' + encodeURIComponent('difusion transformer'));
    const note = page.locator('.did-you-mean');
    assert.match(await note.innerText(), /Showing results for diffusion transformer/);
    assert.match(await page.locator('article.card h2').first().innerText(), /[Dd]iffusion/);
    await assertNoSidewaysScroll(page, 'corrected search');
    await page.screenshot({ path: join(screenshots, `issue15-4-did-you-mean-${width}.png`) });
    if (width !== 1280) continue;
    await Promise.all([page.waitForNavigation(), note.locator('a', { hasText: 'Search instead for' }).click()]);
    assert.match(page.url(), /exact=1/);
    assert.match(await page.locator('.did-you-mean').innerText(), /Did you mean diffusion transformer\?/);
  }
});

test('15.8: page URLs that lead nowhere get a page with a way on, not JSON', async () => {
  for (const width of WIDTHS) {
    const page = await pageAt(width);
    const favicons = [];
    page.on('response', (r) => { if (r.url().includes('favicon')) favicons.push(r.status()); });
    const missing = await page.goto(base + '/about');
    assert.equal(missing.status(), 404);
    assert.equal(await page.locator('h1').innerText(), 'Page not found');
    assert.ok(await page.locator('header.site input[type=search]').count() === 1, 'the search box is there');
    await assertNoSidewaysScroll(page, '404 page');
    await page.screenshot({ path: join(screenshots, `issue15-8-not-found-${width}.png`) });
    // Chromium asks for the icon after the page loads, later still on a busy machine.
    for (let waited = 0; favicons.length === 0 && waited < 5000; waited += 100) await page.waitForTimeout(100);
    assert.ok(favicons.length > 0 && favicons.every((s) => s === 200), `favicon answers: ${favicons}`);
  }
  const page = await pageAt(1280);
  for (const [path, landing] of [['/library/', '/signin'], ['/search/', '/search'], ['/papers', '/papers']]) {
    const res = await page.goto(base + path);
    assert.equal(res.status(), 200, path);
    assert.equal(new URL(page.url()).pathname, landing, path);
  }
  const res = await page.goto(base + '/papers/date/garbage');
  assert.equal(res.status(), 400);
  assert.match(await page.locator('main').innerText(), /'garbage' is not a day: write YYYY-MM-DD/);
  await page.screenshot({ path: join(screenshots, 'issue15-8-bad-date-1280.png') });
  assert.equal((await page.goto(base + '/papers/1234.56789')).status(), 404);
  assert.equal(await page.locator('h1').innerText(), 'Paper not found');
});

// WCAG contrast ratio of two CSS colours (rgb() or rgba() as computed styles give them).
function contrast(a, b) {
  const lum = (css) => {
    const [r, g, bl] = css.match(/[\d.]+/g).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// The control's border colour, its fill and the colour of what it sits on.
async function controlColours(page, selector) {
  return page.locator(selector).first().evaluate((el) => {
    const style = getComputedStyle(el);
    let parent = el.parentElement;
    let behind = 'rgb(255, 255, 255)';
    for (; parent; parent = parent.parentElement) {
      const bg = getComputedStyle(parent).backgroundColor;
      if (bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') { behind = bg; break; }
    }
    return { border: style.borderTopColor, fill: style.backgroundColor, text: style.color, behind };
  });
}

test('15.9: the search page fits a phone, has a heading, and its controls are visible in light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    for (const width of WIDTHS) {
      const context = await hub.browser.newContext({ viewport: { width, height: 900 }, colorScheme });
      const page = await context.newPage();
      await page.goto(base + '/search?q=' + encodeURIComponent('video diffusion'));
      await assertNoSidewaysScroll(page, `search page, ${colorScheme}, ${width} px`);
      assert.equal(await page.locator('h1').count(), 1);
      for (const control of ['form.search-page input', 'form.search-page select', 'form.search-page button']) {
        const c = await controlColours(page, control);
        assert.ok(contrast(c.border, c.behind) >= 3, `${control} border ${c.border} on ${c.behind} (${colorScheme})`);
        assert.ok(contrast(c.text, c.fill === 'rgba(0, 0, 0, 0)' ? c.behind : c.fill) >= 4.5,
                  `${control} text ${c.text} on ${c.fill} (${colorScheme})`);
        if (colorScheme === 'dark') assert.ok(contrast(c.fill, 'rgb(0, 0, 0)') < 3, `${control} is light in dark mode: ${c.fill}`);
      }
      await page.screenshot({ path: join(screenshots, `issue15-9-search-${colorScheme}-${width}.png`) });
      await context.close();
    }
  }
});

test('15.9: each "Not interested" button says which paper it hides', async () => {
  const page = await pageAt(1280);
  await page.goto(base + '/signup');
  await page.fill('#f-email', `first${Date.now()}@example.org`);
  await page.fill('#f-name', 'First Reader');
  await page.fill('#f-password', 'a long enough password');
  await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]')]);
  const names = await page.locator('form.hide button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label')));
  assert.ok(names.length > 10);
  assert.equal(new Set(names).size, names.length, 'accessible names repeat');
  assert.ok(names.every((n) => n.startsWith('Not interested in ')));
});

// Signs a new reader up in a fresh context at `width`; returns the page.
async function signedInAt(width, name) {
  const page = await pageAt(width);
  await page.goto(base + '/signup');
  await page.fill('#f-email', `${name.replace(/\W/g, '').toLowerCase()}${Date.now()}@example.org`);
  await page.fill('#f-name', name);
  await page.fill('#f-password', 'a long enough password');
  await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]')]);
  return page;
}

test('15.10: a refused tag keeps the reader on the paper with what they typed', async () => {
  const daily = await (await fetch(base + '/api/daily_papers?limit=5')).json();
  const paper = daily[0].paper;
  for (const width of WIDTHS) {
    const page = await signedInAt(width, `Tag Reader ${width}`);
    await page.goto(base + '/papers/' + paper.id);
    const typed = 'to-read, ' + 'x'.repeat(300);
    await page.fill('#tags', typed);
    await Promise.all([page.waitForNavigation(), page.click('form.save button[type=submit]')]);
    // Shown at the paper's own address (issue 36, item 18), so a reload does not post again.
    assert.equal(new URL(page.url()).pathname, '/papers/' + paper.id);
    assert.equal(await page.locator('h1').innerText(), paper.title, 'still on the paper');
    assert.equal(await page.inputValue('#tags'), typed, 'the typed tags are kept');
    assert.match(await page.locator('#save-problem').innerText(), /Not saved\. The tag “x{24}…” is 300 characters long; a tag is at most 50\./);
    await assertNoSidewaysScroll(page, 'paper page with a refused tag');
    await page.screenshot({ path: join(screenshots, `issue15-10-refused-tag-${width}.png`) });
    const posts = [];
    const onRequest = (request) => { if (request.method() === 'POST') posts.push(request.url()); };
    page.on('request', onRequest);
    await page.reload();
    page.off('request', onRequest);
    assert.deepEqual(posts, [], 'a reload does not post the refused tags again');
    assert.equal(await page.locator('#save-problem').count(), 0);

    const many = Array.from({ length: 23 }, (_, i) => `tag${i}`).join(', ');
    await page.fill('#tags', many);
    await Promise.all([page.waitForNavigation(), page.click('form.save button[type=submit]')]);
    assert.match(await page.locator('#save-problem').innerText(), /You gave 23 tags; a paper takes at most 20\. Remove 3/);
    await page.fill('#tags', 'to-read');
    await Promise.all([page.waitForNavigation(), page.click('form.save button[type=submit]')]);
    assert.equal(await page.locator('#save-problem').count(), 0);
    assert.equal(await page.inputValue('#tags'), 'to-read');
  }
});

test('15.10: /submit answers in the reader\'s words and keeps what they typed', async () => {
  const page = await signedInAt(1280, 'Submitting Reader');
  await page.goto(base + '/submit');
  for (const [typed, expected] of [
    ['arxiv 2410', /“arxiv 2410” is not an arXiv id\. Write it as 2410\.14649/],
    ['2410.99999', /This server does not have 2410\.99999 yet, and it does not fetch papers from arXiv by itself\. Ask whoever runs it/],
  ]) {
    await page.fill('#f-id', typed);
    await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]')]);
    const error = await page.locator('.error').innerText();
    assert.match(error, expected);
    assert.doesNotMatch(error, /--contact|<source>|ingest/);
    assert.equal(await page.inputValue('#f-id'), typed);
  }
  await page.screenshot({ path: join(screenshots, 'issue15-10-submit-1280.png') });
});

test('15.11: a signed-out upvote is explained, kept through sign-up and sign-in, and lands back on the list', async () => {
  const day = '2026-08-18';
  const listed = await (await fetch(`${base}/api/daily_papers?date=${day}&limit=100`)).json();
  for (const [width, how] of [[1280, 'signup'], [390, 'signin']]) {
    const target = listed[width === 1280 ? 3 : 4].paper;
    const before = (await (await fetch(`${base}/api/papers/${target.id}`)).json()).upvotes;
    const email = `voter${width}${Date.now()}@example.org`;
    const page = await pageAt(width);
    await page.goto(`${base}/papers/date/${day}`);
    const card = page.locator(`article.card[data-paper="${target.id}"]`);
    await Promise.all([page.waitForURL(/\/signin\?/), card.locator('form.vote button').click()]);
    assert.match(await page.locator('.form-page > p').first().innerText(),
                 new RegExp(`Sign in to upvote “${target.title.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    await assertNoSidewaysScroll(page, 'sign-in with a pending vote');
    await page.screenshot({ path: join(screenshots, `issue15-11-signin-to-vote-${width}.png`) });
    if (how === 'signup') {
      await Promise.all([page.waitForURL(/\/signup\?/), page.locator('a', { hasText: 'Sign up' }).last().click()]);
      await page.fill('#f-email', email);
      await page.fill('#f-name', 'New Voter');
      await page.fill('#f-password', 'a long enough password');
    } else {
      await page.fill('#f-email', 'nobody@example.org');
      await page.fill('#f-password', 'wrong password');
      await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]')]);
      assert.match(await page.locator('.error').innerText(), /Wrong email or password/);
      assert.match(await page.locator('.form-page > p').first().innerText(), /Sign in to upvote/, 'the vote survives a typo');
      // Sign in with an account made for this step.
      const fresh = `second${Date.now()}@example.org`;
      const maker = await pageAt(1280);
      await maker.goto(base + '/signup');
      await maker.fill('#f-email', fresh);
      await maker.fill('#f-name', 'Third Voter');
      await maker.fill('#f-password', 'a long enough password');
      await Promise.all([maker.waitForNavigation(), maker.click('form button[type=submit]')]);
      await maker.context().close();
      await page.fill('#f-email', fresh);
      await page.fill('#f-password', 'a long enough password');
    }
    await Promise.all([page.waitForURL(`${base}/papers/date/${day}`), page.click('form button[type=submit]')]);
    const after = (await (await fetch(`${base}/api/papers/${target.id}`)).json()).upvotes;
    assert.equal(after, before + 1, 'the vote was cast');
    assert.equal(await page.locator(`article.card[data-paper="${target.id}"] form.vote button`).getAttribute('aria-pressed'), 'true');
  }
});

test('15.12: walking back week by week and month by month ends at the first listed papers', async () => {
  for (const [view, width] of [['week', 1280], ['month', 390]]) {
    const page = await pageAt(width);
    await page.goto(base + '/');
    await page.locator('nav.views a', { hasText: view === 'week' ? 'Week' : 'Month' }).click();
    let steps = 0;
    for (;;) {
      assert.equal(await page.locator('p.empty').count(), 0, `an empty ${view} at ${page.url()}`);
      const prev = page.locator('.listing-head a[rel=prev]');
      if (await prev.count() === 0) break;
      await Promise.all([page.waitForNavigation(), prev.click()]);
      assert.ok(++steps <= 56, `${view}: still going back after ${steps} steps`);
    }
    assert.ok(steps > 10, `${view}: only ${steps} steps back`);
    assert.match(await page.locator('h1').innerText(), view === 'week' ? /week 2024-W22/ : /month 2024-05/);
  }
});

// Math itself (drawn by KaTeX) is checked in hub.test.mjs, over arXiv snapshot papers: no hub
// abstract of the sample has $…$.
test('15.16: abstracts read as typeset text, URLs are links, KaTeX loads only for math', async () => {
  for (const width of WIDTHS) {
    const page = await pageAt(width);
    const katex = [];
    page.on('request', (r) => { if (r.url().includes('/static/katex/')) katex.push(r.url()); });
    await page.goto(base + '/papers/2405.15319');  // "54.6\%" in its abstract
    let abstract = await page.locator('.abstract').innerText();
    assert.match(abstract, /54\.6%/);
    assert.doesNotMatch(abstract, /\\%|\\textit|\\textsc|\{\\it/);
    await page.goto(base + '/papers/2405.16759');  // "{\it vs.}"
    assert.ok(await page.locator('.abstract em', { hasText: 'vs.' }).count() >= 1);
    await page.goto(base + '/papers/2405.14906');  // "\textsc{AIEV-Instruct}"
    assert.equal(await page.locator('.abstract .sc', { hasText: 'AIEV-Instruct' }).first().evaluate(
      (el) => getComputedStyle(el).fontVariantCaps), 'small-caps');
    const links = await page.locator('.abstract a[href^="https://"]').count();
    abstract = await page.locator('.abstract').innerText();
    assert.equal(links, (abstract.match(/https:\/\//g) || []).length, 'every URL is a link');
    assert.equal(katex.length, 0, `KaTeX loaded for pages without math: ${katex}`);
    await page.screenshot({ path: join(screenshots, `issue15-16-abstract-${width}.png`) });
  }
});

test('15.15: "Not interested" answers in place with an undo, with or without scripts', async () => {
  const page = await signedInAt(1280, 'Choosy Reader');
  await page.goto(base + '/');
  const card = page.locator('article.card').nth(2);
  const id = await card.getAttribute('data-paper');
  const title = (await card.locator('h2 a').innerText()).trim();
  const scrolled = await page.evaluate(() => { window.scrollTo(0, 600); return window.scrollY; });
  await card.locator('form.hide button').click();
  const note = card.locator('.dismissed-note');
  await note.waitFor();
  assert.match(await note.innerText(), new RegExp('Hidden “' + title.slice(0, 15).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.equal(await page.evaluate(() => window.scrollY), scrolled, 'the page stays where the reader was');
  await page.screenshot({ path: join(screenshots, 'issue15-15-not-interested-1280.png') });
  await note.locator('button', { hasText: 'Undo' }).click();
  await card.locator('h2').waitFor();
  assert.equal(await card.locator('.dismissed-note').count(), 0);

  // Without scripts: the same page comes back with the notice on top, and its Undo works.
  const plain = await hub.browser.newContext({ viewport: { width: 390, height: 900 }, javaScriptEnabled: false,
                                                storageState: await page.context().storageState() });
  const noScript = await plain.newPage();
  await noScript.goto(base + '/');
  await Promise.all([noScript.waitForNavigation(),
                     noScript.locator(`article[data-paper="${id}"] form.hide button`).click()]);
  assert.equal(new URL(noScript.url()).pathname, '/');
  assert.match(await noScript.locator('#notice').innerText(), /Hidden “.*”: it will not be recommended to you\./);
  await assertNoSidewaysScroll(noScript, 'notice after not interested');
  await noScript.screenshot({ path: join(screenshots, 'issue15-15-not-interested-noscript-390.png') });
  await Promise.all([noScript.waitForNavigation(), noScript.locator('#notice button', { hasText: 'Undo' }).click()]);
  assert.equal(await noScript.locator('#notice').count(), 0);
  assert.doesNotMatch(noScript.url(), /hidden=/);
});

test('15.15: library cards show their tags and day saved, with edit and remove, and no "Not interested"', async () => {
  const page = await signedInAt(1280, 'Library Reader');
  const daily = await (await fetch(base + '/api/daily_papers?limit=3')).json();
  for (const item of daily.slice(0, 2)) {
    await page.goto(base + '/papers/' + item.paper.id);
    await page.fill('#tags', 'to-read, diffusion');
    await Promise.all([page.waitForNavigation(), page.click('form.save button[type=submit]')]);
  }
  await page.goto(base + '/library');
  const cards = page.locator('article.card');
  assert.equal(await cards.count(), 2);
  assert.equal(await page.locator('article.card form.hide').count(), 0);
  const entry = cards.first().locator('.library-entry');
  assert.match(await entry.innerText(), /^Saved \d{4}-\d\d-\d\d · diffusion · to-read · Edit tags/);
  assert.equal(await entry.locator('button', { hasText: 'Remove' }).count(), 1);
  await page.screenshot({ path: join(screenshots, 'issue15-15-library-1280.png') });
  const removed = await cards.first().getAttribute('data-paper');
  await Promise.all([page.waitForNavigation(), entry.locator('button', { hasText: 'Remove' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/library');
  assert.equal(await page.locator(`article.card[data-paper="${removed}"]`).count(), 0);
  await Promise.all([page.waitForNavigation(), page.locator('.library-entry a', { hasText: 'Edit tags' }).click()]);
  assert.match(page.url(), /#tags$/);
});

test('15.5: an acronym the papers define is searched with its expansion, and the page says so', async () => {
  const page = await pageAt(1280);
  await page.goto(base + '/search?mode=lexical&q=RLHF');
  assert.match(await page.locator('.expansion').innerText(),
               /Also searched, as papers here define it: RLHF = reinforcement learning from human feedback\./);
  await page.goto(base + '/search?mode=lexical&q=' + encodeURIComponent('reinforcement learning from human feedback'));
  // In the corpus's own letters, not the index's lower case (issue 36, item 20).
  assert.match(await page.locator('.expansion').innerText(), /: RLHF = reinforcement learning from human feedback\./);
  const api = await fetch(base + '/api/papers/search?mode=lexical&q=RLHF');
  assert.equal(api.headers.get('x-query-expansions'), 'RLHF = reinforcement learning from human feedback');
  await page.screenshot({ path: join(screenshots, 'issue15-5-acronym-1280.png') });
});

test('15.13: settings show a new token once with a copy button, and fit a phone', async () => {
  for (const width of WIDTHS) {
    const page = await signedInAt(width, `Settings Reader ${width}`);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await page.goto(base + '/settings');
    await page.fill('#s-label', 'laptop');
    await Promise.all([page.waitForNavigation(), page.locator('form[action="/settings/tokens"] button').click()]);
    assert.equal(new URL(page.url()).pathname, '/settings');
    const token = (await page.locator('#secret').innerText()).trim();
    assert.ok(token.length >= 20);
    await page.locator('button.copy[data-copy=secret]').click();
    await page.locator('button.copy[data-copy=secret]', { hasText: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token);
    await assertNoSidewaysScroll(page, 'settings');
    await page.screenshot({ path: join(screenshots, `issue15-13-settings-${width}.png`), fullPage: true });
    await page.reload();
    assert.equal(await page.locator('#secret').count(), 0, 'a reload neither shows nor creates a token');
    assert.equal(await page.locator('ul.tokens li').count(), 1);
  }
});
