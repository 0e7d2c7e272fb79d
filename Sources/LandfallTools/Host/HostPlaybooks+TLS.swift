internal import LandfallCore
internal import LandfallModel

extension HostPlaybooks {
  /// `host_request_certificate`: certbot's nginx plugin for the domain (HTTP-01 through the site
  /// nginx already serves), HTTP redirected to HTTPS, renewal proven with a dry run, timer checked.
  public static func requestCertificate(_ connection: HostConnection) -> HostPlaybookTool {
    HostPlaybookTool(
      spec: spec(
        "host_request_certificate",
        "On the VM: install certbot with its nginx plugin, obtain a Let's Encrypt certificate for the domain (only once DNS resolves to the VM), serve 443 with HTTP redirected to HTTPS, prove renewal with certbot renew --dry-run and check the renewal timer.",
        [("domain", Schema.string("the domain, e.g. app.example.com")), ("email", Schema.string("address for expiry notices; none when omitted"))],
        required: ["domain"]),
      action: { .requestTLS(domain: $0["domain"]?.stringValue ?? "") }, connection: connection,
      plan: { arguments, _ throws(ToolFailure) in
        let domain = (arguments["domain"]?.stringValue ?? "").lowercased()
        guard DomainName.isValid(domain) else { throw .invalidArguments("domain must be a DNS name such as app.example.com") }
        let email = arguments["email"]?.stringValue
        if let email, !email.contains("@") || email.contains(where: { $0.isWhitespace }) { throw .invalidArguments("email must be an address") }
        let account = email.map { "--email \(HostScript.quote($0))" } ?? "--register-unsafely-without-email"
        let body = """
          if ! command -v certbot >/dev/null 2>&1 || ! dpkg -s python3-certbot-nginx >/dev/null 2>&1; then
            export DEBIAN_FRONTEND=noninteractive
            sudo -n apt-get update -qq
            sudo -n apt-get install -y -qq certbot python3-certbot-nginx >/dev/null
          fi
          sudo -n certbot --nginx --non-interactive --agree-tos \(account) --keep-until-expiring --redirect -d \(HostScript.quote(domain))
          sudo -n nginx -t
          renewal=$(sudo -n certbot renew --dry-run --no-random-sleep-on-renew --cert-name \(HostScript.quote(domain)) 2>&1) || { echo "$renewal" >&2; exit 4; }
          echo "$renewal" | tail -n 2
          systemctl is-enabled certbot.timer
          systemctl is-active certbot.timer
          sudo -n openssl x509 -noout -enddate -in /etc/letsencrypt/live/\(HostScript.quote(domain))/cert.pem
          """
        return HostPlaybookTool.Plan(
          script: HostScript(playbook: "request_certificate", arguments: .object([("domain", .string(domain))]), body: body), input: [])
      },
      summarize: { arguments, result in
        let domain = arguments["domain"]?.stringValue ?? ""
        let summary = HostPlaybookTool.standardSummary("certificate for \(domain) issued; 443 serves it, HTTP redirects to HTTPS, renewal dry run passed")(arguments, result)
        return ToolOutput(summary.text, facts: summary.isError ? [] : [.certificateIssued], isError: summary.isError)
      })
  }
}
