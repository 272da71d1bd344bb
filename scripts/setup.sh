#!/usr/bin/env bash
# Installs what building and testing need, from Debian's archive only. Idempotent: packages
# already present are left alone and apt is not touched at all when nothing is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)

packages=(
  build-essential cmake ninja-build pkg-config   # native toolchain
  clang-14 libfuzzer-14-dev                       # the fuzz targets (tests/fuzz/)
  emscripten                                      # WASM toolchain (3.1.6)
  nodejs                                          # runs the WASM tests
  chromium                                        # headless browser for the browser app's tests
  libstb-dev nlohmann-json3-dev                   # the colour core's two (header-only) dependencies
  googletest                                      # GoogleTest sources, built for native and WASM
  libcli11-dev                                    # trainer command line
  python3-onnx                                    # ONNX checker for the exporter's tests
  libtorch-dev                                    # the trainer's LibTorch (CPU, 1.13)
  libgloo-dev                                     # Gloo's headers, for data-parallel training on c10d
  python3-torch                                   # torchrun, one launcher of data-parallel runs
  libopenblas0-openmp                             # fast GEMM for LibTorch (the default netlib BLAS is ~10x slower)
  libcurl4-openssl-dev libarchive-dev libssl-dev  # CIFAR-10 download, extraction, md5
  libjpeg62-turbo-dev libpng-dev                  # the core's JPEG and PNG decoders
  dpkg-dev                                        # unpacks their sources (the browser's build)
)

missing=()
for package in "${packages[@]}"; do
  # nodejs may come from another archive already; any node >= 18 will do.
  if [[ $package == nodejs ]] && command -v node >/dev/null; then continue; fi
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
  "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all packages present"
fi

# Debian's source archive (deb-src), for the sources the browser build compiles with emcc.
ensure_deb_src() {
  apt-cache showsrc "$1" >/dev/null 2>&1 && return
  echo "setup: adding Debian's source archive (deb-src)"
  printf '%s\n' 'Types: deb-src' 'URIs: http://deb.debian.org/debian' 'Suites: bookworm' \
    'Components: main' 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' |
    "${sudo_cmd[@]}" tee /etc/apt/sources.list.d/debian-src.sources >/dev/null
  "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
}

# Dear ImGui's sources for the browser app come from Debian's imgui source package, unpacked into
# build/ (never committed).
imgui_dir=build/imgui
if [[ ! -f $imgui_dir/imgui.cpp ]]; then
  ensure_deb_src imgui
  download=$(mktemp -d)
  (cd "$download" && apt-get source --download-only -qq imgui)
  mkdir -p "$imgui_dir"
  tar -xf "$download"/imgui_*.orig.tar.* -C "$imgui_dir" --strip-components=1
  rm -rf "$download"
  echo "setup: imgui sources in $imgui_dir"
fi

# The JPEG and PNG decoders' sources (libjpeg-turbo, libpng, zlib) for the browser build, with
# Debian's patches applied (dpkg-source), unpacked into build/ (never committed). Native builds
# link the installed libraries of the same versions.
unpack_patched_source() {  # <source package> <folder under build/> <a file the folder must hold>
  [[ -f build/$2/$3 ]] && return
  ensure_deb_src "$1"
  local download
  download=$(mktemp -d)
  (cd "$download" && apt-get source -qq "$1" >/dev/null 2>&1)
  rm -rf "build/$2"
  mkdir -p build
  mv "$(find "$download" -mindepth 1 -maxdepth 1 -type d | head -n 1)" "build/$2"
  rm -rf "$download"
  echo "setup: $1 sources (Debian's patches applied) in build/$2"
}
unpack_patched_source libjpeg-turbo libjpeg-turbo jdapimin.c
unpack_patched_source libpng1.6 libpng png.c
unpack_patched_source zlib zlib inflate.c

# Example photos for the app's start screen, from Debian's scikit-image package (its test data):
# extracted into build/examples without installing the package and its Python dependencies.
examples_dir=build/examples
if [[ ! -f $examples_dir/CREDITS.txt ]]; then
  download=$(mktemp -d)
  trap 'rm -rf "$download"' EXIT
  # apt-get download needs the package lists, which a fresh image may not have yet.
  if ! (cd "$download" && apt-get download -qq python3-skimage); then
    echo "setup: updating the package lists to download python3-skimage"
    "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
    (cd "$download" && apt-get download -qq python3-skimage)
  fi
  dpkg-deb -x "$download"/python3-skimage_*.deb "$download/extracted"
  data=$download/extracted/usr/lib/python3/dist-packages/skimage/data
  mkdir -p "$examples_dir"
  cp "$data/chelsea.png" "$examples_dir/cat.png"
  cp "$data/coffee.png" "$examples_dir/coffee.png"
  cp "$data/astronaut.png" "$examples_dir/astronaut.png"
  cp "$data/rocket.jpg" "$examples_dir/rocket.jpg"
  cat >"$examples_dir/CREDITS.txt" <<'CREDITS'
Example photos, from scikit-image's data (Debian package python3-skimage):
cat.png        "chelsea", Stefan van der Walt, CC0
coffee.png     Rachel Michetti, CC0
astronaut.png  Eileen Collins, NASA, public domain
rocket.jpg     SpaceX, public domain
CREDITS
  rm -rf "$download"
  trap - EXIT
  echo "setup: example photos in $examples_dir"
fi

# JavaScript dependencies (ONNX Runtime Web for the exporter's parity tests), pinned by
# package-lock.json; npm runs only when the lock file changed since the last install.
if ! cmp -s package-lock.json node_modules/.installed-lock.json 2>/dev/null; then
  command -v npm >/dev/null ||
    "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends npm
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.installed-lock.json
else
  echo "setup: node_modules up to date"
fi
