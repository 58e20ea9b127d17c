#!/usr/bin/python3
"""Client matrix, Python column: the Debian python3-kubernetes client (22.6) against one cluster.

Usage: /usr/bin/python3 matrix.py --kubeconfig FILE --namespace NS --pod POD
Prints one line per operation on stdout: <operation>\t<ok|fail|n/a>\t<detail>; diagnostics go to
stderr. Exits 0 once every operation has run, whatever the results.
"""
import argparse
import json
import os
import sys
import threading
import time
import traceback
import uuid

from kubernetes import client, config, dynamic
from kubernetes.client.rest import ApiException
from kubernetes.stream import portforward, stream

CLIENT = "python"
OP_TIMEOUT = 15.0
# Streams read with this timeout so a stalled watch or log fails instead of blocking the operation.
READ_TIMEOUT = 5.0
WIDGETS = ("matrix.paralus.io", "v1", "widgets")


class NotAvailable(Exception):
    """The library cannot do this operation; the message says why."""


class Failed(Exception):
    """The operation ran but saw the wrong thing."""


class Matrix:
    def __init__(self, kubeconfig, namespace, pod):
        self.ns = namespace
        self.pod = pod
        self.configuration = client.Configuration()
        config.load_kube_config(config_file=kubeconfig, client_configuration=self.configuration)
        # urllib3 would retry a timed-out GET three times: that hides a failing path and stretches
        # the 5 s limit on a watch's or a log's headers to 20 s.
        self.configuration.retries = False
        self.api = client.ApiClient(self.configuration)
        self.core = client.CoreV1Api(self.api)
        self._dynamic = None

    def stream_core(self):
        # stream() and portforward() swap the ApiClient's request method for the length of the
        # call; one that outlives its time limit would leave the swap in place for every later
        # operation, so each stream gets a client of its own.
        return client.CoreV1Api(client.ApiClient(self.configuration))

    def dynamic(self):
        # Built on first use: it reads discovery, which only merge patch and apply need.
        if self._dynamic is None:
            self._dynamic = dynamic.DynamicClient(self.api)
        return self._dynamic

    def config_maps(self):
        return self.dynamic().resources.get(api_version="v1", kind="ConfigMap")

    def version(self):
        info = client.VersionApi(self.api).get_code(_request_timeout=OP_TIMEOUT)
        return info.git_version

    def list(self):
        pods = self.core.list_namespaced_pod(self.ns, _request_timeout=OP_TIMEOUT).items
        names = [p.metadata.name for p in pods]
        if self.pod not in names:
            raise Failed(f"{self.pod} not among {names}")
        return f"{len(names)} pods, {self.pod} present"

    def create(self):
        name = f"{CLIENT}-cm"
        body = client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name), data={"a": "1"})
        self.core.create_namespaced_config_map(self.ns, body, _request_timeout=OP_TIMEOUT)
        data = describe_data(self.core.read_namespaced_config_map(name, self.ns, _request_timeout=OP_TIMEOUT).data)
        if data != "{a=1}":
            raise Failed(f"read back data {data}")
        return f"created and read back data {data}"

    def patch(self):
        # The typed client turns a dict body into a strategic merge patch; the dynamic client
        # sends the merge patch the matrix asks for.
        result = self.config_maps().patch(
            name=f"{CLIENT}-cm", namespace=self.ns, body={"data": {"b": "2"}},
            content_type="application/merge-patch+json", _request_timeout=OP_TIMEOUT)
        data = describe_data(result.to_dict().get("data"))
        if data != "{a=1, b=2}":
            raise Failed(f"data after patch {data}")
        return f"data {data}"

    def server_side_apply(self):
        name = f"{CLIENT}-ssa"
        manifest = {"apiVersion": "v1", "kind": "ConfigMap",
                    "metadata": {"name": name, "namespace": self.ns}, "data": {"applied": "yes"}}
        # 22.6 cannot send a dict as application/apply-patch+yaml (its REST layer refuses it);
        # a JSON string is valid YAML and goes out as is.
        result = self.config_maps().server_side_apply(
            body=json.dumps(manifest), name=name, namespace=self.ns, field_manager="matrix",
            force_conflicts=True, _request_timeout=OP_TIMEOUT)
        data = describe_data(result.to_dict().get("data"))
        if data != "{applied=yes}":
            raise Failed(f"data after apply {data}")
        return f"applied, data {data}"

    def watch(self):
        selector = f"matrix-watch={uuid.uuid4().hex[:12]}"
        started = time.monotonic()
        # Without preloading, the call returns as soon as the response headers are in.
        response = self.core.list_namespaced_config_map(
            self.ns, label_selector=selector, watch=True, _preload_content=False,
            _request_timeout=(READ_TIMEOUT, READ_TIMEOUT))
        try:
            headers_after = time.monotonic() - started
            name = f"{CLIENT}-watch"
            body = client.V1ConfigMap(metadata=client.V1ObjectMeta(
                name=name, labels={"matrix-watch": selector.split("=")[1]}))
            created = time.monotonic()
            self.core.create_namespaced_config_map(self.ns, body, _request_timeout=OP_TIMEOUT)
            for event in watch_events(response):
                if event["type"] == "ADDED" and event["object"]["metadata"]["name"] == name:
                    seen = time.monotonic() - created
                    if seen > READ_TIMEOUT:
                        raise Failed(f"ADDED only {seen:.2f} s after create")
                    return f"headers {headers_after:.2f} s, ADDED {seen:.2f} s after create"
            raise Failed("watch ended without the ADDED event")
        finally:
            response.close()

    def informer(self):
        raise NotAvailable("kubernetes 22.6 has no informer")

    def exec(self):
        started = time.monotonic()
        ws = stream(self.stream_core().connect_get_namespaced_pod_exec, self.pod, self.ns,
                    command=["sh", "-c", "echo hi; exit 3"],
                    stdin=False, stdout=True, stderr=True, tty=False, _preload_content=False)
        try:
            ws.run_forever(timeout=OP_TIMEOUT - 5)
            took = time.monotonic() - started
            stdout = ws.read_stdout(timeout=0)
            status = ws.read_channel(3, timeout=0)
        finally:
            ws.close()
        code = exit_code(status)
        if stdout.strip() != "hi" or code != 3:
            raise Failed(f"exit {code}, stdout {stdout!r}, status {status!r}, {took:.2f} s")
        if took > 1:
            raise Failed(f"exit 3 and stdout \"hi\", but only after {took:.2f} s")
        return f"exit 3, stdout \"hi\", {took:.2f} s"

    def exec_stdin(self):
        raise NotAvailable("kubernetes 22.6 speaks only v4.channel.k8s.io, which cannot close stdin")

    def logs_follow(self):
        started = time.monotonic()
        # tailLines=1 makes the second line one the server has to stream, not history.
        response = self.core.read_namespaced_pod_log(
            self.pod, self.ns, follow=True, tail_lines=1, _preload_content=False,
            _request_timeout=(READ_TIMEOUT, READ_TIMEOUT))
        try:
            lines = []
            for line in response_lines(response):
                lines.append(line)
                if len(lines) == 2:
                    return f"2 lines in {time.monotonic() - started:.2f} s, last \"{line}\""
            raise Failed(f"log ended after {len(lines)} lines")
        finally:
            response.close()

    def port_forward(self):
        forward = portforward(self.stream_core().connect_get_namespaced_pod_portforward,
                              self.pod, self.ns, ports="8080")
        try:
            sock = forward.socket(8080)
            sock.settimeout(READ_TIMEOUT)
            sock.sendall(b"hello")
            received = b""
            while len(received) < 5:
                chunk = sock.recv(1024)
                if not chunk:
                    break
                received += chunk
        except OSError as error:
            raise Failed(f"{error}; port error channel: {forward.error(8080)!r}") from error
        finally:
            forward.close()
        if received != b"hello":
            raise Failed(f"echo {received!r}; port error channel: {forward.error(8080)!r}")
        return "echo \"hello\""

    def crd(self):
        custom = client.CustomObjectsApi(self.api)
        group, version, plural = WIDGETS
        name = f"{CLIENT}-w"
        body = {"apiVersion": f"{group}/{version}", "kind": "Widget",
                "metadata": {"name": name}, "spec": {"size": 3}}
        custom.create_namespaced_custom_object(group, version, self.ns, plural, body,
                                               _request_timeout=OP_TIMEOUT)
        items = custom.list_namespaced_custom_object(group, version, self.ns, plural,
                                                     _request_timeout=OP_TIMEOUT)["items"]
        if name not in [i["metadata"]["name"] for i in items]:
            raise Failed(f"{name} not in the list")
        got = custom.get_namespaced_custom_object(group, version, self.ns, plural, name,
                                                  _request_timeout=OP_TIMEOUT)
        if got["spec"].get("size") != 3:
            raise Failed(f"spec read back {got['spec']}")
        custom.delete_namespaced_custom_object(group, version, self.ns, plural, name,
                                               _request_timeout=OP_TIMEOUT)
        return f"created, listed ({len(items)}), read back size 3, deleted"

    def cleanup(self):
        group, version, plural = WIDGETS
        deletions = [
            *(lambda n=n: self.core.delete_namespaced_config_map(n, self.ns, _request_timeout=OP_TIMEOUT)
              for n in (f"{CLIENT}-cm", f"{CLIENT}-ssa", f"{CLIENT}-watch")),
            lambda: client.CustomObjectsApi(self.api).delete_namespaced_custom_object(
                group, version, self.ns, plural, f"{CLIENT}-w", _request_timeout=OP_TIMEOUT),
        ]
        deleted = 0
        for delete in deletions:
            try:
                delete()
                deleted += 1
            except ApiException as error:
                # Whatever an earlier failed operation never created is not there to delete.
                if error.status != 404:
                    raise
        return f"deleted {deleted} objects"


