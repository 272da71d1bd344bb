# Assembles the servable browser app in OUT (cmake -P):
#   WEB_DIR  the page (web/): shell, glue, manifest, icons, and sw.js as a template
#   APP_JS   the built tint_app.js (tint_app.wasm beside it)
#   ORT_DIR  ONNX Runtime Web's dist folder
#   ZIP_DIR  client-zip's package folder (the batch's zip)
#   MODELS   |-separated .onnx files bundled with the app, the default first (may be empty)
#   EXAMPLES |-separated example photos for the start screen (may be empty)
# site.json lists the models and examples; precache.js gives the service worker the list of every
# file and a version hash of their contents, so that a new build replaces the cached app as a whole.
# `tint share` (native-trainer/src/site/share_site.cpp) writes the same two files for demo pages.
foreach(variable WEB_DIR APP_JS ORT_DIR ZIP_DIR OUT)
  if(NOT DEFINED ${variable})
    message(FATAL_ERROR "assemble_app.cmake: ${variable} is not set")
  endif()
endforeach()

# The wasm execution provider only: its loader, the SIMD/threads module and its wasm.
set(ort_files ort.wasm.min.js ort-wasm-simd-threaded.mjs ort-wasm-simd-threaded.wasm)
get_filename_component(app_dir "${APP_JS}" DIRECTORY)
string(REPLACE "|" ";" models "${MODELS}")
string(REPLACE "|" ";" examples "${EXAMPLES}")

file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}/ort" "${OUT}/zip" "${OUT}/models" "${OUT}/examples" "${OUT}/icons")
file(GLOB web_files RELATIVE "${WEB_DIR}" "${WEB_DIR}/*.*" "${WEB_DIR}/icons/*")
foreach(file IN LISTS web_files)
  configure_file("${WEB_DIR}/${file}" "${OUT}/${file}" COPYONLY)
endforeach()
foreach(file tint_app.js tint_app.wasm)
  configure_file("${app_dir}/${file}" "${OUT}/${file}" COPYONLY)
endforeach()
foreach(file IN LISTS ort_files)
  if(NOT EXISTS "${ORT_DIR}/${file}")
    message(FATAL_ERROR "${ORT_DIR}/${file} not found: run scripts/setup.sh (npm ci)")
  endif()
  configure_file("${ORT_DIR}/${file}" "${OUT}/ort/${file}" COPYONLY)
endforeach()
# client-zip: one ES module, and its licence beside it.
foreach(file index.js LICENSE.txt)
  if(NOT EXISTS "${ZIP_DIR}/${file}")
    message(FATAL_ERROR "${ZIP_DIR}/${file} not found: run scripts/setup.sh (npm ci)")
  endif()
endforeach()
configure_file("${ZIP_DIR}/index.js" "${OUT}/zip/client-zip.js" COPYONLY)
configure_file("${ZIP_DIR}/LICENSE.txt" "${OUT}/zip/LICENSE.txt" COPYONLY)

# Copies each file of `files` into OUT/folder (names must differ) and sets `result_var` to their
# JSON list of paths relative to OUT.
function(bundle kind folder files result_var)
  set(paths "")
  foreach(file IN LISTS files)
    get_filename_component(name "${file}" NAME)
    # As `tint share` requires: the names become part of JSON lists and of the page's links.
    if(NOT name MATCHES "^[A-Za-z0-9_-][A-Za-z0-9._-]*$")
      message(FATAL_ERROR "bundled ${kind} ${file}: the file name may only hold letters, digits, '.', '_' and '-'")
    endif()
    if(NOT EXISTS "${file}")
      message(FATAL_ERROR "bundled ${kind} ${file} not found")
    endif()
    if(EXISTS "${OUT}/${folder}/${name}")
      message(FATAL_ERROR "two bundled ${kind}s are named ${name}")
    endif()
    configure_file("${file}" "${OUT}/${folder}/${name}" COPYONLY)
    list(APPEND paths "\"${folder}/${name}\"")
  endforeach()
  list(JOIN paths ", " json)
  set(${result_var} "[${json}]" PARENT_SCOPE)
endfunction()
bundle(model models "${models}" model_list)
bundle(example examples "${examples}" example_list)
file(WRITE "${OUT}/site.json" "{\"models\": ${model_list}, \"examples\": ${example_list}}\n")

# Every file the page may load, relative to the app folder, and a hash of their contents.
file(GLOB_RECURSE app_files RELATIVE "${OUT}" "${OUT}/*")
list(SORT app_files)
set(hashes "")
set(quoted_files "\"./\"")
foreach(file IN LISTS app_files)
  file(SHA256 "${OUT}/${file}" hash)
  string(APPEND hashes "${file} ${hash}\n")
  string(APPEND quoted_files ", \"${file}\"")
endforeach()
string(SHA256 version "${hashes}")
string(SUBSTRING "${version}" 0 16 version)
file(WRITE "${OUT}/precache.js"
  "// The page's files and a hash of their contents, for the service worker (sw.js).\n"
  "self.APP_VERSION = '${version}';\n"
  "self.APP_FILES = [${quoted_files}, \"precache.js\"];\n")
message(STATUS "tint app ${version} in ${OUT}: ${models} ${examples}")
