// The network-edge workloads against happn-3, with happn-3's own client (see bench/README.md):
//   get   : get round trip, one in flight
//   pipe  : set -> subscriber on another connection, 200 in flight
//   fanout: 1000 connections subscribed, one publication to all
// Prints "<workload> <metric> <value>" lines, the format bench/edge.sh reads. Bounded in count.
const happn = require('happn-3');
const port = parseInt(process.argv[2], 10);
const workload = process.argv[3];
const count = parseInt(process.argv[4] || '20000', 10);
const connect = () => happn.client.create({ config: { port } });
const now = () => Number(process.hrtime.bigint()) / 1000; // microseconds
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const doc = { name: 'bench', payload: 'x'.repeat(60), n: 1 };

async function get() {
  const client = await connect();
  await client.set('/bench/get/item', doc);
  // as EdgeLoad's get: DRIVER_WARMUP more first (one round: V8 compiles far sooner than a JVM)
  const warm = 2000 + parseInt(process.env.DRIVER_WARMUP || '0', 10);
  for (let i = 0; i < warm; i++) await client.get('/bench/get/item');
  const latencies = [];
  for (let i = 0; i < count; i++) {
    const start = now();
    await client.get('/bench/get/item');
    latencies.push(now() - start);
  }
  latencies.sort((a, b) => a - b);
  console.log(`get p50_us ${pct(latencies, 0.5).toFixed(1)}`);
  console.log(`get p99_us ${pct(latencies, 0.99).toFixed(1)}`);
  console.log(`get messages ${count + warm + 1}`);
  await client.disconnect();
}

async function pipe() {
  // as EdgeLoad's pipe: DRIVER_WARMUP sets first on the same two connections, not measured (their
  // messages count); V8 compiles far sooner than a JVM, so one warm-up round is enough here
  const warm = parseInt(process.env.DRIVER_WARMUP || '0', 10);
  const writer = await connect();
  const reader = await connect();
  let round = null; // the round whose publications the subscriber counts
  await reader.on('/bench/pipe/*', { event_type: 'set' }, (data) => {
    if (round === null || round.received === round.count || data.t < round.start) return; // a late one of an earlier round
    round.latencies.push(now() - data.t);
    if (++round.received === round.count) round.resolveDone();
  });
  const pipeRound = async (count) => {
    round = { count, start: now(), latencies: [], received: 0 };
    const done = new Promise(resolve => { round.resolveDone = resolve; });
    let inFlight = 0;
    let sent = 0;
    await new Promise(resolve => {
      const pump = () => {
        while (inFlight < 200 && sent < count) {
          inFlight++;
          const i = sent++;
          writer.set(`/bench/pipe/${i % 100}`, { t: now(), payload: 'x'.repeat(60) }, { noStore: true })
            .then(() => { inFlight--; if (sent === count && inFlight === 0) resolve(); else pump(); });
        }
      };
      pump();
    });
    await Promise.race([done, new Promise(r => setTimeout(r, 60000))]);
    return { seconds: (now() - round.start) / 1e6, received: round.received, latencies: round.latencies.sort((a, b) => a - b) };
  };
  const warmed = warm > 0 ? (await pipeRound(warm)).received : 0;
  const measured = await pipeRound(count);
  console.log(`pipe msgs_per_s ${(measured.received / measured.seconds).toFixed(0)}`);
  console.log(`pipe p99_ms ${(pct(measured.latencies, 0.99) / 1000).toFixed(2)}`);
  console.log(`pipe received ${measured.received}`);
  console.log(`pipe messages ${measured.received + warmed}`);
  await writer.disconnect();
  await reader.disconnect();
}

async function fanout() {
  // as EdgeLoad's fanout: FANOUT_WARMUP publications (default 20; edge.sh gives as many as
  // Switchboard's warm-up took) not measured, then five, one after the other, the median time until
  // all have one
  const connections = parseInt(process.argv[4] || '1000', 10);
  const warm = parseInt(process.env.FANOUT_WARMUP || '20', 10);
  const rounds = 5;
  const clients = [];
  let got = 0;
  let resolveRound = () => {};
  for (let i = 0; i < connections; i++) {
    const client = await connect();
    await client.on('/bench/fan/x', { event_type: 'set' }, () => { if (++got === connections) resolveRound(); });
    clients.push(client);
  }
  const writer = await connect();
  const times = [];
  let delivered = 0;
  for (let r = 0; r < warm + rounds; r++) {
    got = 0;
    const all = new Promise(resolve => { resolveRound = resolve; });
    const start = now();
    await writer.set('/bench/fan/x', doc, { noStore: true });
    await Promise.race([all, new Promise(wake => setTimeout(wake, 60000))]);
    if (r < warm) continue;
    times.push(now() - start);
    delivered += got;
  }
  times.sort((a, b) => a - b);
  console.log(`fanout all_delivered_ms ${(pct(times, 0.5) / 1000).toFixed(1)}`);
  console.log(`fanout delivered ${delivered / rounds}`);
  console.log(`fanout warm_rounds ${warm}`);
  for (const client of clients) await client.disconnect();
  await writer.disconnect();
}

({ get, pipe, fanout })[workload]().then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });
