import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { findExportedMetricNames, findMetricNamesInPromQl } from './promql-metric-names';
import { readYaml } from './read-yaml';

const root = path.join(__dirname, '..', '..');
const at = (...parts: string[]) => path.join(root, ...parts);

/** Series that come from outside our code: Prometheus itself and postgres-exporter (see docker-compose.yml). */
const EXTERNAL_METRICS = new Set(['up', 'pg_stat_replication_pg_wal_lsn_diff']);
const DATASOURCE_UID = 'prometheus';

const prometheusConfig = z.object({
  rule_files: z.array(z.string()),
  scrape_configs: z.array(
    z.object({
      job_name: z.string(),
      metrics_path: z.string().optional(),
      static_configs: z.array(z.object({ targets: z.array(z.string()) })),
    }),
  ),
});
const alertRules = z.object({
  groups: z.array(
    z.object({
      name: z.string(),
      rules: z.array(
        z.object({
          alert: z.string().regex(/^Medlink[A-Za-z0-9]+$/),
          expr: z.string().min(1),
          for: z
            .string()
            .regex(/^\d+[smh]$/)
            .optional(),
          labels: z.object({ severity: z.enum(['warning', 'critical']) }),
          annotations: z.object({ summary: z.string().min(1), runbook: z.string() }),
        }),
      ),
    }),
  ),
});
const grafanaAlerting = z.object({
  apiVersion: z.literal(1),
  groups: z.array(
    z.object({
      orgId: z.number(),
      name: z.string(),
      folder: z.string(),
      interval: z.string(),
      rules: z.array(
        z.object({
          uid: z.string().max(40),
          title: z.string(),
          condition: z.string(),
          data: z.array(
            z.object({
              refId: z.string(),
              datasourceUid: z.string(),
              model: z.object({ expr: z.string().optional(), expression: z.string().optional() }),
            }),
          ),
          annotations: z.object({ runbook_url: z.string() }),
        }),
      ),
    }),
  ),
});
const grafanaDatasources = z.object({
  apiVersion: z.literal(1),
  datasources: z.array(z.object({ uid: z.string(), type: z.string(), url: z.string() })),
});
const grafanaDashboardProvider = z.object({
  apiVersion: z.literal(1),
  providers: z.array(z.object({ name: z.string(), type: z.literal('file'), options: z.object({ path: z.string() }) })),
});
const dashboardTarget = z.object({ expr: z.string(), refId: z.string(), datasource: z.object({ uid: z.string() }) });
const dashboard = z.object({
  uid: z.string(),
  title: z.string(),
  panels: z.array(
    z.object({
      id: z.number(),
      type: z.string(),
      title: z.string(),
      datasource: z.object({ uid: z.string() }).optional(),
      targets: z.array(dashboardTarget).optional(),
    }),
  ),
});
const composeFile = z.object({
  services: z.record(
    z.string(),
    z.object({ environment: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).optional() }),
  ),
});

const prometheus = prometheusConfig.parse(readYaml(at('infra/prometheus/prometheus.yml')));
const alerts = alertRules.parse(readYaml(at('infra/prometheus/alerts.yml')));
const grafanaRules = grafanaAlerting.parse(readYaml(at('infra/grafana/provisioning/alerting/medlink-alerts.yml')));
const datasources = grafanaDatasources.parse(readYaml(at('infra/grafana/provisioning/datasources/prometheus.yml')));
const board = dashboard.parse(JSON.parse(readFileSync(at('infra/grafana/dashboards/medlink.json'), 'utf8')));
const operations = readFileSync(at('docs/operations.md'), 'utf8');
const exported = findExportedMetricNames([
  at('core-api/src'),
  at('bot-gateway/src'),
  at('platform/src'),
  at('backoffice/src'),
]);
const alertList = alerts.groups.flatMap((group) => group.rules);

function unknownMetrics(expr: string): string[] {
  return findMetricNamesInPromQl(expr.replace(/\$__\w+/g, '5m')).filter((name) => {
    if (exported.names.has(name) || EXTERNAL_METRICS.has(name)) return false;
    return !(exported.hasDefaultMetrics && /^(process|nodejs)_/.test(name));
  });
}

