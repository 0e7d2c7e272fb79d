/// Splits a byte stream into lines, keeping a partial line until its end arrives.
struct LineSplitter {
  private var pending: [UInt8] = []

  /// The complete lines in `bytes` (without `\n` or `\r\n`).
  mutating func feed(_ bytes: [UInt8]) -> [String] {
    pending += bytes
    var lines: [String] = []
    var start = 0
    for index in pending.indices where pending[index] == UInt8(ascii: "\n") {
      var end = index
      if end > start, pending[end - 1] == UInt8(ascii: "\r") { end -= 1 }
      lines.append(String(decoding: pending[start..<end], as: UTF8.self))
      start = index + 1
    }
    pending.removeFirst(start)
    return lines
  }

  /// What is left after the stream ended without a final newline.
  mutating func flush() -> String? {
    defer { pending = [] }
    return pending.isEmpty ? nil : String(decoding: pending, as: UTF8.self)
  }
}

/// Server-sent events: `event:` and `data:` lines grouped until a blank line.
struct SSEDecoder {
  struct Event {
    var name: String?
    var data: String
  }

  private var lines = LineSplitter()
  private var name: String?
  private var data: [String] = []

  /// The events completed by `bytes`.
  mutating func feed(_ bytes: [UInt8]) -> [Event] {
    var events: [Event] = []
    for line in lines.feed(bytes) {
      if line.isEmpty {
        if !data.isEmpty || name != nil { events.append(Event(name: name, data: data.joined(separator: "\n"))) }
        name = nil
        data = []
      } else if line.hasPrefix(":") {
        continue
      } else if line.hasPrefix("event:") {
        name = line.dropFirst(6).trimmingCharacters(in: " ").description
      } else if line.hasPrefix("data:") {
        var value = line.dropFirst(5)
        if value.first == " " { value = value.dropFirst() }
        data.append(String(value))
      }
    }
    return events
  }

  /// Whether a partly received event was left when the stream ended.
  var hasPartialEvent: Bool { !data.isEmpty }
}
