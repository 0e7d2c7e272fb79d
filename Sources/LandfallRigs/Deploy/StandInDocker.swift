/// The stand-in for the docker CLI on a rehearsal server: a Python program that keeps images as
/// copies of the build context and runs containers as local processes, so a deploy script's
/// switch, health gate, lock and rollback run for real without a Docker engine.
///
/// A published port (`-p 127.0.0.1:HOST:INNER`) reaches the process as `PORT=HOST`. `compose
/// up|down` reads the block YAML `ComposeProject` writes (with `${NAME:-default}` interpolation
/// from `--env-file`) and runs each service as a container named PROJECT-SERVICE-1; the first
/// published port is the one the process gets, and a host port a live container holds is refused
/// as docker refuses it. A file
/// `build-gate` beside the program holds every build (bounded to 60 s) after it creates
/// `build-waiting`, so a test can keep one deploy busy.
public enum StandInDocker {
  /// The program as an executable script for the Python at `python` (started with -S: the
  /// standard library is all it needs, and startup time counts in every docker call).
  public static func script(python: String) -> String {
    "#!\(python) -S\n" + program
  }

  /// The program's text, without the interpreter line.
  public static let program = #"""
"""A stand-in for the docker CLI on a test server: images are copies of the build context,
containers are local processes, and a published port reaches the process through PORT."""
import json, os, re, signal, shutil, subprocess, sys, time

HOME = os.path.dirname(os.path.abspath(__file__))
IMAGES = os.path.join(HOME, "images")
CONTAINERS = os.path.join(HOME, "containers")


def image_dir(tag):
    return os.path.join(IMAGES, tag.replace("/", "_").replace(":", "@"))


def record_path(name):
    return os.path.join(CONTAINERS, name + ".json")


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def ours(pid):
    try:
        return alive(pid) and os.readlink(f"/proc/{pid}/cwd").startswith(IMAGES)
    except OSError:
        return False


def containers():
    os.makedirs(CONTAINERS, exist_ok=True)
    for entry in sorted(os.listdir(CONTAINERS)):
        if entry.endswith(".json"):
            with open(os.path.join(CONTAINERS, entry)) as handle:
                yield json.load(handle)


def build(args):
    tag = args[args.index("-t") + 1]
    context = args[-1]
    gate = os.path.join(HOME, "build-gate")
    if os.path.exists(gate):
        open(os.path.join(HOME, "build-waiting"), "w").close()
        deadline = time.time() + 60
        while os.path.exists(gate) and time.time() < deadline:
            time.sleep(0.05)
    target = image_dir(tag)
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(context, target)
    with open(os.path.join(HOME, "builds.log"), "a") as log:
        log.write(tag + "\n")
    print("sha256:" + tag)


def default_command(directory):
    command = []
    with open(os.path.join(directory, "Dockerfile")) as dockerfile:
        for line in dockerfile:
            if line.startswith("CMD "):
                command = json.loads(line[4:])
    return command


def read_env(path, environment):
    with open(path) as handle:
        for line in handle:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, _, value = line.partition("=")
                environment[key] = value


def prepare(tag, env_files, ports):
    directory = image_dir(tag)
    if not os.path.isdir(directory):
        sys.exit(f"Unable to find image '{tag}' locally")
    environment = dict(os.environ)
    for env_file in env_files:
        read_env(env_file, environment)
    if ports and ports[0]:
        environment["PORT"] = ports[0]
    return directory, environment


def start(name, tag, command, env_files, ports, labels):
    directory, environment = prepare(tag, env_files, ports)
    if name and os.path.exists(record_path(name)):
        sys.exit(f"Conflict. The container name \"/{name}\" is already in use")
    for container in containers():
        taken = [p for p in container.get("ports", []) if p and p in ports]
        if taken and alive(container["pid"]):
            sys.exit(f"Bind for 127.0.0.1:{taken[0]} failed: port is already allocated")
    log = open(os.path.join(CONTAINERS, f"{name}.log"), "ab")
    process = subprocess.Popen(command or default_command(directory), cwd=directory, env=environment,
                               stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
    with open(record_path(name), "w") as handle:
        json.dump({"name": name, "image": tag, "pid": process.pid, "labels": labels, "ports": ports}, handle)


def key_of(text):
    if text.startswith('"'):
        key, end = json.JSONDecoder().raw_decode(text)
        rest = text[end:]
    else:
        match = re.match(r"([A-Za-z_][A-Za-z0-9_./-]*)(:.*)?$", text)
        key, rest = (match.group(1), match.group(2) or "") if match else (None, "")
    if not rest.startswith(":") or (len(rest) > 1 and rest[1] != " "):
        return None
    return key, rest[1:].strip()


def parse_yaml(text):
    lines = [line for line in text.split("\n") if line.strip() and not line.lstrip().startswith("#")]
    position = 0

    def depth(line):
        return len(line) - len(line.lstrip(" "))

    def block(level):
        nonlocal position
        if lines[position].startswith("- ", level):
            items = []
            while position < len(lines) and depth(lines[position]) == level and lines[position].startswith("- ", level):
                rest = lines[position][level + 2:]
                if key_of(rest) is None:
                    items.append(json.loads(rest))
                    position += 1
                else:
                    lines[position] = " " * (level + 2) + rest
                    items.append(block(level + 2))
            return items
        mapping = {}
        while position < len(lines) and depth(lines[position]) == level:
            found = key_of(lines[position][level:])
            if found is None:
                sys.exit(f"yaml: line {position + 1}: expected a key")
            position += 1
            if found[1]:
                mapping[found[0]] = json.loads(found[1])
            elif position < len(lines) and depth(lines[position]) > level:
                mapping[found[0]] = block(depth(lines[position]))
            else:
                mapping[found[0]] = None
        return mapping

    return block(0) if lines else {}


def interpolate(value, variables):
    if isinstance(value, dict):
        return {key: interpolate(item, variables) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, variables) for item in value]
    if not isinstance(value, str):
        return value
    pattern = r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}"

    def value_of(match):
        if match.group(0) == "$$":
            return "$"
        found = variables.get(match.group(1))
        if found is None or (found == "" and match.group(2) == ":-"):
            return match.group(3) or ""
        return found

    return re.sub(pattern, value_of, value)


