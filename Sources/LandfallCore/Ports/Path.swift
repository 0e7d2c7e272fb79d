/// Small, pure helpers for slash-separated paths, so path logic is testable without a disk.
public enum Path {
  /// `base` joined with `relative`; an absolute `relative` is returned as is.
  public static func join(_ base: String, _ relative: String) -> String {
    if relative.hasPrefix("/") || base.isEmpty { return normalize(relative) }
    return normalize(base + "/" + relative)
  }

  /// The directory part of `path` (`"."` when there is none).
  public static func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    if slash == path.startIndex { return "/" }
    return String(path[..<slash])
  }

  /// `path` with `.` and `..` resolved lexically and duplicate slashes removed.
  public static func normalize(_ path: String) -> String {
    let absolute = path.hasPrefix("/")
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == "..", let last = parts.last, last != ".." {
        parts.removeLast()
        continue
      }
      if part == "..", absolute { continue }
      parts.append(part)
    }
    let joined = parts.joined(separator: "/")
    if absolute { return "/" + joined }
    return joined.isEmpty ? "." : joined
  }

  /// `path` relative to `base` when it lies inside it, else `path` unchanged.
  public static func relative(_ path: String, to base: String) -> String {
    let target = normalize(path)
    let root = normalize(base)
    if root == "." { return target }
    if target == root { return "." }
    let prefix = root.hasSuffix("/") ? root : root + "/"
    return target.hasPrefix(prefix) ? String(target.dropFirst(prefix.count)) : target
  }
}
