# shellcheck shell=bash disable=SC2034 # the variables set here are read by the scripts that source this file
# Shared by the benchmarks that run the built worker on a generated clip (split, fleet, template): checks the tools,
# enters WORK, publishes the worker (Release, Native AOT as the image has it; WORKER_DIR: a published worker to run
# instead) and generates the clip.
# Sourced, not run. Needs ROOT, WORK and SIZE set; the scripts' own tools go in EXTRA_TOOLS.

for tool in ffmpeg ffprobe dotnet jq /usr/bin/time ${EXTRA_TOOLS:-}; do
  command -v "$tool" >/dev/null || { echo "error: $tool is required (apt-get install ffmpeg jq time)" >&2; exit 1; }
done
mkdir -p "$WORK"
cd "$WORK" || exit 1
log() { printf '%s\n' "$*" | tee -a "$WORK/results.txt"; }

if [ -z "${WORKER_DIR:-}" ]; then
  echo "==> publishing the worker (Release, Native AOT as the image has it)"
  dotnet publish "$ROOT/src/VideoWatermark.Worker" -c Release --use-current-runtime -o "$WORK/worker" -v quiet -nologo >/dev/null
  WORKER_DIR="$WORK/worker"
fi
# A folder's own executable when it has one (Native AOT, or a self-contained build), else its DLL on dotnet.
if [ -x "$WORKER_DIR/VideoWatermark.Worker" ]; then WORKER=("$WORKER_DIR/VideoWatermark.Worker"); else WORKER=(dotnet "$WORKER_DIR/VideoWatermark.Worker.dll"); fi

# make_clip SECONDS: testsrc2 with a sine track at SIZE, 30 fps, a keyframe every 2 s, generated once into WORK;
# sets IN, its FRAMES and its AUDIO md5.
make_clip() {
  IN="in-${SIZE#*x}p-$1s.mp4"
  if [ ! -s "$IN" ]; then
    echo "==> generating $IN"
    ffmpeg -hide_banner -nostdin -loglevel error -y -f lavfi -i "testsrc2=size=$SIZE:rate=30:duration=$1" \
      -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$1" \
      -c:v libx264 -preset veryfast -crf 16 -g 60 -pix_fmt yuv420p -c:a aac -b:a 128k "$IN"
  fi
  FRAMES=$(ffprobe -v error -count_packets -select_streams v:0 -show_entries stream=nb_read_packets -of csv=p=0 "$IN")
  AUDIO=$(ffmpeg -v error -i "$IN" -map 0:a -c copy -f md5 -)
}

ssim() { ffmpeg -hide_banner -nostdin -i "$1" -i "$2" -lavfi '[0:v][1:v]ssim' -f null - 2>&1 | sed -n 's/.*SSIM .* All:\([0-9.]*\).*/\1/p' | tail -1; }
