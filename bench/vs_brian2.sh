#!/usr/bin/env bash
# vs_brian2.sh — snn against Brian2 (cpp_standalone), side by side, on the same machine.
#
# For each network (default: cuba 10 s simulated, brunel 1 s) and each of R rounds (default 5),
# runs interleaved: Brian2 cpp_standalone (bench/brian2_<net>.py, a full rebuild each time, as
# a user's first run; OpenMP off), then `snn run examples/<net>.snn --threads T` for each T in
# THREADS (default "1 2"). Prints per network the medians of
#   Brian2 loop   : Network::run loop time (the script's loop_s)
#   Brian2 total  : process wall time (Python, code generation, compile, synapse creation, run, IO)
#   snn simulate  : timing_s.simulate of summary.json
#   snn total     : process wall time
# the ratios snn/Brian2 for the loop (simulate / loop) and end to end (wall / wall), and the
# rates per population side by side (mean over rounds). Ratios from one invocation only: absolute
# times drift between machines.
#
# Usage: bench/vs_brian2.sh [R]             (from anywhere; paths are relative to the repo)
# Environment:
#   R=5                     rounds per network (or the first argument)
#   NETS="cuba brunel"      networks (any of cuba coba brunel)
#   DUR_cuba=10 DUR_brunel=1 DUR_coba=1   simulated seconds
#   THREADS="1 2"           snn thread counts
#   SEED0=1                 round r uses seed SEED0 + r - 1 (both simulators; different
#                           generators, so the same statistics, not the same spikes)
#   SNN=/path/to/snn        use this binary instead of building ./cmd/snn
#   BRIAN_ONLY=1            skip snn (test the Brian2 half)
#   OUT=DIR                 keep raw results here (default: a fresh temp dir, printed)
#   BRIAN_CLEAN=0           let Brian2 reuse object files between rounds (then "Brian2 total"
#                           no longer includes a full compile)
# Needs: go, /usr/bin/python3 with Debian's python3-brian (not the pyenv python3).
set -euo pipefail

R=${1:-${R:-5}}
NETS=${NETS:-"cuba brunel"}
THREADS=${THREADS:-"1 2"}
SEED0=${SEED0:-1}
PY=/usr/bin/python3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vs_brian2.XXXXXX")
OUT=${OUT:-$tmp}
mkdir -p "$OUT"
export BRIAN_BUILD_DIR="$tmp/brian_build" BRIAN_CLEAN=${BRIAN_CLEAN:-1}

dur_of() { local v="DUR_$1"; case $1 in cuba) echo "${!v:-10}";; *) echo "${!v:-1}";; esac; }
now() { date +%s.%N; }

if [[ -z "${BRIAN_ONLY:-}" ]]; then
  if [[ -z "${SNN:-}" ]]; then
    echo "building snn ..." >&2
    (cd "$repo" && go build -o "$tmp/snn" ./cmd/snn)
    SNN="$tmp/snn"
  fi
fi
echo "raw results in $OUT" >&2

for net in $NETS; do
  dur=$(dur_of "$net")
  for ((r = 1; r <= R; r++)); do
    seed=$((SEED0 + r - 1))
    # Brian2
    t0=$(now)
    if ! (cd "$here" && "$PY" "brian2_$net.py" cpp_standalone "$dur" "$seed" 0) \
        >"$OUT/$net.brian.$r.log" 2>&1; then
      echo "Brian2 $net round $r failed, see $OUT/$net.brian.$r.log" >&2; exit 1
    fi
    t1=$(now)
    grep '^RESULT ' "$OUT/$net.brian.$r.log" | tail -1 | cut -c8- >"$OUT/$net.brian.$r.json"
    echo "{\"wall_s\": $("$PY" -c "print($t1 - $t0)")}" >"$OUT/$net.brian.$r.wall.json"
    echo "$net round $r: Brian2 done ($("$PY" -c "print(round($t1 - $t0, 2))") s)" >&2
    # snn
    if [[ -z "${BRIAN_ONLY:-}" ]]; then
      for th in $THREADS; do
        d="$OUT/$net.snn.t$th.$r"
        rm -rf "$d"
        t0=$(now)
        if ! "$SNN" run "$repo/examples/$net.snn" --out "$d" --duration "${dur}s" \
            --seed "$seed" --threads "$th" --quiet >"$OUT/$net.snn.t$th.$r.log" 2>&1; then
          echo "snn $net threads $th round $r failed, see $OUT/$net.snn.t$th.$r.log" >&2; exit 1
        fi
        t1=$(now)
        echo "{\"wall_s\": $("$PY" -c "print($t1 - $t0)")}" >"$d.wall.json"
        echo "$net round $r: snn --threads $th done ($("$PY" -c "print(round($t1 - $t0, 2))") s)" >&2
      done
    fi
  done
