import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { findExportedMetricNames } from './promql-metric-names';
import { readYamlDocuments } from './read-yaml';

const root = path.join(__dirname, '..', '..');
const k8sDir = path.join(root, 'infra', 'k8s');

const labels = z.record(z.string(), z.string());
const resource = z.object({
  apiVersion: z.string().min(1),
  kind: z.string().min(1),
  metadata: z.object({
    name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/),
    namespace: z.string().optional(),
    labels: labels.optional(),
  }),
});
const probe = z.object({ httpGet: z.object({ path: z.string(), port: z.union([z.string(), z.number()]) }) });
const container = z.object({
  name: z.string(),
  image: z.string(),
  ports: z.array(z.object({ name: z.string().optional(), containerPort: z.number() })).default([]),
  readinessProbe: probe,
  livenessProbe: probe,
  resources: z.object({
    requests: z.object({ cpu: z.string(), memory: z.string() }),
    limits: z.object({ cpu: z.string(), memory: z.string() }),
  }),
  securityContext: z.object({
    allowPrivilegeEscalation: z.literal(false),
    readOnlyRootFilesystem: z.boolean().optional(),
    runAsNonRoot: z.boolean().optional(),
  }),
});
const deployment = z.object({
  metadata: z.object({ name: z.string() }),
  spec: z.object({
    replicas: z.number().int().min(1),
    selector: z.object({ matchLabels: labels }),
    template: z.object({
      metadata: z.object({ labels }),
      spec: z.object({
        securityContext: z
          .object({ runAsNonRoot: z.boolean().optional(), runAsUser: z.number().optional() })
          .optional(),
        containers: z.array(container).min(1),
      }),
    }),
  }),
});
const service = z.object({
  metadata: z.object({ name: z.string() }),
  spec: z.object({
    selector: labels,
    ports: z.array(
      z.object({ name: z.string().optional(), port: z.number(), targetPort: z.union([z.string(), z.number()]) }),
    ),
  }),
});
const selectorOwner = z.object({ spec: z.object({ selector: z.object({ matchLabels: labels }) }) });
const hpa = z.object({
  spec: z.object({
    scaleTargetRef: z.object({ kind: z.string(), name: z.string() }),
    minReplicas: z.number(),
    maxReplicas: z.number(),
    metrics: z.array(
      z.object({ type: z.string(), external: z.object({ metric: z.object({ name: z.string() }) }).optional() }),
    ),
  }),
});
const ingress = z.object({
  spec: z.object({
    rules: z.array(
      z.object({
        http: z.object({
          paths: z.array(
            z.object({
              backend: z.object({ service: z.object({ name: z.string(), port: z.object({ name: z.string() }) }) }),
            }),
          ),
        }),
      }),
    ),
  }),
});

const files = readdirSync(k8sDir).filter((file) => file.endsWith('.yaml'));
const documents = files.flatMap((file) =>
  readYamlDocuments(path.join(k8sDir, file)).map((doc) => ({ file, doc, head: resource.parse(doc) })),
);
const ofKind = (kind: string) => documents.filter((entry) => entry.head.kind === kind);
const deployments = ofKind('Deployment').map((entry) => deployment.parse(entry.doc));
const services = ofKind('Service').map((entry) => service.parse(entry.doc));
const matches = (selector: Record<string, string>, target: Record<string, string>) =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => target[key] === value);

