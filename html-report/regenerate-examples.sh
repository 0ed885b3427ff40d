#!/usr/bin/env bash
# Regenerates the example reports in html-report/examples/ (and a screenshot of each when Chromium is installed):
#   - one report per model directory in models/ (any directory with a config.json), on the demo texts
#     corpora/demo/reviews.tsv (text<TAB>label with a header);
#   - one report of the reference BiLSTM of Arras et al. (5 SST classes) on 30 SST-5 dev sentences, 6 per class,
#     when ../shared is present (the model stays there; only the report, texts and relevances, is written here).
# Usage: html-report/regenerate-examples.sh [--no-screenshots]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="html-report/examples"
shared="${LEXRAY_SHARED:-$root/../shared}"
demo="corpora/demo/reviews.tsv"
screenshots=1
[[ "${1:-}" == "--no-screenshots" ]] && screenshots=0
mkdir -p "$out"

shot() { # shot FILE.html: FILE.png, the top 1280x1800 of the page as Chromium renders it
  local html="$1" png="${1%.html}.png" profile
  if [[ $screenshots == 0 ]] || ! command -v chromium >/dev/null 2>&1; then return 0; fi
  profile="$(mktemp -d)"
  chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --disable-dev-shm-usage --user-data-dir="$profile" \
    --hide-scrollbars --window-size=1280,1800 --virtual-time-budget=5000 \
    --screenshot="$root/$png" "file://$root/$html" >/dev/null 2>&1 || echo "screenshot of $html failed" >&2
  rm -rf "$profile"
  [[ -f "$png" ]] && echo "wrote $png"
}

made=0
for model in models/*/; do
  [[ -f "$model/config.json" ]] || continue
  if [[ ! -f "$demo" ]]; then
    echo "no $demo: skipping the models in models/" >&2
    break
  fi
  name="$(basename "$model")"
  if [[ "$name" == toxicity-* || "$name" == offensive-* ]]; then
    # Comment-like demo texts; their labels (offensive / not_offensive) are not these models' labels: texts only.
    texts="$(mktemp)"
    tail -n +2 corpora/demo/comments.tsv | cut -f1 > "$texts"
    ./lexray report --model "$model" --input "$texts" --out "$out/$name.html" --no-progress
    rm -f "$texts"
  else
    ./lexray report --model "$model" --input "$demo" --out "$out/$name.html" --no-progress
  fi
  shot "$out/$name.html"
  made=$((made + 1))
done

bilstm="$shared/reference/lrp_for_lstm/model-bilstm"
trees="$shared/corpora/sst/trees/dev.txt"
if [[ -d "$bilstm" && -f "$trees" ]]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  texts="$tmp/sst5-dev.tsv"
  # SST-5 dev trees: the root's label and the leaves, lowercased; the first 6 sentences of 6-22 words per class.
  perl -e '@L = ("very negative", "negative", "neutral", "positive", "very positive");
    print "text\tlabel\n";
    while (<>) {
      next unless /^\((\d)/; $l = $1; @w = /\(\d ([^()\s]+)\)/g;
      next if @w < 6 || @w > 22 || $c{$l} >= 6; $c{$l}++;
      print lc(join(" ", @w)), "\t", $L[$l], "\n";
    }' "$trees" > "$texts"
  ./lexray report --model "$bilstm" --input "$texts" --out "$out/bilstm-sst5.html" \
    --title "Reference BiLSTM (Arras et al.) on 30 SST-5 dev sentences" --no-progress
  shot "$out/bilstm-sst5.html"
  made=$((made + 1))
else
  echo "no $bilstm or $trees: skipping the reference BiLSTM example" >&2
fi
[[ $made -gt 0 ]] || { echo "no example made: no model in models/ and no ../shared" >&2; exit 1; }
