#!/usr/bin/env bash
# Deploys VideoWatermark to AWS with one command: packages the dispatcher Lambda, builds and pushes the worker
# image (and the portal's, with --portal), and creates or updates the CloudFormation stack.
# Runs with macOS's bash 3.2 too: no associative arrays, no mapfile.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TEMPLATE="$ROOT/deploy/videowatermark.yaml"

usage() {
  cat <<'EOF'
Usage: deploy/deploy.sh --region REGION [options]
       deploy/deploy.sh --delete --region REGION [--stack NAME] [--delete-data] [--yes]

Creates or updates the VideoWatermark stack: S3 bucket, dispatcher Lambda, Fargate worker, and optionally the
portal behind a load balancer. Needs the AWS CLI (with credentials), the .NET SDK, zip, and Docker (with buildx).

Options:
  --region REGION          AWS region (required; or set AWS_REGION)
  --stack NAME             stack name (default: videowatermark)
  --bucket NAME            the pipeline's bucket (default: <stack>-<account>-<region>)
  --artifacts-bucket NAME  bucket for the Lambda package, created if missing (default: <stack>-artifacts-<account>-<region>)
  --arch ARCH              x86_64 (default) or arm64 (Graviton, cheaper) for the tasks and the Lambda
  --tag TAG                image tag (default: the git commit, else a timestamp); tasks run the pushed digest
  --spot                   run workers on Fargate Spot
  --alarm-email ADDRESS    send alarms (failed events, dispatcher errors, failed tasks) here; confirm the e-mail AWS sends
  --param KEY=VALUE        any other template parameter (repeatable), e.g. --param WorkerCpu=2048
  --webhook-url URL        send job.succeeded, job.failed and batch.completed here (https, repeatable); the signing
                           key: set the environment variable WEBHOOK_SECRET (stored as an SSM SecureString, kept for
                           later runs)
  --webhook-allow-private  let events go to private addresses (a receiver inside the VPC)
  --skip-images            reuse the images already pushed with --tag

The portal (--portal) needs HTTPS or an explicit --insecure-http, and a way to sign in:
  --portal                 also build the portal image and run the portal service behind a load balancer
  --domain NAME            the portal's host name (e.g. videos.example.org); point it at the load balancer afterwards
  --certificate ARN        ACM certificate for --domain in this region: HTTPS on 443, HTTP redirected there
  --insecure-http          no certificate: the portal on plain HTTP port 80, passwords and sessions in clear text
  --reset-admin-password   ask for the built-in admin's password again (it is asked for on the first --portal run)
  --oidc-authority URL     sign in with OpenID Connect instead of the built-in admin (client secret: set the
                           environment variable OIDC_CLIENT_SECRET; it is stored as an SSM SecureString)
  --oidc-client-id ID      the OpenID Connect client
  --oidc-admin-users LIST  comma-separated user names or e-mail addresses that are admins
  --oidc-admin-claim T=V   a claim that makes its holder an admin (e.g. groups=video-admins)
  --admin-password         with --oidc-authority: set up the built-in admin as well

  --delete                 stop the workers and delete the stack (same as deploy/teardown.sh)
  --delete-data            with --delete: also delete the bucket and every video in it
  --yes                    with --delete: do not ask for confirmation
  -h, --help               this help

The admin password is asked for twice on a terminal, or read as one line from standard input:
  printf '%s\n' "$PASSWORD" | deploy/deploy.sh --region eu-west-1 --portal --domain videos.example.org --certificate arn:...
EOF
}

die() { echo "error: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "$1 is required ($2)"; }

region="${AWS_REGION:-}"
stack="videowatermark"
bucket=""
artifacts=""
arch="x86_64"
tag=""
portal=false
domain=""
certificate=""
insecure_http=false
reset_admin_password=false
admin_password=""
oidc_authority=""
oidc_client_id=""
oidc_admin_users=""
oidc_admin_claim=""
alarm_email=""
webhook_urls=""
webhook_allow_private=false
spot=false
skip_images=false
delete=false
delete_data=false
yes=false
extra_params=()

while [ $# -gt 0 ]; do
  case "$1" in
    --region) region="${2:?--region needs a value}"; shift 2 ;;
    --stack) stack="${2:?--stack needs a value}"; shift 2 ;;
    --bucket) bucket="${2:?--bucket needs a value}"; shift 2 ;;
    --artifacts-bucket) artifacts="${2:?--artifacts-bucket needs a value}"; shift 2 ;;
    --arch) arch="${2:?--arch needs a value}"; shift 2 ;;
    --tag) tag="${2:?--tag needs a value}"; shift 2 ;;
    --portal) portal=true; shift ;;
    --domain) domain="${2:?--domain needs a value}"; shift 2 ;;
    --certificate) certificate="${2:?--certificate needs a value}"; shift 2 ;;
    --insecure-http) insecure_http=true; shift ;;
    --reset-admin-password) reset_admin_password=true; shift ;;
    --admin-password) admin_password=true; shift ;;
    --oidc-authority) oidc_authority="${2:?--oidc-authority needs a value}"; shift 2 ;;
    --oidc-client-id) oidc_client_id="${2:?--oidc-client-id needs a value}"; shift 2 ;;
    --oidc-admin-users) oidc_admin_users="${2:?--oidc-admin-users needs a value}"; shift 2 ;;
    --oidc-admin-claim) oidc_admin_claim="${2:?--oidc-admin-claim needs a value}"; shift 2 ;;
    --alarm-email) alarm_email="${2:?--alarm-email needs a value}"; shift 2 ;;
    --webhook-url) webhook_urls="${webhook_urls:+$webhook_urls,}${2:?--webhook-url needs a value}"; shift 2 ;;
    --webhook-allow-private) webhook_allow_private=true; shift ;;
    --spot) spot=true; shift ;;
    --param) extra_params+=("${2:?--param needs KEY=VALUE}"); shift 2 ;;
    --skip-images) skip_images=true; shift ;;
    --delete) delete=true; shift ;;
    --delete-data) delete_data=true; shift ;;
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
  [ "$delete_data" = true ] && teardown_args+=(--delete-data)
  exec "$ROOT/deploy/teardown.sh" "${teardown_args[@]}"
fi

case "$arch" in
  x86_64) docker_arch=amd64 ;;
  arm64) docker_arch=arm64 ;;
  *) die "--arch must be x86_64 or arm64" ;;
esac

if [ "$portal" = true ]; then
  if [ -n "$certificate" ]; then
    [ -n "$domain" ] || die "--certificate needs --domain, the name the certificate is for"
    [ "$insecure_http" = false ] || die "--certificate and --insecure-http contradict each other"
  elif [ "$insecure_http" = false ]; then
    die "--portal needs HTTPS (--domain NAME --certificate ARN) or, knowingly, --insecure-http (passwords in clear text)"
  fi
  if [ -n "$oidc_authority" ]; then
    [ -n "$oidc_client_id" ] || die "--oidc-authority needs --oidc-client-id"
    [ -n "$oidc_admin_users$oidc_admin_claim" ] || echo "note: no --oidc-admin-users or --oidc-admin-claim: nobody signing in with OpenID Connect is an admin" >&2
  fi
  if [ -z "$admin_password" ]; then
    if [ -z "$oidc_authority" ]; then admin_password=true; else admin_password=false; fi
  fi
else
  if [ -n "$domain$certificate$oidc_authority" ] || [ "$insecure_http" = true ]; then
    die "--domain, --certificate, --insecure-http and --oidc-* go with --portal"
  fi
  admin_password=false
fi

# Every template parameter with its default; each run passes all of them, so nothing sticks from an earlier run.
template_defaults() {
  awk '
    /^Parameters:/ { inside = 1; next }
    inside && /^[^ #]/ { inside = 0 }
    inside && /^  [A-Za-z0-9]+:/ { if (name != "") print name "=" value; name = $1; sub(/:$/, "", name); value = ""; next }
    inside && /^    Default:/ { value = $0; sub(/^    Default: */, "", value); gsub(/^'\''|'\''$/, "", value) }
    END { if (name != "") print name "=" value }
  ' "$TEMPLATE"
}
params=()
while IFS= read -r line; do params+=("$line"); done < <(template_defaults)
set_param() {
  local i
  for i in "${!params[@]}"; do
    if [ "${params[$i]%%=*}" = "$1" ]; then params[i]="$1=$2"; return 0; fi
  done
  die "$1 is not a parameter of $(basename "$TEMPLATE")"
}
has_param() {
  local kv
  for kv in "${params[@]}"; do [ "${kv%%=*}" != "$1" ] || return 0; done
  return 1
}
for kv in ${extra_params[@]+"${extra_params[@]}"}; do
  case "$kv" in *=*) ;; *) die "--param needs KEY=VALUE, got '$kv'" ;; esac
  has_param "${kv%%=*}" || die "${kv%%=*} is not a parameter of $(basename "$TEMPLATE")"
done

need aws "the AWS CLI"
need dotnet "the .NET SDK"
need zip "apt-get install zip"
[ "$skip_images" = true ] || need docker "Docker, to build the images"
if command -v sha256sum >/dev/null 2>&1; then sha256() { sha256sum "$1" | cut -c1-16; }
else need shasum "to name the Lambda package by its content"; sha256() { shasum -a 256 "$1" | cut -c1-16; }
fi

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

# --- the stack's state: a stack whose creation rolled back can only be deleted, not updated
status="$(aws cloudformation describe-stacks --stack-name "$stack" --query 'Stacks[0].StackStatus' --output text 2>/dev/null || echo NONE)"
case "$status" in
  ROLLBACK_COMPLETE)
    echo "==> stack $stack failed to create earlier (ROLLBACK_COMPLETE); deleting it before deploying again"
    aws cloudformation delete-stack --stack-name "$stack"
    aws cloudformation wait stack-delete-complete --stack-name "$stack"
    status=NONE ;;
  *_IN_PROGRESS) die "stack $stack is busy ($status); wait for it to finish and run again" ;;
esac
# The bucket outlives its stack (DeletionPolicy Retain): a new stack cannot create it again under the same name.
if [ "$status" = NONE ] && aws s3api head-bucket --bucket "$bucket" >/dev/null 2>&1; then
  if [ "$(aws s3api list-object-versions --bucket "$bucket" --max-items 1 --query 'length([Versions,DeleteMarkers][])' --output text 2>/dev/null || echo 1)" = 0 ]; then
    echo "==> removing the empty bucket $bucket left by an earlier stack"
    aws s3api delete-bucket --bucket "$bucket"
  else
    die "bucket $bucket already exists with objects in it (kept by an earlier teardown): use --bucket OTHER, or delete it with deploy/teardown.sh --delete-data"
  fi
fi

# --- a fresh account has no ECS service-linked role, and a cluster with capacity providers cannot start without it
if ! aws iam get-role --role-name AWSServiceRoleForECS >/dev/null 2>&1; then
  echo "==> creating the ECS service-linked role"
  if ! out="$(aws iam create-service-linked-role --aws-service-name ecs.amazonaws.com 2>&1)"; then
    case "$out" in *"has been taken"*) ;; *) die "could not create the ECS service-linked role: $out" ;; esac
  fi
fi

# --- the portal's way in, asked for before the long builds
admin_parameter=""
oidc_secret_parameter=""
if [ "$admin_password" = true ]; then
  admin_parameter="/$stack/portal/admin-password-hash"
  if [ "$reset_admin_password" = true ] || ! aws ssm get-parameter --name "$admin_parameter" --query Parameter.Name --output text >/dev/null 2>&1; then
    echo "==> the portal's admin password (user admin)"
    dotnet build "$ROOT/src/VideoWatermark.Portal" -c Release -nologo -v quiet >&2
    # A throw-away data folder: the command also writes the hash there, and this machine's portal is not the one set up.
    hash="$(VideoWatermark__DataDir="$work/portal-data" dotnet run --project "$ROOT/src/VideoWatermark.Portal" -c Release --no-build --no-launch-profile -- set-admin-password)" \
      || die "the admin password was not set"
    [ -n "$hash" ] || die "set-admin-password printed no hash"
    aws ssm put-parameter --name "$admin_parameter" --type SecureString --overwrite --value "$hash" \
      --description "VideoWatermark portal admin password hash ($stack)" >/dev/null
  else
    echo "==> the admin password is set already (SSM $admin_parameter); --reset-admin-password changes it"
  fi
