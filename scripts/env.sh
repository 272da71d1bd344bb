# Environment for Debian's Emscripten (sourced by the other scripts).
export NODE_PATH=/usr/share/nodejs    # emcc's optimiser needs Debian's acorn
export EMSDK_PYTHON=/usr/bin/python3  # the first python3 on PATH may be another one
