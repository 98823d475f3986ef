# Verification cost, processed instructions against N, log-log: one line per
# loop and kernel, from the records of bench runs (bench/bench.c).
#
#   gnuplot -e "files='OUT1 OUT2'; out='verif_cost.png'" bench/plot.gp
set terminal pngcairo size 1150,600 enhanced
set output out
set datafile separator "\t"
set logscale xy
set xrange [5:2e6]
set yrange [5:3e6]
set format x "10^{%T}"
set format y "10^{%T}"
set xlabel "N (loop iterations)"
set ylabel "processed instructions"
set title "Verification cost (1M-instruction limit dashed)"
set key outside right top noenhanced
set arrow from graph 0, first 1e6 to graph 1, first 1e6 nohead dt 2
kinds = "bpf_for bpf_repeat bpf_loop bounded unrolled"
kernel(f) = system("awk -F'\t' '$1 == \"kernel\" { print $2 }' " . f)
rows(f, k) = sprintf("< awk -F'\t' '$1 == \"verif\" && $2 == \"%s\"' %s", k, f)
plot for [i = 1:words(files)] for [j = 1:words(kinds)] \
	rows(word(files, i), word(kinds, j)) using 3:4 with linespoints \
	lc j dt i pt 6 + i noenhanced title word(kinds, j) . ", " . kernel(word(files, i))
