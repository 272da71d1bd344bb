# The core's JPEG and PNG decoders: Debian's libjpeg-turbo and libpng (with zlib). Native builds
# link the installed libraries; the WebAssembly build (and a native one with TINT_CODECS_FROM_SOURCE, for
# a machine without the -dev packages) compiles Debian's sources of the same versions, security
# patches applied, which scripts/setup.sh unpacks into build/. Defines tint_image_codecs.
option(TINT_CODECS_FROM_SOURCE
       "Build libjpeg-turbo, libpng and zlib from Debian's sources in build/" OFF)
add_library(tint_image_codecs INTERFACE)

if(NOT EMSCRIPTEN AND NOT TINT_CODECS_FROM_SOURCE)
  find_package(JPEG REQUIRED)
  find_package(PNG REQUIRED)
  target_link_libraries(tint_image_codecs INTERFACE JPEG::JPEG PNG::PNG)
  return()
endif()

set(TINT_JPEG_SOURCE_DIR "${CMAKE_SOURCE_DIR}/build/libjpeg-turbo" CACHE PATH
    "libjpeg-turbo's sources (Debian's source package, unpacked by scripts/setup.sh)")
set(TINT_PNG_SOURCE_DIR "${CMAKE_SOURCE_DIR}/build/libpng" CACHE PATH
    "libpng's sources (Debian's libpng1.6 source package, unpacked by scripts/setup.sh)")
set(TINT_ZLIB_SOURCE_DIR "${CMAKE_SOURCE_DIR}/build/zlib" CACHE PATH
    "zlib's sources (Debian's source package, unpacked by scripts/setup.sh)")
foreach(file ${TINT_JPEG_SOURCE_DIR}/jdapimin.c ${TINT_PNG_SOURCE_DIR}/png.c
        ${TINT_ZLIB_SOURCE_DIR}/inflate.c)
  if(NOT EXISTS ${file})
    message(FATAL_ERROR "${file} is missing: run scripts/setup.sh, which unpacks Debian's sources "
                        "of libjpeg-turbo, libpng and zlib into build/")
  endif()
endforeach()

# Sanitized and fuzzing builds instrument the decoders too, so that the fuzzer's coverage reaches
# into them and ASan watches their memory.
set(codec_flags "")
if(TINT_SANITIZE)
  list(APPEND codec_flags -fsanitize=address,undefined -fno-sanitize-recover=all
       -fno-omit-frame-pointer)
endif()
if(TINT_FUZZ)
  list(APPEND codec_flags -fsanitize=fuzzer-no-link)
endif()

# zlib and libpng: a handful of C files each, compiled here. Their warnings are not ours.
add_library(tint_zlib STATIC)
foreach(name adler32 compress crc32 deflate infback inffast inflate inftrees trees uncompr zutil)
  target_sources(tint_zlib PRIVATE ${TINT_ZLIB_SOURCE_DIR}/${name}.c)
endforeach()
target_include_directories(tint_zlib SYSTEM PUBLIC ${TINT_ZLIB_SOURCE_DIR})
target_compile_options(tint_zlib PRIVATE -w ${codec_flags})

# libpng's configuration: the prebuilt one, without setjmp (tint's error callback throws instead,
# which WebAssembly's native exceptions need) and so without the simplified API, which needs it.
set(png_config_dir ${CMAKE_BINARY_DIR}/libpng-config)
file(READ ${TINT_PNG_SOURCE_DIR}/scripts/pnglibconf.h.prebuilt png_config)
string(REGEX REPLACE "#define PNG_(SETJMP|SIMPLIFIED_[A-Z_]+)_SUPPORTED" "/* PNG_\\1: off */"
                     png_config "${png_config}")
file(MAKE_DIRECTORY ${png_config_dir})
file(CONFIGURE OUTPUT ${png_config_dir}/pnglibconf.h CONTENT "${png_config}" @ONLY)
add_library(tint_png STATIC)
foreach(name png pngerror pngget pngmem pngpread pngread pngrio pngrtran pngrutil pngset pngtrans
        pngwio pngwrite pngwtran pngwutil)
  target_sources(tint_png PRIVATE ${TINT_PNG_SOURCE_DIR}/${name}.c)
endforeach()
target_include_directories(tint_png SYSTEM PUBLIC ${TINT_PNG_SOURCE_DIR} ${png_config_dir})
target_compile_definitions(tint_png PRIVATE PNG_ARM_NEON_OPT=0 PNG_INTEL_SSE_OPT=0
                                            PNG_POWERPC_VSX_OPT=0 PNG_MIPS_MSA_OPT=0)
target_compile_options(tint_png PRIVATE -w ${codec_flags})
target_link_libraries(tint_png PUBLIC tint_zlib)

# libjpeg-turbo: its own CMake (which writes its configuration headers), the library only, no SIMD.
# Emscripten's CMake cannot measure type sizes, so they are given.
include(ExternalProject)
set(jpeg_build ${CMAKE_BINARY_DIR}/libjpeg-turbo)
set(jpeg_library ${jpeg_build}/${CMAKE_STATIC_LIBRARY_PREFIX}jpeg${CMAKE_STATIC_LIBRARY_SUFFIX})
set(jpeg_options -DCMAKE_BUILD_TYPE=Release -DENABLE_SHARED=OFF -DWITH_SIMD=OFF
                 -DWITH_TURBOJPEG=OFF -DWITH_JAVA=OFF -DCMAKE_POSITION_INDEPENDENT_CODE=ON)
if(EMSCRIPTEN)
  list(APPEND jpeg_options -DCMAKE_TOOLCHAIN_FILE=${CMAKE_TOOLCHAIN_FILE} -DHAVE_SIZE_T=TRUE
       -DSIZE_T=4 -DHAVE_UNSIGNED_LONG=TRUE -DUNSIGNED_LONG=4)
  set(codec_flags -fwasm-exceptions -msimd128)
else()
  list(APPEND jpeg_options -DCMAKE_C_COMPILER=${CMAKE_C_COMPILER})
endif()
list(JOIN codec_flags " " jpeg_c_flags)
list(APPEND jpeg_options "-DCMAKE_C_FLAGS=${jpeg_c_flags}")
ExternalProject_Add(libjpeg_turbo
  SOURCE_DIR ${TINT_JPEG_SOURCE_DIR}
  BINARY_DIR ${jpeg_build}
  CMAKE_ARGS ${jpeg_options}
  BUILD_COMMAND ${CMAKE_COMMAND} --build ${jpeg_build} --target jpeg-static
  INSTALL_COMMAND ""
  BUILD_BYPRODUCTS ${jpeg_library})
add_library(tint_jpeg STATIC IMPORTED)
set_target_properties(tint_jpeg PROPERTIES IMPORTED_LOCATION ${jpeg_library})
file(MAKE_DIRECTORY ${jpeg_build})  # it holds jconfig.h once configured
target_include_directories(tint_jpeg SYSTEM INTERFACE ${TINT_JPEG_SOURCE_DIR} ${jpeg_build})
add_dependencies(tint_jpeg libjpeg_turbo)

target_link_libraries(tint_image_codecs INTERFACE tint_jpeg tint_png)