def describe_data(data):
    """A ConfigMap's data as {k=v, ...}, sorted, the same in every client's report."""
    return "{" + ", ".join(f"{k}={v}" for k, v in sorted((data or {}).items())) + "}"


def exit_code(status):
    """The exit code in an exec Status frame (channel 3), as the apiserver writes it."""
    if not status:
        return None
    status = json.loads(status)
    if status.get("status") == "Success":
        return 0
    if status.get("reason") != "NonZeroExitCode":
        return None
    causes = status.get("details", {}).get("causes", [])
    return next((int(c["message"]) for c in causes if c.get("reason") == "ExitCode"), None)


def response_lines(response):
    pending = b""
    for chunk in response.stream(amt=None, decode_content=False):
        pending += chunk
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            if line:
                yield line.decode()


def watch_events(response):
    for line in response_lines(response):
        yield json.loads(line)


OPERATIONS = [
    ("version", Matrix.version), ("list", Matrix.list), ("create", Matrix.create),
    ("patch", Matrix.patch), ("server-side-apply", Matrix.server_side_apply),
    ("watch", Matrix.watch), ("informer", Matrix.informer), ("exec", Matrix.exec),
    ("exec-stdin", Matrix.exec_stdin), ("logs-follow", Matrix.logs_follow),
    ("port-forward", Matrix.port_forward), ("crd", Matrix.crd), ("cleanup", Matrix.cleanup),
]


