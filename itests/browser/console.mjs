// Drives the web console in headless Chromium for ConsolePagesBrowserTest and bench/console.sh, by
// lines on stdin and stdout (one answer line per command):
//   in:  goto <path> | text <selector> | click <selector> | fill <selector> :: <value> | shot <file>
//        | time <path> <runs> | quit   (a selector is the rest of the line, spaces included)
//   out: PAGE <status> <url> | TEXT <text on one line> | CLICKED <status> <url> | FILLED | SHOT <file>
//        | PARTS <response/dom/load ms per run> and TIME <ms per run, comma-separated> | ERROR <message>
// argv: port, user, password. The console's login is HTTP Basic: the browser context sends it with
// every request, as a browser does once it has the realm's credentials (Playwright's httpCredentials
// would intercept every request instead, which turns the browser's cache off: every script and
// style sheet of the console would be fetched again on every page, which no operator's browser does).
import { launch, serve } from './lines.mjs';

const [port, username, password] = process.argv.slice(2);
const origin = `http://127.0.0.1:${port}`;
const browser = await launch();
const basic = 'Basic ' + Buffer.from(`${username}:${password}`).toString('base64');
const context = await browser.newContext({ extraHTTPHeaders: { Authorization: basic }, viewport: { width: 1400, height: 900 } });
const page = await context.newPage();
page.on('pageerror', error => console.log(`ERROR page: ${error.message}`));
console.log('READY');

await serve(async (command, line) => {
  const argument = line.slice(command.length).trim();
  const rest = argument.split(/\s+/).slice(1);
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
    // PARTS: when the last byte of the page arrived, the DOM was ready (the console's scripts ran), the load ended.
    const runs = Number(rest[0] || 1);
    const times = [];
    const parts = [];
    for (let i = 0; i < runs; i++) {
      await page.goto(origin + argument.split(/\s+/)[0], { waitUntil: 'load' });
      const [response, dom, load] = await page.evaluate(() => {
        const [navigation] = performance.getEntriesByType('navigation');
        return [navigation.responseEnd, navigation.domContentLoadedEventEnd, navigation.loadEventEnd]
          .map(t => Math.round(t - navigation.startTime));
      });
      times.push(load);
      parts.push(`${response}/${dom}/${load}`);
    }
    console.log(`PARTS ${parts.join(',')}`);
    console.log(`TIME ${times.join(',')}`);
  } else {
    return false;
  }
  return true;
});
await browser.close();
