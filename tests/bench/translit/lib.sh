# What the translit benchmarks share (sourced by bench.sh and bench-ar.sh,
# which set $tmp).

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# run_it CORPUS OUT CMD... -> "wall_seconds peak_kb cpu_seconds" on stdout
run_it() {
	local in=$1 out=$2; shift 2
	local t0 t1
	t0=$(date +%s.%N)
	/usr/bin/time -f '%M %U %S' -o "$tmp/mem" "$@" < "$in" > "$out"
	t1=$(date +%s.%N)
	echo "$(echo "$t1 - $t0" | bc -l) $(tail -n 1 "$tmp/mem" |
		awk '{print $1, $2 + $3}')"
}

# The results table: one row per corpus from the bash array res[CORPUS.KEY]
# (gt/ut: glossa/uconv wall seconds, gc/uc: CPU seconds, gm/um: peak KB).
#   results_table CORPUS...
results_table() {
	local c
	echo
	printf '%-16s %10s %10s %8s | %9s %9s %8s | %9s %9s\n' corpus \
		"glossa s" "uconv s" ratio "glossa cpu" "uconv cpu" ratio \
		"glossa MB" "uconv MB"
	for c in "$@"; do
		printf '%-16s %10.3f %10.3f %8.2f | %9.2f %9.2f %8.2f | %9.1f %9.1f\n' \
			"$c" "${res[$c.gt]}" "${res[$c.ut]}" \
			"$(echo "${res[$c.ut]} / ${res[$c.gt]}" | bc -l)" \
			"${res[$c.gc]}" "${res[$c.uc]}" \
			"$(echo "${res[$c.uc]} / ${res[$c.gc]}" | bc -l)" \
			"$(echo "${res[$c.gm]} / 1024" | bc -l)" \
			"$(echo "${res[$c.um]} / 1024" | bc -l)"
	done
}
