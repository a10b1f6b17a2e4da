// What the browser drivers (driver.mjs, bus-driver.mjs, console.mjs) share: Chromium launched
// headless as the tests run it, and the loop that takes one command a line on stdin and answers on
// stdout until `quit`.
import { chromium } from 'playwright-core';
import readline from 'node:readline';

/** Debian's Chromium (or $CHROMIUM), headless, with nothing of its own on the network. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Runs `handle(command, line)` for each line of stdin (the command is the line's first word, the
 * line is trimmed) until `quit`. `handle` answers false for a command it does not know; that, and a
 * failure, are one `ERROR` line each, and the loop goes on.
 */
export async function serve(handle) {
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    const trimmed = line.trim();
    const command = trimmed.split(/\s+/, 1)[0];
    if (command === 'quit') {
      break;
    }
    try {
      if (!(await handle(command, trimmed))) {
        console.log(`ERROR unknown command ${command}`);
      }
    } catch (error) {
      console.log(`ERROR ${command}: ${error.message.split('\n')[0]}`);
    }
  }
}
