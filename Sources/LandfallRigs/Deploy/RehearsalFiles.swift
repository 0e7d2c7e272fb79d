/// The files of the small app a deploy rehearsal ships, and the load generator it runs against
/// nginx during a switch.
public enum RehearsalFiles {
  /// An HTTP server on `$PORT` that answers its version; `/healthz` fails when the build holds
  /// a file named UNHEALTHY.
  public static let app = #"""
import http.server, os

VERSION = open("VERSION").read().strip()
HEALTHY = not os.path.exists("UNHEALTHY")


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        ok = HEALTHY or self.path != "/healthz"
        body = (VERSION + "\n").encode()
        self.send_response(200 if ok else 500)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
"""#

  /// The release command: fails when the build holds RELEASE_FAILS, else appends the version and
  /// the env file's DATABASE_URL to `$MIGRATIONS_LOG`.
  public static let release = #"""
import os, sys

if os.path.exists("RELEASE_FAILS"):
    sys.exit("migration failed")
with open(os.environ["MIGRATIONS_LOG"], "a") as log:
    log.write(open("VERSION").read().strip() + " " + os.environ.get("DATABASE_URL", "") + "\n")
"""#

  /// The Dockerfile; the stand-in docker reads its CMD.
  public static let dockerfile = """
    FROM python:3-slim
    WORKDIR /app
    COPY . .
    CMD ["python3", "app.py"]

    """

  /// `load.py HOST PORT PATH STOP_FILE STARTED_FILE MINIMUM MAXIMUM WORKERS`: GET requests from
  /// several threads, one connection each, until STOP_FILE exists and MINIMUM were sent (never
  /// more than MAXIMUM); creates STARTED_FILE after the first answer and prints a JSON summary.
  public static let load = #"""
import http.client, json, os, sys, threading, time

host, port, path, stop_file, started_file = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
minimum, maximum, workers = int(sys.argv[6]), int(sys.argv[7]), int(sys.argv[8])
lock = threading.Lock()
totals = {"requests": 0, "failed": 0, "bodies": {}, "errors": []}


def claim():
    with lock:
        if totals["requests"] >= maximum:
            return False
        if totals["requests"] >= minimum and os.path.exists(stop_file):
            return False
        totals["requests"] += 1
        return True


def worker():
    while claim():
        try:
            connection = http.client.HTTPConnection(host, port, timeout=10)
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read().decode(errors="replace").strip()
            connection.close()
            problem = None if response.status == 200 else f"HTTP {response.status}"
        except Exception as error:
            body, problem = "", f"{type(error).__name__}: {error}"
        with lock:
            if problem is None:
                totals["bodies"][body] = totals["bodies"].get(body, 0) + 1
                if not os.path.exists(started_file):
                    open(started_file, "w").close()
            else:
                totals["failed"] += 1
                if len(totals["errors"]) < 5:
                    totals["errors"].append(problem)


began = time.time()
threads = [threading.Thread(target=worker) for _ in range(workers)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
totals["seconds"] = round(time.time() - began, 3)
print(json.dumps(totals), flush=True)
"""#
}

extension RehearsalFiles {
  /// A worker that appends `started VERSION` to `$WORKER_LOG`, and `stopped VERSION` when it is
  /// asked to stop.
  public static let worker = #"""
import os, signal, sys, time

VERSION = open("VERSION").read().strip()


def note(word):
    with open(os.environ["WORKER_LOG"], "a") as log:
        log.write(f"{word} {VERSION}\n")


def stop(*_):
    note("stopped")
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
note("started")
while True:
    time.sleep(1)
"""#

  /// fly.toml of the rehearsal app with a web and a worker group, the web group serving HTTP on
  /// `port` and publishing a metrics port beside it.
  public static func composeFlyToml(port: Int) -> String {
    """
    app = "rehearsal"
    primary_region = "iad"

    [deploy]
      release_command = "python3 release.py"

    [processes]
      web = "python3 app.py"
      worker = "python3 worker.py"

    [http_service]
      internal_port = \(port)
      processes = ["web"]

      [[http_service.checks]]
        path = "/healthz"
        interval = "5s"
        timeout = "2s"

    [[services]]
      internal_port = 9394
      protocol = "tcp"
      processes = ["web"]

      [[services.ports]]
        port = 9394

    """
  }
}
