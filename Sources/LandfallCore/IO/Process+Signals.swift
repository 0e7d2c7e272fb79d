public import Foundation
import Glibc

extension Process {
  /// Starts the program with no signals blocked.
  ///
  /// A child inherits the signal mask of the thread that spawns it, and the threads that run
  /// Swift tasks block most signals, so a program started plainly from async code would ignore
  /// the SIGTERM meant to stop it and outlive Landfall.
  public func runWithSignalsDelivered() throws {
    var everything = sigset_t()
    var previous = sigset_t()
    sigemptyset(&everything)
    pthread_sigmask(SIG_SETMASK, &everything, &previous)
    defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
    try run()
  }
}
