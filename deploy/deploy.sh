#!/usr/bin/env bash
# Deploys VideoWatermark to AWS with one command: packages the dispatcher Lambda, builds and pushes the worker
# image (and the portal's, with --portal), and creates or updates the CloudFormation stack.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TEMPLATE="$ROOT/deploy/videowatermark.yaml"

usage() {
  cat <<'EOF'
Usage: deploy/deploy.sh --region REGION [options]
       deploy/deploy.sh --delete --region REGION [--stack NAME] [--yes]

Creates or updates the VideoWatermark stack: S3 bucket, dispatcher Lambda, Fargate worker, and optionally the
portal behind a load balancer. Needs the AWS CLI (with credentials), the .NET SDK, zip, and Docker.

Options:
  --region REGION          AWS region (required; or set AWS_REGION)
  --stack NAME             stack name (default: videowatermark)
  --bucket NAME            the pipeline's bucket (default: <stack>-<account>-<region>)
  --artifacts-bucket NAME  bucket for the Lambda package, created if missing (default: <stack>-artifacts-<account>-<region>)
  --tag TAG                image tag (default: the git commit, else a timestamp)
  --portal                 also build the portal image and run the portal service behind a load balancer
  --certificate ARN        ACM certificate for HTTPS on the portal's load balancer
  --spot                   run workers on Fargate Spot
  --param KEY=VALUE        any other template parameter (repeatable), e.g. --param WorkerCpu=1024
  --skip-images            reuse the images already pushed with --tag
  --delete                 empty the bucket and delete the stack (same as deploy/teardown.sh)
  --yes                    with --delete: do not ask for confirmation
  -h, --help               this help
EOF
}

die() { echo "error: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "$1 is required ($2)"; }

region="${AWS_REGION:-}"
stack="videowatermark"
bucket=""
artifacts=""
tag=""
portal=false
certificate=""
spot=false
skip_images=false
delete=false
yes=false
extra_params=()

while [ $# -gt 0 ]; do
  case "$1" in
    --region) region="${2:?--region needs a value}"; shift 2 ;;
    --stack) stack="${2:?--stack needs a value}"; shift 2 ;;
    --bucket) bucket="${2:?--bucket needs a value}"; shift 2 ;;
    --artifacts-bucket) artifacts="${2:?--artifacts-bucket needs a value}"; shift 2 ;;
    --tag) tag="${2:?--tag needs a value}"; shift 2 ;;
    --portal) portal=true; shift ;;
    --certificate) certificate="${2:?--certificate needs a value}"; shift 2 ;;
    --spot) spot=true; shift ;;
    --param) extra_params+=("${2:?--param needs KEY=VALUE}"); shift 2 ;;
    --skip-images) skip_images=true; shift ;;
    --delete) delete=true; shift ;;
    --yes|-y) yes=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done

[ -n "$region" ] || { usage >&2; die "--region is required"; }
# The stack name also names the bucket, the repositories and the Lambda (at most 64 characters with "-dispatcher").
[[ "$stack" =~ ^[a-z][a-z0-9-]{0,39}$ ]] || die "--stack must be lower-case letters, digits and '-', at most 40 characters"
export AWS_REGION="$region" AWS_DEFAULT_REGION="$region"

if [ "$delete" = true ]; then
  teardown_args=(--region "$region" --stack "$stack")
  [ "$yes" = true ] && teardown_args+=(--yes)
  exec "$ROOT/deploy/teardown.sh" "${teardown_args[@]}"
fi

need aws "the AWS CLI"
need dotnet "the .NET SDK"
need zip "apt-get install zip"
[ "$skip_images" = true ] || need docker "Docker, to build the worker image"

account="$(aws sts get-caller-identity --query Account --output text)"
[ -n "$account" ] || die "no AWS credentials: run 'aws configure' or set AWS_PROFILE"
lower() { tr '[:upper:]' '[:lower:]'; }
[ -n "$bucket" ] || bucket="$(printf '%s-%s-%s' "$stack" "$account" "$region" | lower)"
[ -n "$artifacts" ] || artifacts="$(printf '%s-artifacts-%s-%s' "$stack" "$account" "$region" | lower)"
if [ -z "$tag" ]; then
  tag="$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null || date -u +%Y%m%d%H%M%S)"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "==> stack $stack in $region (account $account), bucket $bucket"

