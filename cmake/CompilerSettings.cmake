# Warnings, sanitizers and Emscripten flags shared by every target of the project.
add_library(tint_compile_options INTERFACE)
target_compile_options(tint_compile_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wnull-dereference -Wformat=2
  # No fused multiply-add contraction: native and WASM builds must round identically.
  -ffp-contract=off)
if(TINT_WERROR)
  target_compile_options(tint_compile_options INTERFACE -Werror)
endif()

if(TINT_SANITIZE)
  target_compile_options(tint_compile_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(tint_compile_options INTERFACE -fsanitize=address,undefined)
endif()

if(TINT_FUZZ)
  # Coverage for libFuzzer in everything the targets link (the core and stb inside it).
  target_compile_options(tint_compile_options INTERFACE -fsanitize=fuzzer-no-link)
endif()

if(EMSCRIPTEN)
  # Native WebAssembly exceptions for everything compiled (GoogleTest too): the core reports bad
  # input by throwing.
  add_compile_options(-fwasm-exceptions -msimd128)
  add_link_options(-fwasm-exceptions -sALLOW_MEMORY_GROWTH=1)
endif()
