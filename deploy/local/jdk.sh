# Finds a JDK 25+: JAVA_HOME if it is one, else the newest under /usr/lib/jvm. Sourced by ./archlab.

archlab_jdk_version() { # prints the major version of the JDK at $1, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ { split($2, v, "."); print v[1]; exit }'
}

archlab_find_jdk() {
  local candidate version found=""
  if [ -n "${JAVA_HOME:-}" ]; then
    version=$(archlab_jdk_version "$JAVA_HOME")
    if [ -n "$version" ] && [ "$version" -ge 25 ]; then
      echo "$JAVA_HOME"
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*; do
    version=$(archlab_jdk_version "$candidate")
    if [ -n "$version" ] && [ "$version" -ge 25 ]; then
      found="$candidate"
    fi
  done
  if [ -z "$found" ]; then
    {
      echo "archlab: no JDK 25 found."
      if [ -n "${JAVA_HOME:-}" ]; then
        echo "  JAVA_HOME=$JAVA_HOME is version '$(archlab_jdk_version "$JAVA_HOME")' (or not a JDK with java and javac)."
      else
        echo "  JAVA_HOME is not set."
      fi
      echo "  Nothing under /usr/lib/jvm is a JDK 25 or newer either."
      echo "  Install a JDK 25 (for example Eclipse Temurin 25) and set JAVA_HOME to it."
    } >&2
    return 1
  fi
  echo "$found"
}

archlab_use_jdk() {
  JAVA_HOME=$(archlab_find_jdk) || exit 1
  export JAVA_HOME
  export PATH="$JAVA_HOME/bin:$PATH"
}
