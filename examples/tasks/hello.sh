#!/bin/sh
# A task in any language: the payload arrives on standard input as {"payload": ...} and the job's
# details in GRAPHILE_WORKER_* variables. Exit 0 to complete the job; anything else fails it and
# graphile-worker retries it later. Node.js graphile-worker runs this file the same way.
input=$(cat)
echo "Hello from job $GRAPHILE_WORKER_JOB_ID (attempt $GRAPHILE_WORKER_JOB_ATTEMPTS): $input"
