
/// The deploy script that replaces `fly deploy`: one bash file for the app's repository that
/// needs only ssh, git and a POSIX userland on the person's machine.
///
/// Every app-specific value sits in one block of shell-quoted assignments at the top; the rest
/// of the script is the same for every app. `deploy` builds the committed HEAD on the server,
/// runs the release command in a one-off container, starts the new version beside the old on the
/// other of two loopback ports, waits for its health check, points nginx's upstream at it with a
/// graceful reload, and stops the old one; `rollback` does the same with the previous image.
public enum DeployScript {
  /// The script for `app`, after checking every value it will contain.
  public static func render(_ app: DeployApp) throws(DeployScriptError) -> String {
    try app.validate()
    return header(app) + settings(app) + serverPart + "\n\n" + localPart + "\n"
  }

  /// The two loopback ports versions alternate between by default: clear of the internal port.
  public static func defaultPorts(for app: DeployApp) -> (Int, Int) {
    let base = (app.internalPort ?? 8080) + 10_000
    return base < 65_535 ? (base, base + 1) : (18_080, 18_081)
  }

  private static func header(_ app: DeployApp) -> String {
    let ports = defaultPorts(for: app)
    let retired = app.runtime == .compose
      ? "the Compose project the migration started (\(app.composeProject)); each version then runs as\n# the project \(app.composeProject)-a or \(app.composeProject)-b from \(app.composeFile), with its image tag\n# and HTTP port given through LANDFALL_IMAGE and LANDFALL_HTTP_PORT"
      : "the container the migration started, named \(app.name)"
    return """
      #!/usr/bin/env bash
      # deploy.sh: ships the committed code of \(app.name) to its server and switches to it without
      # dropping a request. It takes the place of `fly deploy`.
      #
      #   ./deploy.sh             deploy the commit at HEAD (the default command)
      #   ./deploy.sh rollback    go back to the version that ran before the current one
      #   ./deploy.sh status      show the versions and containers on the server
      #
      # Needs only ssh, git and a POSIX userland here. Settings come from the environment, or from
      # .landfall/deploy.env beside this script (KEY=value lines; the environment wins):
      #   LANDFALL_HOST            the server's address (required)
      #   LANDFALL_USER            SSH user (default cloud)
      #   LANDFALL_SSH_PORT        SSH port (default 22)
      #   LANDFALL_SSH_KEY         private key file (default: whatever ssh picks)
      #   LANDFALL_KNOWN_HOSTS     known_hosts file (default ssh's own; a new server is pinned on first use)
      #   LANDFALL_PORTS           two loopback ports new versions alternate between (default "\(ports.0) \(ports.1)")
      #   LANDFALL_LOCK_WAIT       seconds to wait while another deploy runs before giving up (default 300)
      #   LANDFALL_HEALTH_TIMEOUT  seconds a new version has to pass its health check (default 60)
      #   LANDFALL_DRAIN_TIMEOUT   seconds nginx may take to finish requests to the old version (default 30)
      #   LANDFALL_KEEP_IMAGES     images kept on the server for rollbacks (default 5)
      #   LANDFALL_STATE_DIR       versions, lock and log on the server (default /srv/landfall/deploy)
      #   LANDFALL_NGINX_UPSTREAM  the upstream file this script owns (default /etc/nginx/conf.d/landfall-\(app.name).conf)
      #   LANDFALL_NGINX_SITE      the site whose proxy_pass is pointed at that upstream once
      #                            (default /etc/nginx/sites-available/landfall)
      #   LANDFALL_NGINX_PID       nginx's pid file (default /run/nginx.pid)
      #   LANDFALL_NGINX_URL       where the server's nginx answers, checked after each switch (default http://127.0.0.1)
      #   LANDFALL_COMPOSE_FILE    the Compose file of a multi-group app (default \(app.composeFile))
      #   LANDFALL_DOCKER, LANDFALL_NGINX  the commands run on the server (default docker, nginx)
      # Secrets never live here: the containers read \(app.envFile) on the server. A volume is
      # mounted from the server path of the same name as its place in the container. The first
      # deploy also retires \(retired).
      set -euo pipefail


      """
  }

  private static func settings(_ app: DeployApp) -> String {
    let quote = HostScript.quote
    let ports = defaultPorts(for: app)
    var lines = [
      "# The app, as fly.toml describes it.",
      "APP=\(quote(app.name))",
      "IMAGE=\(quote(app.imageName))",
      "APP_PORT=\(app.internalPort.map(String.init) ?? "''")",
      "HTTP_GROUP=\(quote(app.httpGroup ?? ""))",
      "HEALTH_PATH=\(quote(app.healthPath ?? "/"))",
      "HEALTH_CODES=\(quote(app.healthPath == nil ? "^[1-4]" : "^[23]"))",
      "RELEASE_COMMAND=(\(app.releaseCommand.map(quote).joined(separator: " ")))",
      "ENV_FILE=\(quote(app.envFile))",
      "PROCESS_GROUPS=(\(app.groups.map { quote($0.name) }.joined(separator: " ")))",
      "KILL_TIMEOUT=\(app.killTimeoutSeconds)",
      "DEFAULT_PORTS='\(ports.0) \(ports.1)'",
      "RUNTIME=\(app.runtime.rawValue)",
      "DEFAULT_COMPOSE_FILE=\(quote(app.composeFile))",
      "COMPOSE_PROJECT=\(quote(app.composeProject))",
      "",
      "# Sets COMMAND (empty: the image's own CMD) and VOLUMES for process group $1.",
      "group_settings() {",
      "  COMMAND=()",
      "  VOLUMES=()",
      "  case \"$1\" in",
    ]
    for group in app.groups where !group.command.isEmpty || !group.mounts.isEmpty {
      lines.append("    \(quote(group.name)))")
      if !group.command.isEmpty { lines.append("      COMMAND=(\(group.command.map(quote).joined(separator: " ")))") }
      if !group.mounts.isEmpty {
        lines.append("      VOLUMES=(\(group.mounts.map { "-v " + quote("\($0.destination):\($0.destination)") }.joined(separator: " ")))")
      }
      lines.append("      ;;")
    }
    lines += ["  esac", "}", ""]
    return lines.flatMap(literalNote).joined(separator: "\n") + "\n"
  }

  /// A line whose quoted values hold `$` or a backquote, preceded by a note that they are literal
  /// on purpose (shellcheck would suggest expanding them).
  private static func literalNote(_ line: String) -> [String] {
    guard line.contains("="), line.contains(where: { $0 == "$" || $0 == "`" }) else { return [line] }
    let indent = String(line.prefix { $0 == " " })
    return [indent + "# shellcheck disable=SC2016 # kept literal: the shell must not expand it", line]
  }
}
