# Sourced by bin/safefs and bin/test: sets SAFEFS_JAVA_HOME to a JDK 25 or newer, found without help:
# JAVA_HOME when it is 25+, else `java` on the PATH when it is 25+, else the newest 25+ among the usual install places.
# Shell builtins only, but for one readlink: bin/safefs runs this on every start.

safefs_jdk_major() { # sets SAFEFS_JDK_MAJOR to the feature version of the JDK at $1, from its release file
  local rel="$1/release" line
  SAFEFS_JDK_MAJOR=""
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -f "$rel" ] || return 1
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      JAVA_VERSION=\"*) SAFEFS_JDK_MAJOR=${line#JAVA_VERSION=\"}; SAFEFS_JDK_MAJOR=${SAFEFS_JDK_MAJOR%%[!0-9]*}; break ;;
    esac
  done < "$rel"
  [ -n "$SAFEFS_JDK_MAJOR" ]
}

safefs_path_java() { # sets SAFEFS_PATH_JAVA to the first java on the PATH, or "" (what `command -v` does, unforked)
  local IFS=: p
  SAFEFS_PATH_JAVA=""
  for p in $PATH; do
    if [ -f "${p:-.}/java" ] && [ -x "${p:-.}/java" ]; then SAFEFS_PATH_JAVA="${p:-.}/java"; return 0; fi
  done
  return 1
}

safefs_find_jdk() {
  local want=25 best="" best_v=0 d
  if [ -n "${JAVA_HOME:-}" ] && safefs_jdk_major "$JAVA_HOME" && [ "$SAFEFS_JDK_MAJOR" -ge "$want" ]; then
    SAFEFS_JAVA_HOME="$JAVA_HOME"; return 0
  fi
  if safefs_path_java; then
    d=$(readlink -f "$SAFEFS_PATH_JAVA"); d=${d%/bin/java}
    if safefs_jdk_major "$d" && [ "$SAFEFS_JDK_MAJOR" -ge "$want" ]; then SAFEFS_JAVA_HOME="$d"; return 0; fi
  fi
  for d in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /opt/*/jdk* "$HOME"/.sdkman/candidates/java/* \
           "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$d" ] || continue
    if safefs_jdk_major "$d" && [ "$SAFEFS_JDK_MAJOR" -ge "$want" ] && [ "$SAFEFS_JDK_MAJOR" -gt "$best_v" ]; then
      best="$d"; best_v="$SAFEFS_JDK_MAJOR"
    fi
  done
  if [ -n "$best" ]; then SAFEFS_JAVA_HOME="$best"; return 0; fi
  echo "safefs: no JDK $want or newer found (looked at JAVA_HOME, the PATH and /usr/lib/jvm); install one, e.g. Temurin $want" >&2
  return 1
}
