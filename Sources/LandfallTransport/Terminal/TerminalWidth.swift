import Foundation

/// The width of the terminal: `COLUMNS` when set, else what the terminal reports.
public enum TerminalWidth {
  /// Columns for output on `descriptor`, or `nil` when it is not a terminal.
  public static func columns(descriptor: Int32 = 1, environment: [String: String]) -> Int? {
    guard isatty(descriptor) == 1 else { return nil }
    if let text = environment["COLUMNS"], let columns = Int(text), columns > 0 { return columns }
    var size = winsize()
    guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
    return Int(size.ws_col)
  }
}