describe('Prometheus configuration', () => {
  it('scrapes every core-api, bot-gateway and worker service of docker-compose.yml on its port', () => {
    const compose = composeFile.parse(readYaml(at('docker-compose.yml')));
    const targets = new Set(
      prometheus.scrape_configs.flatMap((job) => job.static_configs.flatMap((config) => config.targets)),
    );
    const portEnv: Record<string, string> = {
      'core-api': 'API_PORT',
      'bot-gateway': 'GATEWAY_PORT',
      worker: 'WORKER_METRICS_PORT',
    };
    const expected = Object.entries(compose.services).flatMap(([name, service]) => {
      const kind = String(service.environment?.SERVICE ?? '');
      const variable = portEnv[kind];
      return variable ? [`${name}:${String(service.environment?.[variable] ?? '')}`] : [];
    });
    expect(expected.length).toBeGreaterThanOrEqual(5);
    expect(expected.filter((target) => !targets.has(target))).toEqual([]);
    expect(targets.has('postgres-exporter:9187')).toBe(true);
    expect(prometheus.rule_files).toContain('/etc/prometheus/alerts.yml');
  });

  it('alert rules read only metrics the code exports (or Prometheus and postgres-exporter serve)', () => {
    expect(exported.names.size).toBeGreaterThan(5);
    const unknown = alertList.flatMap((rule) => unknownMetrics(rule.expr).map((name) => `${rule.alert}: ${name}`));
    expect(unknown).toEqual([]);
  });

  it('covers webhook errors, queue depth, dead letters, p99 latency and replica lag', () => {
    const reads = (metric: string) => alertList.some((rule) => rule.expr.includes(metric));
    expect(reads('gateway_webhooks_rejected_total')).toBe(true);
    expect(reads('medlink_gateway_outbox_depth')).toBe(true);
    expect(reads('medlink_gateway_outbound_dead_lettered_total')).toBe(true);
    expect(alertList.some((rule) => rule.expr.includes('histogram_quantile(0.99'))).toBe(true);
    expect(reads('pg_stat_replication_pg_wal_lsn_diff')).toBe(true);
  });

  it('every alert has a runbook entry in docs/operations.md and points at it', () => {
    const headings = new Set([...operations.matchAll(/^#{2,4} (Medlink[A-Za-z0-9]+)\s*$/gm)].map((match) => match[1]));
    expect(alertList.filter((rule) => !headings.has(rule.alert)).map((rule) => rule.alert)).toEqual([]);
    for (const rule of alertList)
      expect(rule.annotations.runbook).toBe(`docs/operations.md#${rule.alert.toLowerCase()}`);
    expect(new Set(alertList.map((rule) => rule.alert)).size).toBe(alertList.length);
  });
});

describe('Grafana provisioning', () => {
  it('provisions the Prometheus datasource that dashboards and rules name, and a file dashboard provider', () => {
    expect(datasources.datasources.map((source) => source.uid)).toContain(DATASOURCE_UID);
    const provider = grafanaDashboardProvider.parse(readYaml(at('infra/grafana/provisioning/dashboards/medlink.yml')));
    expect(provider.providers[0]?.options.path).toBe('/var/lib/grafana/dashboards');
  });

  it('has the same alerts as Prometheus, each with a runbook link and queries on known metrics', () => {
    const rules = grafanaRules.groups.flatMap((group) => group.rules);
    expect(rules.map((rule) => rule.title).sort()).toEqual(alertList.map((rule) => rule.alert).sort());
    for (const rule of rules) {
      expect(rule.annotations.runbook_url).toBe(`docs/operations.md#${rule.title.toLowerCase()}`);
      expect(rule.data.map((query) => query.refId)).toContain(rule.condition);
      for (const query of rule.data) {
        expect([DATASOURCE_UID, '__expr__']).toContain(query.datasourceUid);
        if (query.model.expr) expect(unknownMetrics(query.model.expr)).toEqual([]);
      }
    }
    expect(new Set(rules.map((rule) => rule.uid)).size).toBe(rules.length);
  });

  it('the dashboard queries only exported metrics through the provisioned datasource', () => {
    const queryPanels = board.panels.filter((panel) => panel.type !== 'row');
    expect(new Set(board.panels.map((panel) => panel.id)).size).toBe(board.panels.length);
    for (const panel of queryPanels) {
      expect(panel.datasource?.uid).toBe(DATASOURCE_UID);
      expect(panel.targets?.length).toBeGreaterThan(0);
      for (const target of panel.targets ?? [])
        expect({ panel: panel.title, unknown: unknownMetrics(target.expr) }).toEqual({
          panel: panel.title,
          unknown: [],
        });
    }
  });

  it.each([
    ['webhook rate per channel', /webhook rate per channel/i],
    ['webhook error rate per channel', /webhook error rate per channel/i],
    ['queue depth', /queue depth/i],
    ['dead letters', /dead letters/i],
    ['p99 latency per route', /p99 latency per/i],
    ['replica lag', /replica lag/i],
    ['sends per channel', /sends per channel/i],
  ])('the dashboard has a panel for %s', (_name, title) => {
    expect(board.panels.some((panel) => title.test(panel.title))).toBe(true);
  });
});
