#!/usr/bin/env bash
# Where the edge's CPU goes per call: perf samples of the edge (Release, perf map on) while a
# sipp caller runs calls through it to three sipp backends. See docs/benchmarks.md ("Profile").
#
#   bench/profile.sh [--rate 400] [--seconds 40] [--record-seconds 20] [--algorithm 4|10]
#                    [--env NAME=VALUE ...] [--no-perf] [--no-build] [--bin DIR] [--out DIR]
# --bin runs another build of the edge (an A/B of a change: copy bin/Release/net10.0 first).
# --env sets an environment variable of the edge (runtime knobs such as
# DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1); --no-perf only measures CPU per call.
#
# Prints the edge's CPU seconds per 1,000 calls over the recording, then perf's report of the
# top symbols by own time (with their DSO: kernel, libcoreclr, JIT-compiled code = perf-PID.map)
# and by time including callees. perf.data and the reports stay in --out.

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
scenarios="$root/tests/Client.Tests/Sipp/Scenarios"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

rate=400
seconds=40
record_seconds=20
hold_ms=1000
algorithm=4
sip_port=5060
backend_port=5071
build=1
perf_on=1
bin="$root/Client/bin/Release/net10.0"
edge_env=()
out=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rate) rate="$2"; shift 2 ;;
        --seconds) seconds="$2"; shift 2 ;;
        --record-seconds) record_seconds="$2"; shift 2 ;;
        --algorithm) algorithm="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        --no-perf) perf_on=0; shift ;;
        --env) edge_env+=("$2"); shift 2 ;;
        --bin) bin="$2"; build=0; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        -h|--help) sed -n 2,10p "$0"; exit 0 ;;
        *) echo "unknown argument '$1'" >&2; exit 2 ;;
    esac
done
(( record_seconds + 10 <= seconds )) || { echo "--seconds must exceed --record-seconds by 10 (warm-up)" >&2; exit 2; }
for tool in sipp dotnet perf; do command -v "$tool" >/dev/null || { echo "$tool is not installed (perf: apt-get install linux-perf)" >&2; exit 2; }; done

out="${out:-$(mktemp -d /tmp/olb-profile.XXXXXX)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
pids=()
edge_pid=""
cleanup() {
    local p
    stop_pid "$edge_pid" 15
    for p in "${pids[@]}"; do stop_pid "$p" 3; done
    for p in $(jobs -p); do stop_pid "$p" 2; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[[ "$build" == 0 ]] || dotnet build "$root/Client" -c Release -nologo -v q >"$out/build.log" 2>&1 || { tail -20 "$out/build.log" >&2; exit 1; }
rm -rf "$out/edge-bin"
cp -r "$bin" "$out/edge-bin"
: > "$out/dispatcher.list"
for i in 0 1 2; do echo "1 sip:127.0.0.1:$((backend_port + i)) 0 0 duid=backend$((i + 1))" >> "$out/dispatcher.list"; done
cat > "$out/edge-bin/appsettings.json" <<EOF
{
  "Logging": { "LogLevel": { "Default": "Information", "Microsoft": "Warning" } },
  "Sip": { "Listeners": [ "udp:127.0.0.1:$sip_port" ] },
  "Dispatcher": { "ListFile": "$out/dispatcher.list", "Probing": { "Interval": "5s", "Mode": 1 } },
  "Routing": { "Rules": [ { "Name": "invites", "Methods": [ "INVITE" ], "SetId": 1, "Algorithm": $algorithm } ] }
}
EOF

for i in 0 1 2; do
    port=$((backend_port + i))
    (cd "$out" && exec sipp -sf "$scenarios/uas_answer.xml" -i 127.0.0.1 -p "$port" -nostdin \
        -watchdog_major_maxtriggers 1000000 -watchdog_minor_maxtriggers 1000000 </dev/null >"backend-$port.log" 2>&1) &
    pids+=("$!")
    wait_udp_bound "$!" "$port" 10 || { echo "backend $port did not start" >&2; exit 1; }
done
# perf map: names for JIT-compiled code (W^X off, or the code sits in a memfd mapping perf cannot
# name); frame pointers are kept by the JIT, so -g walks managed frames.
(cd "$out" && exec env DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 "${edge_env[@]}" dotnet "$out/edge-bin/OrleansLB.Client.dll" </dev/null >edge.log 2>&1) &
edge_pid=$!
wait_udp_bound "$edge_pid" "$sip_port" 60 || { echo "edge did not start" >&2; exit 1; }

(cd "$out" && exec timeout -k 5 $((seconds * 2 + 60)) sipp "127.0.0.1:$sip_port" -sf "$scenarios/uac_call.xml" -i 127.0.0.1 \
    -r "$rate" -m $((rate * seconds)) -d "$hold_ms" -recv_timeout 10000 -nostdin -trace_stat -stf caller.csv -fd 1 \
    -watchdog_major_maxtriggers 1000000 -watchdog_minor_maxtriggers 1000000 </dev/null >caller.log 2>&1) &
caller=$!
pids+=("$caller")
sleep $((seconds - record_seconds - 5))
before="$(cpu_ticks "$edge_pid")"
ok_before="$(stat_column "$out/caller.csv" 'SuccessfulCall(C)')"
if [[ "$perf_on" == 1 ]]; then
    perf record -e cpu-clock -F 499 -g -p "$edge_pid" -o "$out/perf.data" -- sleep "$record_seconds" >"$out/perf-record.log" 2>&1
else
    sleep "$record_seconds"
fi
after="$(cpu_ticks "$edge_pid")"
ok_after="$(stat_column "$out/caller.csv" 'SuccessfulCall(C)')"
set +e
wait "$caller"
set -e

echo "load average $(cut -d' ' -f1-3 /proc/loadavg); $rate calls/s, algorithm $algorithm; edge environment: ${edge_env[*]:-(none)}"
awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n=$((ok_after - ok_before)) -v s="$record_seconds" \
    'BEGIN { printf "edge CPU while recording: %.2f s of %d s (%.0f %% of a core), %d calls ended: %.3f CPU s per 1,000 calls\n", t / hz, s, t / hz / s * 100, n, (n > 0 ? t / hz / n * 1000 : 0) }'
echo "caller: $(stat_column "$out/caller.csv" 'SuccessfulCall(C)') successful, $(stat_column "$out/caller.csv" 'FailedCall(C)') failed"
[[ "$perf_on" == 1 ]] || exit 0
perf report -i "$out/perf.data" --no-children --sort dso --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' | head -12 > "$out/by-dso.txt" || true
perf report -i "$out/perf.data" --no-children --sort dso,symbol --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -60 > "$out/self.txt" || true
perf report -i "$out/perf.data" --children --sort symbol --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -80 > "$out/inclusive.txt" || true
echo "--- by DSO (own time) ---"; cat "$out/by-dso.txt"
echo "--- top symbols (own time) ---"; head -40 "$out/self.txt"
echo "--- top symbols (with callees) ---"; head -60 "$out/inclusive.txt"
echo "perf data and reports in $out"
