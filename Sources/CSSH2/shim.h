#include <string.h>
#include <libssh2.h>
#include <libssh2_sftp.h>

/* libssh2_session_init is a macro over libssh2_session_init_ex. */
static inline LIBSSH2_SESSION *cssh2_session_init(void) { return libssh2_session_init_ex(NULL, NULL, NULL, NULL); }
static inline LIBSSH2_CHANNEL *cssh2_channel_open_session(LIBSSH2_SESSION *s) {
  return libssh2_channel_open_ex(s, "session", sizeof("session") - 1, LIBSSH2_CHANNEL_WINDOW_DEFAULT, LIBSSH2_CHANNEL_PACKET_DEFAULT, NULL, 0);
}
static inline int cssh2_channel_exec(LIBSSH2_CHANNEL *c, const char *command) {
  return libssh2_channel_process_startup(c, "exec", sizeof("exec") - 1, command, (unsigned int)strlen(command));
}