def compose(args):
    variables, project, file, index = dict(os.environ), None, "compose.yaml", 0
    while args[index].startswith("-"):
        if args[index] == "--env-file":
            read_env(args[index + 1], variables)
        elif args[index] == "-p":
            project = args[index + 1]
        elif args[index] == "-f":
            file = args[index + 1]
        index += 2
    command, rest = args[index], args[index + 1:]
    with open(file) as handle:
        config = interpolate(parse_yaml(handle.read()), variables)
    project = project or config["name"]
    mine = [c for c in containers() if c["labels"].get("com.docker.compose.project") == project]
    if command == "down":
        grace = int(rest[rest.index("-t") + 1]) if "-t" in rest else 10
        for container in mine:
            stop(container["name"], grace)
            os.remove(record_path(container["name"]))
        return
    if command != "up":
        sys.exit(f"docker stand-in: 'compose {command}' is not simulated")
    wanted = [a for a in rest if not a.startswith("-")] or [n for n, s in config["services"].items() if not s.get("profiles")]
    for service in wanted:
        settings = config["services"][service]
        name = f"{project}-{service}-1"
        current = next((c for c in mine if c["name"] == name), None)
        if current and current["image"] == settings["image"] and alive(current["pid"]):
            continue
        if current:
            stop(name, 0)
            os.remove(record_path(name))
        ports = [published.split(":")[1] for published in settings.get("ports") or []]
        start(name, settings["image"], settings.get("command") or [], settings.get("env_file") or [], ports,
              {"com.docker.compose.project": project, "com.docker.compose.service": service})


def run(args):
    detach = remove = False
    name, env_file, port, labels = None, None, None, {}
    index = 0
    while args[index].startswith("-"):
        option = args[index]
        if option == "-d":
            detach = True
        elif option == "--rm":
            remove = True
        else:
            value = args[index + 1]
            index += 1
            if option == "--name":
                name = value
            elif option == "--env-file":
                env_file = value
            elif option == "-p":
                port = value.split(":")[1]
            elif option == "--label":
                key, _, label = value.partition("=")
                labels[key] = label
        index += 1
    tag, command = args[index], args[index + 1:]
    if detach:
        start(name, tag, command, [env_file] if env_file else [], [port] if port else [], labels)
        print(name)
        return
    directory, environment = prepare(tag, [env_file] if env_file else [], [port] if port else [])
    sys.exit(subprocess.run(command or default_command(directory), cwd=directory, env=environment).returncode)


def stop(name, grace):
    try:
        with open(record_path(name)) as handle:
            pid = json.load(handle)["pid"]
    except OSError:
        return False
    if ours(pid):
        os.killpg(pid, signal.SIGTERM)
        deadline = time.time() + grace
        while alive(pid) and time.time() < deadline:
            time.sleep(0.02)
        if ours(pid):
            os.killpg(pid, signal.SIGKILL)
    return True


def main(args):
    os.makedirs(IMAGES, exist_ok=True)
    os.makedirs(CONTAINERS, exist_ok=True)
    with open(os.path.join(HOME, "calls.log"), "a") as log:
        log.write(json.dumps(args) + "\n")
    command = args[0]
    if command == "build":
        build(args[1:])
    elif command == "run":
        run(args[1:])
    elif command in ("stop", "rm"):
        grace = 0 if "-f" in args else (int(args[args.index("-t") + 1]) if "-t" in args else 10)
        names = [a for a in args[1:] if not a.startswith("-") and not a.isdigit()]
        for name in names:
            found = stop(name, grace)
            if command == "rm" and found:
                os.remove(record_path(name))
            elif not found and "-f" not in args:
                sys.exit(f"Error: No such container: {name}")
    elif command == "inspect":
        name = args[-1]
        try:
            with open(record_path(name)) as handle:
                pid = json.load(handle)["pid"]
        except OSError:
            sys.exit(f"Error: No such object: {name}")
        print("true" if alive(pid) else "false")
    elif command == "image" and args[1] == "inspect":
        sys.exit(0 if os.path.isdir(image_dir(args[2])) else 1)
    elif command == "rmi":
        shutil.rmtree(image_dir(args[1]), ignore_errors=True)
    elif command == "logs":
        name = args[-1]
        with open(os.path.join(CONTAINERS, f"{name}.log"), "rb") as handle:
            sys.stdout.write(b"".join(handle.readlines()[-20:]).decode(errors="replace"))
    elif command == "compose":
        compose(args[1:])
    elif command == "ps":
        wanted = args[args.index("--filter") + 1] if "--filter" in args else ""
        for container in containers():
            app = container["labels"].get("landfall.app")
            matches = wanted in ("", f"label=landfall.app={app}") or (
                wanted.startswith("name=") and container["name"].startswith(wanted[5:]))
            if matches and alive(container["pid"]):
                print(f"{container['name']}  {container['image']}  Up")
    else:
        sys.exit(f"docker stand-in: '{command}' is not simulated")


main(sys.argv[1:])
"""#
}
