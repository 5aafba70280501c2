#!/usr/bin/env bash
# Prints what `make destroy` leaves on purpose and the exact commands that delete it, once you have saved what you
# need. Run by ops/destroy.sh; safe to run any time (it changes nothing).
#
#   ops/remaining.sh SITE_BUCKET [STACK_DIR VAR_FILE]   (the edge stack and variables make destroy used)
set -euo pipefail
bucket=${1:?usage: ops/remaining.sh SITE_BUCKET [STACK_DIR VAR_FILE]}
stack_dir=${2:-cdktf.out/stacks/edge-router}
var_file=${3:-$PWD/terraform.tfvars}
# The commands below are pasted into a shell: a folder with a space in its name (~/My Sites/edge) split the
# -chdir= and -var-file= arguments, so both are quoted for the shell (printf %q).
stack_arg=$(printf %q "$stack_dir")
var_arg=$(printf %q "$var_file")
cat <<TEXT

What remains, on purpose:
  1. The site bucket s3://$bucket: every object and every old version (versioning is on, so an overwritten or
     deleted page is still there until its noncurrent_version days pass). Billed as S3 storage until deleted.
  2. Its guards in the state: versioning, encryption, public access block, ownership controls, lifecycle rules.
  3. The state bucket (the state stack) and the state of this stack in it.

Save what you need first, for example:
  aws s3 sync s3://$bucket ./$bucket-backup                 # the current site
  aws s3api list-object-versions --bucket $bucket > $bucket-versions.json   # what old versions exist

Then delete the site bucket, every version and delete marker included (a versioned bucket is empty only then):
  ops/empty-bucket.sh $bucket            # prints what it would delete; again with --yes deletes it, 1000 at a time
  aws s3api delete-bucket --bucket $bucket
  terraform -chdir=$stack_arg apply -refresh-only -auto-approve -var-file=$var_arg
      # the provider finds the bucket gone and drops it and its guards from the state: the state is now empty

Last, once every edge stack is down (each environment's make destroy ENV=..., if you declared environments), the
state stack (its own confirmation): make destroy STACK=state
TEXT
