#!/usr/bin/env bash
# OrleansLB against Kamailio + dispatcher, side by side, in one run. See docs/benchmarks.md.
#
# For each round, algorithm (4 round-robin, 10 call-load) and side (kamailio, orleanslb = the
# edge alone, cluster = one edge + one silo in separate processes), in alternating order from
# round to round, it starts three fresh sipp backends (uas_answer.xml) and the side on
# 127.0.0.1, warms it up, then searches the highest call rate without a failed call with one
# sipp caller (uac_call.xml: INVITE, 100/180, 200, ACK, hold, BYE, 200):
#   - first step at --ref-rate, with the caller's socket captured (tcpdump) for call-setup
#     latency INVITE -> 200 in microseconds, and CPU per 1,000 calls at a rate every side carries;
#   - then rates growing by --growth until a step fails (a failed or missing call, or the
#     caller falling more than 10 % short of the rate), then --refine bisection steps.
# Per step: CPU seconds (utime + stime of every process of the side, /proc/PID/stat) per 1,000
# calls, sipp's response times (-trace_rtt, whole milliseconds) median and 99th percentile,
# and the side's memory (sum of Pss of its processes, sampled twice a second; the peak is kept).
# Writes results.csv and summary.md under --out, and the table and plot into --doc / --plot.
# Every loop is bounded; every process it starts is stopped on exit, even on failure.

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
scenarios="$root/tests/Client.Tests/Sipp/Scenarios"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

algorithms="4 10"
sides="kamailio orleanslb cluster"
rounds=2
ref_rate=400
growth=1.6
max_rate=10000
refine=2
step_seconds=8
hold_ms=1000
warmup_seconds=5
warmup_rate=200
kam_children=4
rcvbuf=4194304
sip_port=5060
backend_port=5071
caller_port=5090
silo_port=4053
build=1
doc="$root/docs/benchmarks.md"
plot="$root/docs/benchmarks.png"
out=""
configuration=Release

usage() {
    cat <<EOF
usage: $0 [options]          (a full run with the defaults takes about 20 minutes)

  --algorithms "4 10"     dispatcher algorithms to measure (default "$algorithms")
  --sides "S ..."         kamailio, orleanslb (edge alone), cluster (edge + silo) (default "$sides")
  --rounds N              rounds; the side order is reversed every other round (default $rounds)
  --ref-rate R            first step of every search, latency captured there (default $ref_rate calls/s)
  --growth F              rate factor between steps until one fails (default $growth)
  --max-rate R            no step above this rate (default $max_rate)
  --refine N              bisection steps after the first failure (default $refine)
  --step-seconds S        length of a step (default $step_seconds)
  --hold-ms MS            call length between ACK and BYE (default $hold_ms)
  --warmup-seconds S      warm-up before the search, not measured (default $warmup_seconds)
  --warmup-rate R         its rate (default $warmup_rate, at most --ref-rate)
  --kam-children N        Kamailio UDP worker processes (default $kam_children)
  --rcvbuf BYTES          UDP socket buffers of both proxies and of every sipp (default $rcvbuf)
  --sip-port P            the proxy's UDP port (default $sip_port); backends from --backend-port ($backend_port)
  --no-build              use the existing $configuration build of Client and Silo
  --doc FILE              Markdown file whose results section is replaced (default docs/benchmarks.md; "" = none)
  --plot FILE             PNG written by gnuplot (default docs/benchmarks.png; "" = none)
  --out DIR               logs and raw results (default a new /tmp/olb-compare.* directory)
  --quick                 smoke run: one round, 4 s steps, no refinement, 1 s warm-up
EOF
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --algorithms) algorithms="$2"; shift 2 ;;
        --sides) sides="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --ref-rate) ref_rate="$2"; shift 2 ;;
        --growth) growth="$2"; shift 2 ;;
        --max-rate) max_rate="$2"; shift 2 ;;
        --refine) refine="$2"; shift 2 ;;
        --step-seconds) step_seconds="$2"; shift 2 ;;
        --hold-ms) hold_ms="$2"; shift 2 ;;
        --warmup-seconds) warmup_seconds="$2"; shift 2 ;;
        --warmup-rate) warmup_rate="$2"; shift 2 ;;
        --kam-children) kam_children="$2"; shift 2 ;;
        --rcvbuf) rcvbuf="$2"; shift 2 ;;
        --sip-port) sip_port="$2"; shift 2 ;;
        --backend-port) backend_port="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        --doc) doc="$2"; shift 2 ;;
        --plot) plot="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --quick) rounds=1; step_seconds=4; refine=0; warmup_seconds=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done

