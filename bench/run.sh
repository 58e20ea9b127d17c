#!/usr/bin/env bash
# Builds the benchmark harness once in Release, then runs the named benchmark (all when none is named).
# Usage: bench/run.sh [policy|relay|revocation ...]   (revocation: PARALUS_BENCH_REVOCATION_USERS, default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Paralus.Bench/Paralus.Bench.csproj -c Release -nologo -v quiet
exec dotnet bench/Paralus.Bench/bin/Release/net10.0/Paralus.Bench.dll "$@"
