#!/usr/bin/env bash
# The abuse run: probes a running local stack (./archlab up) the way a hostile or careless client would, in
# bounded time, and counts what it got. Run it as `./archlab abuse`; it uses the stack's saved environment,
# the admin key in $ARCHLAB_HOME/admin.key and the gateway on $ARCHLAB_GATEWAY_PORT.
#
#   1. bad input: malformed JSON, wrong types, fractions and huge numbers, duplicate keys, unknown fields, bad
#      dtypes and contexts, path tricks, long queries, missing or wrong keys
#   2. upload flood: GGUF headers that declare huge arrays, 16 at a time, and one large upload (sparse file)
#   3. disconnecting clients: long completions abandoned after a second, then whether the model still answers
#   4. faults: a benchmark job is queued, then each service and the Kafka broker is killed with -9 mid-job and
#      restarted with ./archlab up; recovery is timed until the gateway answers for that service again
#   5. results: the job must end with exactly one result per task
#
# It exits non-zero when any request got a 5xx or no answer at all, any log shows an OutOfMemoryError, or a result is lost or
# duplicated. Bad input that was accepted (2xx) is reported too. Knobs: ARCHLAB_ABUSE_FLOOD (48 uploads),
# ARCHLAB_ABUSE_UPLOAD_MB (700; 0 skips it), ARCHLAB_ABUSE_KILLS ("benchmark kafka inference registry gateway";
# empty skips phase 4), ARCHLAB_ABUSE_JOB_WAIT_S (300), ARCHLAB_ABUSE_MODEL (gpt2-124m, the smallest).
set -uo pipefail

ARCHLAB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export ARCHLAB_HOME=${ARCHLAB_HOME:-$ARCHLAB_ROOT/.archlab}
# shellcheck source=deploy/local/environment.sh
source "$ARCHLAB_ROOT/deploy/local/environment.sh"
if archlab_has_saved_environment; then archlab_load_environment; fi
# shellcheck source=deploy/local/processes.sh
source "$ARCHLAB_ROOT/deploy/local/processes.sh"
GATEWAY="http://localhost:${ARCHLAB_GATEWAY_PORT:-8080}"
POSTGRES_PORT=${ARCHLAB_POSTGRES_PORT:-55432}
FLOOD=${ARCHLAB_ABUSE_FLOOD:-48}
UPLOAD_MB=${ARCHLAB_ABUSE_UPLOAD_MB:-700}
KILLS=${ARCHLAB_ABUSE_KILLS-benchmark kafka inference registry gateway}
JOB_WAIT_S=${ARCHLAB_ABUSE_JOB_WAIT_S:-300}
MODEL=${ARCHLAB_ABUSE_MODEL:-gpt2-124m}

for tool in curl psql; do
  if ! command -v "$tool" >/dev/null; then
    echo "abuse: $tool is needed (sudo apt-get install curl postgresql-client)" >&2
    exit 2
  fi
done
if [ ! -s "$ARCHLAB_HOME/admin.key" ]; then
  echo "abuse: no admin key in $ARCHLAB_HOME/admin.key; start the stack with ./archlab up first" >&2
  exit 2
fi
AUTH="Authorization: Bearer $(head -n 1 "$ARCHLAB_HOME/admin.key")"
if ! curl -fsS --max-time 5 "$GATEWAY/actuator/health" >/dev/null 2>&1; then
  echo "abuse: the gateway does not answer on $GATEWAY; start the stack with ./archlab up first" >&2
  exit 2
fi

WORK="$ARCHLAB_HOME/abuse/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$WORK"
CODES="$WORK/codes"      # one line per request: phase status method path
: >"$CODES"
RECOVERY="$WORK/recovery" # one line per kill: component seconds
: >"$RECOVERY"
STARTED=$(date +%s)

