import Foundation
import Glibc

/// A program run to its end with its standard output captured and its standard error dropped.
public struct CapturedRun: Sendable {
  public var status: Int32
  public var output: String

  /// Runs `executable` with `arguments` (and `environment`, when given) and waits for it.
  public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    output = String(decoding: Self.readAll(pipe.fileHandleForReading.fileDescriptor), as: UTF8.self)
    process.waitUntilExit()
    status = process.terminationStatus
  }

  /// Every byte until end of file, reading again after an interrupted read.
  private static func readAll(_ descriptor: Int32) -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
      if count > 0 {
        bytes += chunk[0..<count]
      } else if count == 0 || errno != EINTR {
        return bytes
      }
    }
  }
}
