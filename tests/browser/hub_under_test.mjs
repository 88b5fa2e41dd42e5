// Starts `paperboy serve` on a free 127.0.0.1 port over a fresh data directory and launches
// Debian's Chromium, for the browser tests; stop() undoes both. The binary, fixtures and
// sample come from the environment ctest sets.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { chromium } from 'playwright-core';

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
  return {
    base, browser, dataDir,
    async stop() {
      await browser.close();
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
