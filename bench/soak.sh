#!/usr/bin/env bash
# Bounded soak of the OrleansLB edge, alone or (--cluster) with a silo holding the call-load
# grain in another process. See docs/benchmarks.md ("Soak").
#
# Three sipp backends, the edge (Release build, algorithm 10 with maxload on every backend) and
# one sipp caller at --rate for --minutes, after a warm-up at a low rate (a process taken cold
# straight to thousands of calls a second runs them through code not yet optimised, and falls
# behind: in a cluster that failed 35 of the first 30,000 calls). Every --sample-seconds it records the edge's (and the
# silo's) RSS, threads and open files, and from /metrics the active transactions and calls (the
# calls from the silo in a cluster, where the authoritative count is kept). At the end, after
# the transactions' closing timers, it checks:
#   1. no failed call: the caller's failed count is 0 and every call succeeded;
#   2. memory flat: the mean RSS of the last fifth of the run is within --rss-growth-mb of the
#      mean of the second fifth (the first fifth is warm-up), for each process;
#   3. nothing left counted: a burst of exactly 3 x maxload concurrent calls all succeed, which
#      they can only if the call-load count of every backend came back to 0 (one leaked call on
#      any backend makes the last call of the burst a 503); with /metrics, the server-
#      transaction and call gauges read 0 as well (client transactions: the probes, at most 3).
# Exits 0 when all hold, 1 otherwise. Every loop is bounded; every process is stopped on exit.

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
scenarios="$root/tests/Client.Tests/Sipp/Scenarios"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

minutes=30
rate=500
hold_ms=1000
warmup_seconds=20
warmup_rate=200
sample_seconds=10
rss_growth_mb=20
sip_port=5060
backend_port=5071
caller_port=5090
metrics_url="http://127.0.0.1:8081/metrics"
silo_metrics_url="http://127.0.0.1:8082/metrics"
silo_port=4053
cluster=0
build=1
configuration=Release
out=""

usage() {
    cat <<EOF
usage: $0 [options]

  --minutes M            length of the soak (default $minutes); seconds with --seconds
  --seconds S            length in seconds instead
  --rate R               calls per second (default $rate: set it to half of compare.sh's highest rate)
  --hold-ms MS           call length (default $hold_ms)
  --warmup-seconds S     calls at --warmup-rate first, checked but not sampled (default $warmup_seconds; 0 = none)
  --warmup-rate R        (default $warmup_rate, at most --rate)
  --sample-seconds S     sampling period (default $sample_seconds)
  --rss-growth-mb MB     allowed RSS growth from the second fifth to the last (default $rss_growth_mb)
  --metrics-url URL      the edge's Prometheus endpoint, read when it answers (default $metrics_url)
  --cluster              the edge in a cluster with one silo (own process) holding the grains
  --silo-metrics-url URL the silo's, with --cluster (default $silo_metrics_url)
  --no-build             use the existing $configuration build
  --out DIR              logs and samples (default a new /tmp/olb-soak.* directory)
EOF
}

seconds=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --minutes) minutes="$2"; shift 2 ;;
        --seconds) seconds="$2"; shift 2 ;;
        --rate) rate="$2"; shift 2 ;;
        --hold-ms) hold_ms="$2"; shift 2 ;;
        --warmup-seconds) warmup_seconds="$2"; shift 2 ;;
        --warmup-rate) warmup_rate="$2"; shift 2 ;;
        --sample-seconds) sample_seconds="$2"; shift 2 ;;
        --rss-growth-mb) rss_growth_mb="$2"; shift 2 ;;
        --metrics-url) metrics_url="$2"; shift 2 ;;
        --cluster) cluster=1; shift ;;
        --silo-metrics-url) silo_metrics_url="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        --out) out="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
seconds="${seconds:-$((minutes * 60))}"
(( seconds >= 30 && seconds <= 86400 )) || { echo "the soak must last between 30 s and 24 h" >&2; exit 2; }
(( warmup_seconds >= 0 && warmup_seconds <= 600 )) || { echo "the warm-up must last between 0 and 600 s" >&2; exit 2; }
(( warmup_rate <= rate )) || warmup_rate=$rate
for tool in sipp dotnet awk; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 2; }
done

out="${out:-$(mktemp -d /tmp/olb-soak.XXXXXX)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

