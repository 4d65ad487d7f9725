# Sourced by bin/safefs and bin/test: sets SAFEFS_JAVA_HOME to a JDK 25 or newer, found without help:
# JAVA_HOME when it is 25+, else `java` on the PATH when it is 25+, else the newest 25+ among the usual install places.
# Shell builtins only where possible: bin/safefs runs this on every start.

safefs_jdk_major() { # prints the feature version of the JDK at $1, from its release file
  local rel="$1/release" line v=""
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -f "$rel" ] || return 1
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      JAVA_VERSION=\"*) v=${line#JAVA_VERSION=\"}; v=${v%%[!0-9]*}; break ;;
    esac
  done < "$rel"
  [ -n "$v" ] && echo "$v"
}

safefs_find_jdk() {
  local want=25 best="" best_v=0 d v
  if [ -n "${JAVA_HOME:-}" ] && v=$(safefs_jdk_major "$JAVA_HOME") && [ "$v" -ge "$want" ]; then
    SAFEFS_JAVA_HOME="$JAVA_HOME"; return 0
  fi
  if d=$(command -v java 2>/dev/null); then
    d=$(readlink -f "$d"); d=${d%/bin/java}
    if v=$(safefs_jdk_major "$d") && [ "$v" -ge "$want" ]; then SAFEFS_JAVA_HOME="$d"; return 0; fi
  fi
  for d in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /opt/*/jdk* "$HOME"/.sdkman/candidates/java/* \
           "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$d" ] || continue
    if v=$(safefs_jdk_major "$d") && [ "$v" -ge "$want" ] && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  if [ -n "$best" ]; then SAFEFS_JAVA_HOME="$best"; return 0; fi
  echo "safefs: no JDK $want or newer found (looked at JAVA_HOME, the PATH and /usr/lib/jvm); install one, e.g. Temurin $want" >&2
  return 1
}
