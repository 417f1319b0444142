# Tree-sitter grammars, fetched from the npm registry at configure time with
# `npm pack NAME@VERSION` (no install scripts run), verified against pinned SHA-256
# hashes, cached in CLAIMCHECK_GRAMMAR_CACHE and compiled into one static library.
# They are never committed. Newer grammar releases are ABI 15 and do not load in
# Debian 12's libtree-sitter 0.20.7, hence the pins.
set(CLAIMCHECK_GRAMMAR_CACHE "$ENV{HOME}/.cache/claimcheck/grammars" CACHE PATH
  "Where downloaded grammar tarballs are kept between builds")

# name version sha256 source-subdirectories (relative to package/)
set(_grammars
  "python|0.23.6|aab5b860d93dbf84b37fed532f7dacc0468ede5387d0c74911d68f964287662a|src"
  "java|0.23.5|6b6c1b62605f9d8bb80efd2ebe5951a87b182faafa3eeb67c460a667818551b6|src"
  "javascript|0.23.1|90e80b25a67517a4daf6ad751557bee21efbda7b7a5a554897933245d1734398|src"
  "typescript|0.23.2|0fdf63c35930a75885145d75ee63cb879da2d49db9bfe454bd8e60b08ba778a1|typescript/src,tsx/src"
  "go|0.23.4|8779d20d322b4319ad8c833ea72ecb6d109cf1fec8979bdcdb5315a2e511dd2c|src"
  "c|0.23.6|88175d4425037ec0026233a44f82064a676573b1fd748fc709ae607332151243|src"
  "cpp|0.23.4|615d152f70e7a6bed8f15a93c3c0c264c40dc71c1b6a1445646fff9439e776bc|src"
  "rust|0.23.3|5c1d96a9628875c7ba122da1a3aa0bf62b547b5a720673fa318336de27506c66|src")

find_program(NPM_EXECUTABLE npm REQUIRED)
file(MAKE_DIRECTORY "${CLAIMCHECK_GRAMMAR_CACHE}")
set(_grammar_root "${CMAKE_BINARY_DIR}/grammars")
add_library(claimcheck_grammars STATIC)
set_target_properties(claimcheck_grammars PROPERTIES POSITION_INDEPENDENT_CODE ON)

foreach(entry IN LISTS _grammars)
  string(REPLACE "|" ";" parts "${entry}")
  list(GET parts 0 name)
  list(GET parts 1 version)
  list(GET parts 2 sha)
  list(GET parts 3 subdirs)
  string(REPLACE "," ";" subdirs "${subdirs}")
  set(tarball "${CLAIMCHECK_GRAMMAR_CACHE}/tree-sitter-${name}-${version}.tgz")
  set(ok FALSE)
  if(EXISTS "${tarball}")
    file(SHA256 "${tarball}" have)
    if(have STREQUAL sha)
      set(ok TRUE)
    else()
      message(WARNING "cached grammar ${tarball} has hash ${have}, expected ${sha}: fetching again")
      file(REMOVE "${tarball}")
    endif()
  endif()
  if(NOT ok)
    message(STATUS "Fetching tree-sitter-${name}@${version} from the npm registry")
    execute_process(COMMAND "${NPM_EXECUTABLE}" pack "tree-sitter-${name}@${version}" --silent
      WORKING_DIRECTORY "${CLAIMCHECK_GRAMMAR_CACHE}" RESULT_VARIABLE rc OUTPUT_QUIET)
    if(NOT rc EQUAL 0 OR NOT EXISTS "${tarball}")
      message(FATAL_ERROR "npm pack tree-sitter-${name}@${version} failed (exit ${rc})")
    endif()
    file(SHA256 "${tarball}" have)
    if(NOT have STREQUAL sha)
      file(REMOVE "${tarball}")
      message(FATAL_ERROR "tree-sitter-${name}@${version}: SHA-256 ${have} does not match the pinned ${sha}")
    endif()
  endif()
  set(dest "${_grammar_root}/${name}")
  if(NOT EXISTS "${dest}/.stamp-${sha}")
    file(REMOVE_RECURSE "${dest}")
    file(ARCHIVE_EXTRACT INPUT "${tarball}" DESTINATION "${dest}")
    file(TOUCH "${dest}/.stamp-${sha}")
  endif()
  foreach(sub IN LISTS subdirs)
    set(src "${dest}/package/${sub}")
    target_sources(claimcheck_grammars PRIVATE "${src}/parser.c")
    if(EXISTS "${src}/scanner.c")
      target_sources(claimcheck_grammars PRIVATE "${src}/scanner.c")
    endif()
    # Each grammar's sources include "tree_sitter/parser.h" from their own directory.
    set_source_files_properties("${src}/parser.c" "${src}/scanner.c" PROPERTIES
      INCLUDE_DIRECTORIES "${src}" COMPILE_OPTIONS "-w")
  endforeach()
endforeach()
