#!/usr/bin/env bash
# Stepped-rate SIP call benchmark with sipp. See bench/README.md.
#
# Starts sipp backends (uas_answer.xml) on 127.0.0.1, then for each call rate runs a sipp caller
# (uac_call.xml: INVITE, 180, 200, ACK, hold, BYE) for a fixed time and reads:
#   - calls successful / failed and mean response time from the caller's statistics file;
#   - CPU seconds (utime + stime, /proc/PID/stat) that the measured process spent in the step,
#     per 1,000 successful calls;
#   - the measured process's peak resident memory (VmHWM, /proc/PID/status).
# It stops at the first step with a failed call and reports the highest rate without one.
#
# Without --target it measures a sipp-only setup: the caller calls the first backend directly
# and the measured process is that backend, which proves the measuring on any machine.

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
scenarios="$here/../tests/Client.Tests/Sipp/Scenarios"
target=""
pid=""
backends=3
backend_port=5071
rates="50 100 200 400 800 1600 3200 6400"
step_seconds=10
hold_ms=1000
transport="u1"
out=""

usage() {
    cat <<EOF
usage: $0 [--target HOST:PORT --pid PID] [options]

  --target HOST:PORT   where the caller sends its calls (the edge). Default: the first backend.
  --pid PID            the process to measure (the edge). Default: the first backend's sipp.
  --backends N         sipp backends to start on 127.0.0.1 (default $backends; 0 = none).
  --backend-port P     port of the first backend; the others follow (default $backend_port).
  --rates "R1 R2 ..."  call rates to try, calls per second, rising (default "$rates").
  --step-seconds S     how long each rate runs (default $step_seconds).
  --hold-ms MS         call length between ACK and BYE (default $hold_ms).
  --transport T        sipp transport: u1 (UDP) or t1 (TCP) (default $transport).
  --scenarios DIR      the scenario files (default tests/Client.Tests/Sipp/Scenarios).
  --out DIR            where logs and results go (default a new temporary directory).
EOF
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --target) target="$2"; shift 2 ;;
        --pid) pid="$2"; shift 2 ;;
        --backends) backends="$2"; shift 2 ;;
        --backend-port) backend_port="$2"; shift 2 ;;
        --rates) rates="$2"; shift 2 ;;
        --step-seconds) step_seconds="$2"; shift 2 ;;
        --hold-ms) hold_ms="$2"; shift 2 ;;
        --transport) transport="$2"; shift 2 ;;
        --scenarios) scenarios="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done

command -v sipp >/dev/null || { echo "sipp is not installed (apt-get install sip-tester)" >&2; exit 2; }
[[ -f "$scenarios/uac_call.xml" && -f "$scenarios/uas_answer.xml" ]] || { echo "no scenarios in $scenarios" >&2; exit 2; }
if [[ -z "$target" && "$backends" -lt 1 ]]; then
    echo "without --target at least one backend is needed" >&2; exit 2
fi
if [[ -n "$target" && -z "$pid" ]]; then
    echo "--target needs --pid: the process to measure" >&2; exit 2
fi
out="${out:-$(mktemp -d /tmp/sipp-bench.XXXXXX)}"
mkdir -p "$out"
scenarios="$(cd "$scenarios" && pwd)"
clock_ticks="$(getconf CLK_TCK)"
backend_pids=()

cleanup() {
    for p in "${backend_pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

# A loaded machine trips sipp's watchdog, which ends a run after 10 major trips.
quiet_watchdog=(-watchdog_major_maxtriggers 1000000 -watchdog_minor_maxtriggers 1000000)

# Waits until PID holds 127.0.0.1:PORT (UDP, or listening TCP), reading the kernel's tables.
wait_bound() {
    local p="$1" port="$2" table="/proc/net/udp" state=""
    [[ "$transport" == t* ]] && { table="/proc/net/tcp"; state="0A"; }
    local local_hex
    local_hex="$(printf '0100007F:%04X' "$port")"
    for _ in $(seq 1 500); do
        kill -0 "$p" 2>/dev/null || return 1
        local inode
        for inode in $(awk -v a="$local_hex" -v s="$state" 'NR > 1 && $2 == a && (s == "" || $4 == s) { print $10 }' "$table"); do
            if ls -l "/proc/$p/fd" 2>/dev/null | grep -q "socket:\[$inode\]"; then return 0; fi
        done
        sleep 0.02
    done
    return 1
}

# utime + stime of a process, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

peak_rss_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }

# Value of a named column in the last row of a sipp statistics file.
stat_column() {
    awk -F';' -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i } END { if (c) print $c; else print 0 }' "$1"
}

