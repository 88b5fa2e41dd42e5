// Starts `paperboy serve` on a free 127.0.0.1 port over a fresh data directory and launches
// Debian's Chromium, for the browser tests; stop() undoes both. The binary, fixtures and
// sample come from the environment ctest sets.
//
// Every HTML page any test's browser loads is parsed as the HTML standard says (parse5) and
// must parse without an error: markup the parser would have to repair (a <form> inside a <p>,
// a stray end tag, a duplicate attribute) fails the run when stop() is called (issue 36,
// item 12).
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { chromium } from 'playwright-core';
import { parse } from 'parse5';

export const binary = process.env.PAPERBOY_BINARY;
export const fixtures = process.env.PAPERBOY_FIXTURES;
export const sample = process.env.PAPERBOY_SAMPLE;
export const screenshots = process.env.SCREENSHOT_DIR || tmpdir();
assert.ok(binary && fixtures && sample, 'set PAPERBOY_BINARY, PAPERBOY_FIXTURES and PAPERBOY_SAMPLE (ctest does)');

function freePort() {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitForServer(url) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url + '/healthz')).ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('paperboy serve did not answer on ' + url);
}

// With PAPERBOY_TEST_STORE=postgresql (ctest's browser_hub_postgresql), the hub keeps its store
// in a fresh schema of the test PostgreSQL (its URI in PAPERBOY_TEST_POSTGRES_FILE), made with
// psql; otherwise in the data directory's SQLite file.
let schemas = 0;
function storeArgs() {
  if (process.env.PAPERBOY_TEST_STORE !== 'postgresql') return [];
  const uri = readFileSync(process.env.PAPERBOY_TEST_POSTGRES_FILE, 'utf8').trim();
  const schema = `browser_${process.pid}_${++schemas}`;
  execFileSync('psql', [uri, '-q', '-c', `DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`]);
  return ['--store', `${uri}&options=-csearch_path%3D${schema}`];
}

// `files` are ingested first; `serveArgs` are added to `paperboy serve`.
export async function startHub(files, serveArgs = []) {
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-browser-'));
  const store = storeArgs();
  execFileSync(binary, ['--data', dataDir, ...store, 'ingest', ...files], { stdio: 'ignore' });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(binary, ['--data', dataDir, ...store, 'serve', '--listen', `127.0.0.1:${port}`, '-q',
                                ...serveArgs],
                       { stdio: 'inherit' });
  await waitForServer(base);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
  mkdirSync(screenshots, { recursive: true });
  const checks = [];
  const problems = [];
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.on('response', (response) => checks.push(checkHtml(response, problems)));
    return context;
  };
  return {
    base, browser, dataDir,
    async stop() {
      await Promise.all(checks);
      await browser.close();
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
      assert.deepEqual(problems, [], 'pages the HTML parser had to repair');
    },
  };
}

// Elements the parser may add where the markup leaves them out, as the standard allows.
const IMPLIED = new Set(['html', 'head', 'body', 'tbody']);
// Elements whose content is text to the parser: an end tag written inside is not markup.
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);

// What the parser reported or repaired in an HTML document the browser loaded, as
// "path line:col what" lines. parse5 reports the tokenizer's errors; the repairs of tree
// construction leave traces the tree shows: an element no start tag opened (a "</p>" after a
// <form> closed the paragraph makes an empty <p>), and an end tag that closed nothing.
async function checkHtml(response, problems) {
  if (response.request().resourceType() !== 'document') return;
  if (!(response.headers()['content-type'] || '').startsWith('text/html')) return;
  let html;
  try {
    html = await response.text();
  } catch {
    return;  // a page navigated away from before its body was read
  }
  const path = new URL(response.url()).pathname;
  const at = (offset) => {
    const before = html.slice(0, offset);
    return `${before.split('\n').length}:${offset - before.lastIndexOf('\n')}`;
  };
  const report = (offset, what) => problems.push(`${path} ${at(offset)} ${what}`);
  const tree = parse(html, {
    sourceCodeLocationInfo: true,
    onParseError: (e) => report(e.startOffset, e.code),
  });
  const closed = new Set();
  const rawText = [];
  const walk = (node, parentOffset) => {
    const location = node.sourceCodeLocation;
    if (node.tagName) {
      if (!location?.startTag && !IMPLIED.has(node.tagName))
        report(location?.startOffset ?? parentOffset, `<${node.tagName}> made by the parser`);
      if (location?.endTag) closed.add(location.endTag.startOffset);
      if (RAW_TEXT.has(node.tagName) && location?.startTag && location?.endTag)
        rawText.push([location.startTag.endOffset, location.endTag.startOffset]);
    }
    const offset = location?.startOffset ?? parentOffset;
    for (const child of node.childNodes || []) walk(child, offset);
    if (node.content) walk(node.content, offset);  // <template>
  };
  walk(tree, 0);
  for (const tag of html.matchAll(/<\/([a-zA-Z][a-zA-Z0-9-]*)\s*>/g)) {
    const inText = rawText.some(([from, to]) => tag.index >= from && tag.index < to);
    if (!inText && !closed.has(tag.index)) report(tag.index, `</${tag[1]}> closes nothing`);
  }
}
