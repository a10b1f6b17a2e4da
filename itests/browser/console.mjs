// Drives the web console in headless Chromium for ConsolePagesBrowserTest and bench/console.sh, by
// lines on stdin and stdout (one answer line per command):
//   in:  goto <path> | text <selector> | click <selector> | fill <selector> :: <value> | shot <file>
//        | time <path> <runs> | quit   (a selector is the rest of the line, spaces included)
//   out: PAGE <status> <url> | TEXT <text on one line> | CLICKED <status> <url> | FILLED | SHOT <file>
//        | TIME <ms per run, comma-separated> | ERROR <message>
// argv: port, user, password. The console's login is HTTP Basic: the browser context sends it.
import { chromium } from 'playwright-core';
import readline from 'node:readline';

const [port, username, password] = process.argv.slice(2);
const origin = `http://127.0.0.1:${port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ httpCredentials: { username, password }, viewport: { width: 1400, height: 900 } });
const page = await context.newPage();
page.on('pageerror', error => console.log(`ERROR page: ${error.message}`));
console.log('READY');

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  const trimmed = line.trim();
  const command = trimmed.split(/\s+/, 1)[0];
  const argument = trimmed.slice(command.length).trim();
  const rest = argument.split(/\s+/).slice(1);
  try {
    if (command === 'goto') {
      const response = await page.goto(origin + argument, { waitUntil: 'load' });
      console.log(`PAGE ${response.status()} ${page.url()}`);
    } else if (command === 'text') {
      await page.waitForSelector(argument, { timeout: 20000 });
      const text = await page.innerText(argument);
      console.log(`TEXT ${text.replace(/\s+/g, ' ').trim()}`);
    } else if (command === 'click') {
      const [response] = await Promise.all([
        page.waitForNavigation({ waitUntil: 'load', timeout: 30000 }),
        page.click(argument),
      ]);
      console.log(`CLICKED ${response ? response.status() : 0} ${page.url()}`);
    } else if (command === 'fill') {
      const [selector, value] = argument.split(' :: ');
      await page.fill(selector, value);
      console.log('FILLED');
    } else if (command === 'shot') {
      await page.screenshot({ path: argument, fullPage: true });
      console.log(`SHOT ${argument}`);
    } else if (command === 'time') {
      // From the start of navigation to the end of the load event, as the browser measured it.
      const runs = Number(rest[0] || 1);
      const times = [];
      for (let i = 0; i < runs; i++) {
        await page.goto(origin + argument.split(/\s+/)[0], { waitUntil: 'load' });
        times.push(await page.evaluate(() => {
          const [navigation] = performance.getEntriesByType('navigation');
          return Math.round(navigation.loadEventEnd - navigation.startTime);
        }));
      }
      console.log(`TIME ${times.join(',')}`);
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
