extension StringProtocol {
  /// This text without the given characters at either end.
  public func trimmingCharacters(in set: String) -> Substring {
    let scalars = Set(set)
    let slice = self[...].drop { scalars.contains($0) }
    var end = slice.endIndex
    while end > slice.startIndex, scalars.contains(slice[slice.index(before: end)]) {
      end = slice.index(before: end)
    }
    return Substring(slice[slice.startIndex..<end])
  }
}
