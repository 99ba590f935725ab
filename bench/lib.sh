# Helpers shared by compare.sh and soak.sh (sourced). Every wait is bounded.

stop_pid() {   # SIGTERM, then SIGKILL after a grace of $2 seconds (default 10)
    local p="$1" grace="${2:-10}"
    [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null || return 0
    kill -TERM "$p" 2>/dev/null || true
    for _ in $(seq 1 $((grace * 10))); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
}

# Waits until PID holds 127.0.0.1:PORT for UDP (the kernel's table and the process's fds).
wait_udp_bound() {
    local p="$1" port="$2" seconds="${3:-30}" local_hex inode
    local_hex="$(printf '0100007F:%04X' "$port")"
    for _ in $(seq 1 $((seconds * 20))); do
        kill -0 "$p" 2>/dev/null || return 1
        for inode in $(awk -v a="$local_hex" 'NR > 1 && $2 == a { print $10 }' /proc/net/udp); do
            if ls -l "/proc/$p/fd" 2>/dev/null | grep -q "socket:\[$inode\]"; then return 0; fi
        done
        sleep 0.05
    done
    return 1
}

wait_log() {   # FILE TEXT SECONDS PID
    for _ in $(seq 1 $(($3 * 10))); do
        grep -qsF "$2" "$1" && return 0
        kill -0 "$4" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

cpu_ticks() {   # utime + stime summed over PIDs
    local total=0 p
    for p in "$@"; do
        [[ -r "/proc/$p/stat" ]] && total=$((total + $(awk '{ print $14 + $15 }' "/proc/$p/stat")))
    done
    echo "$total"
}

pss_kb() {   # proportional set size summed over PIDs (shared memory counted once)
    local total=0 p v
    for p in "$@"; do
        v="$(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || true)"
        total=$((total + ${v:-0}))
    done
    echo "$total"
}

stat_column() {   # FILE NAME: a column of the last row of a sipp statistics file
    awk -F';' -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i } END { if (c) print $c; else print 0 }' "$1" 2>/dev/null || echo 0
}

percentiles() {   # reads numbers, prints "median p99" (nearest rank), "- -" when none
    sort -n | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "- -"; exit }
        m = int(NR * 0.50); if (m < NR * 0.50) m++; p = int(NR * 0.99); if (p < NR * 0.99) p++
        if (m < 1) m = 1; if (p < 1) p = 1
        print v[m], v[p] }'
}

