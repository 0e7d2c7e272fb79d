#include <sqlite3.h>

/* SQLITE_TRANSIENT is a cast macro that Swift does not import. */
static inline int csqlite3_bind_text_transient(sqlite3_stmt *s, int i, const char *v, int n) {
  return sqlite3_bind_text(s, i, v, n, SQLITE_TRANSIENT);
}
static inline int csqlite3_bind_blob_transient(sqlite3_stmt *s, int i, const void *v, int n) {
  return sqlite3_bind_blob(s, i, v, n, SQLITE_TRANSIENT);
}
