internal import CSSH2

/// What one non-blocking write to a libssh2 channel did.
enum ChannelWrite {
  case moved
  case wouldBlock
  case failed

  /// Writes as much of `pending` as `channel` takes now and drops what was written.
  static func some(_ pending: inout [UInt8], to channel: OpaquePointer) -> ChannelWrite {
    let written = pending.withUnsafeBytes { raw in
      libssh2_channel_write_ex(channel, 0, raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count)
    }
    if written > 0 {
      pending.removeFirst(written)
      return .moved
    }
    return written == Int(LIBSSH2_ERROR_EAGAIN) ? .wouldBlock : .failed
  }
}