def describe(error):
    if isinstance(error, ApiException):
        try:
            message = json.loads(error.body)["message"]
        except (TypeError, ValueError, KeyError):
            message = error.body or error.reason
        return f"HTTP {error.status}: {message}"
    return f"{type(error).__name__}: {error}" if not isinstance(error, (Failed, NotAvailable)) else str(error)


def run(matrix, name, operation):
    """Runs one operation in a thread so a hung call costs OP_TIMEOUT, not the whole run."""
    outcome = {}

    def target():
        try:
            outcome["result"] = ("ok", operation(matrix))
        except NotAvailable as error:
            outcome["result"] = ("n/a", str(error))
        except Exception as error:  # every failure becomes a row, never a crash
            traceback.print_exc(file=sys.stderr)
            outcome["result"] = ("fail", describe(error))

    started = time.monotonic()
    worker = threading.Thread(target=target, name=name, daemon=True)
    worker.start()
    worker.join(OP_TIMEOUT)
    took = time.monotonic() - started
    result, detail = outcome.get("result", ("fail", f"no result within {OP_TIMEOUT:.0f} s"))
    detail = " ".join(detail.split())[:300]
    if result != "n/a":
        detail += f"; {took:.2f} s total"
    print(f"{name}\t{result}\t{detail}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kubeconfig", required=True)
    parser.add_argument("--namespace", required=True)
    parser.add_argument("--pod", required=True)
    args = parser.parse_args()
    matrix = Matrix(args.kubeconfig, args.namespace, args.pod)
    for name, operation in OPERATIONS:
        run(matrix, name, operation)
    sys.stdout.flush()
    # A thread still stuck in a timed-out call must not keep the process (and the driver) waiting.
    os._exit(0)


if __name__ == "__main__":
    main()