for tool in sipp kamailio tcpdump dotnet awk; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed (apt-get install sip-tester kamailio tcpdump; .NET SDK 10)" >&2; exit 2; }
done
[[ -z "$plot" ]] || command -v gnuplot >/dev/null || { echo "gnuplot is not installed (apt-get install gnuplot-nox), or pass --plot ''" >&2; exit 2; }
for side in $sides; do
    case "$side" in kamailio|orleanslb|cluster) ;; *) echo "unknown side '$side'" >&2; exit 2 ;; esac
done
for algorithm in $algorithms; do
    case "$algorithm" in 4|10) ;; *) echo "algorithm $algorithm: only 4 and 10 are set up" >&2; exit 2 ;; esac
done

(( warmup_rate <= ref_rate )) || warmup_rate=$ref_rate
out="${out:-$(mktemp -d /tmp/olb-compare.XXXXXX)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
clock_ticks="$(getconf CLK_TCK)"
started_at="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
run_clock=$SECONDS

# ---- processes and cleanup -------------------------------------------------------------

backend_pids=()
side_pids=()     # the processes whose CPU and memory are the side's
side_main=""     # the one to stop
silo_pid=""
sampler_pid=""
capture_pid=""

stop_backends() {
    local p
    for p in "${backend_pids[@]}"; do stop_pid "$p" 3; done
    backend_pids=()
}

stop_side() {
    stop_pid "$side_main" 15
    stop_pid "$silo_pid" 15
    side_main=""; silo_pid=""; side_pids=()
}

