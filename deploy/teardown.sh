#!/usr/bin/env bash
# Removes a VideoWatermark stack: stops running workers, empties the bucket (videos, outputs, job records) and
# deletes the stack. The artifacts bucket and the ECR repositories stay unless --all is given.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: deploy/teardown.sh --region REGION [--stack NAME] [--all] [--yes]

Empties the stack's bucket (this deletes every video in it) and deletes the stack.
  --region REGION   AWS region (required; or set AWS_REGION)
  --stack NAME      stack name (default: videowatermark)
  --all             also delete the ECR repositories and the artifacts bucket deploy.sh created
  --yes             do not ask for confirmation
  -h, --help        this help
EOF
}

die() { echo "error: $*" >&2; exit 1; }

region="${AWS_REGION:-}"
stack="videowatermark"
all=false
yes=false
while [ $# -gt 0 ]; do
  case "$1" in
    --region) region="${2:?--region needs a value}"; shift 2 ;;
    --stack) stack="${2:?--stack needs a value}"; shift 2 ;;
    --all) all=true; shift ;;
    --yes|-y) yes=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done
[ -n "$region" ] || { usage >&2; die "--region is required"; }
export AWS_REGION="$region" AWS_DEFAULT_REGION="$region"
command -v aws >/dev/null 2>&1 || die "the AWS CLI is required"

output() {
  aws cloudformation describe-stacks --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}

bucket="$(output BucketName)" || die "no stack $stack in $region"
cluster="$(output ClusterName)"

if [ "$yes" != true ]; then
  answer=""
  read -r -p "Delete stack $stack and every object in s3://$bucket? Type the stack name to confirm: " answer || true
  [ "$answer" = "$stack" ] || die "not confirmed; nothing was deleted"
fi

# A cluster with running tasks cannot be deleted, and a running worker would write into the emptied bucket.
for task in $(aws ecs list-tasks --cluster "$cluster" --query 'taskArns[]' --output text); do
  [ "$task" = "None" ] && continue
  aws ecs stop-task --cluster "$cluster" --task "$task" --reason "teardown" >/dev/null
done

echo "==> emptying s3://$bucket"
aws s3 rm "s3://$bucket" --recursive --only-show-errors
aws s3api list-multipart-uploads --bucket "$bucket" --query 'Uploads[].[Key,UploadId]' --output text |
  while read -r key upload; do
    if [ -z "$upload" ] || [ "$key" = "None" ]; then continue; fi
    aws s3api abort-multipart-upload --bucket "$bucket" --key "$key" --upload-id "$upload"
  done

echo "==> deleting stack $stack"
aws cloudformation delete-stack --stack-name "$stack"
aws cloudformation wait stack-delete-complete --stack-name "$stack"

if [ "$all" = true ]; then
  account="$(aws sts get-caller-identity --query Account --output text)"
  for repo in "$stack-worker" "$stack-portal"; do
    if aws ecr delete-repository --repository-name "$repo" --force >/dev/null 2>&1; then
      echo "==> deleted repository $repo"
    fi
  done
  artifacts="$(printf '%s-artifacts-%s-%s' "$stack" "$account" "$region" | tr '[:upper:]' '[:lower:]')"
  if aws s3api head-bucket --bucket "$artifacts" >/dev/null 2>&1; then
    aws s3 rb "s3://$artifacts" --force >/dev/null && echo "==> deleted bucket $artifacts"
  fi
fi

echo "Stack $stack is gone."