done

"$PY" - "$OUT" "$R" "$NETS" "$THREADS" "${BRIAN_ONLY:-}" <<'EOF'
import json, os, statistics, sys
out, R, nets, threads, brian_only = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), sys.argv[4].split(), sys.argv[5]
load = lambda p: json.load(open(p))
med = statistics.median
report = {}
for net in nets:
    b = [load(f'{out}/{net}.brian.{r}.json') for r in range(1, R + 1)]
    bw = [load(f'{out}/{net}.brian.{r}.wall.json')['wall_s'] for r in range(1, R + 1)]
    rep = dict(duration_s=b[0]['duration_s'], rounds=R,
               brian2=dict(loop_s=med(x['loop_s'] for x in b), total_wall_s=med(bw),
                           loop_all=[x['loop_s'] for x in b], wall_all=[round(x, 3) for x in bw],
                           synapses=med(x['n_synapses'] for x in b),
                           synaptic_events=med(x['synaptic_events'] for x in b),
                           rates={p: statistics.mean(x['populations'][p]['rate_hz'] for x in b)
                                  for p in b[0]['populations']}))
    rep['snn'] = {}
    if not brian_only:
        for th in threads:
            s = [load(f'{out}/{net}.snn.t{th}.{r}/summary.json') for r in range(1, R + 1)]
            sw = [load(f'{out}/{net}.snn.t{th}.{r}.wall.json')['wall_s'] for r in range(1, R + 1)]
            for x in s:
                if not x.get('complete', True):
                    sys.exit(f'{net} threads {th}: summary.json says complete = false')
            sim, wall = med(x['timing_s']['simulate'] for x in s), med(sw)
            rep['snn'][th] = dict(simulate_s=sim, total_wall_s=wall,
                                  simulate_all=[x['timing_s']['simulate'] for x in s],
                                  wall_all=[round(x, 3) for x in sw],
                                  synapses=med(x['synapses'] for x in s),
                                  synaptic_events=med(x['synaptic_events'] for x in s),
                                  rates={p: statistics.mean(x['populations'][p]['rate_hz'] for x in s)
                                         for p in s[0]['populations']},
                                  ratio_loop=sim / rep['brian2']['loop_s'],
                                  ratio_end_to_end=wall / rep['brian2']['total_wall_s'])
    report[net] = rep

for net, rep in report.items():
    B = rep['brian2']
    print(f"\n== {net}: {rep['duration_s']:g} s simulated, {R} rounds (medians) ==")
    print(f"  {'':26s} {'loop/simulate s':>16s} {'total (wall) s':>15s} {'loop ratio':>11s} {'end-to-end':>11s}")
    print(f"  {'Brian2 cpp_standalone':26s} {B['loop_s']:16.4f} {B['total_wall_s']:15.3f} {'1':>11s} {'1':>11s}")
    for th, S in rep['snn'].items():
        print(f"  {'snn --threads ' + th:26s} {S['simulate_s']:16.4f} {S['total_wall_s']:15.3f} "
              f"{S['ratio_loop']:11.3f} {S['ratio_end_to_end']:11.3f}")
    print("  (ratios are snn / Brian2: < 1 means snn is faster)")
    pops = list(B['rates']) + [p for S in rep['snn'].values() for p in S['rates'] if p not in B['rates']]
    pops = list(dict.fromkeys(pops))
    hdr = '  rate Hz (mean)   ' + ''.join(f'{p:>10s}' for p in pops) + f"{'synapses':>12s}{'syn.events':>13s}"
    print(hdr)
    fmt = lambda d, p: f"{d[p]:10.3f}" if p in d else f"{'-':>10s}"
    print(f"  {'Brian2':17s}" + ''.join(fmt(B['rates'], p) for p in pops)
          + f"{B['synapses']:12.0f}{B['synaptic_events']:13.0f}")
    for th, S in rep['snn'].items():
        print(f"  {'snn t' + th:17s}" + ''.join(fmt(S['rates'], p) for p in pops)
              + f"{S['synapses']:12.0f}{S['synaptic_events']:13.0f}")
json.dump(report, open(os.path.join(out, 'vs_brian2.json'), 'w'), indent=1)
print(f"\nfull results: {os.path.join(out, 'vs_brian2.json')}")
EOF
