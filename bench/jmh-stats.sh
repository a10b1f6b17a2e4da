#!/usr/bin/env bash
# The stats service's cost on the paths it instruments, in-JVM (JMH StatsCostBenchmark): stats off and
# on in alternating rounds (off first in odd rounds, on first in even ones), so that drift in the
# machine's load falls on both; prints each round's scores, the medians and the ratio on/off.
#
# usage: bench/jmh-stats.sh [rounds]    (default 3; about 70 s a round)
# Needs the benchmarks jar: mvn -B -o -q package -pl bench/jmh -am -DskipTests
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-3}
jar="$here/bench/jmh/target/benchmarks.jar"
[ -f "$jar" ] || { echo "no $jar: mvn -B -o -q package -pl bench/jmh -am -DskipTests first" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
echo "java: $(java -version 2>&1 | head -1); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); rounds: $rounds; $(date -u '+%F %H:%M UTC')"
for r in $(seq 1 "$rounds"); do
  if [ $(( r % 2 )) = 1 ]; then order="off on"; else order="on off"; fi
  for state in $order; do
    timeout 600 java -jar "$jar" StatsCostBenchmark -p stats="$state" -wi 3 -w 2 -i 4 -r 2 -f 1 -rf json -rff "$work/$r-$state.json" > "$work/$r-$state.log" 2>&1 \
      || { echo "round $r ($state) failed:" >&2; tail -20 "$work/$r-$state.log" >&2; exit 1; }
    echo "round $r stats=$state done; load $(cut -d' ' -f1 /proc/loadavg)"
  done
done
python3 - "$work" <<'PY'
import glob, json, os, statistics, sys
scores = {}
for path in sorted(glob.glob(os.path.join(sys.argv[1], '*.json'))):
    for result in json.load(open(path)):
        key = (result['benchmark'].rsplit('.', 1)[1], result['params']['stats'])
        scores.setdefault(key, []).append(result['primaryMetric']['score'])
print(f"\n{'benchmark (ops/s, median of rounds)':36} {'stats on':>12} {'stats off':>12} {'on/off':>7}   rounds on | off")
for bench in sorted({b for b, _ in scores}):
    on, off = scores.get((bench, 'on'), []), scores.get((bench, 'off'), [])
    if on and off:
        m_on, m_off = statistics.median(on), statistics.median(off)
        print(f"{bench:36} {m_on:12.0f} {m_off:12.0f} {m_on / m_off:7.3f}   {' '.join('%.0f' % x for x in on)} | {' '.join('%.0f' % x for x in off)}")
PY
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
