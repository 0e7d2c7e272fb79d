internal import CCurl
import Foundation
internal import LandfallCore

/// Reads libcurl's description of a TLS connection's certificate chain (CURLINFO_CERTINFO).
enum CurlCertificateInfo {
  /// The chain of the transfer on `handle`, leaf first; empty when TLS was not used.
  static func chain(of handle: UnsafeMutableRawPointer) -> [HTTPCertificate] {
    var pointer: UnsafeMutableRawPointer?
    guard ccurl_getinfo_pointer(handle, CURLINFO_CERTINFO, &pointer) == CURLE_OK, let pointer else { return [] }
    let info = pointer.assumingMemoryBound(to: curl_certinfo.self).pointee
    guard info.num_of_certs > 0, let lists = info.certinfo else { return [] }
    return (0..<Int(info.num_of_certs)).map { index in
      var fields: [String: String] = [:]
      var entry = lists[index]
      while let node = entry {
        if let data = node.pointee.data {
          let line = String(cString: data)
          if let colon = line.firstIndex(of: ":") { fields[String(line[..<colon])] = String(line[line.index(after: colon)...]) }
        }
        entry = node.pointee.next
      }
      return certificate(fields)
    }
  }

  /// One certificate from its `Name:value` fields.
  static func certificate(_ fields: [String: String]) -> HTTPCertificate {
    let names = (fields["X509v3 Subject Alternative Name"] ?? "").split(separator: ",").compactMap { part -> String? in
      let trimmed = part.trimmingCharacters(in: .whitespaces)
      return trimmed.hasPrefix("DNS:") ? String(trimmed.dropFirst(4)) : nil
    }
    return HTTPCertificate(
      subject: fields["Subject"] ?? "", issuer: fields["Issuer"] ?? "", names: names, notAfter: fields["Expire date"].flatMap(date))
  }

  /// Seconds since 1970 from OpenSSL's `Nov 30 23:42:50 2031 GMT` (or ISO `2031-11-30 23:42:50 GMT`).
  static func date(_ text: String) -> Double? {
    let collapsed = text.split(separator: " ").joined(separator: " ")
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    for format in ["MMM d HH:mm:ss yyyy zzz", "yyyy-MM-dd HH:mm:ss zzz"] {
      formatter.dateFormat = format
      if let parsed = formatter.date(from: collapsed) { return parsed.timeIntervalSince1970 }
    }
    return nil
  }
}
