#!/usr/bin/env bash
# Benchmark: the scheduler's makespan on synthetic DAGs with uneven costs, against the lower
# bound max(critical path, total work / threads). Steps "run" by sleeping their cost, so the
# real Scheduler is measured without a database (SchedulerBenchmark in engine-core's tests).
#
#   benchmarks/scheduler.sh [DAGS] [NODES] [THREADS] [UNIT_MS]     default: 8 40 2 10
#
# Prints per DAG the makespan under plan order, critical path from estimates and critical path
# from the previous run's durations, then the mean and worst ratio to the bound, with the load.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
mvn -q -B -ntp -pl engine-core -am test-compile -Dmdep.outputFile="$repo/engine-core/target/bench.classpath" \
  dependency:build-classpath >/dev/null
cp="engine-core/target/test-classes:engine-core/target/classes:$(cat engine-core/target/bench.classpath)"
exec java -cp "$cp" dev.kiln.internal.execute.SchedulerBenchmark "$@"
