# Background JVM processes of the local stack: started detached, tracked by pid files under
# $ARCHLAB_HOME/run, stopped only if the pid still belongs to the process we started. Sourced by ./archlab.

archlab_pid_file() { echo "$ARCHLAB_HOME/run/$1.pid"; }

# Alive and still running our jar (a pid file can outlive its process and the pid be reused).
archlab_process_alive() {
  local pid jar
  pid=$(cat "$(archlab_pid_file "$1")" 2>/dev/null) || return 1
  jar=$(cat "$ARCHLAB_HOME/run/$1.jar" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$jar"
}

archlab_process_start() { # name jar java-options... -- args...
  local name=$1 jar=$2
  shift 2
  local options=() args=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do options+=("$1"); shift; done
  [ "${1:-}" = "--" ] && shift
  args=("$@")
  if archlab_process_alive "$name"; then return 0; fi
  echo "$jar" >"$ARCHLAB_HOME/run/$name.jar"
  setsid nohup "$JAVA_HOME/bin/java" "${options[@]}" -jar "$jar" "${args[@]}" \
    >"$ARCHLAB_HOME/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$(archlab_pid_file "$name")"
}

archlab_process_stop() {
  local name=$1 pid waited=0
  if ! archlab_process_alive "$name"; then
    rm -f "$(archlab_pid_file "$name")" "$ARCHLAB_HOME/run/$name.jar"
    return 0
  fi
  pid=$(cat "$(archlab_pid_file "$name")")
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null && [ $waited -lt 60 ]; do sleep 0.5; waited=$((waited + 1)); done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  rm -f "$(archlab_pid_file "$name")" "$ARCHLAB_HOME/run/$name.jar"
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
