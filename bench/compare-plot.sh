#!/usr/bin/env bash
# PNG of a compare.sh output directory: bash bench/compare-plot.sh DIR OUT.png [REF_RATE]
# Three panels, one group of bars per algorithm and one bar per side: highest calls/s without a
# failed call, CPU seconds per 1,000 calls at the first step, call-setup p99 at the first step.
set -euo pipefail
dir="$1"
png="$2"
ref_rate="${3:-$(awk -F, 'NR == 2 { print $4; exit }' "$dir/results.csv")}"

# One table per metric: "algorithm <side> <side> ...", means over rounds (best round for cps).
for metric in cps cpu p99; do
    awk -F, -v ref="$ref_rate" -v metric="$metric" -v bestfile="$dir/best.csv" '
        BEGIN {
            while ((getline l < bestfile) > 0) {
                split(l, b, ","); if (b[1] == "round") continue
                if (!(b[3] in sidex)) { sidex[b[3]] = ++ns; sides[ns] = b[3] }
                if (!(b[2] in algx)) { algx[b[2]] = ++na; algs[na] = b[2] }
                if (b[4] + 0 > top[b[2], b[3]]) top[b[2], b[3]] = b[4] + 0
            }
        }
        NR > 1 && $4 == ref {
            if ($10 != "-") { cs[$2, $3] += $10; cn[$2, $3]++ }
            if ($14 != "-") { ps[$2, $3] += $14; pn[$2, $3]++ }
        }
        END {
            printf "algorithm"
            for (s = 1; s <= ns; s++) printf " %s", (sides[s] == "kamailio" ? "Kamailio" : sides[s] == "orleanslb" ? "OrleansLB" : "OrleansLB+silo")
            print ""
            for (a = 1; a <= na; a++) {
                printf "alg%s", algs[a]
                for (s = 1; s <= ns; s++) {
                    k = algs[a] SUBSEP sides[s]
                    if (metric == "cps") v = top[k] + 0
                    else if (metric == "cpu") v = (cn[k] ? cs[k] / cn[k] : 0)
                    else v = (pn[k] ? ps[k] / pn[k] / 1000 : 0)
                    printf " %g", v
                }
                print ""
            }
        }' "$dir/results.csv" > "$dir/plot-$metric.dat"
done

columns="$(head -1 "$dir/plot-cps.dat" | wc -w)"
gnuplot <<EOF
set terminal pngcairo size 1500,480 font ",10"
set output "$png"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set key outside below horizontal
set grid ytics
set yrange [0:*]
set offsets 0, 0, graph 0.05, 0
set multiplot layout 1,3 title "OrleansLB vs Kamailio dispatcher, $(head -1 "$dir/machine.txt" | sed 's/^machine: //'), $(awk '/^date:/ { print $2 }' "$dir/machine.txt")"
set title "highest calls/s with no failed call (higher is better)"
plot for [i=2:$columns] "$dir/plot-cps.dat" using i:xtic(1) title columnheader(i)
set title "CPU seconds per 1,000 calls at $ref_rate calls/s (lower is better)"
plot for [i=2:$columns] "$dir/plot-cpu.dat" using i:xtic(1) title columnheader(i)
set title "call setup INVITE->200 p99, ms, at $ref_rate calls/s (lower is better)"
set logscale y
set yrange [*:*]
plot for [i=2:$columns] "$dir/plot-p99.dat" using i:xtic(1) title columnheader(i)
unset multiplot
EOF
