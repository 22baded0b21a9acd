# Asks zsh's real completion system what it offers for a command line, as a person at a
# prompt would get it: an interactive `zsh -f -i` in a pseudo terminal (zpty), compinit with
# the directory $1 first on $fpath, the line $2 typed into zle, then Tab. Prints each match
# compsys adds, one a line. The technique: wrap compadd to record the matches, and bind Tab to
# a completion widget that prints them between two markers for us to read back.
# Usage: zsh -f _zsh-capture.zsh FPATH_DIR LINE [SCRIPT]
# With SCRIPT, that file is sourced after compinit instead (`source <(caido-auth completion zsh)`).
if [[ $1 == --setup ]]; then
  # Sourced inside the interactive shell.
  PS1='' RPS1='' PS2=''
  fpath=("$2" $fpath)
  autoload -Uz compinit
  compinit -u -D # -D: no dump file
  [[ -n $3 ]] && source "$3"
  compadd() {
    local -a added
    builtin compadd -O added "$@"
    capture_matches+=("${added[@]}")
    builtin compadd "$@"
  }
  capture-widget() {
    typeset -ga capture_matches=()
    _main_complete
    print -rn -- $'\x02'
    print -rnl -- "${capture_matches[@]}"
    print -rn -- $'\x03'
  }
  zle -C capture-complete complete-word capture-widget
  bindkey '^I' capture-complete
  print -rn -- $'\x01'
  return 0
fi

zmodload zsh/zpty || exit 3
zpty capture 'zsh -f -i'
zpty -w capture "source ${(qq)0:A} --setup ${(qq)1} ${(qq)3}"
zpty -r capture output $'*\x01' || exit 4
zpty -w -n capture "$2"$'\t'
zpty -r capture output $'*\x03' || exit 5
zpty -d capture
output=${output##*$'\x02'}
output=${output%$'\x03'}
output=${output//$'\r'/}
print -rl -- ${(u)${(f)output}}
