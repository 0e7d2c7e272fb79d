/// The stand-in for the docker CLI on a rehearsal server: a Python program that keeps images as
/// copies of the build context and runs containers as local processes, so a deploy script's
/// switch, health gate, lock and rollback run for real without a Docker engine.
///
/// A published port (`-p 127.0.0.1:HOST:INNER`) reaches the process as `PORT=HOST`. A file
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
import json, os, signal, shutil, subprocess, sys, time

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
    directory = image_dir(tag)
    if not os.path.isdir(directory):
        sys.exit(f"Unable to find image '{tag}' locally")
    environment = dict(os.environ)
    if env_file:
        with open(env_file) as handle:
            for line in handle:
                line = line.strip()
                if line and not line.startswith("#") and "=" in line:
                    key, _, value = line.partition("=")
                    environment[key] = value
    if port:
        environment["PORT"] = port
    command = command or default_command(directory)
    if not detach:
        sys.exit(subprocess.run(command, cwd=directory, env=environment).returncode)
    if name and os.path.exists(record_path(name)):
        sys.exit(f"Conflict. The container name \"/{name}\" is already in use")
    log = open(os.path.join(CONTAINERS, f"{name}.log"), "ab")
    process = subprocess.Popen(command, cwd=directory, env=environment, stdin=subprocess.DEVNULL,
                               stdout=log, stderr=log, start_new_session=True)
    with open(record_path(name), "w") as handle:
        json.dump({"name": name, "image": tag, "pid": process.pid, "labels": labels}, handle)
    print(name)


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
    elif command == "ps":
        wanted = args[args.index("--filter") + 1].split("=", 1)[1] if "--filter" in args else None
        for container in containers():
            app = container["labels"].get("landfall.app")
            if (wanted is None or wanted == f"landfall.app={app}") and alive(container["pid"]):
                print(f"{container['name']}  {container['image']}  Up")
    else:
        sys.exit(f"docker stand-in: '{command}' is not simulated")


main(sys.argv[1:])
"""#
}
