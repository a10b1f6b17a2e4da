// Connections at scale against happn-3 (bench/edge-conns.sh), with happn-3's own client:
//   node conns.js PORT CONNECTIONS SERVER_PID [ROUNDS]
// Reads the server's VmRSS/VmHWM idle, opens CONNECTIONS clients (64 set up at once), each
// subscribed to one path, reports the setup rate and the memory with all subscribed, then times
// ROUNDS publications from the set to the last delivery. Prints "conns <metric> <value>" lines, the
// format of the Java driver (ConnsLoad). Bounded: a setup stalled for 60 s or a round over 60 s
// ends the run with what it has; the script bounds the whole run with `timeout`.
const fs = require('fs');
const happn = require('happn-3');
const port = parseInt(process.argv[2], 10);
const connections = parseInt(process.argv[3], 10);
const serverPid = process.argv[4];
const rounds = parseInt(process.argv[5] || '5', 10);
const path = '/bench/conns/x';
const doc = { name: 'bench', payload: 'x'.repeat(60), n: 1 };
const now = () => Number(process.hrtime.bigint()) / 1e6; // milliseconds
const sleep = (ms) => new Promise(r => setTimeout(r, ms));

function memory(when) {
  for (const line of fs.readFileSync(`/proc/${serverPid}/status`, 'utf8').split('\n')) {
    const m = /^Vm(RSS|HWM):\s+(\d+)/.exec(line);
    if (m) console.log(`conns ${m[1].toLowerCase()}_${when}_mb ${(m[2] / 1024).toFixed(1)}`);
  }
}

async function main() {
  memory('idle');
  const clients = [];
  let delivered = 0;
  let last = 0;
  let failed = 0;
  let firstFailure;
  let next = 0;
  let progressed = now();
  const start = now();
  const one = async () => {
    while (next < connections && now() - progressed < 60000) {
      next++;
      try {
        const client = await happn.client.create({ config: { port } });
        await client.on(path, { event_type: 'set' }, () => { delivered++; last = now(); });
        clients.push(client);
        if (clients.length % 1000 === 0) { // a run cut short by the script's timeout still says how far it got
          console.log(`conns progress_connected ${clients.length}`);
          console.log(`conns progress_s ${((now() - start) / 1000).toFixed(1)}`);
          memory('progress');
        }
      } catch (e) {
        failed++;
        firstFailure = firstFailure || String(e);
      }
      progressed = now();
    }
  };
  await Promise.all(Array.from({ length: 64 }, one));
  const seconds = (now() - start) / 1000;
  console.log(`conns connected ${clients.length}`);
  console.log(`conns failed ${failed + (connections - next)}`);
  console.log(`conns setup_s ${seconds.toFixed(1)}`);
  console.log(`conns setup_per_s ${(clients.length / seconds).toFixed(0)}`);
  if (firstFailure) console.error(`conns: first failure: ${firstFailure}`);
  await sleep(2000);
  memory('subscribed');
  const writer = await happn.client.create({ config: { port } });
  const times = [];
  let undelivered = 0;
  for (let r = 0; r < rounds; r++) {
    const before = delivered;
    const t0 = now();
    await writer.set(path, doc, { noStore: true });
    while (delivered - before < clients.length && now() - t0 < 60000) await sleep(1);
    if (delivered - before < clients.length) {
      undelivered += clients.length - (delivered - before);
      console.error(`conns: round ${r + 1}: ${delivered - before} of ${clients.length} delivered within 60 s`);
    }
    times.push(last - t0);
    await sleep(500);
  }
  times.sort((a, b) => a - b);
  console.log(`conns fanout_ms ${times[Math.floor(times.length / 2)].toFixed(1)}`);
  console.log(`conns fanout_max_ms ${times[times.length - 1].toFixed(1)}`);
  console.log(`conns undelivered ${undelivered}`);
  console.log(`conns messages ${rounds * clients.length}`);
  memory('after');
}

main().then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });
