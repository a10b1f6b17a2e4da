// Drives one page in headless Chromium for BrowserClientTest, by lines on stdin and stdout:
//   in:  await-event <path> | await-connection <type> | quit
//   out: READY | EVENT <path> | CONNECTION <type> <detail> | ERROR <message>
// The page loads /api/client.js from the runtime, connects, and subscribes to /browser/**.
import { chromium } from 'playwright-core';
import readline from 'node:readline';

const port = process.argv[2];
const origin = `http://127.0.0.1:${port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage();
page.on('pageerror', error => console.log(`ERROR page: ${error.message}`));
await page.goto(`${origin}/health`);
await page.addScriptTag({ url: `${origin}/api/client.js` });
await page.evaluate(async () => {
  window.events = [];
  window.connection = [];
  const client = await window.Switchboard.connect({ reconnectMin: 50, reconnectMax: 500, name: 'itest-browser' });
  client.onConnectionEvent(event => window.connection.push(event));
  await client.on('/browser/**', {}, event => window.events.push(event));
  window.client = client;
});
console.log('READY');

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  const [command, argument] = line.trim().split(/\s+/, 2);
  try {
    if (command === 'await-event') {
      await page.waitForFunction(path => window.events.some(e => e.path === path), argument, { timeout: 20000 });
      console.log(`EVENT ${argument}`);
    } else if (command === 'await-connection') {
      const handle = await page.waitForFunction(type => window.connection.find(e => e.type === type), argument, { timeout: 30000 });
      const event = await handle.jsonValue();
      console.log(`CONNECTION ${event.type} ${event.detail}`);
    } else if (command === 'quit') {
      break;
    } else {
      console.log(`ERROR unknown command ${command}`);
    }
  } catch (error) {
    console.log(`ERROR ${command}: ${error.message.split('\n')[0]}`);
  }
}
await browser.close();
