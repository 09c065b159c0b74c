# Installs what the product and its tests need, only when it is missing. Sourced by run.sh and test.sh.
# Everything comes from Debian's packages and the npm registry; nothing downloads a binary at run time.

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    echo "error: '$*' needs root; run it as root or install sudo" >&2; return 1; fi
}

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_ffmpeg() {
  if ! command -v ffmpeg >/dev/null 2>&1 || ! command -v ffprobe >/dev/null 2>&1; then
    echo "==> installing ffmpeg (Debian package)"
    apt_install ffmpeg
  fi
  ensure_fonts
}

# Text layers are drawn by the engine (SkiaSharp over fontconfig), never by ffmpeg: these cover Latin, Greek,
# Cyrillic, Arabic, Hebrew, Devanagari, CJK and emoji. Dockerfile.worker and deploy/Dockerfile.portal install the same list.
FONT_PACKAGES=(fontconfig fonts-dejavu-core fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji)
ensure_fonts() {
  ensure_packages "fonts for text layers" "${FONT_PACKAGES[@]}"
}

# ensure_packages WHAT PACKAGE…: installs those of the Debian packages that are not installed yet, saying what for.
ensure_packages() {
  local what="$1" missing=() pkg
  shift
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> installing $what (Debian packages: ${missing[*]})"
    apt_install "${missing[@]}"
  fi
}

# What a Native AOT publish of the worker needs (the image tests publish it as Dockerfile.worker's build stage does,
# and check this machine has the packages that stage installs): clang compiles and links the native executable,
# zlib1g-dev is the zlib it links against. Dockerfile.worker's build stage installs the same two.
AOT_PACKAGES=(clang zlib1g-dev)
ensure_aot_toolchain() {
  ensure_packages "the Native AOT toolchain for the worker image tests" "${AOT_PACKAGES[@]}"
}

ensure_deploy_tools() {
  local missing=()
  command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
  command -v zip >/dev/null 2>&1 || missing+=(zip)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> installing ${missing[*]} (Debian packages) for the deploy script tests"
    apt_install "${missing[@]}"
  fi
  # AWS's own CloudFormation linter; Debian does not package it.
  if ! command -v cfn-lint >/dev/null 2>&1; then
    command -v pip3 >/dev/null 2>&1 || apt_install python3-pip
    echo "==> installing cfn-lint (pip, for this user) for the template tests"
    pip3 install --user --quiet cfn-lint 2>/dev/null || pip3 install --user --quiet --break-system-packages cfn-lint
    case ":$PATH:" in *":$HOME/.local/bin:"*) ;; *) export PATH="$HOME/.local/bin:$PATH" ;; esac
  fi
}

pip_user_install() {
  command -v pip3 >/dev/null 2>&1 || apt_install python3-pip
  pip3 install --user --quiet "$@" 2>/dev/null || pip3 install --user --quiet --break-system-packages "$@"
  case ":$PATH:" in *":$HOME/.local/bin:"*) ;; *) export PATH="$HOME/.local/bin:$PATH" ;; esac
}

# The drop tests use the real AWS CLI as the S3 client, and moto's S3 server as a second S3 implementation (it
# enforces If-Match/If-None-Match, which s3rver ignores). Neither is packaged by Debian in a usable version.
ensure_s3_test_tools() {
  if ! command -v aws >/dev/null 2>&1; then
    echo "==> installing the AWS CLI (pip, for this user) for the drop tests"
    pip_user_install awscli
  fi
  if ! command -v moto_server >/dev/null 2>&1; then
    echo "==> installing moto's S3 server (pip, for this user) for the storage and drop tests"
    pip_user_install 'moto[server]'
  fi
}

ensure_chromium() {
  if ! command -v chromium >/dev/null 2>&1; then
    echo "==> installing chromium (Debian package) for the browser tests"
    apt_install chromium fonts-dejavu-core
  fi
}

ensure_node_packages() {
  if ! command -v npm >/dev/null 2>&1; then
    echo "==> installing node and npm (Debian packages)"
    apt_install nodejs npm
  fi
  local dir="$1"
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "==> installing node packages in ${dir#"$ROOT"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "error: the .NET 10 SDK is required (see global.json)" >&2
    return 1
  fi
}
