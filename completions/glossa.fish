# fish completion for glossa. Installed by `meson install` into
# $datadir/fish/vendor_completions.d/glossa.fish. Commands and options are
# read from glossa's own --help, so they never go out of date.

function __glossa_cmd
	set -l toks (commandline -opc)
	set -e toks[1]
	set -l skip 0
	for t in $toks
		if test $skip = 1; set skip 0; continue; end
		switch $t
			case -g --glossary
				set skip 1
			case '-*'
			case '*'
				echo $t
		end
	end
end

function __glossa_need_command
	test (count (__glossa_cmd)) -eq 0
end

function __glossa_need_glossary_command
	set -l c (__glossa_cmd)
	test (count $c) -eq 1 -a "$c[1]" = glossary
end

function __glossa_options
	set -l c (__glossa_cmd)
	glossa $c[1..2] --help 2>/dev/null | string match -r -a -- '--[a-z][a-z-]*' | sort -u
end

complete -c glossa -f -n __glossa_need_command -a '(glossa --help 2>/dev/null | string replace -r -f "^  ([a-z][a-z-]*) +(.*)" "\$1\t\$2")'
complete -c glossa -f -n __glossa_need_glossary_command -a '(glossa glossary --help 2>/dev/null | string replace -r -f "^  ([a-z][a-z-]*)  +(.*)" "\$1\t\$2")'
complete -c glossa -n 'string match -q -- "-*" (commandline -ct)' -a '(__glossa_options)'
