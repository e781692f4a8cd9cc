# API keys for the gateway. The gateway is given only SHA-256 hashes (ARCHLAB_GATEWAY_API_KEYS, entries
# name:role:sha256-hex); the keys themselves are random 256-bit strings. Sourced by ./archlab.

archlab_new_api_key() { head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }

archlab_api_key_hash() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

# The local stack's admin key: made on the first `up`, shown that once, kept in $ARCHLAB_HOME/admin.key
# (readable by its owner only). Its hash goes to the gateway before any keys configured in the environment.
archlab_admin_key() {
  local file="$ARCHLAB_HOME/admin.key" key
  if [ ! -s "$file" ]; then
    key=$(archlab_new_api_key)
    (umask 077 && printf '%s\n' "$key" >"$file")
    cat <<MADE

A new admin API key was made for this stack. It is shown only now, and kept in $file:
  $key
Send it as 'Authorization: Bearer <key>' (curl -H "Authorization: Bearer \$(cat $file)" ...),
or paste it into the dashboard's 'API key' field.

MADE
  fi
  key=$(head -n 1 "$file")
  ARCHLAB_GATEWAY_API_KEYS="local-admin:admin:$(archlab_api_key_hash "$key")${ARCHLAB_GATEWAY_API_KEYS:+,$ARCHLAB_GATEWAY_API_KEYS}"
  export ARCHLAB_GATEWAY_API_KEYS
}