cleanup() {
    local code=$?
    stop_pid "$sampler_pid" 1
    stop_pid "$capture_pid" 2
    stop_side
    stop_backends
    # Anything else this script started (a caller killed half-way, its timeout wrapper).
    local p
    for p in $(jobs -p); do stop_pid "$p" 2; done
    [[ $code -eq 0 ]] || echo "compare.sh stopped with status $code; logs in $out" >&2
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- waiting and measuring ------------------------------------------------------------

# Samples the side's Pss twice a second into $1 (peak kept) until stopped; bounded to 2 hours.
start_sampler() {
    local file="$1"
    echo 0 > "$file"
    (
        peak=0
        for _ in $(seq 1 14400); do
            now="$(pss_kb "${side_pids[@]}")"
            if (( now > peak )); then peak=$now; echo "$peak" > "$file"; fi
            sleep 0.5
        done
    ) &
    sampler_pid=$!
}

stop_sampler() { stop_pid "$sampler_pid" 1; sampler_pid=""; }

# Call-setup latency from a capture of the caller's socket: first INVITE sent to the first
# 200 for that INVITE received, per Call-ID, in microseconds.
capture_latency_us() {
    tcpdump -r "$1" -n -tt -A 2>/dev/null | awk -v port="$caller_port" '
        function flush() {
            if (id == "") return
            if (out && kind == "invite" && !(id in sent)) sent[id] = t
            if (!out && kind == "ok" && method == "INVITE" && (id in sent) && !(id in done)) done[id] = t
        }
        /^[0-9]+\.[0-9]+ IP / {
            flush()
            split($1, s, ".")
            if (base == "") base = s[1]
            t = (s[1] - base) * 1000000 + s[2]
            out = ($3 ~ ("\\." port "$")); kind = ""; id = ""; method = ""; line = 0
            next
        }
        { line++ }
        line <= 3 && kind == "" && /INVITE sip:/ { kind = "invite" }
        line <= 3 && kind == "" && /SIP\/2\.0 200 / { kind = "ok" }
        /^(Call-ID|i):/ { id = $2 }
        /^CSeq:/ { method = $3 }
        END { flush(); for (c in done) print done[c] - sent[c] }' | percentiles
}

# ---- backends and sides -----------------------------------------------------------------

list="$out/dispatcher.list"
: > "$list"
for i in 0 1 2; do
    echo "1 sip:127.0.0.1:$((backend_port + i)) 0 0 duid=backend$((i + 1))" >> "$list"
done

quiet_watchdog=(-watchdog_major_maxtriggers 1000000 -watchdog_minor_maxtriggers 1000000)

start_backends() {
    local dir="$1" i port
    for i in 0 1 2; do
        port=$((backend_port + i))
        mkdir -p "$dir/backend-$port"
        (cd "$dir/backend-$port" && exec sipp -sf "$scenarios/uas_answer.xml" -i 127.0.0.1 -p "$port" \
            -buff_size "$rcvbuf" -nostdin -trace_err -error_file errors.log "${quiet_watchdog[@]}" </dev/null >screen.log 2>stderr.log) &
        backend_pids+=("$!")
        wait_udp_bound "$!" "$port" 10 || { echo "backend 127.0.0.1:$port did not start: $(cat "$dir/backend-$port/stderr.log")" >&2; exit 1; }
    done
}

edge_dir="$out/edge-bin"

# appsettings.json of the edge copy: the same work as kamailio.cfg (see there).
write_edge_settings() {
    local algorithm="$1" cluster="$2"
    local cluster_section=""
    [[ "$cluster" == 1 ]] && cluster_section=",
  \"Cluster\": { \"Hostname\": \"127.0.0.1\", \"SeedNodes\": [ \"akka.tcp://orleanslb@127.0.0.1:$silo_port\" ] }"
    cat > "$edge_dir/appsettings.json" <<EOF
{
  "Logging": { "LogLevel": { "Default": "Information", "Microsoft": "Warning", "Akka": "Warning" } },
  "Sip": { "Listeners": [ "udp:127.0.0.1:$sip_port" ], "UdpReceiveBufferSize": $rcvbuf, "Timers": { "Linger": "5s" } },
  "Proxy": { "FailoverTimeout": "5s", "RingTimeout": "120s" },
  "Dispatcher": {
    "ListFile": "$list",
    "Probing": { "Interval": "5s", "Mode": 1, "Threshold": 2, "InactiveThreshold": 1, "Timeout": "5s", "From": "sip:dispatcher@localhost" }
  },
  "Routing": {
    "Rules": [ { "Name": "invites", "Methods": [ "INVITE" ], "SetId": 1, "Algorithm": $algorithm, "FailoverCodes": [ "408", "5xx", "6xx" ] } ]
  }$cluster_section
}
EOF
}

start_side() {
    local side="$1" algorithm="$2" dir="$3"
    mkdir -p "$dir"
    case "$side" in
        kamailio)
            local defines=(-A "DSLIST=\"$list\"" -A "PING_INTERVAL=5")
            [[ "$algorithm" == 10 ]] && defines+=(-A WITH_CALLLOAD)
            kamailio -f "$here/kamailio.cfg" "${defines[@]}" -l "udp:127.0.0.1:$sip_port" -n "$kam_children" \
                -b "$rcvbuf" -m 256 -M 16 -DD -E -P "$dir/kamailio.pid" </dev/null >"$dir/kamailio.log" 2>&1 &
            side_main=$!
            wait_udp_bound "$side_main" "$sip_port" 30 || { echo "kamailio did not start: $(tail -5 "$dir/kamailio.log")" >&2; exit 1; }
            # The workers are forked before the socket is shared; give the last ones a moment.
            sleep 1
            side_pids=("$side_main" $(pgrep -P "$side_main" || true))
            ;;
        orleanslb|cluster)
            if [[ "$side" == cluster ]]; then
                mkdir -p "$dir/silo"
                (cd "$dir/silo" && exec dotnet "$root/Silo/bin/$configuration/net10.0/OrleansLB.Silo.dll" --list "$list" \
                    --port "$silo_port" --seed "akka.tcp://orleanslb@127.0.0.1:$silo_port" </dev/null >silo.log 2>&1) &
                silo_pid=$!
                wait_log "$dir/silo/silo.log" "Silo up at" 60 "$silo_pid" || { echo "silo did not start: $(tail -20 "$dir/silo/silo.log")" >&2; exit 1; }
                write_edge_settings "$algorithm" 1
            else
                write_edge_settings "$algorithm" 0
            fi
            (cd "$dir" && exec dotnet "$edge_dir/OrleansLB.Client.dll" </dev/null >edge.log 2>&1) &
            side_main=$!
            wait_udp_bound "$side_main" "$sip_port" 60 || { echo "edge did not start: $(tail -20 "$dir/edge.log")" >&2; exit 1; }
            if [[ "$side" == cluster ]]; then
                wait_log "$dir/edge.log" "Edge joined the cluster" 60 "$side_main" || { echo "edge did not join: $(tail -20 "$dir/edge.log")" >&2; exit 1; }
                side_pids=("$side_main" "$silo_pid")
            else
                side_pids=("$side_main")
            fi
            ;;
    esac
    ss -ulmn "sport = :$sip_port" 2>/dev/null | awk '/skmem/ { print "receive buffer: " $1 }' > "$dir/socket.txt" || true
}

