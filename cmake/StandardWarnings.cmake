# INTERFACE targets that carry warning and sanitizer flags to every target of ours
# (never to the grammars, which are third-party C generated code).
add_library(claimcheck_warnings INTERFACE)
target_compile_options(claimcheck_warnings INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough>)
if(CLAIMCHECK_WERROR)
  target_compile_options(claimcheck_warnings INTERFACE $<$<COMPILE_LANGUAGE:CXX>:-Werror>)
  # GCC 12 at -O3 (Release) reports false -Wrestrict errors inside std::string's
  # operator+ (GCC bug 105329): keep them warnings so that Release builds with -Werror.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(claimcheck_warnings INTERFACE $<$<COMPILE_LANGUAGE:CXX>:-Wno-error=restrict>)
  endif()
endif()
if(CLAIMCHECK_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
