#!/usr/bin/env bash
# Markdown summary of a compare.sh output directory: bash bench/compare-report.sh DIR ["command line"] [REF_RATE]
set -euo pipefail
dir="$1"
command_line="${2:-bench/compare.sh}"
ref_rate="${3:-$(awk -F, 'NR == 2 { print $4; exit }' "$dir/results.csv")}"

echo "Measured $(awk '/^date:/ { print $2 }' "$dir/machine.txt") with \`$command_line\`:"
echo
awk '{ print "- " $0 }' "$dir/machine.txt"
echo
cat <<'EOF'
| algorithm | side | highest cps, no failed call (each round) | CPU s / 1,000 calls at the first step | CPU s / 1,000 calls at the highest | setup latency median / p99 µs at the first step | sipp response median / p99 ms at the highest | peak memory (Pss) MB |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
EOF
# results.csv: round,algorithm,side,rate,calls,reached,ok,failed,retrans,cpu_s_per_1k,rtt_med_ms,rtt_p99_ms,setup_med_us,setup_p99_us,pss_peak_kb,passed
awk -F, -v ref="$ref_rate" -v bestfile="$dir/best.csv" '
    BEGIN {
        while ((getline l < bestfile) > 0) {
            split(l, b, ",")
            if (b[1] == "round") continue
            k = b[2] SUBSEP b[3]
            best[k, b[1]] = b[4]
            sep = (k in seen) ? ", " : ""
            list[k] = list[k] sep b[4]
            if (!(k in top) || b[4] + 0 > top[k]) top[k] = b[4] + 0
            if (!(k in seen)) { seen[k] = 1; order[++n] = k }
        }
    }
    NR == 1 { next }
    {
        k = $2 SUBSEP $3
        if ($4 == ref && $10 != "-") { rc[k] += $10; rn[k]++; if ($13 != "-") { sm[k] += $13; sp[k] += $14; sn[k]++ } }
        if ($15 + 0 > mem[k]) mem[k] = $15 + 0
        if ($16 == 1 && $4 == best[k, $1]) { hc[k] += $10; hn[k]++; if ($11 != "-") { hm[k] += $11; hp[k] += $12; hr[k]++ } }
    }
    function avg(s, c, f) { return c ? sprintf(f, s / c) : "-" }
    END {
        for (i = 1; i <= n; i++) {
            k = order[i]; split(k, p, SUBSEP)
            name = p[2] == "kamailio" ? "Kamailio" : p[2] == "orleanslb" ? "OrleansLB edge" : "OrleansLB edge + silo"
            printf "| %s | %s | **%d** (%s) | %s | %s | %s / %s | %s / %s | %.0f |\n", p[1], name, top[k], list[k],
                avg(rc[k], rn[k], "%.3f"), avg(hc[k], hn[k], "%.3f"),
                avg(sm[k], sn[k], "%.0f"), avg(sp[k], sn[k], "%.0f"),
                avg(hm[k], hr[k], "%.1f"), avg(hp[k], hr[k], "%.1f"), mem[k] / 1024
        }
    }' "$dir/results.csv"
echo
echo "First step: $ref_rate calls/s. Figures are means over the rounds; the highest rate is the best round's. Every step:"
echo
echo "| round | algorithm | side | rate asked | reached | ok | failed | retrans | CPU s / 1k calls | sipp resp. median / p99 ms | setup median / p99 µs | passed |"
echo "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
awk -F, 'NR > 1 { printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s | %s / %s | %s |\n", $1, $2, $3, $4, $6, $7, $8, $9, $10, $11, $12, $13, $14, ($16 == 1 ? "yes" : "**no**") }' "$dir/results.csv"
