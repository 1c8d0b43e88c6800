# bash completion for glossa. Installed by `meson install` into
# $datadir/bash-completion/completions/glossa.
# Commands and options are read from glossa's own --help, so they never
# go out of date; file arguments complete as files and folders.

_glossa()
{
	local cur prev words cword cmd sub i w
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	cmd="" sub=""
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		-g|--glossary) ((i++)); continue ;;
		-*) continue ;;
		esac
		if [[ -z $cmd ]]; then
			cmd=$w
		elif [[ $cmd == glossary && -z $sub ]]; then
			sub=$w
		fi
	done

	case $prev in
	-g|--glossary|-o|--output|-c|--config|--dict-path)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	-t|--type)
		COMPREPLY=($(compgen -W "plain markdown mdx html docx tsv csv tbx json" -- "$cur")); return ;;
	-f|--format)
		COMPREPLY=($(compgen -W "text json sarif diff changes tsv csv tbx" -- "$cur")); return ;;
	--color)
		COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	--fail-on)
		COMPREPLY=($(compgen -W "info warning error" -- "$cur")); return ;;
	esac

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$(glossa --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u)" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(glossa --help 2>/dev/null | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')" -- "$cur"))
		fi
		return
	fi
	if [[ $cmd == glossary && -z $sub ]]; then
		if [[ $cur != -* ]]; then
			COMPREPLY=($(compgen -W "$(glossa glossary --help 2>/dev/null | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p')" -- "$cur"))
			return
		fi
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(glossa $cmd $sub --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u)" -- "$cur"))
		return
	fi
	case $cmd in
	check|fix|config|translit|glossary)
		COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
}
complete -o filenames -F _glossa glossa