fi
if [ -n "$oidc_authority" ] && [ -n "${OIDC_CLIENT_SECRET:-}" ]; then
  oidc_secret_parameter="/$stack/portal/oidc-client-secret"
  aws ssm put-parameter --name "$oidc_secret_parameter" --type SecureString --overwrite --value "$OIDC_CLIENT_SECRET" \
    --description "VideoWatermark portal OpenID Connect client secret ($stack)" >/dev/null
fi

# --- the events' signing key: kept in SSM (ECS hands it to the tasks, the Lambda reads it), never a stack parameter
webhook_secret_parameter=""
if [ -n "${WEBHOOK_SECRET:-}" ]; then
  webhook_secret_parameter="/$stack/events/webhook-secret"
  aws ssm put-parameter --name "$webhook_secret_parameter" --type SecureString --overwrite --value "$WEBHOOK_SECRET" \
    --description "VideoWatermark webhook signing key ($stack)" >/dev/null
elif aws ssm get-parameter --name "/$stack/events/webhook-secret" --query Parameter.Name --output text >/dev/null 2>&1; then
  webhook_secret_parameter="/$stack/events/webhook-secret"
fi
if [ -n "$webhook_urls" ] && [ -z "$webhook_secret_parameter" ]; then
  die "--webhook-url needs a signing key: set WEBHOOK_SECRET (it is stored as an SSM SecureString)"
fi

# --- the dispatcher's package, content-addressed so CloudFormation sees every change
if ! aws s3api head-bucket --bucket "$artifacts" >/dev/null 2>&1; then
  echo "==> creating artifacts bucket $artifacts"
  if [ "$region" = "us-east-1" ]; then
    aws s3api create-bucket --bucket "$artifacts" >/dev/null
  else
    aws s3api create-bucket --bucket "$artifacts" --create-bucket-configuration "LocationConstraint=$region" >/dev/null
  fi
fi
# Applied on every run, so an artifacts bucket from an older deploy.sh gets them too.
aws s3api put-public-access-block --bucket "$artifacts" \
  --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
aws s3api put-bucket-policy --bucket "$artifacts" --policy "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyInsecureTransport\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::$artifacts\",\"arn:aws:s3:::$artifacts/*\"],\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}"
# Lambda keeps its own copy of the code; an old package is only read again to roll an update back.
aws s3api put-bucket-lifecycle-configuration --bucket "$artifacts" --lifecycle-configuration \
  '{"Rules":[{"ID":"old-dispatcher-packages","Status":"Enabled","Filter":{"Prefix":"dispatcher/"},"Expiration":{"Days":90}}]}'

echo "==> publishing the dispatcher Lambda"
dotnet publish "$ROOT/src/VideoWatermark.Dispatcher" -c Release -o "$work/dispatcher" --nologo -v quiet
(cd "$work/dispatcher" && zip -q -r -X "$work/dispatcher.zip" .)
code_key="dispatcher/VideoWatermark.Dispatcher-$(sha256 "$work/dispatcher.zip").zip"
aws s3 cp "$work/dispatcher.zip" "s3://$artifacts/$code_key" --only-show-errors

# --- images, run by digest: a re-push of one tag is a new digest, so the task definitions change and redeploy
ensure_repository() {
  aws ecr describe-repositories --repository-names "$1" --query 'repositories[0].repositoryUri' --output text 2>/dev/null \
    || aws ecr create-repository --repository-name "$1" --image-scanning-configuration scanOnPush=true \
      --query 'repository.repositoryUri' --output text
}
pushed_digest() {
  aws ecr describe-images --repository-name "$1" --image-ids "imageTag=$tag" --query 'imageDetails[0].imageDigest' --output text
}
# A base image's tag with the digest it names today, so the build uses exactly the bytes it resolved.
pinned() {
  local digest
  digest="$(docker buildx imagetools inspect "$1" --format '{{.Manifest.Digest}}')" || die "cannot resolve $1 in its registry"
  case "$digest" in sha256:*) echo "$1@$digest" ;; *) die "no digest for $1: $digest" ;; esac
}
build_and_push() { # repository uri, Dockerfile, SDK image, runtime image
  echo "==> building and pushing $1:$tag for linux/$docker_arch"
  docker build --platform "linux/$docker_arch" \
    --build-arg "SDK_IMAGE=$(pinned "$3")" \
    --build-arg "RUNTIME_IMAGE=$(pinned "$4")" \
    -f "$2" -t "$1:$tag" "$ROOT"
  docker push "$1:$tag"
}

