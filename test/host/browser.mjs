// Shared by the host runner and the UI tests: Debian's Chromium through playwright-core.
import { chromium } from 'playwright-core';

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Console lines from code-server that say nothing about our tests. */
export const noise = /Creating a socket|connection token|open-vsx|AgentHost|AccountPolicyGate|grace-time|Service Worker|builtin extensions cache|vsda|same-origin|ENOTFOUND|Extension host agent|Failed to load resource|punycode/;
