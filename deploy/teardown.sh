#!/usr/bin/env bash
# Removes a VideoWatermark stack: stops the sweep and the running workers, waits for them, and deletes the stack.
# The bucket (videos, outputs, job records) is kept unless --delete-data; the artifacts bucket and the ECR
# repositories stay unless --all.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: deploy/teardown.sh --region REGION [--stack NAME] [--delete-data] [--all] [--yes]

Stops the workers and deletes the stack. The bucket and every video in it stay, detached from the pipeline,
unless --delete-data.
  --region REGION   AWS region (required; or set AWS_REGION)
  --stack NAME      stack name (default: videowatermark)
  --delete-data     also empty the bucket (every version) and delete it
  --all             also delete the ECR repositories, the artifacts bucket and the SSM parameters (portal sign-in, webhook key)
  --yes             do not ask for confirmation
  -h, --help        this help
EOF
}

die() { echo "error: $*" >&2; exit 1; }

region="${AWS_REGION:-}"
stack="videowatermark"
delete_data=false
all=false
yes=false
while [ $# -gt 0 ]; do
  case "$1" in
    --region) region="${2:?--region needs a value}"; shift 2 ;;
    --stack) stack="${2:?--stack needs a value}"; shift 2 ;;
    --delete-data) delete_data=true; shift ;;
    --all) all=true; shift ;;
    --yes|-y) yes=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done
[ -n "$region" ] || { usage >&2; die "--region is required"; }
export AWS_REGION="$region" AWS_DEFAULT_REGION="$region"
command -v aws >/dev/null 2>&1 || die "the AWS CLI is required"

status="$(aws cloudformation describe-stacks --stack-name "$stack" --query 'Stacks[0].StackStatus' --output text 2>/dev/null)" \
  || die "no stack $stack in $region"

# A stack whose creation rolled back has no outputs; its resources are gone already, so this reads the parameters.
output() {
  local value
  value="$(aws cloudformation describe-stacks --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text 2>/dev/null || true)"
  [ "$value" = None ] || printf '%s' "$value"
}
parameter() {
  aws cloudformation describe-stacks --stack-name "$stack" \
    --query "Stacks[0].Parameters[?ParameterKey=='$1'].ParameterValue" --output text 2>/dev/null || true
}
bucket="$(output BucketName)"
[ -n "$bucket" ] || bucket="$(parameter BucketName)"
cluster="$(output ClusterName)"
sweep="$(output SweepRuleName)"

if [ "$yes" != true ]; then
  what="stack $stack ($status)"
  [ "$delete_data" = false ] || what="$what and every object in s3://$bucket"
  answer=""
  read -r -p "Delete $what? Type the stack name to confirm: " answer || true
  [ "$answer" = "$stack" ] || die "not confirmed; nothing was deleted"
fi

# Nothing may start a worker while the stack goes: first the schedule, then the tasks already running.
if [ -n "$sweep" ]; then
  echo "==> disabling the sweep schedule $sweep"
  aws events disable-rule --name "$sweep"
fi
if [ -n "$cluster" ]; then
  tasks=()
  for task in $(aws ecs list-tasks --cluster "$cluster" --query 'taskArns[]' --output text); do
    [ "$task" = "None" ] && continue
    aws ecs stop-task --cluster "$cluster" --task "$task" --reason "teardown" >/dev/null
    tasks+=("$task")
  done
  if [ ${#tasks[@]} -gt 0 ]; then
    # A cluster with running tasks cannot be deleted, and a stopping worker still writes into the bucket.
    echo "==> waiting for ${#tasks[@]} task(s) to stop"
    for ((i = 0; i < ${#tasks[@]}; i += 100)); do
      aws ecs wait tasks-stopped --cluster "$cluster" --tasks "${tasks[@]:i:100}"
    done
  fi
fi

empty_bucket() {
  echo "==> emptying s3://$1 (every version and delete marker)"
  local page
  while :; do
    page="$(aws s3api list-object-versions --bucket "$1" --max-items 1000 --output json \
      --query '{Objects: [Versions[].{Key: Key, VersionId: VersionId}, DeleteMarkers[].{Key: Key, VersionId: VersionId}][]}')"
    case "$page" in *'"Key"'*) ;; *) break ;; esac
    aws s3api delete-objects --bucket "$1" --delete "$page" --output text --query 'Errors[].[Key,Message]' >&2
  done
  aws s3api list-multipart-uploads --bucket "$1" --query 'Uploads[].[Key,UploadId]' --output text |
    while read -r key upload; do
      if [ -z "$upload" ] || [ "$key" = "None" ]; then continue; fi
      aws s3api abort-multipart-upload --bucket "$1" --key "$key" --upload-id "$upload"
    done
}

bucket_exists=false
if [ -n "$bucket" ] && aws s3api head-bucket --bucket "$bucket" >/dev/null 2>&1; then bucket_exists=true; fi
if [ "$delete_data" = true ] && [ "$bucket_exists" = true ]; then
  empty_bucket "$bucket"
fi

echo "==> deleting stack $stack"
aws cloudformation delete-stack --stack-name "$stack"
aws cloudformation wait stack-delete-complete --stack-name "$stack"

if [ "$bucket_exists" = true ]; then
  if [ "$delete_data" = true ]; then
    # The template keeps the bucket (DeletionPolicy Retain), so it goes here, after the stack.
    empty_bucket "$bucket"
    aws s3api delete-bucket --bucket "$bucket"
    echo "==> deleted bucket $bucket"
  else
    # Kept with its videos; its events would only fail against the deleted Lambda.
    aws s3api put-bucket-notification-configuration --bucket "$bucket" --notification-configuration '{}'
    echo "==> kept s3://$bucket and its objects (deploy/teardown.sh --delete-data removes them)"
  fi
fi

if [ "$all" = true ]; then
  account="$(aws sts get-caller-identity --query Account --output text)"
  for repo in "$stack-worker" "$stack-portal"; do
    if aws ecr delete-repository --repository-name "$repo" --force >/dev/null 2>&1; then
      echo "==> deleted repository $repo"
    fi
  done
  for name in "/$stack/portal/admin-password-hash" "/$stack/portal/oidc-client-secret" "/$stack/events/webhook-secret"; do
    if aws ssm delete-parameter --name "$name" >/dev/null 2>&1; then echo "==> deleted SSM parameter $name"; fi
  done
  artifacts="$(printf '%s-artifacts-%s-%s' "$stack" "$account" "$region" | tr '[:upper:]' '[:lower:]')"
  if aws s3api head-bucket --bucket "$artifacts" >/dev/null 2>&1; then
    aws s3 rb "s3://$artifacts" --force >/dev/null && echo "==> deleted bucket $artifacts"
  fi
fi

echo "Stack $stack is gone."