# ---- one step ---------------------------------------------------------------------------

results="$out/results.csv"
echo "round,algorithm,side,rate,calls,reached,ok,failed,retrans,cpu_s_per_1k,rtt_med_ms,rtt_p99_ms,setup_med_us,setup_p99_us,pss_peak_kb,passed" > "$results"

# Runs the caller at RATE for a step; prints the CSV tail "reached,ok,failed,...,passed".
run_step() {
    local rate="$1" dir="$2" capture="$3" seconds="$4" measure="${5:-1}"
    local calls=$((rate * seconds)) before after code
    mkdir -p "$dir"
    if [[ "$capture" == 1 ]]; then
        timeout -k 2 $((seconds * 3 + 60)) tcpdump -i lo -n -s 600 --immediate-mode -Z root -w "$dir/caller.pcap" \
            "udp port $caller_port" 2>"$dir/tcpdump.log" &
        capture_pid=$!
        wait_log "$dir/tcpdump.log" "listening on" 10 "$capture_pid" || { echo "tcpdump did not start: $(cat "$dir/tcpdump.log")" >&2; exit 1; }
    fi
    before="$(cpu_ticks "${side_pids[@]}")"
    set +e
    (cd "$dir" && exec timeout -k 5 $((seconds * 3 + hold_ms / 1000 + 40)) sipp "127.0.0.1:$sip_port" -sf "$scenarios/uac_call.xml" \
        -i 127.0.0.1 -p "$caller_port" -buff_size "$rcvbuf" -r "$rate" -m "$calls" -d "$hold_ms" -recv_timeout 10000 \
        -timeout "$((seconds * 3 + hold_ms / 1000 + 30))s" -timeout_error -nostdin \
        -trace_stat -stf stats.csv -trace_err -error_file errors.log -trace_rtt -rtt_freq 1 "${quiet_watchdog[@]}" \
        </dev/null >screen.log 2>stderr.log)
    code=$?
    set -e
    after="$(cpu_ticks "${side_pids[@]}")"
    if [[ "$capture" == 1 ]]; then
        sleep 0.3
        stop_pid "$capture_pid" 2; capture_pid=""
    fi
    [[ "$measure" == 1 ]] || return 0
    local ok failed retrans reached cpu rtt setup passed
    ok="$(stat_column "$dir/stats.csv" 'SuccessfulCall(C)')"
    failed="$(stat_column "$dir/stats.csv" 'FailedCall(C)')"
    retrans="$(stat_column "$dir/stats.csv" 'Retransmissions(C)')"
    # The caller's own pace: INVITE send times (200 received less response time, -trace_rtt)
    # from the first call to the last, so slow answers at the end do not count against it.
    reached="$(cat "$dir"/*_rtt.csv 2>/dev/null | awk -F';' 'NR > 1 && $3 == 1 { s = $1 - $2; if (n++ == 0 || s < lo) lo = s; if (s > hi) hi = s }
        END { if (n > 1 && hi > lo) printf "%.0f", (n - 1) / ((hi - lo) / 1000); else print 0 }')"
    cpu="$(awk -v t=$((after - before)) -v hz="$clock_ticks" -v n="$ok" 'BEGIN { if (n > 0) printf "%.3f", t / hz / n * 1000; else print "-" }')"
    rtt="$(cat "$dir"/*_rtt.csv 2>/dev/null | awk -F';' 'NR > 1 && $3 == 1 { print $2 }' | percentiles)"
    setup="- -"
    [[ "$capture" == 1 ]] && setup="$(capture_latency_us "$dir/caller.pcap")"
    passed=1
    if [[ "$code" -ne 0 || "$failed" -ne 0 || "$ok" -ne "$calls" ]] || awk -v r="$reached" -v a="$rate" 'BEGIN { exit !(r < 0.9 * a) }'; then
        passed=0
    fi
    echo "$rate,$calls,$reached,$ok,$failed,$retrans,$cpu,${rtt% *},${rtt#* },${setup% *},${setup#* },$(cat "$pss_file"),$passed"
}

