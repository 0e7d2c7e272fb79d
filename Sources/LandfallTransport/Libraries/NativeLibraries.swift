internal import CCurl
internal import CEdit
internal import CLibPQ
internal import CSSH2

/// The versions of the C libraries Landfall links, for `landfall --version`.
public enum NativeLibraries {
  /// libcurl's version banner, e.g. `libcurl/7.88.1 OpenSSL/3.0.x ...`.
  public static var curl: String { String(cString: ccurl_version()) }

  /// libssh2's version after initialising it, e.g. `1.10.0`.
  public static var ssh2: String {
    _ = libssh2_init(0)
    guard let version = libssh2_version(0) else { return "unknown" }
    return String(cString: version)
  }

  /// libpq's version number, e.g. 150018 for 15.18.
  public static var libpq: Int { Int(PQlibVersion()) }

  /// libedit's readline-compatibility banner.
  public static var edit: String {
    guard let version = cedit_library_version() else { return "unknown" }
    return String(cString: version)
  }
}
