import Foundation
internal import LandfallModel

/// Loads and saves a fake flyctl state file, replacing it atomically so a crash never leaves
/// half a file.
public struct FakeFlyStateFile: Sendable {
  public let path: String

  /// The state file at `path`.
  public init(path: String) {
    self.path = path
  }

  /// Reads the state; a missing file is an error that names the path.
  public func load() throws(FakeFlyStateError) -> FakeFlyState {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw FakeFlyStateError(message: "\(path): cannot read the state file")
    }
    do {
      return try FakeFlyState(json: try JSONParser.parse(String(decoding: data, as: UTF8.self)))
    } catch let error as FakeFlyStateError {
      throw FakeFlyStateError(message: "\(path): \(error.message)")
    } catch let error as InputError {
      throw FakeFlyStateError(message: error.from(path).description)
    } catch {
      throw FakeFlyStateError(message: "\(path): \(error)")
    }
  }

  /// Writes the state, pretty-printed.
  public func save(_ state: FakeFlyState) throws(FakeFlyStateError) {
    let text = JSONWriter.string(state.json, style: .pretty(indent: 2)) + "\n"
    do {
      try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw FakeFlyStateError(message: "\(path): cannot write the state file (\(error.localizedDescription))")
    }
  }
}