backend_pids=()
edge_pid=""
silo_pid=""
caller_pid=""
cleanup() {
    local code=$? p
    stop_pid "$caller_pid" 5
    stop_pid "$edge_pid" 15
    stop_pid "$silo_pid" 15
    for p in "${backend_pids[@]}"; do stop_pid "$p" 3; done
    for p in $(jobs -p); do stop_pid "$p" 2; done
    [[ $code -eq 0 ]] || echo "soak.sh stopped with status $code; logs in $out" >&2
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Each backend may hold twice its share of the calls in progress; the final burst fills them all.
maxload=$(( (rate * (hold_ms + 500) / 1000 * 2 + 2) / 3 + 10 ))
list="$out/dispatcher.list"
: > "$list"
for i in 0 1 2; do
    echo "1 sip:127.0.0.1:$((backend_port + i)) 0 0 duid=backend$((i + 1));maxload=$maxload" >> "$list"
done

projects=(Client)
[[ "$cluster" == 1 ]] && projects+=(Silo)
if [[ "$build" == 1 ]]; then
    for project in "${projects[@]}"; do
        dotnet build "$root/$project" -c "$configuration" -nologo -v q >>"$out/build.log" 2>&1 || { tail -20 "$out/build.log" >&2; exit 1; }
    done
fi
# Each process serves /metrics where its URL points (scheme, host and port of it).
http_base() { sed -E 's|^(https?://[^/]+).*|\1|' <<<"$1"; }
metrics_base=$(http_base "${metrics_url:-http://127.0.0.1:8081}")
cluster_section=""
[[ "$cluster" == 1 ]] && cluster_section=",
  \"Cluster\": { \"Hostname\": \"127.0.0.1\", \"SeedNodes\": [ \"akka.tcp://orleanslb@127.0.0.1:$silo_port\" ] }"
rm -rf "$out/edge-bin"
cp -r "$root/Client/bin/$configuration/net10.0" "$out/edge-bin"
cat > "$out/edge-bin/appsettings.json" <<EOF
{
  "Logging": { "LogLevel": { "Default": "Information", "Microsoft": "Warning" } },
  "Http": { "Urls": "$metrics_base" },
  "Sip": { "Listeners": [ "udp:127.0.0.1:$sip_port" ] },
  "Proxy": { "FailoverTimeout": "5s" },
  "Dispatcher": {
    "ListFile": "$list",
    "Probing": { "Interval": "5s", "Mode": 1, "Threshold": 2, "InactiveThreshold": 1, "Timeout": "5s" }
  },
  "Routing": { "Rules": [ { "Name": "invites", "Methods": [ "INVITE" ], "SetId": 1, "Algorithm": "call-load" } ] }$cluster_section
}
EOF

# sipp's default 64 KB socket buffers drop datagrams on loopback at a few thousand calls/s.
sipp_buffer=4194304
quiet_watchdog=(-watchdog_major_maxtriggers 1000000 -watchdog_minor_maxtriggers 1000000)
for i in 0 1 2; do
    port=$((backend_port + i))
    mkdir -p "$out/backend-$port"
    (cd "$out/backend-$port" && exec sipp -sf "$scenarios/uas_answer.xml" -i 127.0.0.1 -p "$port" -nostdin -buff_size "$sipp_buffer" \
        -trace_err -error_file errors.log "${quiet_watchdog[@]}" </dev/null >screen.log 2>stderr.log) &
    backend_pids+=("$!")
    wait_udp_bound "$!" "$port" 10 || { echo "backend 127.0.0.1:$port did not start" >&2; exit 1; }
done
if [[ "$cluster" == 1 ]]; then
    mkdir -p "$out/silo"
    (cd "$out/silo" && exec dotnet "$root/Silo/bin/$configuration/net10.0/OrleansLB.Silo.dll" --list "$list" --port "$silo_port" \
        --seed "akka.tcp://orleanslb@127.0.0.1:$silo_port" --http "$(http_base "$silo_metrics_url")" </dev/null >silo.log 2>&1) &
    silo_pid=$!
    wait_log "$out/silo/silo.log" "Silo up at" 60 "$silo_pid" || { echo "silo did not start: $(tail -20 "$out/silo/silo.log")" >&2; exit 1; }
fi
(cd "$out" && exec dotnet "$out/edge-bin/OrleansLB.Client.dll" </dev/null >edge.log 2>&1) &
edge_pid=$!
wait_udp_bound "$edge_pid" "$sip_port" 60 || { echo "edge did not start: $(tail -20 "$out/edge.log")" >&2; exit 1; }
if [[ "$cluster" == 1 ]]; then
    wait_log "$out/edge.log" "Edge joined the cluster" 60 "$edge_pid" || { echo "edge did not join: $(tail -20 "$out/edge.log")" >&2; exit 1; }
fi

# Sums every series of a metric family from a scraped /metrics (FILE NAME); empty when it did not answer.
metric_sum() {
    [[ -s "$1" ]] || return 0
    # A name alone sums every series of it; a name with labels ('name{kind="server"') only those.
    awk -v name="$2" '$1 == name || index($1, name "{") == 1 || (index(name, "{") && index($1, name) == 1) { s += $NF; n++ } END { if (n) print s }' "$1"
}
# The calls are counted where the authoritative count is kept: the silo's grain in a cluster.
calls_metrics="$out/metrics.txt"
[[ "$cluster" == 1 ]] && calls_metrics="$out/silo-metrics.txt"
scrape() {
    curl -fsS --max-time 2 "$metrics_url" > "$out/metrics.txt" 2>/dev/null || : > "$out/metrics.txt"
    [[ "$cluster" == 1 ]] || return 0
    curl -fsS --max-time 2 "$silo_metrics_url" > "$out/silo-metrics.txt" 2>/dev/null || : > "$out/silo-metrics.txt"
}
status_field() { [[ -n "$1" ]] && awk -v f="$2" '$1 == f ":" { print $2 }' "/proc/$1/status"; }

# One sipp caller through the edge, logging into DIR; run it in a subshell (it execs sipp).
# caller DIR RATE CALLS TIMEOUT_SECONDS [more sipp options]
caller() {
    local dir="$1" r="$2" n="$3" limit="$4"
    shift 4
    mkdir -p "$dir"
    cd "$dir" && exec sipp "127.0.0.1:$sip_port" -sf "$scenarios/uac_call.xml" -i 127.0.0.1 -p "$caller_port" \
        -r "$r" -m "$n" -recv_timeout 10000 -timeout "${limit}s" -timeout_error -nostdin \
        -trace_stat -stf stats.csv -trace_err -error_file errors.log "${quiet_watchdog[@]}" "$@" </dev/null >screen.log 2>stderr.log
}

warmup_failed=0
if (( warmup_seconds > 0 )); then
    warmup_calls=$((warmup_rate * warmup_seconds))
    set +e
    (caller "$out/warmup" "$warmup_rate" "$warmup_calls" $((warmup_seconds + 60)) -buff_size "$sipp_buffer" -d "$hold_ms")
    warmup_code=$?
    set -e
    warmup_ok="$(stat_column "$out/warmup/stats.csv" 'SuccessfulCall(C)')"
    echo "warm-up: $warmup_rate calls/s for $warmup_seconds s: exit $warmup_code, $warmup_ok successful of $warmup_calls"
    [[ "$warmup_code" -eq 0 && "$warmup_ok" -eq "$warmup_calls" ]] || warmup_failed=1
fi

calls=$((rate * seconds))
echo "soak: $rate calls/s for $seconds s ($calls calls, ${hold_ms} ms each), maxload $maxload per backend, edge PID $edge_pid${silo_pid:+, silo PID $silo_pid}; logs in $out"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
(caller "$out/caller" "$rate" "$calls" $((seconds + 120)) -buff_size "$sipp_buffer" -d "$hold_ms" -fd "$sample_seconds") &
caller_pid=$!

echo "elapsed_s,rss_kb,threads,fds,cpu_ticks,caller_ok,caller_failed,transactions_active,calls_active,silo_rss_kb,silo_threads,silo_cpu_ticks" > "$out/samples.csv"
command -v curl >/dev/null || metrics_url=""
clock=$SECONDS
for _ in $(seq 1 $(( (seconds + 150) / sample_seconds + 1 ))); do
    kill -0 "$caller_pid" 2>/dev/null || break
    sleep "$sample_seconds"
    [[ -n "$metrics_url" ]] && scrape
    printf '%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n' $((SECONDS - clock)) \
        "$(status_field "$edge_pid" VmRSS)" "$(status_field "$edge_pid" Threads)" \
        "$(ls "/proc/$edge_pid/fd" | wc -l)" "$(cpu_ticks "$edge_pid")" \
        "$(stat_column "$out/caller/stats.csv" 'SuccessfulCall(C)')" "$(stat_column "$out/caller/stats.csv" 'FailedCall(C)')" \
        "$(metric_sum "$out/metrics.txt" orleanslb_sip_transactions_active)" "$(metric_sum "$calls_metrics" orleanslb_destination_active_calls)" \
        "$(status_field "$silo_pid" VmRSS)" "$(status_field "$silo_pid" Threads)" "${silo_pid:+$(cpu_ticks "$silo_pid")}" >> "$out/samples.csv"
    tail -1 "$out/samples.csv" | awk -F, '{ printf "  %5d s  RSS %6.1f MB  threads %3d  fds %4d  ok %d  failed %d%s%s\n", $1, $2 / 1024, $3, $4, $6, $7,
        ($8 != "" ? "  transactions " $8 "  calls " $9 : ""), ($10 != "" ? sprintf("  silo RSS %6.1f MB  threads %3d", $10 / 1024, $11) : "") }'
