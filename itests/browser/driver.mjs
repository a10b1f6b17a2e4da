// Drives one page in headless Chromium for BrowserClientTest, by lines on stdin and stdout:
//   in:  await-event <path> | await-connection <type> | update <deviceId> <value> | await-alert <deviceId>
//        | describe | await-description <deviceManager version> | quit
//   out: READY | EVENT <path> | CONNECTION <type> <detail> | RESULT <json> | ALERT <deviceId> <component>@<version>
//        | DESCRIBE <name@version,…> | DESCRIPTION <version> | ERROR <message>
// The page loads /api/client.js from the runtime, connects, subscribes to /browser/** and to
// deviceManager's alert events, and watches the mesh description.
import { launch, serve } from './lines.mjs';

const port = process.argv[2];
const origin = `http://127.0.0.1:${port}`;
// STEP lines say how far the set-up got (the test shows them when READY does not come)
const browser = await launch();
console.log('STEP chromium launched');
const page = await browser.newPage();
page.on('pageerror', error => console.log(`ERROR page: ${error.message}`));
page.on('console', message => console.log(`STEP page console: ${message.text()}`));
await page.goto(`${origin}/health`);
console.log('STEP /health loaded');
await page.addScriptTag({ url: `${origin}/api/client.js` });
console.log('STEP client.js loaded');
await page.evaluate(async () => {
  window.events = [];
  window.connection = [];
  window.alerts = [];
  window.descriptions = [];
  const client = await window.Switchboard.connect({ reconnectMin: 50, reconnectMax: 500, name: 'itest-browser' });
  console.log('connected');
  client.onConnectionEvent(event => window.connection.push(event));
  await client.on('/browser/**', {}, event => window.events.push(event));
  console.log('subscribed to /browser/**');
  await client.onEvent('deviceManager', 'alert', { range: '^1.0.0' }, event => window.alerts.push(event));
  console.log('subscribed to deviceManager alert');
  await client.onDescriptionChange(components => window.descriptions.push(components));
  console.log('watching the description');
  window.client = client;
});
console.log('READY');

await serve(async (command, line) => {
  const [, argument, ...more] = line.split(/\s+/);
  if (command === 'await-event') {
    await page.waitForFunction(path => window.events.some(e => e.path === path), argument, { timeout: 20000 });
    console.log(`EVENT ${argument}`);
  } else if (command === 'await-connection') {
    const handle = await page.waitForFunction(type => window.connection.find(e => e.type === type), argument, { timeout: 30000 });
    const event = await handle.jsonValue();
    console.log(`CONNECTION ${event.type} ${event.detail}`);
  } else if (command === 'update') {
    const result = await page.evaluate(([deviceId, value]) =>
      window.client.call('deviceManager', 'update', [{ deviceId, value }], { range: '^1.0.0', timeoutMillis: 5000 }),
      [argument, Number(more[0])]);
    console.log(`RESULT ${JSON.stringify(result)}`);
  } else if (command === 'await-alert') {
    const handle = await page.waitForFunction(id => window.alerts.find(e => e.data.deviceId === id), argument, { timeout: 20000 });
    const alert = await handle.jsonValue();
    console.log(`ALERT ${alert.data.deviceId} ${alert.component}@${alert.version}`);
  } else if (command === 'describe') {
    const components = await page.evaluate(() => window.client.describe());
    console.log(`DESCRIBE ${components.map(c => `${c.name}@${c.version}`).join(',')}`);
  } else if (command === 'await-description') {
    await page.waitForFunction(version => window.descriptions.some(components =>
      components.some(c => c.name === 'deviceManager' && c.version === version && c.state === 'running')), argument, { timeout: 30000 });
    console.log(`DESCRIPTION ${argument}`);
  } else {
    return false;
  }
  return true;
});
await browser.close();
