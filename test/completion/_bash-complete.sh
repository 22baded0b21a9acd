# Calls a bash completion script's function as bash does on Tab, and prints COMPREPLY.
# Usage: bash --norc --noprofile _bash-complete.sh SCRIPT LINE (the cursor at the end of LINE)
# bash sets COMP_LINE and COMP_POINT (which the caido-auth script reads), COMP_WORDS and
# COMP_CWORD; here COMP_WORDS is split at blanks only (bash also splits at COMP_WORDBREAKS).
source "$1"
COMP_LINE=$2
COMP_POINT=${#2}
read -ra COMP_WORDS <<<"$2"
[[ $2 == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMPREPLY=()
_caido_auth
printf '%s\n' "${COMPREPLY[@]}"
