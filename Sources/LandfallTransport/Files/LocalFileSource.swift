import Foundation
public import LandfallCore

/// Reads files from the local disk, refusing anything larger than a config could be.
public struct LocalFileSource: FileSource {
  private let maximumBytes: Int

  /// A source that reads files up to `maximumBytes` long.
  public init(maximumBytes: Int = 8 << 20) {
    self.maximumBytes = maximumBytes
  }

  public func text(at path: String) throws(FileSourceError) -> String {
    switch kind(at: path) {
    case nil: throw .missing(path: path)
    case .directory: throw .unreadable(path: path, reason: "it is a directory")
    case .file: break
    }
    let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
    guard type == .typeRegular else {
      let what = type == .typeCharacterSpecial || type == .typeBlockSpecial ? "a device" : type == .typeSocket ? "a socket" : "not a regular file (a FIFO or special file)"
      throw .unreadable(path: path, reason: "it is \(what); only regular files are read")
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw .unreadable(path: path, reason: "permission denied")
    }
    defer { try? handle.close() }
    do {
      let data = try handle.read(upToCount: maximumBytes + 1) ?? Data()
      if data.count > maximumBytes {
        throw FileSourceError.unreadable(path: path, reason: "larger than \(maximumBytes) bytes")
      }
      return String(decoding: data, as: UTF8.self)
    } catch let error as FileSourceError {
      throw error
    } catch {
      throw .unreadable(path: path, reason: error.localizedDescription)
    }
  }

  public func kind(at path: String) -> FileKind? {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
    return isDirectory.boolValue ? .directory : .file
  }

  public func names(in directory: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
  }
}