# Each log's size now: OutOfMemoryErrors are counted in what is written from here on.
declare -A LOG_OFFSET
for log in "$ARCHLAB_HOME"/logs/*.log; do
  [ -f "$log" ] && LOG_OFFSET[$log]=$(stat -c %s "$log")
done

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# request PHASE METHOD PATH [curl options...]: one request through the gateway, its status recorded.
# Status 000 means no answer (refused, reset or timed out).
request() {
  local phase=$1 method=$2 path=$3 status
  shift 3
  status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 --path-as-is -X "$method" -H "$AUTH" "$@" "$GATEWAY$path")
  echo "$phase $status $method ${path:0:120} ${note:-}" >>"$CODES"
}

json() { # PHASE METHOD PATH BODY [curl options...]
  local phase=$1 method=$2 path=$3 body=$4 note
  shift 4
  note=$(printf '%s' "${body:0:90}" | tr -s ' \n' ' ')
  request "$phase" "$method" "$path" -H 'Content-Type: application/json' --data-binary "$body" "$@"
}

# A GGUF v3 header with one key whose array declares COUNT elements of TYPE and delivers none of them: a reader
# that allocates what the header declares before reading it asks for COUNT × size bytes.
le32() { printf '%08x' "$1" | sed -E 's/(..)(..)(..)(..)/\\x\4\\x\3\\x\2\\x\1/'; } # printf escapes, little-endian
le64() { printf '%016x' "$1" | sed -E 's/(..)(..)(..)(..)(..)(..)(..)(..)/\\x\8\\x\7\\x\6\\x\5\\x\4\\x\3\\x\2\\x\1/'; }
gguf_array_bomb() { # file element-type count
  local key="tokenizer.ggml.tokens"
  # shellcheck disable=SC2059 # the escapes are the format
  printf "GGUF$(le32 3)$(le64 0)$(le64 1)$(le64 ${#key})$key$(le32 9)$(le32 "$2")$(le64 "$3")" >"$1"
}

phase_bad_input() {
  local p=bad-input long
  # Malformed and mistyped JSON
  json $p POST /api/v1/architectures '{"name": "x",'
  json $p POST /api/v1/architectures '[1, 2, 3]'
  json $p POST /api/v1/architectures '{"name": 42, "spec": "nope"}'
  json $p POST /api/v1/architectures '{"name": "dup", "name": "dup2"}'
  json $p POST /api/v1/architectures/qwen3-0.6b/variants '{"name": "v-huge", "overrides": {"attention": {"slidingWindow": 1e400}}}'
  json $p POST /api/v1/architectures/qwen3-0.6b/variants '{"name": "v-neg", "overrides": {"attention": {"slidingWindow": -5}}}'
  json $p POST /api/v1/architectures/qwen3-0.6b/variants '{"name": "v-unknown", "overrides": {"bogusKnob": 1}}'
  json $p POST /api/v1/architectures/import?format=hf\&name=neg-hidden '{"hidden_size": -1, "model_type": "llama"}'
  json $p POST /api/v1/architectures/import?format=bogus\&name=x '{}'
  request $p POST /api/v1/architectures -H 'Content-Type: text/plain' --data-binary 'name=x'
  # Completions
  json $p POST /v1/completions '{"model": "'"$MODEL"'", "prompt": "hi", "max_tokens": 1.5}'
  json $p POST /v1/completions '{"model": "'"$MODEL"'", "prompt": "hi", "max_tokens": "many"}'
  json $p POST /v1/completions '{"model": "'"$MODEL"'", "prompt": "hi", "max_tokens": 99999999999999999999}'
  json $p POST /v1/completions '{"model": "'"$MODEL"'", "prompt": "hi", "max_tokens": -1}'
  json $p POST /v1/completions '{"model": "'"$MODEL"'", "prompt": {"a": 1}}'
  json $p POST /v1/completions '{"model": "'"$MODEL"'", "prompt": "hi", "temperature": -3}'
  json $p POST /v1/completions '{"model": "'"$MODEL"'", "prompt": "hi", "max_tokens": 1, "max_tokens": 2}'
  json $p POST /v1/completions '{"model": "'"$MODEL"'", "prompt": "hi", "bogus_field": true}'
  json $p POST /v1/completions '{"model": "no-such-model", "prompt": "hi"}'
  json $p POST /v1/completions '{"model": "'"$MODEL"'", "prompt": "hi"'
  json $p POST /v1/completions "{\"model\": \"$MODEL\", \"max_tokens\": 8, \"prompt\": [$(printf '"p",%.0s' $(seq 1 4999))\"p\"]}"
  json $p POST /v1/chat/completions '{"model": "'"$MODEL"'", "messages": [{"role": "wizard", "content": 1}]}'
  json $p POST /v1/chat/completions '{"model": "'"$MODEL"'", "messages": "hello"}'
  json $p POST /tokenize '{"model": "'"$MODEL"'"}'
  # Model registrations: paths outside the allowed directories
  json $p POST /api/v1/models '{"name": "passwd", "path": "/etc/passwd"}'
  json $p POST /api/v1/models '{"name": "up", "path": "../../../../etc/shadow"}'
  json $p POST /api/v1/models '{"name": "", "path": ""}'
  json $p POST /api/v1/models '{"name": "missing", "path": "/nonexistent/model.gguf"}'
  # Benchmark jobs that can only fail, or cannot be read
  json $p POST /api/v1/benchmarks '{"architectures": ["'"$MODEL"'"], "batch": 2}'
  json $p POST /api/v1/benchmarks '{"architectures": ["'"$MODEL"'"], "contextLengths": [65536]}'
  json $p POST /api/v1/benchmarks '{"architectures": ["'"$MODEL"'"], "contextLengths": [-1]}'
  json $p POST /api/v1/benchmarks '{"architectures": ["'"$MODEL"'"], "dtype": "BOGUS"}'
  json $p POST /api/v1/benchmarks '{"architectures": ["'"$MODEL"'"], "repeats": 1.5}'
  json $p POST /api/v1/benchmarks '{"architectures": []}'
  json $p POST /api/v1/benchmarks '{"architectures": ["no-such-architecture"]}'
  json $p POST /api/v1/benchmarks '{"architectures": ["'"$MODEL"'"], "contextLengths": ['"$(seq -s, 1000 1300)"']}'
  json $p POST /api/v1/benchmarks ''
  # Queries
  request $p GET '/api/v1/dashboard/leaderboard?metric=decode_tps&context=-1'
  request $p GET '/api/v1/dashboard/leaderboard?metric=decode_tps&context=4096&dtype=BOGUS'
  request $p GET '/api/v1/dashboard/leaderboard?metric=bogus'
  request $p GET '/api/v1/architectures/qwen3-0.6b/analysis?context=-1'
  request $p GET '/api/v1/architectures/qwen3-0.6b/analysis?context=99999999999999999999'
  request $p GET '/api/v1/architectures/qwen3-0.6b/analysis?weightDtype=BOGUS'
  request $p GET '/api/v1/architectures?limit=-1'
  request $p GET '/api/v1/architectures?limit=abc'
  request $p GET '/api/v1/architectures/compare?names=&context=1'
  request $p GET '/api/v1/benchmarks/not-a-uuid'
  request $p GET '/api/v1/benchmarks?cursor=%%%'
  long=$(head -c 100000 /dev/zero | tr '\0' 'a')
  request $p GET "/api/v1/architectures?family=$long"
  request $p GET '/api/v1/architectures?family=a|b'
  # Path tricks
  local path
  for path in '/api/v1/architectures/..%2f..%2factuator%2fenv' '/api/v1/../actuator/env' '/%2e%2e/actuator/env' \
    '//actuator/env' '/actuator/env' '/actuator/heapdump' '/api/v1/architectures/%00' '/api/v1/architectures/%2e%2e' \
    '/api/v1/architectures/..;/..;/actuator/env' '/api/v1/models/..%252f..%252fetc%252fpasswd' '/v1/../../etc/passwd' \
    '/api/v1/architectures/a|b' '/api/v1/benchmarks/%c0%ae%c0%ae/' '/api/v1/architectures/%ZZ'; do
    request $p GET "$path"
  done
  # Keys
  curl -s -o /dev/null -w "$p %{http_code} GET /api/v1/architectures (no key)\n" --max-time 30 "$GATEWAY/api/v1/architectures" >>"$CODES"
  curl -s -o /dev/null -w "$p %{http_code} GET /api/v1/architectures (wrong key)\n" --max-time 30 \
    -H 'Authorization: Bearer not-a-key' "$GATEWAY/api/v1/architectures" >>"$CODES"
}

phase_upload_flood() {
  local p=upload-flood i file="$WORK/bomb.gguf" big="$WORK/large.gguf"
  # 16M UINT64 elements (128 MB declared) in a 60-byte body
  gguf_array_bomb "$file" 10 16777216
  for i in $(seq 1 "$FLOOD"); do
    request $p POST "/api/v1/architectures/import?format=gguf&name=abuse-bomb-$i" \
      -H 'Content-Type: application/octet-stream' --data-binary "@$file" &
    if [ $((i % 16)) -eq 0 ]; then wait; fi
  done
  wait
  # Strings of declared length 2^40, and an array of arrays
  gguf_array_bomb "$WORK/bomb-strings.gguf" 8 1099511627776
  gguf_array_bomb "$WORK/bomb-nested.gguf" 9 4294967295
  request $p POST '/api/v1/architectures/import?format=gguf&name=abuse-strings' -H 'Content-Type: application/octet-stream' \
    --data-binary "@$WORK/bomb-strings.gguf"
  request $p POST '/api/v1/architectures/import?format=gguf&name=abuse-nested' -H 'Content-Type: application/octet-stream' \
    --data-binary "@$WORK/bomb-nested.gguf"
  if [ "$UPLOAD_MB" -gt 0 ]; then
    # A large upload the registry needs only the head of: a bomb header, then zeros (a sparse file).
    cp "$file" "$big"
    truncate -s "${UPLOAD_MB}M" "$big"
    request $p POST '/api/v1/architectures/import?format=gguf&name=abuse-large' -H 'Content-Type: application/octet-stream' \
      -T "$big" -X POST
    rm -f "$big"
  fi
}

phase_disconnects() {
  local p=disconnect i started status
  # Load the model first, so the abandoned requests are generating, not loading, when their clients go.
  json $p POST /v1/completions '{"model": "'"$MODEL"'", "prompt": "warm", "max_tokens": 1}' --max-time 300
  for i in 1 2 3 4 5 6; do
    curl -s -o /dev/null --max-time 1 -H "$AUTH" -H 'Content-Type: application/json' "$GATEWAY/v1/completions" \
      --data-binary '{"model": "'"$MODEL"'", "prompt": "tell me a long story", "max_tokens": 2000}' &
    curl -s -o /dev/null --max-time 1 -H "$AUTH" -H 'Content-Type: application/json' "$GATEWAY/v1/completions" \
      --data-binary '{"model": "'"$MODEL"'", "prompt": "stream a long story", "max_tokens": 2000, "stream": true}' &
  done
  wait
  # Whoever comes next must be served, not told the model is busy with clients that left.
  started=$(now)
  status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 120 -H "$AUTH" -H 'Content-Type: application/json' \
    "$GATEWAY/v1/completions" --data-binary '{"model": "'"$MODEL"'", "prompt": "next", "max_tokens": 2}')
  echo "$p $status POST /v1/completions (the request after 12 abandoned ones)" >>"$CODES"
  echo "after 12 abandoned completions the next one got $status in $(elapsed "$started" "$(now)") s" >"$WORK/disconnect"
}

# The gateway route that shows a component is back: a request a client would make, answered 2xx.
recovered() { # component
  local path
  case $1 in
    registry) path='/api/v1/architectures?limit=1' ;;
    inference) path='/v1/models' ;;
    benchmark) path='/api/v1/benchmarks?limit=1' ;;
    kafka) archlab_port_open "${ARCHLAB_KAFKA_PORT:-9092}" || return 1
      path='/api/v1/benchmarks?limit=1' ;;
    gateway) path='/actuator/health' ;;
  esac
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "$AUTH" "$GATEWAY$path")" = 200 ]
}

submit_job() {
  local body
  body='{"architectures": ["'"$MODEL"'"], "contextLengths": [32, 48, 64, 80, 96, 112, 128, 144], "promptTokens": 8,
    "generateTokens": 4, "repeats": 1, "warmup": 0, "label": "abuse-run"}'
  curl -s --max-time 60 -H "$AUTH" -H 'Content-Type: application/json' "$GATEWAY/api/v1/benchmarks" --data-binary "$body" \
    | grep -o '"id" *: *"[0-9a-f-]*"' | head -n 1 | grep -o '[0-9a-f-]\{36\}'
}

# How far the job is: tasks done of all.
job_progress() { # job-id
  psql -h 127.0.0.1 -p "$POSTGRES_PORT" -U archlab -d benchmark -tA -c \
    "SELECT count(*) FILTER (WHERE status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')) || ' of ' || count(*)
     FROM benchmark_task WHERE job_id = '$1'" 2>/dev/null
}

phase_faults() { # job-id
  local job=$1 name pid killed waited progress
  # The first kill waits until a worker has taken a task: every kill then lands in the middle of the job.
  waited=0
  while [ -n "$job" ] && [ "$(job_status "$job")" = QUEUED ] && [ $waited -lt 120 ]; do sleep 1; waited=$((waited + 1)); done
  for name in $KILLS; do
    if ! archlab_process_alive "$name"; then
      echo "$name - not running" >>"$RECOVERY"
      continue
    fi
    pid=$(cat "$(archlab_pid_file "$name")")
    progress=$([ -n "$job" ] && job_progress "$job")
    echo "abuse: kill -9 $name (pid $pid) with the job's tasks ${progress:-?} done, then ./archlab up"
    killed=$(now)
    kill -KILL "$pid"
    "$ARCHLAB_ROOT/archlab" up >>"$WORK/up.log" 2>&1 || echo "abuse: ./archlab up failed after killing $name (see $WORK/up.log)"
    waited=0
    until recovered "$name" || [ $waited -ge 360 ]; do sleep 0.5; waited=$((waited + 1)); done
    if recovered "$name"; then
      echo "$name $(elapsed "$killed" "$(now)") s (killed with ${progress:-?} tasks done)" >>"$RECOVERY"
    else
      echo "$name never (killed with ${progress:-?} tasks done)" >>"$RECOVERY"
    fi
  done
}

job_status() { # job-id
  curl -s --max-time 10 -H "$AUTH" "$GATEWAY/api/v1/benchmarks/$1" | grep -o '"status" *: *"[A-Z]*"' | head -n 1 | grep -o '[A-Z]*'
}

# Results per task, straight from the benchmark database: tasks with none are lost, with more than one duplicated.
check_results() { # job-id
  local job=$1 waited=0 status
  while [ $waited -lt "$JOB_WAIT_S" ]; do
    status=$(job_status "$job")
    case $status in SUCCEEDED | FAILED | CANCELLED) break ;; esac
    sleep 2
    waited=$((waited + 2))
  done
  echo "job $job ended ${status:-unknown} after waiting ${waited}s for it" >"$WORK/job"
  psql -h 127.0.0.1 -p "$POSTGRES_PORT" -U archlab -d benchmark -tA -F ' ' -c \
    "SELECT t.status, count(r.id) FROM benchmark_task t LEFT JOIN benchmark_result r ON r.task_id = t.id
     WHERE t.job_id = '$job' GROUP BY t.id, t.status" >"$WORK/results"
  psql -h 127.0.0.1 -p "$POSTGRES_PORT" -U archlab -d benchmark -tA -c \
    "SELECT DISTINCT error FROM benchmark_task WHERE job_id = '$job' AND error IS NOT NULL" >"$WORK/task-errors"
}

# The JVM's heap and metaspace errors, and Netty's for direct memory (the gateway's buffers).
OOM_PATTERN='OutOf(Direct)?MemoryError'

count_ooms() {
  local log total=0 n
  for log in "$ARCHLAB_HOME"/logs/*.log; do
    [ -f "$log" ] || continue
    if [ "$(stat -c %s "$log")" -ge "${LOG_OFFSET[$log]:-0}" ]; then
      n=$(tail -c +"$((${LOG_OFFSET[$log]:-0} + 1))" "$log" | grep -cE "$OOM_PATTERN")
    else # rotated during the run
      n=$(cat "$log.1" "$log" 2>/dev/null | grep -cE "$OOM_PATTERN")
    fi
    [ "$n" -gt 0 ] && echo "$(basename "$log") $n" >>"$WORK/ooms"
    total=$((total + n))
  done
  echo $total
}

echo "abuse run against $GATEWAY (ARCHLAB_HOME=$ARCHLAB_HOME), details in $WORK"
echo "abuse: bad input ..."
phase_bad_input
echo "abuse: upload flood ($FLOOD GGUF headers, 16 at a time${UPLOAD_MB:+, one of ${UPLOAD_MB} MB}) ..."
phase_upload_flood
echo "abuse: disconnecting clients ..."
phase_disconnects
JOB=""
if [ -n "$KILLS" ]; then
  JOB=$(submit_job)
  if [ -z "$JOB" ]; then echo "abuse: the benchmark job was not accepted" >&2; fi
  echo "abuse: kill -9 mid-job ($KILLS) ..."
  phase_faults "$JOB"
  if [ -n "$JOB" ]; then
    echo "abuse: waiting for job $JOB (at most ${JOB_WAIT_S}s) ..."
    check_results "$JOB"
  fi
fi
OOMS=$(count_ooms)

# The report
total=$(wc -l <"$CODES")
ok=$(awk '$2 ~ /^2/' "$CODES" | wc -l)
client=$(awk '$2 ~ /^4/' "$CODES" | wc -l)
server=$(awk '$2 ~ /^5/' "$CODES" | wc -l)
none=$(awk '$2 == "000"' "$CODES" | wc -l)
accepted_bad=$(awk '$1 == "bad-input" && $2 ~ /^2/' "$CODES" | wc -l)
lost=0 duplicated=0 tasks=0
if [ -s "$WORK/results" ]; then
  tasks=$(wc -l <"$WORK/results")
  lost=$(awk '$2 == 0' "$WORK/results" | wc -l)
  duplicated=$(awk '$2 > 1' "$WORK/results" | wc -l)
elif [ -n "$KILLS" ]; then
  lost=1 # no job, or no tasks: nothing survived to be counted
fi
{
  echo
  echo "== abuse run: $(elapsed "$STARTED" "$(date +%s)") s against $GATEWAY =="
  printf 'requests %d: 2xx %d, 4xx %d, 5xx %d, no answer %d\n' "$total" "$ok" "$client" "$server" "$none"
  for phase in bad-input upload-flood disconnect; do
    awk -v p="$phase" '$1 == p { n++; c[substr($2, 1, 1) "xx"]++ }
      END { printf "  %-13s %3d requests: 2xx %d, 4xx %d, 5xx %d, no answer %d\n", p, n, c["2xx"], c["4xx"], c["5xx"], c["0xx"] }' "$CODES"
  done
  echo "bad input accepted (2xx): $accepted_bad"
  echo "OutOfMemoryError in logs (heap or direct): $OOMS"
  [ -f "$WORK/disconnect" ] && cat "$WORK/disconnect"
  if [ -n "$KILLS" ]; then
    [ -f "$WORK/job" ] && cat "$WORK/job"
    echo "results: $tasks tasks, lost $lost, duplicated $duplicated"
    awk '{ printf "  task %s with %s result(s)\n", $1, $2 }' "$WORK/results" 2>/dev/null | sort | uniq -c
    if [ -s "$WORK/task-errors" ]; then sed 's/^/  task error: /' "$WORK/task-errors" | cut -c1-300; fi
    echo "recovery after kill -9 (until the gateway answers for it again):"
    sed 's/^/  /' "$RECOVERY"
  fi
  if [ "$server" -gt 0 ] || [ "$none" -gt 0 ]; then
    echo "5xx and unanswered requests:"
    awk '$2 ~ /^5/ || $2 == "000"' "$CODES" | sort | uniq -c | cut -c1-200
  fi
  if [ "$accepted_bad" -gt 0 ]; then
    echo "bad input accepted:"
    awk '$1 == "bad-input" && $2 ~ /^2/' "$CODES" | cut -c1-200
  fi
  [ -s "$WORK/ooms" ] && sed 's/^/  OutOfMemoryError: /' "$WORK/ooms"
} | tee "$WORK/report.txt"

if [ "$server" -gt 0 ] || [ "$none" -gt 0 ] || [ "$OOMS" -gt 0 ] || [ "$lost" -gt 0 ] || [ "$duplicated" -gt 0 ]; then
  echo "abuse run FAILED: 5xx $server, no answer $none, OOM $OOMS, lost $lost, duplicated $duplicated"
  exit 1
fi
echo "abuse run passed"
