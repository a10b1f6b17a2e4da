// Drives one page in headless Chromium for BrowserBusClientTest, by lines on stdin and stdout. The
// page loads /api/client.js from the runtime and logs in as <user> <password> (argv 3 and 4).
//   in:  publish-all <topic> <count> | publish-all-dedup <topic> | publish <topic> <json>
//        | subscribe <topic> <group> | await-messages <count> | nack-taken | ack-taken
//        | ack-all-taken-and-first-again | serve-replies <topic> <group> | request <topic> <json> | quit
//   out: RESULTS <json> | REFUSED <code> | ID <id> | SUBSCRIBED | MESSAGES <json> | NACKED | ACKED
//        | SERVING | REPLY <json> | ERROR <message>
// await-messages takes the messages received so far (waiting for <count>); the nack/ack commands act
// on the messages last taken.
import { launch, serve } from './lines.mjs';

const [port, user, password] = process.argv.slice(2);
const origin = `http://127.0.0.1:${port}`;
const browser = await launch();
const page = await browser.newPage();
page.on('pageerror', error => console.log(`ERROR page: ${error.message}`));
await page.goto(`${origin}/health`);
await page.addScriptTag({ url: `${origin}/api/client.js` });
await page.evaluate(async ([username, password]) => {
  window.received = [];
  window.taken = [];
  window.client = await window.Switchboard.connect({ name: 'itest-browser-bus', username, password });
}, [user, password]);
console.log('READY');

await serve(async (command, line) => {
  const [, first, ...rest] = line.split(/\s+/);
  const second = rest.join(' ');
  if (command === 'publish-all') {
    const results = await page.evaluate(([topic, count]) =>
      window.client.busPublishAll(topic, Array.from({ length: count }, (_, i) => ({ i: i + 1 }))), [first, Number(second)]);
    console.log(`RESULTS ${JSON.stringify(results)}`);
  } else if (command === 'publish-all-dedup') {
    const code = await page.evaluate(topic =>
      window.client.busPublishAll(topic, [{ i: 1 }], { dedupId: 'd-1' }).then(() => 'none', error => error.code), first);
    console.log(`REFUSED ${code}`);
  } else if (command === 'publish') {
    const id = await page.evaluate(([topic, payload]) => window.client.busPublish(topic, JSON.parse(payload)), [first, second]);
    console.log(`ID ${id}`);
  } else if (command === 'subscribe') {
    await page.evaluate(([topic, group]) =>
      window.client.busSubscribe(topic, { group, max: 10 }, message => window.received.push(message)), [first, second]);
    console.log('SUBSCRIBED');
  } else if (command === 'await-messages') {
    await page.waitForFunction(count => window.received.length >= count, Number(first), { timeout: 20000 });
    const taken = await page.evaluate(() => { window.taken = window.received.splice(0); return window.taken; });
    console.log(`MESSAGES ${JSON.stringify(taken)}`);
  } else if (command === 'nack-taken') {
    await page.evaluate(() => Promise.all(window.taken.map(message => window.client.busNack(message, 0))));
    console.log('NACKED');
  } else if (command === 'ack-taken') {
    await page.evaluate(() => Promise.all(window.taken.map(message => window.client.busAck(message))));
    console.log('ACKED');
  } else if (command === 'ack-all-taken-and-first-again') {
    const results = await page.evaluate(() => window.client.busAckAll(window.taken.concat([window.taken[0]])));
    console.log(`RESULTS ${JSON.stringify(results)}`);
  } else if (command === 'serve-replies') {
    await page.evaluate(([topic, group]) =>
      window.client.busSubscribe(topic, { group }, message =>
        window.client.busReply(message, { echo: message.payload }).then(() => window.client.busAck(message))), [first, second]);
    console.log('SERVING');
  } else if (command === 'request') {
    const reply = await page.evaluate(([topic, payload]) =>
      window.client.busRequest(topic, JSON.parse(payload), { timeoutMillis: 10000 }), [first, second]);
    console.log(`REPLY ${JSON.stringify(reply)}`);
  } else {
    return false;
  }
  return true;
});
await browser.close();
