#!/usr/bin/env bash
# Texts per second over the whole SST-2 training file (67,349 phrases): `lexray explain` (one JVM, the CLI's
# defaults) against ExplainJob on Spark local[2], one after the other on the same machine and data.
#   spark/bench/sst2-throughput.sh [MODEL_DIR] [WORK_DIR]
# Prints one line per run: wall seconds, CPU seconds (user+sys), texts per second. Needs GNU time (/usr/bin/time).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
model="${1:-$root/models/sentiment-bilstm-sst2}"
work="${2:-/tmp/lexray-sst2-bench}"
tsv="$root/../shared/corpora/sst2_glue/train.tsv"
mkdir -p "$work"
tail -n +2 "$tsv" | cut -f1 > "$work/sentences.txt"   # the CLI reads one text per line
n=$(wc -l < "$work/sentences.txt")
echo "model $model, $n texts, $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"

run() { # name, command...
  local name=$1; shift
  /usr/bin/time -f "%e %U %S" -o "$work/$name.time" "$@" > "$work/$name.stdout" 2> "$work/$name.stderr" \
    || { echo "$name failed: see $work/$name.stderr" >&2; exit 1; }
  read -r wall user sys < "$work/$name.time"
  awk -v n="$n" -v w="$wall" -v u="$user" -v s="$sys" -v name="$name" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
    'BEGIN { printf "%-12s %8.1f s wall %8.1f s cpu %8.1f texts/s (load after %s)\n", name, w, u + s, n / w, load }'
}

(cd "$root" && ./lexray explain --help > /dev/null)            # builds the CLI jar outside the timing
(cd "$root/spark" && ./lexray-spark explain --help > /dev/null 2>&1)  # and the shaded jar
run cli "$root/lexray" explain --model "$model" --input "$work/sentences.txt"
run spark-local2 "$root/spark/lexray-spark" explain --master 'local[2]' --model "$model" --input "$tsv" \
  --format tsv --text-column sentence --output "$work/explained" --output-format parquet --overwrite
grep -h "ExplainJob: wrote" "$work/spark-local2.stderr" || true
