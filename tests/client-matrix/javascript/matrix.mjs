// Client matrix, JavaScript column: @kubernetes/client-node 1.4.0 against one cluster.
//
// Usage: node matrix.mjs --kubeconfig FILE --namespace NS --pod POD
// Prints one line per operation on stdout: <operation>\t<ok|fail|n/a>\t<detail>; diagnostics go to
// stderr. Exits 0 once every operation has run, whatever the results.
import { parseArgs } from 'node:util';
import { PassThrough, Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import {
    CoreV1Api, CustomObjectsApi, Exec, KubeConfig, Log, PatchStrategy, PortForward, VersionApi,
    Watch, makeInformer, setHeaderOptions,
} from '@kubernetes/client-node';

const CLIENT = 'javascript';
const OP_TIMEOUT_MS = 15_000;
// Events and echoes must arrive within this, so a stalled stream fails instead of blocking.
const EVENT_TIMEOUT_MS = 5_000;
const WIDGETS = { group: 'matrix.paralus.io', version: 'v1', plural: 'widgets' };

// The operation ran but saw the wrong thing (every operation is possible with this library).
class Failed extends Error {}

// An abandoned stream (timed out, or aborted after its operation ended) may still report an
// error later; that belongs on stderr, not in a crash that ends the report early.
process.on('unhandledRejection', (error) => console.error('late error:', error));
process.on('uncaughtException', (error) => console.error('late error:', error));

const { values: args } = parseArgs({
    options: { kubeconfig: { type: 'string' }, namespace: { type: 'string' }, pod: { type: 'string' } },
});
if (!args.kubeconfig || !args.namespace || !args.pod) {
    console.error('usage: node matrix.mjs --kubeconfig FILE --namespace NS --pod POD');
    process.exit(2);
}
const namespace = args.namespace;
const pod = args.pod;
const kc = new KubeConfig();
kc.loadFromFile(args.kubeconfig);
const core = kc.makeApiClient(CoreV1Api);
const custom = kc.makeApiClient(CustomObjectsApi);

const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(2)} s`;

function within(ms, promise, what) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Failed(`no ${what} within ${ms / 1000} s`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

let containerName;
async function container() {
    // Exec and logs name the container; the driver's pod has one, whatever it is called.
    containerName ??= (await core.readNamespacedPod({ name: pod, namespace })).spec.containers[0].name;
    return containerName;
}

function collect(stream) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(Buffer.from(chunk)));
    return () => Buffer.concat(chunks).toString();
}

const operations = {
    async version() {
        const info = await kc.makeApiClient(VersionApi).getCode();
        return info.gitVersion;
    },

    async list() {
        const names = (await core.listNamespacedPod({ namespace })).items.map((p) => p.metadata.name);
        if (!names.includes(pod)) throw new Failed(`${pod} not among ${names.join(', ')}`);
        return `${names.length} pods, ${pod} present`;
    },

    async create() {
        const name = `${CLIENT}-cm`;
        await core.createNamespacedConfigMap({ namespace, body: { metadata: { name }, data: { a: '1' } } });
        const data = describeData((await core.readNamespacedConfigMap({ name, namespace })).data);
        if (data !== '{a=1}') throw new Failed(`read back data ${data}`);
        return `created and read back data ${data}`;
    },

    async patch() {
        const patched = await core.patchNamespacedConfigMap(
            { name: `${CLIENT}-cm`, namespace, body: { data: { b: '2' } } },
            setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
        const data = describeData(patched.data);
        if (data !== '{a=1, b=2}') throw new Failed(`data after patch ${data}`);
        return `data ${data}`;
    },

    async 'server-side-apply'() {
        const name = `${CLIENT}-ssa`;
        const applied = await core.patchNamespacedConfigMap(
            {
                name, namespace, fieldManager: 'matrix', force: true,
                body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { applied: 'yes' } },
            },
            setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply));
        const data = describeData(applied.data);
        if (data !== '{applied=yes}') throw new Failed(`data after apply ${data}`);
        return `applied, data ${data}`;
    },

    async watch() {
        const label = randomUUID().slice(0, 12);
        const name = `${CLIENT}-watch`;
        let added;
        const addedEvent = new Promise((resolve, reject) => {
            added = { resolve, reject };
        });
        const started = performance.now();
        // watch() resolves once the response headers are in; events arrive later.
        const controller = await within(EVENT_TIMEOUT_MS, new Watch(kc).watch(
            `/api/v1/namespaces/${namespace}/configmaps`, { labelSelector: `matrix-watch=${label}` },
            (type, object) => {
                if (type === 'ADDED' && object.metadata.name === name) added.resolve();
            },
            (error) => added.reject(error ?? new Failed('watch ended without the ADDED event'))),
        'watch response headers');
        try {
            const headers = seconds(started);
            const created = performance.now();
            await core.createNamespacedConfigMap({ namespace, body: { metadata: { name, labels: { 'matrix-watch': label } } } });
            await within(EVENT_TIMEOUT_MS, addedEvent, 'ADDED event');
            return `headers ${headers}, ADDED ${seconds(created)} after create`;
        } finally {
            controller.abort();
        }
    },

    async informer() {
        const label = `matrix-informer=${randomUUID().slice(0, 12)}`;
        const name = `${CLIENT}-informer`;
        const informer = makeInformer(kc, `/api/v1/namespaces/${namespace}/configmaps`,
            () => core.listNamespacedConfigMap({ namespace, labelSelector: label }), label);
        let connected = false;
        informer.on('connect', () => { connected = true; });
        const addedEvent = new Promise((resolve, reject) => {
            informer.on('add', (object) => { if (object.metadata.name === name) resolve(); });
            informer.on('error', reject);
        });
        const started = performance.now();
        try {
            // start() resolves after the first list and once the watch's headers are in.
            await within(EVENT_TIMEOUT_MS, informer.start(), 'informer start');
            if (!connected) throw new Failed('started without a connect event');
            const startedAfter = seconds(started);
            const created = performance.now();
            const [key, value] = label.split('=');
            await core.createNamespacedConfigMap({ namespace, body: { metadata: { name, labels: { [key]: value } } } });
            await within(EVENT_TIMEOUT_MS, addedEvent, 'add event');
            return `started ${startedAfter}, add ${seconds(created)} after create`;
        } finally {
            await informer.stop();
        }
    },

    async exec() {
        const started = performance.now();
        const { stdout, status } = await execute(['sh', '-c', 'echo hi; exit 3']);
        const took = seconds(started);
        const code = exitCode(status);
        if (stdout.trim() !== 'hi' || code !== 3) {
            throw new Failed(`exit ${code}, stdout ${JSON.stringify(stdout)}, status ${JSON.stringify(status)}, ${took}`);
        }
        if (performance.now() - started > 1000) throw new Failed(`exit 3 and stdout "hi", but only after ${took}`);
        return `exit 3, stdout "hi", ${took}`;
    },

    async 'exec-stdin'() {
        const started = performance.now();
        const { stdout, status, protocol } = await execute(['cat'], 'ping\n');
        const code = exitCode(status);
        if (stdout !== 'ping\n' || code !== 0) {
            throw new Failed(`exit ${code}, stdout ${JSON.stringify(stdout)}, protocol ${protocol}`);
        }
        return `exit 0, stdout "ping", ${protocol}, ${seconds(started)}`;
    },

    async 'logs-follow'() {
        const started = performance.now();
        const sink = new PassThrough();
        const twoLines = new Promise((resolve, reject) => {
            let text = '';
            sink.on('data', (chunk) => {
                text += chunk;
                const lines = text.split('\n').filter((l) => l);
                if (text.split('\n').length > 2) resolve(lines[1]);
            });
            sink.on('end', () => reject(new Failed(`log ended after ${JSON.stringify(text)}`)));
        });
        // tailLines=1 makes the second line one the server has to stream, not history.
        const controller = await new Log(kc).log(namespace, pod, await container(), sink, { follow: true, tailLines: 1 });
        try {
            const last = await within(EVENT_TIMEOUT_MS, twoLines, 'two log lines');
            return `2 lines in ${seconds(started)}, last "${last}"`;
        } finally {
            controller.abort();
        }
    },

    async 'port-forward'() {
        const input = new PassThrough();
        const output = new PassThrough();
        const errors = new PassThrough();
        const errorText = collect(errors);
        const echo = new Promise((resolve) => {
            let received = '';
            output.on('data', (chunk) => {
                received += chunk;
                if (received.length >= 5) resolve(received);
            });
        });
        const ws = await new PortForward(kc).portForward(namespace, pod, [8080], output, errors, input);
        try {
            input.write('hello');
            const received = await within(EVENT_TIMEOUT_MS, echo, 'echo').catch((error) => {
                throw new Failed(`${error.message}; port error channel: ${JSON.stringify(errorText())}`);
            });
            if (received !== 'hello') throw new Failed(`echo ${JSON.stringify(received)}`);
            return 'echo "hello"';
        } finally {
            ws.close();
        }
    },

    async crd() {
        const name = `${CLIENT}-w`;
        const body = { apiVersion: 'matrix.paralus.io/v1', kind: 'Widget', metadata: { name }, spec: { size: 3 } };
        await custom.createNamespacedCustomObject({ ...WIDGETS, namespace, body });
        const items = (await custom.listNamespacedCustomObject({ ...WIDGETS, namespace })).items;
        if (!items.some((w) => w.metadata.name === name)) throw new Failed(`${name} not in the list`);
        const got = await custom.getNamespacedCustomObject({ ...WIDGETS, namespace, name });
        if (got.spec?.size !== 3) throw new Failed(`spec read back ${JSON.stringify(got.spec)}`);
        await custom.deleteNamespacedCustomObject({ ...WIDGETS, namespace, name });
        return `created, listed (${items.length}), read back size 3, deleted`;
    },

    async cleanup() {
        const deletions = ['cm', 'ssa', 'watch', 'informer']
            .map((suffix) => () => core.deleteNamespacedConfigMap({ name: `${CLIENT}-${suffix}`, namespace }))
            .concat(() => custom.deleteNamespacedCustomObject({ ...WIDGETS, namespace, name: `${CLIENT}-w` }));
        let deleted = 0;
        for (const remove of deletions) {
            try {
                await remove();
                deleted++;
            } catch (error) {
                // Whatever an earlier failed operation never created is not there to delete.
                if (error.code !== 404) throw error;
            }
        }
        return `deleted ${deleted} objects`;
    },
};

// A ConfigMap's data as {k=v, ...}, sorted, the same in every client's report.
function describeData(data) {
    return `{${Object.entries(data ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(', ')}}`;
}

// Runs a command without a TTY; with stdinText, sends it and then closes stdin.
async function execute(command, stdinText) {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const stdoutText = collect(stdout);
    collect(stderr);
    const stdin = stdinText === undefined ? null : Readable.from([stdinText]);
    let status;
    const ws = await new Exec(kc).exec(
        namespace, pod, await container(), command, stdout, stderr, stdin, false, (s) => { status = s; });
    const protocol = ws.protocol;
    if (ws.readyState !== ws.CLOSED) {
        await within(EVENT_TIMEOUT_MS, new Promise((resolve) => ws.once('close', resolve)), 'end of exec');
    }
    return { stdout: stdoutText(), status, protocol };
}

// The exit code in an exec Status (channel 3), as the apiserver writes it.
function exitCode(status) {
    if (status?.status === 'Success') return 0;
    if (status?.reason !== 'NonZeroExitCode') return undefined;
    const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
    return cause ? Number(cause.message) : undefined;
}

function describe(error) {
    if (error instanceof Failed) return error.message;
    if (error?.code !== undefined && error?.body !== undefined) {
        let message = error.body;
        try {
            message = (typeof error.body === 'string' ? JSON.parse(error.body) : error.body).message ?? message;
        } catch {
            // Not a Status body: the raw text says more than nothing.
        }
        return `HTTP ${error.code}: ${typeof message === 'string' ? message : JSON.stringify(message)}`;
    }
    return `${error?.name ?? 'Error'}: ${error?.message ?? error}`;
}

for (const [name, operation] of Object.entries(operations)) {
    const started = performance.now();
    let result;
    let detail;
    try {
        detail = await within(OP_TIMEOUT_MS, operation(), 'result');
        result = 'ok';
    } catch (error) {
        result = 'fail';
        detail = describe(error);
        console.error(`${name}:`, error?.stack ?? error);
    }
    detail = `${String(detail).split(/\s+/).join(' ').slice(0, 300)}; ${seconds(started)} total`;
    console.log(`${name}\t${result}\t${detail}`);
}
// Sockets of an operation that timed out would keep the event loop, and the driver, waiting.
process.exit(0);
