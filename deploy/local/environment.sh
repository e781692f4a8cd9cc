# The environment a local stack was started with, kept in $ARCHLAB_HOME/run/environment (mode 600) from
# `./archlab up` until `./archlab down`. While it exists, up, status, down and abuse use it instead of the
# caller's: a service restarted from another shell keeps ARCHLAB_MODEL_DIRS, its ports, its keys. A new
# environment takes a deliberate `./archlab down` first. Sourced by ./archlab.
#
# Kept: every ARCHLAB_* variable but ARCHLAB_HOME (which locates the file), JAVA_HOME and TORNADOVM_HOME.
# Nothing secret is among them: the gateway gets key hashes, never keys.

archlab_environment_file() { echo "$ARCHLAB_HOME/run/environment"; }

archlab_kept_variables() {
  compgen -e | grep -E '^(ARCHLAB_[A-Z0-9_]+|JAVA_HOME|TORNADOVM_HOME)$' | grep -vx -e ARCHLAB_HOME -e ARCHLAB_ROOT | sort
}

archlab_save_environment() {
  local file name
  file=$(archlab_environment_file)
  mkdir -p "$(dirname "$file")"
  (
    umask 077
    {
      echo "# The environment of the stack started $(date -u +%Y-%m-%dT%H:%M:%SZ); ./archlab down removes it."
      for name in $(archlab_kept_variables); do printf 'export %s=%q\n' "$name" "${!name}"; done
    } >"$file.tmp"
    mv -f "$file.tmp" "$file"
  )
  chmod 600 "$file"
}

archlab_has_saved_environment() { [ -s "$(archlab_environment_file)" ]; }

# Loads the saved environment over the caller's; archlab_overridden then names the variables the caller had set
# to something else.
archlab_load_environment() {
  local file line name value
  archlab_overridden=()
  file=$(archlab_environment_file)
  while IFS= read -r line; do
    [[ $line =~ ^export\ ([A-Z0-9_]+)= ]] || continue
    name=${BASH_REMATCH[1]}
    value=$(eval "printf '%s' ${line#export "$name"=}")
    if [ -n "${!name+set}" ] && [ "${!name}" != "$value" ]; then archlab_overridden+=("$name"); fi
    export "$name=$value"
  done <"$file"
}

archlab_forget_environment() { rm -f "$(archlab_environment_file)"; }