# ---- the search -------------------------------------------------------------------------

# Highest passing rate for one side and algorithm; appends every step to results.csv.
search() {
    local round="$1" algorithm="$2" side="$3" dir="$out/r$round-alg$algorithm-$side"
    local rate="$ref_rate" best=0 failed_at=0 steps=0 line
    mkdir -p "$dir"
    start_backends "$dir"
    start_side "$side" "$algorithm" "$dir"
    pss_file="$dir/pss-peak"
    start_sampler "$pss_file"
    # Warm-up (JIT tiers for the edge, caches for both), then a pause for its last calls to end.
    run_step "$warmup_rate" "$dir/warmup" 0 "$warmup_seconds" 0
    sleep $(( hold_ms / 1000 + 2 ))
    printf '  %-9s alg %-2s round %s:' "$side" "$algorithm" "$round"
    # Growth: at most 20 steps.
    for _ in $(seq 1 20); do
        line="$(run_step "$rate" "$dir/rate-$rate" "$([[ $steps == 0 ]] && echo 1 || echo 0)" "$step_seconds")"
        steps=$((steps + 1))
        echo "$round,$algorithm,$side,$line" >> "$results"
        if [[ "${line##*,}" == 1 ]]; then
            best=$rate; printf ' %s ok' "$rate"
        else
            failed_at=$rate; printf ' %s FAIL' "$rate"; break
        fi
        (( rate >= max_rate )) && break
        rate="$(awk -v r="$rate" -v g="$growth" -v m="$max_rate" 'BEGIN { n = int(r * g / 10 + 0.5) * 10; if (n > m) n = m; print n }')"
        sleep 2
    done
    # Bisection between the best pass and the first failure.
    if (( failed_at > 0 )); then
        for _ in $(seq 1 "$refine"); do
            rate=$(( (best + failed_at) / 20 * 10 ))
            (( rate <= best || rate >= failed_at )) && break
            sleep 3
            line="$(run_step "$rate" "$dir/rate-$rate" 0 "$step_seconds")"
            echo "$round,$algorithm,$side,$line" >> "$results"
            if [[ "${line##*,}" == 1 ]]; then best=$rate; printf ' %s ok' "$rate"; else failed_at=$rate; printf ' %s FAIL' "$rate"; fi
        done
    fi
    stop_sampler
    echo "  -> $best calls/s, peak Pss $(( $(cat "$pss_file") / 1024 )) MB"
    echo "$round,$algorithm,$side,$best" >> "$out/best.csv"
    stop_side
    stop_backends
}