worker_repo="$stack-worker"
portal_repo="$stack-portal"
if [ "$skip_images" = false ]; then
  worker_uri="$(ensure_repository "$worker_repo")"
  aws ecr get-login-password | docker login --username AWS --password-stdin "${worker_uri%%/*}"
  build_and_push "$worker_uri" "$ROOT/Dockerfile.worker" mcr.microsoft.com/dotnet/sdk:10.0 debian:bookworm-slim
  if [ "$portal" = true ]; then
    build_and_push "$(ensure_repository "$portal_repo")" "$ROOT/deploy/Dockerfile.portal" \
      mcr.microsoft.com/dotnet/sdk:10.0 debian:bookworm-slim
  fi
fi
worker_digest="$(pushed_digest "$worker_repo")"
[[ "$worker_digest" == sha256:* ]] || die "no worker image tagged $tag in $worker_repo"
portal_digest=""
if [ "$portal" = true ]; then
  portal_digest="$(pushed_digest "$portal_repo")"
  [[ "$portal_digest" == sha256:* ]] || die "no portal image tagged $tag in $portal_repo"
fi

# --- reserved concurrency only where the account has room: AWS keeps 100 executions unreserved, and a new
# account's whole limit is 10
reserved=0
limit="$(aws lambda get-account-settings --query 'AccountLimit.ConcurrentExecutions' --output text 2>/dev/null || echo 0)"
if [[ "$limit" =~ ^[0-9]+$ ]] && [ "$limit" -ge 120 ]; then reserved=20; fi

# --- the stack
set_param BucketName "$bucket"
set_param ArtifactsBucket "$artifacts"
set_param DispatcherCodeKey "$code_key"
set_param Architecture "$arch"
set_param WorkerRepository "$worker_repo"
set_param WorkerImageDigest "$worker_digest"
set_param PortalRepository "$portal_repo"
set_param PortalImageDigest "$portal_digest"
set_param PortalDomainName "$domain"
set_param PortalCertificateArn "$certificate"
set_param PortalAllowInsecureHttp "$insecure_http"
set_param PortalAdminPasswordParameter "$admin_parameter"
set_param PortalOidcAuthority "$oidc_authority"
set_param PortalOidcClientId "$oidc_client_id"
set_param PortalOidcClientSecretParameter "$oidc_secret_parameter"
set_param PortalOidcAdminUsers "$oidc_admin_users"
set_param PortalOidcAdminClaim "$oidc_admin_claim"
set_param UseFargateSpot "$spot"
set_param AlarmEmail "$alarm_email"
set_param WebhookUrls "$webhook_urls"
set_param WebhookSecretParameter "$webhook_secret_parameter"
set_param WebhookAllowPrivateTargets "$webhook_allow_private"
set_param DispatcherReservedConcurrency "$reserved"
for kv in ${extra_params[@]+"${extra_params[@]}"}; do set_param "${kv%%=*}" "${kv#*=}"; done

if [ "$portal" = true ] && [ "$insecure_http" = true ]; then
  echo "WARNING: --insecure-http: the portal is plain HTTP. Passwords, session cookies and signed URLs cross the" >&2
  echo "WARNING: network unencrypted; anyone on the path can read them. Use --domain and --certificate for real use." >&2
fi

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
  if [ -n "$domain" ]; then
    echo "            point $domain at $(output PortalLoadBalancerDnsName) (CNAME, or a Route 53 alias)"
  fi
  [ "$admin_password" = false ] || echo "            sign in as admin with the password you gave"
fi
echo "Failed S3 events (if any) wait in: $(output FailedEventsQueueUrl)"
