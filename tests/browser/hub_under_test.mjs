// Starts `paperboy serve` on a free 127.0.0.1 port over a fresh data directory and launches
// Debian's Chromium, for the browser tests; stop() undoes both. The binary, fixtures and
// sample come from the environment ctest sets.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
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

// `files` are ingested first; `serveArgs` are added to `paperboy serve`.
export async function startHub(files, serveArgs = []) {
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-browser-'));
  execFileSync(binary, ['--data', dataDir, 'ingest', ...files], { stdio: 'ignore' });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(binary, ['--data', dataDir, 'serve', '--listen', `127.0.0.1:${port}`, '-q', ...serveArgs],
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
