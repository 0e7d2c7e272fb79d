internal import CCurl
import Foundation
public import LandfallCore

/// HTTP over libcurl, streaming the body as it arrives.
///
/// Each transfer runs `curl_easy_perform` on its own thread, so Swift's cooperative threads never
/// block. The proxy variables (`http_proxy`, `https_proxy`, `no_proxy`) are honoured by libcurl.
/// Dropping the body stream, or cancelling the task awaiting the head, aborts the transfer.
public struct CurlHTTPTransport: HTTPTransport {
  private static let initialised: Bool = {
    curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
  }()

  /// A transport; libcurl is initialised once per process.
  public init() {
    _ = Self.initialised
  }

  public func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
    let transfer = CurlTransfer(request)
    do {
      return try await withTaskCancellationHandler {
        try await transfer.start()
      } onCancel: {
        transfer.cancel()
      }
    } catch let error as HTTPError {
      throw error
    } catch {
      throw .cancelled
    }
  }
}

/// One libcurl transfer and the bridge from its callbacks to async Swift.
private final class CurlTransfer: @unchecked Sendable {
  // Mutable state below is guarded by `lock`; libcurl calls back on the transfer's own thread.
  private let lock = NSLock()
  private let request: HTTPRequest
  private var head: CheckedContinuation<HTTPResponse, any Error>?
  private var status = 0
  private var headers: [HTTPHeader] = []
  private var cancelled = false
  private var certificates: [HTTPCertificate] = []
  private var handle: UnsafeMutableRawPointer?
  private let body: AsyncThrowingStream<[UInt8], any Error>
  private let sink: AsyncThrowingStream<[UInt8], any Error>.Continuation

  init(_ request: HTTPRequest) {
    self.request = request
    (body, sink) = AsyncThrowingStream.makeStream(of: [UInt8].self)
  }

  var isCancelled: Bool { lock.withLock { cancelled } }

  func cancel() {
    lock.withLock { cancelled = true }
  }

  func start() async throws -> HTTPResponse {
    sink.onTermination = { [weak self] termination in
      if case .cancelled = termination { self?.cancel() }
    }
    return try await withCheckedThrowingContinuation { continuation in
      lock.withLock { head = continuation }
      let retained = Unmanaged.passRetained(self)
      Thread.detachNewThread {
        retained.takeRetainedValue().perform()
      }
    }
  }

  private func perform() {
    guard let handle = curl_easy_init() else {
      fail(HTTPError.connection(url: request.url, reason: "libcurl could not start a transfer"))
      return
    }
    defer { curl_easy_cleanup(handle) }
    var list: UnsafeMutablePointer<curl_slist>?
    for header in request.headers { list = curl_slist_append(list, "\(header.name): \(header.value)") }
    defer { curl_slist_free_all(list) }
    var pins: UnsafeMutablePointer<curl_slist>?
    for pin in request.pinnedAddresses { pins = curl_slist_append(pins, pin) }
    defer { curl_slist_free_all(pins) }
    if pins != nil { _ = ccurl_setopt_slist(handle, CURLOPT_RESOLVE, pins) }
    if let authorities = request.trustedCertificates { _ = ccurl_setopt_string(handle, CURLOPT_CAINFO, authorities) }
    if request.collectCertificates { _ = ccurl_setopt_long(handle, CURLOPT_CERTINFO, 1) }
    let me = Unmanaged.passUnretained(self).toOpaque()
    _ = ccurl_setopt_string(handle, CURLOPT_URL, request.url)
    _ = ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
    _ = ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(milliseconds(request.connectTimeout)))
    _ = ccurl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, 1)
    _ = ccurl_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, max(1, Int(milliseconds(request.idleTimeout) / 1000)))
    _ = ccurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
    if request.method != "GET" {
      _ = ccurl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, request.body.count)
      if let base = request.body.withUnsafeBufferPointer({ $0.baseAddress }), !request.body.isEmpty {
        _ = request.body.withUnsafeBufferPointer { buffer in
          ccurl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: buffer.baseAddress ?? base))
        }
      } else {
        _ = ccurl_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, "")
      }
    }
    _ = ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, list)
    _ = ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, me)
    _ = ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, me)
    _ = ccurl_setopt_pointer(handle, CURLOPT_XFERINFODATA, me)
    _ = ccurl_setopt_long(handle, CURLOPT_NOPROGRESS, 0)
    _ = ccurl_setopt_header_function(handle) { pointer, size, count, context in
      guard let pointer, let context else { return 0 }
      let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
      let line = String(decoding: UnsafeRawBufferPointer(start: pointer, count: size * count), as: UTF8.self)
      transfer.headerLine(line)
      return size * count
    }
    _ = ccurl_setopt_write_function(handle) { pointer, size, count, context in
      guard let pointer, let context else { return 0 }
      let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
      if transfer.isCancelled { return 0 }
      transfer.bodyChunk(Array(UnsafeRawBufferPointer(start: pointer, count: size * count)))
      return size * count
    }
    _ = ccurl_setopt_xferinfo_function(handle) { context, _, _, _, _ in
      guard let context else { return 0 }
      return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().isCancelled ? 1 : 0
    }
    self.handle = handle
    var errorText = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    let code = errorText.withUnsafeMutableBufferPointer { buffer in
      _ = ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, buffer.baseAddress)
      return curl_easy_perform(handle)
    }
    finish(code, detail: String(decoding: errorText.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
  }

  /// Reads the certificate chain while the connection is still there (first header line).
  private func readCertificates() {
    guard request.collectCertificates, let handle, lock.withLock({ certificates.isEmpty }) else { return }
    let chain = CurlCertificateInfo.chain(of: handle)
    lock.withLock { certificates = chain }
  }

  private func milliseconds(_ duration: Duration) -> Int64 {
    duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
  }

  private func headerLine(_ line: String) {
    let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
    if trimmed.hasPrefix("HTTP/") {
      readCertificates()
      let parts = trimmed.split(separator: " ")
      lock.withLock {
        status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        headers = []
      }
      return
    }
    if trimmed.isEmpty {
      deliverHead(final: false)
      return
    }
    guard let colon = trimmed.firstIndex(of: ":") else { return }
    let header = HTTPHeader(
      String(trimmed[..<colon]), String(trimmed[trimmed.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
    lock.withLock { headers.append(header) }
  }

  private func deliverHead(final: Bool) {
    let continuation: CheckedContinuation<HTTPResponse, any Error>? = lock.withLock {
      guard status >= 200 || final, let waiting = head else { return nil }
      head = nil
      return waiting
    }
    let response = lock.withLock { () -> HTTPResponse in
      var response = HTTPResponse(status: status, headers: headers, body: body)
      response.certificates = certificates
      return response
    }
    continuation?.resume(returning: response)
  }

  private func bodyChunk(_ bytes: [UInt8]) {
    deliverHead(final: true)
    sink.yield(bytes)
  }

  private func fail(_ error: HTTPError) {
    let continuation = lock.withLock { () -> CheckedContinuation<HTTPResponse, any Error>? in
      defer { head = nil }
      return head
    }
    continuation?.resume(throwing: error)
    sink.finish(throwing: error)
  }

  private func finish(_ code: CURLcode, detail: String) {
    if code == CURLE_OK {
      deliverHead(final: true)
      sink.finish()
      return
    }
    let reason = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    let headPending = lock.withLock { head != nil }
    if isCancelled {
      fail(.cancelled)
    } else if headPending {
      fail(.connection(url: request.url, reason: reason))
    } else {
      sink.finish(throwing: HTTPError.interrupted(reason: reason))
    }
  }
}
