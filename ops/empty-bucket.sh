#!/usr/bin/env bash
# Deletes every object version and delete marker of a versioned S3 bucket, so that `aws s3api delete-bucket` can
# delete it. Without --yes it only counts what it would delete. Uses the AWS CLI (your credentials, your region;
# AWS_ENDPOINT_URL for an emulator) and node to build each batch of at most 1000 keys (delete-objects' limit).
#
#   ops/empty-bucket.sh BUCKET [--yes]
set -euo pipefail
bucket=${1:?usage: ops/empty-bucket.sh BUCKET [--yes]}
yes=${2-}
if [ -n "$yes" ] && [ "$yes" != "--yes" ]; then echo "empty-bucket: the second argument can only be --yes" >&2; exit 64; fi
batch=$(mktemp)
trap 'rm -f "$batch"' EXIT
# Lists at most 1000 versions and markers, as delete-objects' JSON ({"Objects":[{"Key","VersionId"}],"Quiet":true}).
page() {
  aws s3api list-object-versions --bucket "$bucket" --no-paginate --max-keys 1000 --output json \
    | node -e '
      const page = JSON.parse(require("fs").readFileSync(0, "utf8") || "{}");
      const all = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].slice(0, 1000)
        .map((v) => ({ Key: v.Key, VersionId: v.VersionId }));
      process.stdout.write(JSON.stringify({ Objects: all, Quiet: true }));'
}
total=0
for _ in $(seq 1 100000); do
  page > "$batch"
  count=$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).Objects.length' "$batch")
  [ "$count" -eq 0 ] && break
  if [ "$yes" != "--yes" ]; then
    echo "empty-bucket: s3://$bucket holds versions and delete markers (at least $count); nothing deleted."
    echo "empty-bucket: to delete every one of them, for good: ops/empty-bucket.sh $bucket --yes"
    exit 2
  fi
  aws s3api delete-objects --bucket "$bucket" --delete "file://$batch" --output json > /dev/null
  total=$((total + count))
done
echo "empty-bucket: s3://$bucket is empty ($total versions and delete markers deleted)"
