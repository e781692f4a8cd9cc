# Background JVM processes of the local stack: started detached, tracked by pid files under
# $ARCHLAB_HOME/run, stopped only if the pid still belongs to the process we started. Sourced by ./archlab.
#
# A process runs from its own copy of the jar ($ARCHLAB_HOME/run/jars/<name>.jar), never from target/: a build
# (mvn package, ./archlab test) rewrites target/ and would pull the classes from under a running JVM.
# $ARCHLAB_HOME/run/<name>.built records which jar the copy came from and that jar's time and size then, so
# status can tell when target/ holds a newer build than the one running.
# Logs are appended, one banner per start, and rotated to <name>.log.1 at a start once they pass
# ARCHLAB_LOG_ROTATE_BYTES (default 64 MiB): the trace of a crash survives the restart that follows it.

archlab_pid_file() { echo "$ARCHLAB_HOME/run/$1.pid"; }

# Alive and still running our jar (a pid file can outlive its process and the pid be reused).
archlab_process_alive() {
  local pid jar
  pid=$(cat "$(archlab_pid_file "$1")" 2>/dev/null) || return 1
  jar=$(cat "$ARCHLAB_HOME/run/$1.jar" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$jar"
}

archlab_jar_stamp() { stat -c '%Y %s' "$1" 2>/dev/null; } # modification time and size

# Copies a built jar to where a build cannot reach it and prints the copy's path. A new file replaces the old
# copy (rename, not overwrite), so even a process still holding the old one open keeps reading intact bytes.
archlab_jar_copy() { # name built-jar
  local name=$1 built=$2 dir="$ARCHLAB_HOME/run/jars"
  mkdir -p "$dir"
  cp "$built" "$dir/.$name.jar.tmp"
  mv -f "$dir/.$name.jar.tmp" "$dir/$name.jar"
  printf '%s\n%s\n' "$built" "$(archlab_jar_stamp "$built")" >"$ARCHLAB_HOME/run/$name.built"
  echo "$dir/$name.jar"
}

# True when the jar the running copy came from has been rebuilt (or removed) since the copy was made.
archlab_process_rebuilt() { # name
  local built stamp
  { read -r built && read -r stamp; } <"$ARCHLAB_HOME/run/$1.built" 2>/dev/null || return 1
  [ "$(archlab_jar_stamp "$built")" != "$stamp" ]
}

archlab_log_start() { # name what
  local log="$ARCHLAB_HOME/logs/$1.log" limit=${ARCHLAB_LOG_ROTATE_BYTES:-67108864}
  mkdir -p "$ARCHLAB_HOME/logs"
  if [ -f "$log" ] && [ "$(stat -c %s "$log")" -gt "$limit" ]; then mv -f "$log" "$log.1"; fi
  printf '\n===== archlab: %s started %s: %s =====\n' "$1" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$2" >>"$log"
}

# Starts NAME from a copy of JAR unless it runs already. With --as-is the jar runs as given: the caller made it
# from archlab_jar_copy's copy itself (TornadoVM's extracted layout under run/jars/<name>/).
archlab_process_start() { # name jar [--as-is] java-options... -- args...
  local name=$1 jar=$2
  shift 2
  local options=() args=() as_is=0
  if [ "${1:-}" = "--as-is" ]; then as_is=1; shift; fi
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do options+=("$1"); shift; done
  [ "${1:-}" = "--" ] && shift
  args=("$@")
  if archlab_process_alive "$name"; then return 0; fi
  if [ $as_is -eq 0 ]; then jar=$(archlab_jar_copy "$name" "$jar"); fi
  echo "$jar" >"$ARCHLAB_HOME/run/$name.jar"
  archlab_log_start "$name" "$jar"
  setsid nohup "$JAVA_HOME/bin/java" "${options[@]}" -jar "$jar" "${args[@]}" \
    >>"$ARCHLAB_HOME/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$(archlab_pid_file "$name")"
}

archlab_process_forget() { # name
  rm -rf "$(archlab_pid_file "$1")" "$ARCHLAB_HOME/run/$1.jar" "$ARCHLAB_HOME/run/$1.built" \
    "$ARCHLAB_HOME/run/jars/$1.jar" "$ARCHLAB_HOME/run/jars/$1"
}

archlab_process_stop() {
  local name=$1 pid waited=0
  if ! archlab_process_alive "$name"; then
    archlab_process_forget "$name"
    return 0
  fi
  pid=$(cat "$(archlab_pid_file "$name")")
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null && [ $waited -lt 60 ]; do sleep 0.5; waited=$((waited + 1)); done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  archlab_process_forget "$name"
  echo "stopped $name (pid $pid)"
}

archlab_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

archlab_healthy() { # port
  curl -fsS --max-time 2 "http://127.0.0.1:$1/actuator/health" 2>/dev/null | grep -q '"status":"UP"'
}

archlab_wait_until() { # description seconds command...
  local what=$1 seconds=$2 waited=0
  shift 2
  until "$@"; do
    if [ $waited -ge $((seconds * 2)) ]; then
      echo "archlab: $what did not come up within ${seconds}s" >&2
      return 1
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
}
