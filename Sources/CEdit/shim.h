#include <stdio.h>
#include <editline/readline.h>

/* Mutable C globals are not concurrency-safe in Swift 6; read them through functions. */
static inline const char *cedit_library_version(void) { return rl_library_version; }
static inline int cedit_history_length(void) { return history_length; }