describe('Kubernetes manifests (infra/k8s)', () => {
  it('every document has apiVersion, kind and a name, in the medlink namespace', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const { head } of documents) {
      if (head.kind !== 'Namespace')
        expect({ name: head.metadata.name, namespace: head.metadata.namespace }).toEqual({
          name: head.metadata.name,
          namespace: 'medlink',
        });
    }
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(['backoffice', 'bot-gateway', 'core-api', 'worker']);
  });

  it.each(['backoffice', 'bot-gateway', 'core-api', 'worker'])(
    '%s: selector matches the pod labels; probes, resources, non-root',
    (name) => {
      const found = deployments.find((d) => d.metadata.name === name);
      if (!found) throw new Error(`no Deployment ${name}`);
      const { spec } = found;
      expect(matches(spec.selector.matchLabels, spec.template.metadata.labels)).toBe(true);
      const podNonRoot =
        spec.template.spec.securityContext?.runAsNonRoot === true &&
        (spec.template.spec.securityContext.runAsUser ?? 1) !== 0;
      for (const each of spec.template.spec.containers) {
        expect(podNonRoot || each.securityContext.runAsNonRoot === true).toBe(true);
        expect(each.image).toMatch(/:[\w.-]+$/);
        expect(each.image).not.toMatch(/:latest$/);
        const portNames = each.ports.map((port) => port.name);
        for (const check of [each.readinessProbe, each.livenessProbe]) {
          if (typeof check.httpGet.port === 'string') expect(portNames).toContain(check.httpGet.port);
        }
      }
    },
  );

  it.each([
    ['core-api', ['core-api/src/app.ts']],
    ['bot-gateway', ['bot-gateway/src/app.ts']],
    ['backoffice', ['backoffice/src/start-backoffice.ts']],
    ['worker', ['bot-gateway/src/outbox/serve-worker-metrics.ts']],
  ])('%s serves the paths its probes ask for', (name, sources) => {
    const text = sources.map((file) => readFileSync(path.join(root, file), 'utf8')).join('\n');
    const found = deployments.find((d) => d.metadata.name === name);
    for (const each of found?.spec.template.spec.containers ?? []) {
      for (const check of [each.readinessProbe, each.livenessProbe]) expect(text).toContain(`'${check.httpGet.path}'`);
    }
  });

  it('services, disruption budgets and autoscalers select an existing deployment', () => {
    for (const svc of services) {
      const target = deployments.find((d) => matches(svc.spec.selector, d.spec.template.metadata.labels));
      expect({ service: svc.metadata.name, found: Boolean(target) }).toEqual({
        service: svc.metadata.name,
        found: true,
      });
      const portNames = target?.spec.template.spec.containers.flatMap((c) => c.ports.map((p) => p.name)) ?? [];
      for (const port of svc.spec.ports)
        if (typeof port.targetPort === 'string') expect(portNames).toContain(port.targetPort);
    }
    for (const entry of ofKind('PodDisruptionBudget')) {
      const { matchLabels } = selectorOwner.parse(entry.doc).spec.selector;
      expect(deployments.some((d) => matches(matchLabels, d.spec.template.metadata.labels))).toBe(true);
    }
    const exported = findExportedMetricNames([path.join(root, 'bot-gateway/src'), path.join(root, 'core-api/src')]);
    for (const entry of ofKind('HorizontalPodAutoscaler')) {
      const { spec } = hpa.parse(entry.doc);
      expect(deployments.map((d) => d.metadata.name)).toContain(spec.scaleTargetRef.name);
      expect(spec.minReplicas).toBeLessThanOrEqual(spec.maxReplicas);
      for (const metric of spec.metrics)
        if (metric.external) expect(exported.names).toContain(metric.external.metric.name);
    }
  });

  it('the ingress routes to existing services and named ports', () => {
    for (const entry of ofKind('Ingress')) {
      for (const rule of ingress.parse(entry.doc).spec.rules) {
        for (const { backend } of rule.http.paths) {
          const target = services.find((svc) => svc.metadata.name === backend.service.name);
          expect(target?.spec.ports.map((port) => port.name)).toContain(backend.service.port.name);
        }
      }
    }
  });
});

const composeBinary = ['/usr/bin/docker-compose', '/usr/local/bin/docker-compose'].find((candidate) =>
  existsSync(candidate),
);
(composeBinary ? it : it.skip)('docker-compose.yml passes `docker-compose config -q`', () => {
  expect(() =>
    execFileSync(composeBinary ?? 'docker-compose', ['-f', path.join(root, 'docker-compose.yml'), 'config', '-q'], {
      cwd: root,
      stdio: 'pipe',
      timeout: 60_000,
    }),
  ).not.toThrow();
});