done
set +e
wait "$caller_pid"
caller_code=$?
set -e
caller_pid=""
ok="$(stat_column "$out/caller/stats.csv" 'SuccessfulCall(C)')"
failed="$(stat_column "$out/caller/stats.csv" 'FailedCall(C)')"

# Let Timer K / J (5 s and 32 s for UDP) close every transaction before the last looks.
sleep 35
verdict=0
echo "caller: exit $caller_code, $ok successful, $failed failed of $calls"
if [[ "$caller_code" -ne 0 || "$failed" -ne 0 || "$ok" -ne "$calls" ]]; then
    echo "FAIL: not every call succeeded"; verdict=1
fi
[[ "$warmup_failed" == 0 ]] || { echo "FAIL: not every call of the warm-up succeeded (see $out/warmup)"; verdict=1; }

memory_flat() {   # COLUMN PROCESS: the RSS column of samples.csv
    awk -F, -v limit="$rss_growth_mb" -v c="$1" -v who="$2" 'NR > 1 && $c != "" { rss[++n] = $c }
        END {
            if (n < 5) { print "memory (" who "): too few samples to judge (" n ")"; exit 0 }
            a = int(n / 5); for (i = a + 1; i <= 2 * a; i++) { early += rss[i]; ne++ }
            for (i = n - a + 1; i <= n; i++) { late += rss[i]; nl++ }
            growth = (late / nl - early / ne) / 1024
            printf "memory (%s): RSS %.1f MB in the second fifth, %.1f MB in the last: %+.1f MB (allowed %d)\n", who, early / ne / 1024, late / nl / 1024, growth, limit
            exit growth > limit }' "$out/samples.csv" || { echo "FAIL: the $2's RSS grew"; verdict=1; }
}
memory_flat 2 edge
[[ "$cluster" == 1 ]] && memory_flat 10 silo

