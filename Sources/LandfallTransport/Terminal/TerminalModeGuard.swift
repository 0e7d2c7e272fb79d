import Glibc

/// The terminal's mode when Landfall started, read by the stop-signal handler.
nonisolated(unsafe) private var modeAtStart = termios()

/// Puts the terminal back as it was when Landfall started if Landfall is told to stop (SIGTERM,
/// SIGHUP) while a turn has echo turned off, so the person's shell does not stay silent.
///
/// A plain signal handler, not an ignored signal watched by a dispatch source: programs Landfall
/// starts inherit an ignored signal and would then outlive a SIGTERM meant for them. SIGTTOU is
/// ignored first, so a Landfall in the background restores the mode instead of being stopped.
public enum TerminalModeGuard {
  /// Installs the handlers; does nothing when standard input is not a terminal.
  public static func install() {
    guard isatty(0) == 1, tcgetattr(0, &modeAtStart) == 0 else { return }
    for number in [SIGTERM, SIGHUP] {
      signal(number) { received in
        signal(SIGTTOU, SIG_IGN)
        tcsetattr(0, TCSANOW, &modeAtStart)
        _exit(128 + received)
      }
    }
  }
}