# ---- run --------------------------------------------------------------------------------

if [[ "$build" == 1 ]]; then
    echo "building Client and Silo ($configuration)"
    dotnet build "$root/Client" -c "$configuration" -nologo -v q >"$out/build.log" 2>&1 || { tail -20 "$out/build.log" >&2; exit 1; }
    dotnet build "$root/Silo" -c "$configuration" -nologo -v q >>"$out/build.log" 2>&1 || { tail -20 "$out/build.log" >&2; exit 1; }
fi
rm -rf "$edge_dir"
cp -r "$root/Client/bin/$configuration/net10.0" "$edge_dir"

rmem_max="$(cat /proc/sys/net/core/rmem_max)"
if (( rmem_max < rcvbuf )); then
    if echo "$rcvbuf" > /proc/sys/net/core/rmem_max 2>/dev/null; then
        echo "net.core.rmem_max raised from $rmem_max to $rcvbuf (both proxies ask for $rcvbuf)"
    else
        echo "warning: net.core.rmem_max is $rmem_max < $rcvbuf and cannot be raised: both proxies get $rmem_max" >&2
    fi
fi

{
    echo "machine: $(lscpu | awk -F: '/^Model name/ { gsub(/^ +/, "", $2); print $2; exit }'), $(nproc) CPUs"
    echo "kernel: $(uname -r)"
    echo "kamailio: $(kamailio -v 2>/dev/null | awk '/^version:/ { print $2, $3; exit }')"
    echo "dotnet: $(dotnet --version)"
    echo "sipp: $(sipp -v 2>/dev/null | awk '/SIPp v/ { sub(/^ +/, ""); print; exit }' | cut -c1-40)"
    echo "date: $started_at"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/machine.txt"
cat "$out/machine.txt"
echo "round,algorithm,side,best" > "$out/best.csv"
echo "steps of ${step_seconds}s, ${hold_ms} ms calls, first step ${ref_rate}/s, growth x$growth, $refine refinements; logs in $out"

for round in $(seq 1 "$rounds"); do
    order="$sides"
    (( round % 2 == 0 )) && order="$(tr ' ' '\n' <<<"$sides" | tac | tr '\n' ' ')"
    for algorithm in $algorithms; do
        for side in $order; do
            search "$round" "$algorithm" "$side"
        done
    done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/machine.txt"
echo "duration: $(( (SECONDS - run_clock) / 60 )) min $(( (SECONDS - run_clock) % 60 )) s" >> "$out/machine.txt"

# ---- report -----------------------------------------------------------------------------

args_line="bench/compare.sh --algorithms \"$algorithms\" --sides \"$sides\" --rounds $rounds --ref-rate $ref_rate --growth $growth --refine $refine --step-seconds $step_seconds --hold-ms $hold_ms --kam-children $kam_children --rcvbuf $rcvbuf"
bash "$here/compare-report.sh" "$out" "$args_line" "$ref_rate" > "$out/summary.md"
cat "$out/summary.md"

if [[ -n "$plot" ]]; then
    bash "$here/compare-plot.sh" "$out" "$plot" "$ref_rate" && echo "plot: $plot"
fi
if [[ -n "$doc" ]]; then
    mkdir -p "$(dirname "$doc")"
    [[ -f "$doc" ]] || printf '# Benchmarks\n\n<!-- results:begin -->\n<!-- results:end -->\n' > "$doc"
    if ! grep -q '<!-- results:begin -->' "$doc"; then printf '\n<!-- results:begin -->\n<!-- results:end -->\n' >> "$doc"; fi
    awk -v summary="$out/summary.md" '
        /<!-- results:begin -->/ { print; while ((getline l < summary) > 0) print l; skip = 1; next }
        /<!-- results:end -->/ { skip = 0 }
        !skip' "$doc" > "$out/doc.md" && cp "$out/doc.md" "$doc"
    echo "results written to $doc"
fi