if [[ -n "$metrics_url" ]]; then
    scrape
    if [[ -s "$out/metrics.txt" ]]; then
        # Client transactions may be the OPTIONS probes (at most one per backend), which go on.
        t="$(metric_sum "$out/metrics.txt" 'orleanslb_sip_transactions_active{kind="server"')"
        p="$(metric_sum "$out/metrics.txt" 'orleanslb_sip_transactions_active{kind="client"')"
        c="$(metric_sum "$calls_metrics" orleanslb_destination_active_calls)"
        echo "metrics after the soak: server transactions ${t:-?}, client transactions ${p:-?} (probes: at most 3), calls active ${c:-?}"
        [[ "${t:-0}" == 0 && "${p:-0}" -le 3 && "${c:-0}" == 0 ]] || { echo "FAIL: counters not back to 0"; verdict=1; }
    else
        echo "metrics: $metrics_url does not answer; the burst below checks the call counts"
    fi
fi

# The burst: 3 x maxload calls at once, each held until all have started.
burst=$((3 * maxload))
burst_rate=$(( burst / 2 + 1 ))
set +e
(caller "$out/burst" "$burst_rate" "$burst" 60 -l "$burst" -d 4000)
burst_code=$?
set -e
burst_ok="$(stat_column "$out/burst/stats.csv" 'SuccessfulCall(C)')"
echo "burst: $burst calls at once (maxload $maxload x 3): exit $burst_code, $burst_ok successful"
if [[ "$burst_code" -ne 0 || "$burst_ok" -ne "$burst" ]]; then
    echo "FAIL: $((burst - burst_ok)) call(s) of the burst refused or failed: the call-load counts did not come back to 0, or the burst overloaded the machine (see $out/burst)"
    # A caller that gave up on an answered INVITE never sends its BYE: the edge rightly counts
    # that call until Dispatcher:CallLoad:ConfirmedTimeout, as Kamailio does until ds_hash_expire.
    [[ "$failed" -eq 0 ]] || echo "  ($failed call(s) failed during the soak; each abandoned after its 200 keeps its count, so the burst cannot pass)"
    verdict=1
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
[[ $verdict == 0 ]] && echo "soak passed" || echo "soak FAILED"
exit "$verdict"