# --- the dispatcher's package, content-addressed so CloudFormation sees every change
if ! aws s3api head-bucket --bucket "$artifacts" >/dev/null 2>&1; then
  echo "==> creating artifacts bucket $artifacts"
  if [ "$region" = "us-east-1" ]; then
    aws s3api create-bucket --bucket "$artifacts" >/dev/null
  else
    aws s3api create-bucket --bucket "$artifacts" --create-bucket-configuration "LocationConstraint=$region" >/dev/null
  fi
  aws s3api put-public-access-block --bucket "$artifacts" \
    --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
fi

echo "==> publishing the dispatcher Lambda"
dotnet publish "$ROOT/src/VideoWatermark.Dispatcher" -c Release -o "$work/dispatcher" --nologo -v quiet
(cd "$work/dispatcher" && zip -q -r -X "$work/dispatcher.zip" .)
digest="$(sha256sum "$work/dispatcher.zip" | cut -c1-16)"
code_key="dispatcher/VideoWatermark.Dispatcher-$digest.zip"
aws s3 cp "$work/dispatcher.zip" "s3://$artifacts/$code_key" --only-show-errors

# --- images
ensure_repository() {
  aws ecr describe-repositories --repository-names "$1" --query 'repositories[0].repositoryUri' --output text 2>/dev/null \
    || aws ecr create-repository --repository-name "$1" --image-scanning-configuration scanOnPush=true \
      --query 'repository.repositoryUri' --output text
}

worker_repo="$stack-worker"
portal_repo="$stack-portal"
if [ "$skip_images" = false ]; then
  worker_uri="$(ensure_repository "$worker_repo")"
  aws ecr get-login-password | docker login --username AWS --password-stdin "${worker_uri%%/*}"
  echo "==> building and pushing $worker_uri:$tag"
  docker build --platform linux/amd64 -f "$ROOT/Dockerfile.worker" -t "$worker_uri:$tag" "$ROOT"
  docker push "$worker_uri:$tag"
  if [ "$portal" = true ]; then
    portal_uri="$(ensure_repository "$portal_repo")"
    echo "==> building and pushing $portal_uri:$tag"
    docker build --platform linux/amd64 -f "$ROOT/deploy/Dockerfile.portal" -t "$portal_uri:$tag" "$ROOT"
    docker push "$portal_uri:$tag"
  fi
fi

# --- the stack
params=(
  "BucketName=$bucket"
  "ArtifactsBucket=$artifacts"
  "DispatcherCodeKey=$code_key"
  "WorkerRepository=$worker_repo"
  "WorkerImageTag=$tag"
  "PortalRepository=$portal_repo"
)
if [ "$portal" = true ]; then params+=("PortalImageTag=$tag"); else params+=("PortalImageTag="); fi
[ -n "$certificate" ] && params+=("PortalCertificateArn=$certificate")
[ "$spot" = true ] && params+=("UseFargateSpot=true")
params+=(${extra_params[@]+"${extra_params[@]}"})

echo "==> deploying the CloudFormation stack"
aws cloudformation deploy \
  --stack-name "$stack" \
  --template-file "$TEMPLATE" \
  --capabilities CAPABILITY_NAMED_IAM \
  --no-fail-on-empty-changeset \
  --parameter-overrides "${params[@]}"

output() {
  aws cloudformation describe-stacks --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}

# The dispatcher's default watermark (WATERMARK_PATH); an existing one is left as the owner made it.
if ! aws s3api head-object --bucket "$bucket" --key watermarks/watermark.png >/dev/null 2>&1; then
  echo "==> uploading the default watermark"
  aws s3 cp "$ROOT/src/VideoWatermark.Core/Assets/watermark.png" "s3://$bucket/watermarks/watermark.png" --only-show-errors
fi

echo
echo "Bucket:     $(output BucketName)"
echo "            upload .mp4 files to s3://$bucket/unprocessed-videos/ and find watermark-<name> at the bucket root"
if [ "$portal" = true ]; then
  echo "Portal:     $(output PortalUrl)"
fi
echo "Failed S3 events (if any) wait in: $(output FailedEventsQueueUrl)"
