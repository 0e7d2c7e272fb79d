internal import LandfallPolicy
internal import LandfallCore
internal import LandfallModel

extension HostPlaybooks {
  /// `host_install_postgres`: PostgreSQL on 127.0.0.1 only, with a role and database whose
  /// password is minted into the vault, and DATABASE_URL written to the env file.
  public static func installPostgres(_ connection: HostConnection) -> HostPlaybookTool {
    HostPlaybookTool(
      spec: spec(
        "host_install_postgres", "Install PostgreSQL on the VM listening on 127.0.0.1 only, create the role and database (password generated into the vault), and put DATABASE_URL in the env file.",
        [("database", Schema.string("database name")), ("user", Schema.string("role name"))], required: ["database", "user"]),
      connection: connection,
      plan: { arguments, context throws(ToolFailure) in
        let database = arguments["database"]?.stringValue ?? ""
        let user = arguments["user"]?.stringValue ?? ""
        for name in [database, user] where !name.isVariableName {
          throw .invalidArguments("database and user must be letters, digits and _")
        }
        let password: String
        if let existing = await context.vault.reveal("VM_DATABASE_PASSWORD") {
          password = existing.withValue { $0 }
        } else {
          var generator = SystemRandomNumberGenerator()
          let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
          password = String((0..<32).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
          try await context.keep("VM_DATABASE_PASSWORD", Secret(password), origin: .minted)
        }
        let body = """
          if ! command -v psql >/dev/null 2>&1; then
            export DEBIAN_FRONTEND=noninteractive
            sudo -n apt-get update -qq && sudo -n apt-get install -y -qq postgresql >/dev/null
          fi
          conf=$(ls /etc/postgresql/*/main/postgresql.conf | head -n1)
          sudo -n sed -i "s/^#*listen_addresses.*/listen_addresses = 'localhost'/" "$conf"
          sudo -n systemctl restart postgresql
          read -r password
          sudo -n -u postgres psql -v ON_ERROR_STOP=1 -q -v pw="$password" <<'SQL'
          SELECT format('CREATE ROLE %I LOGIN', '\(user)') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '\(user)') \\gexec
          ALTER ROLE \(user) PASSWORD :'pw';
          SELECT format('CREATE DATABASE %I OWNER %I', '\(database)', '\(user)') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '\(database)') \\gexec
          SQL
          sudo -n mkdir -p -m 700 /srv/landfall && sudo -n chmod 700 /srv/landfall && sudo -n touch \(HostTools.envFile) && sudo -n chmod 600 \(HostTools.envFile)
          sudo -n sed -i '/^DATABASE_URL=/d' \(HostTools.envFile)
          echo "DATABASE_URL=postgres://\(user):$password@127.0.0.1:5432/\(database)" | sudo -n tee -a \(HostTools.envFile) >/dev/null
          sudo -n ss -ltn | grep ':5432' || true
          """
        return HostPlaybookTool.Plan(
          script: HostScript(playbook: "install_postgres", arguments: .object([("database", .string(database)), ("user", .string(user))]), body: body),
          input: Array((password + "\n").utf8))
      },
      summarize: HostPlaybookTool.standardSummary("PostgreSQL listens on 127.0.0.1; DATABASE_URL is in the env file"))
  }

  /// `host_run_container`: the image with fly.toml's ports published on 127.0.0.1, the volume
  /// mount, the env file and a restart policy; created but not started until the data is in.
  public static func runContainer(_ connection: HostConnection) -> HostPlaybookTool {
    HostPlaybookTool(
      spec: spec(
        "host_run_container", "Create (and with start=true, start) the app container: ports published on 127.0.0.1, volume mounts, the env file, restart unless-stopped. Keep start=false until the data is migrated.",
        [
          ("name", Schema.string("container name")), ("image", Schema.string("image tag")),
          ("ports", .object([("type", .string("array")), ("items", .object([("type", .string("integer"))])), ("description", .string("internal ports"))])),
          ("mounts", .object([("type", .string("object")), ("additionalProperties", .object([("type", .string("string"))])), ("description", .string("host path -> container path"))])),
          ("command", Schema.string("command overriding the image CMD")), ("start", .object([("type", .string("boolean"))])),
        ], required: ["name", "image", "ports"]),
      action: { arguments in
        let step: MigrationAction = arguments["start"]?.boolValue == true ? .startApp(runsReleaseFirst: false) : .prepareApp
        let image = MigrationAction.runsImage(arguments["image"]?.stringValue ?? "", on: .vm)
        guard let command = arguments["command"] else { return .all([step, image]) }
        return .all([step, image, .changesServer] + MigrationAction.forCommand(command.stringValue ?? "", envFilePaths: [HostTools.envFile]).parts)
      }, connection: connection,
      plan: { arguments, _ throws(ToolFailure) in
        let name = arguments["name"]?.stringValue ?? ""
        let image = arguments["image"]?.stringValue ?? ""
        guard !name.isEmpty, !image.isEmpty else { throw .invalidArguments("name and image are required") }
        let ports = (arguments["ports"]?.arrayValue ?? []).compactMap(\.intValue)
        guard ports.allSatisfy({ (1...65535).contains($0) }) else { throw .invalidArguments("ports must be 1-65535") }
        var options = ports.map { "-p 127.0.0.1:\($0):\($0)" }
        for mount in arguments["mounts"]?.objectValue ?? [] {
          options.append("-v " + HostScript.quote("\(mount.key):\(mount.value.stringValue ?? "")"))
        }
        let start = arguments["start"]?.boolValue ?? false
        let command = arguments["command"]?.stringValue.map { " sh -c " + HostScript.quote($0) } ?? ""
        let body = """
          docker rm -f \(HostScript.quote(name)) >/dev/null 2>&1 || true
          docker create --name \(HostScript.quote(name)) --restart unless-stopped --env-file \(HostTools.envFile) \(options.joined(separator: " ")) \(HostScript.quote(image))\(command) >/dev/null
          \(start ? "docker start \(HostScript.quote(name)) >/dev/null" : "true")
          docker ps -a --filter name=\(HostScript.quote(name)) --format '{{.Names}} {{.Status}}'
          """
        let header: JSONValue = .object([
          ("name", .string(name)), ("image", .string(image)), ("ports", .array(ports.map(JSONValue.int))), ("start", .bool(start)),
        ])
        return HostPlaybookTool.Plan(script: HostScript(playbook: "run_container", arguments: header, body: body), input: [])
      },
      summarize: { arguments, result in
        var output = HostPlaybookTool.standardSummary("container ready")(arguments, result)
        if let command = arguments["command"] {
          let copies = MigrationAction.forCommand(command.stringValue ?? "", envFilePaths: [HostTools.envFile]).parts.contains(.finalDump)
          output.facts.append(copies ? .restoreCompleted : .serverChanged)
        }
        return output
      })
  }

  /// `host_configure_nginx`: a reverse proxy on :80 to the app's port, with websocket upgrades.
  public static func configureNginx(_ connection: HostConnection) -> HostPlaybookTool {
    HostPlaybookTool(
      spec: spec(
        "host_configure_nginx", "Install nginx and proxy port 80 (the domain, or any name) to the app's internal port on 127.0.0.1, with websocket upgrade headers and a 50 MB body limit.",
        [("port", Schema.integer("the app's internal port", minimum: 1)), ("serverName", Schema.string("domain, or _ for any"))],
        required: ["port"]),
      connection: connection,
      plan: { arguments, _ throws(ToolFailure) in
        guard let port = arguments["port"]?.intValue, (1...65535).contains(port) else { throw .invalidArguments("port must be 1-65535") }
        let server = arguments["serverName"]?.stringValue ?? "_"
        guard server.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }) else {
          throw .invalidArguments("serverName must be a domain name")
        }
        let site = """
          server {
              listen 80;
              server_name \(server);
              client_max_body_size 50m;
              location / {
                  proxy_pass http://127.0.0.1:\(port);
                  proxy_http_version 1.1;
                  proxy_set_header Upgrade $http_upgrade;
                  proxy_set_header Connection "upgrade";
                  proxy_set_header Host $host;
                  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                  proxy_set_header X-Forwarded-Proto $scheme;
              }
          }
          """
        let body = """
          command -v nginx >/dev/null 2>&1 || { sudo -n apt-get update -qq && sudo -n DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; }
          sudo -n tee /etc/nginx/sites-available/landfall >/dev/null
          sudo -n ln -sf /etc/nginx/sites-available/landfall /etc/nginx/sites-enabled/landfall
          sudo -n rm -f /etc/nginx/sites-enabled/default
          sudo -n nginx -t -q && sudo -n systemctl reload nginx
          echo "nginx proxies :80 to 127.0.0.1:\(port)"
          """
        return HostPlaybookTool.Plan(
          script: HostScript(playbook: "configure_nginx", arguments: .object([("port", .int(port)), ("serverName", .string(server))]), body: body),
          input: Array(site.utf8))
      },
      summarize: HostPlaybookTool.standardSummary("nginx configured"))
  }
}
