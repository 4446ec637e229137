#!/usr/bin/env bash
# Downloads the four original MNIST files (gzipped IDX) and verifies their SHA-256 sums.
#
#   scripts/get-mnist.sh [DIR]     DIR defaults to data/mnist under the repository root
#
# MNIST_URL overrides the base URL (default https://storage.googleapis.com/cvdf-datasets/mnist/);
# file:///some/dir/ works too, since curl reads file URLs. Files already present with the right
# sum are kept. A download with the wrong sum is deleted and the script fails, so DIR never holds
# a bad file. The trainer reads the .gz files directly; there is nothing to unpack.
set -euo pipefail

readonly BASE_URL="${MNIST_URL:-https://storage.googleapis.com/cvdf-datasets/mnist/}"
readonly FILES=(
  "train-images-idx3-ubyte.gz 440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"
  "train-labels-idx1-ubyte.gz 3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"
  "t10k-images-idx3-ubyte.gz 8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"
  "t10k-labels-idx1-ubyte.gz f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"
)

fail() {
  echo "get-mnist.sh: $*" >&2
  exit 1
}

if [[ $# -gt 1 ]]; then
  fail "usage: scripts/get-mnist.sh [DIR]"
fi
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-$repo_root/data/mnist}"
base="${BASE_URL%/}/"

command -v curl >/dev/null || fail "curl is required but not installed"
if command -v sha256sum >/dev/null; then
  sha256() { sha256sum "$1" | cut -d' ' -f1; }
elif command -v shasum >/dev/null; then
  sha256() { shasum -a 256 "$1" | cut -d' ' -f1; }
else
  fail "sha256sum or shasum is required but neither is installed"
fi

mkdir -p "$dir" || fail "cannot create directory $dir"

# A partial download lives next to its target and is removed however the script ends.
partial=""
trap 'if [[ -n "$partial" ]]; then rm -f "$partial"; fi' EXIT

for entry in "${FILES[@]}"; do
  name="${entry%% *}"
  expected="${entry##* }"
  target="$dir/$name"
  if [[ -f "$target" ]]; then
    if [[ "$(sha256 "$target")" == "$expected" ]]; then
      echo "$target: present, checksum ok"
      continue
    fi
    echo "$target: present but checksum wrong, downloading again"
    rm -f "$target"
  fi
  partial="$target.part"
  echo "$target: downloading ${base}${name}"
  if ! reason="$(curl --fail --silent --show-error --location --retry 3 \
                      --output "$partial" "${base}${name}" 2>&1)"; then
    fail "cannot download ${base}${name}: $(tail -n 1 <<<"$reason")"  # curl repeats it per retry
  fi
  actual="$(sha256 "$partial")"
  if [[ "$actual" != "$expected" ]]; then
    rm -f "$partial"
    fail "checksum mismatch for ${base}${name}: got $actual, expected $expected (download deleted)"
  fi
  mv "$partial" "$target"
  partial=""
  echo "$target: checksum ok"
done
echo "MNIST is in $dir"