# sipp durations are hh:mm:ss:microseconds.
to_ms() { awk -F: '{ printf "%.1f", ($1 * 3600 + $2 * 60 + $3) * 1000 + $4 / 1000 }' <<<"$1"; }

: > "$out/dispatcher.list"
for i in $(seq 0 $((backends - 1))); do
    port=$((backend_port + i))
    dir="$out/backend-$port"
    mkdir -p "$dir"
    (cd "$dir" && exec sipp -sf "$scenarios/uas_answer.xml" -i 127.0.0.1 -p "$port" -t "$transport" \
        -nostdin -trace_err -error_file errors.log -trace_counts "${quiet_watchdog[@]}" \
        </dev/null >screen.log 2>stderr.log) &
    backend_pids+=("$!")
    wait_bound "$!" "$port" || { echo "backend on 127.0.0.1:$port did not start: $(cat "$dir/stderr.log")" >&2; exit 1; }
    echo "1 sip:127.0.0.1:$port 0 0 duid=backend$((i + 1))" >> "$out/dispatcher.list"
done

if [[ -z "$target" ]]; then
    target="127.0.0.1:$backend_port"
    pid="${backend_pids[0]}"
    mode="direct (caller -> sipp backend; measuring the backend)"
else
    mode="through $target (measuring PID $pid)"
fi
[[ -r "/proc/$pid/stat" ]] || { echo "no process $pid to measure" >&2; exit 2; }

load="$(cut -d' ' -f1-3 /proc/loadavg)"
{
    echo "sipp-bench: $mode"
    echo "transport $transport, hold ${hold_ms} ms, ${step_seconds} s per step, $(nproc) CPUs, load average $load"
    echo "backends: $(paste -sd' ' "$out/dispatcher.list" | sed 's/1 sip://g; s/ 0 0 duid=backend[0-9]*//g')"
    printf '%8s %8s %8s %8s %8s %10s %8s %14s %12s\n' rate calls "real cps" ok failed retrans "resp ms" "cpu s/1k calls" "peak RSS kB"
} | tee "$out/summary.txt"

best=0
for rate in $rates; do
    calls=$((rate * step_seconds))
    dir="$out/caller-$rate"
    mkdir -p "$dir"
    before="$(cpu_ticks "$pid")"
    started="$(date +%s.%N)"
    set +e
    (cd "$dir" && exec sipp "$target" -sf "$scenarios/uac_call.xml" -i 127.0.0.1 -t "$transport" \
        -r "$rate" -m "$calls" -d "$hold_ms" -recv_timeout 10000 \
        -timeout "$((step_seconds * 3 + hold_ms / 1000 + 30))s" -timeout_error \
        -nostdin -trace_stat -stf stats.csv -trace_err -error_file errors.log "${quiet_watchdog[@]}" \
        </dev/null >screen.log 2>stderr.log)
    code=$?
    set -e
    after="$(cpu_ticks "$pid")"
    finished="$(date +%s.%N)"
    ok="$(stat_column "$dir/stats.csv" 'SuccessfulCall(C)')"
    failed="$(stat_column "$dir/stats.csv" 'FailedCall(C)')"
    retrans="$(stat_column "$dir/stats.csv" 'Retransmissions(C)')"
    response="$(to_ms "$(stat_column "$dir/stats.csv" 'ResponseTime1(C)')")"
    # Calls were placed during the run minus the last call's hold and teardown.
    achieved="$(awk -v n="$(stat_column "$dir/stats.csv" 'OutgoingCall(C)')" -v s="$started" -v f="$finished" -v h="$hold_ms" \
        'BEGIN { t = f - s - h / 1000; if (t > 0) printf "%.0f", n / t; else print "-" }')"
    cpu_per_1k="$(awk -v t=$((after - before)) -v hz="$clock_ticks" -v n="$ok" 'BEGIN { if (n > 0) printf "%.3f", t / hz / n * 1000; else print "-" }')"
    printf '%8s %8s %8s %8s %8s %10s %8s %14s %12s\n' "$rate" "$calls" "$achieved" "$ok" "$failed" "$retrans" "$response" "$cpu_per_1k" "$(peak_rss_kb "$pid")" \
        | tee -a "$out/summary.txt"
    if [[ "$code" -ne 0 || "$failed" -ne 0 || "$ok" -ne "$calls" ]]; then
        echo "rate $rate: sipp exited $code with $failed failed call(s); see $dir" | tee -a "$out/summary.txt"
        break
    fi
    best="$rate"
done

echo "highest rate without a failed call: $best calls/s; logs and summary in $out" | tee -a "$out/summary.txt"
