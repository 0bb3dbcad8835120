#!/usr/bin/env bash
# One benchmark cell through the engine's own CLI, for runs B (sequential loop) and C (xargs -P): podman --remote for
# an endpoint listed in PODMAN_ENDPOINTS (bench.sh asks each host what it is), docker -H otherwise. Both call this same
# script, so they pay the same per-cell shell cost. $1 is one line of bench.py's cell list (fields separated by \x1f:
# index, host, endpoint, image name, image ref, scenario, stdout contains, then the container's command as
# crosshost list --json gives it, one argument a field: sh, -c, the shell text).
# Prints: index host image scenario exit-code ok(1/0) milliseconds, tab-separated. The container's stderr and any
# docker error go to this script's stderr.
set -u
IFS=$'\x1f' read -r -a f <<<"$1"
idx=${f[0]} host=${f[1]} endpoint=${f[2]} image=${f[3]} ref=${f[4]} scenario=${f[5]} contains=${f[6]}
t0=${EPOCHREALTIME/./}
if [[ " ${PODMAN_ENDPOINTS:-} " == *" $endpoint "* ]]; then
  cli=("${PODMAN:-/usr/bin/podman}" --remote --url "$endpoint")
else
  cli=("${DOCKER:-/usr/bin/docker}" -H "$endpoint")
fi
out=$("${cli[@]}" run --rm --network none --label "crosshost.bench=${BENCH_LABEL:-bench}" \
      "$ref" "${f[@]:7}" </dev/null)
rc=$?
t1=${EPOCHREALTIME/./}
ok=0
if [[ $rc -eq 0 && $out == *"$contains"* ]]; then
  ok=1
else
  echo "run-cell: $scenario / $image @ $host did not pass: exit $rc, stdout: ${out:0:200}" >&2
fi
printf '%s\t%s\t%s\t%s\t%d\t%d\t%d.%03d\n' "$idx" "$host" "$image" "$scenario" "$rc" "$ok" \
  $(( (t1 - t0) / 1000 )) $(( (t1 - t0) % 1000 ))
