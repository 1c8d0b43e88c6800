# The results table of the translit benchmarks (sourced by bench.sh and
# bench-ar.sh): one row per corpus from the bash array res[CORPUS.KEY]
# (gt/ut: glossa/uconv wall seconds, gc/uc: CPU seconds, gm/um: peak KB).
#   results_table CORPUS...
results_table() {
	local c
	echo
	printf '%-10s %10s %10s %8s | %9s %9s %8s | %9s %9s\n' corpus \
		"glossa s" "uconv s" ratio "glossa cpu" "uconv cpu" ratio \
		"glossa MB" "uconv MB"
	for c in "$@"; do
		printf '%-10s %10.3f %10.3f %8.2f | %9.2f %9.2f %8.2f | %9.1f %9.1f\n' \
			"$c" "${res[$c.gt]}" "${res[$c.ut]}" \
			"$(echo "${res[$c.ut]} / ${res[$c.gt]}" | bc -l)" \
			"${res[$c.gc]}" "${res[$c.uc]}" \
			"$(echo "${res[$c.uc]} / ${res[$c.gc]}" | bc -l)" \
			"$(echo "${res[$c.gm]} / 1024" | bc -l)" \
			"$(echo "${res[$c.um]} / 1024" | bc -l)"
	done
}
