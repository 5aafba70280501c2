// The README's "What it costs" table is what ops/cost.mjs prints for the default stack's plan (make test-plan saves
// it), and the tool prices what the plan holds.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { estimate, table } from '../cost.mjs';
import { repo } from './moto.mjs';

const planFile = process.env.OPS_PLAN_JSON ?? path.join(repo, 'build/plan/copies/default-json/edge-router/example.plan.json');
const near = (actual, expected, what) => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual}, expected ${expected}`);
const prices = JSON.parse(readFileSync(path.join(repo, 'ops/prices.json'), 'utf8'));

/** A plan document with the given resources (type, values), as terraform show -json writes resource_changes. */
function plan(resources) {
  return {
    resource_changes: resources.map(([type, values], i) => ({
      address: `${type}.r${i}`, mode: 'managed', type, change: { actions: ['create'], after: values ?? {} },
    })),
  };
}

test('the README table is the tool\'s output for the default plan', () => {
  assert.ok(existsSync(planFile), `no plan JSON at ${planFile}: run make test-plan first (make test-ops names it)`);
  const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
  const section = readme.match(/<!-- cost-table:begin -->\n([\s\S]*?)\n<!-- cost-table:end -->/);
  assert.ok(section, 'README.md has no <!-- cost-table:begin --> ... <!-- cost-table:end --> section');
  const expected = table(estimate(JSON.parse(readFileSync(planFile, 'utf8')), prices));
  assert.equal(section[1], expected, `README.md's cost table is stale; replace it with \`make cost\`'s output:\n${expected}`);
});

test('every price names its source and the file its date', () => {
  assert.match(prices.retrieved, /^\d{4}-\d{2}-\d{2}$/);
  for (const [name, price] of Object.entries(prices.prices)) {
    assert.equal(typeof price.usd, 'number', name);
    assert.match(price.source, /^https:\/\//, name);
    assert.equal(typeof price.confirmed, 'boolean', name);
  }
});

test('alarms, dashboards, metric filters and the monitoring subscription are counted from the plan', () => {
  const result = estimate(plan([
    ['aws_cloudwatch_metric_alarm'], ['aws_cloudwatch_metric_alarm'], ['aws_cloudwatch_metric_alarm'],
    ['aws_cloudwatch_dashboard'],
    ['aws_cloudwatch_log_metric_filter', { metric_transformation: [{ dimensions: { Route: '$.route' } }] }],
    ['aws_cloudwatch_log_metric_filter', { metric_transformation: [{}] }],
    ['aws_cloudfront_monitoring_subscription'],
  ]), prices);
  const rows = Object.fromEntries(result.rows.map((r) => [r.item, r.list]));
  near(rows['CloudWatch alarms (3)'], 0.3, 'alarms');
  near(rows['CloudWatch dashboard (1)'], 3, 'dashboard');
  near(rows[`Custom metrics from the router's log lines (${prices.scenario.routes_in_use + 1})`],
    (prices.scenario.routes_in_use + 1) * 0.3, 'custom metrics');
  near(rows['CloudFront additional metrics'], prices.prices.cloudfront_additional_metrics_per_distribution_month.usd, 'additional metrics');
  // Nothing planned for the site or the router: no rows for them, and the always-free allowances apply.
  assert.ok(!result.rows.some((r) => /Lambda|S3|API Gateway|CloudFront HTTPS/.test(r.item)));
  // Within the always-free allowances (10 alarm metrics, 3 dashboards, 10 custom metrics), only the additional
  // CloudFront metrics are billed.
  near(result.billed, prices.prices.cloudfront_additional_metrics_per_distribution_month.usd, 'billed');
});

test('the router\'s memory and architecture come from the plan', () => {
  const x86 = estimate(plan([['aws_lambda_function', { memory_size: 128, architectures: ['x86_64'] }]]), prices);
  const arm = estimate(plan([['aws_lambda_function', { memory_size: 256, architectures: ['arm64'] }]]), prices);
  const duration = (r) => r.rows.find((row) => row.item.startsWith('Lambda duration'));
  assert.match(duration(x86).item, /at 128 MB, x86_64/);
  assert.match(duration(arm).item, /at 256 MB, arm64/);
  const gbSeconds = prices.scenario.lookups * prices.scenario.router_billed_ms / 1000 * 0.25;
  near(duration(arm).list, gbSeconds * prices.prices.lambda_gb_second_arm64.usd, 'arm64 duration');
});

test('a row priced by an unconfirmed price is marked *, with the footnote; confirmed ones are not', () => {
  const resources = [['aws_cloudfront_distribution'], ['aws_lambda_function', { memory_size: 128, architectures: ['arm64'] }]];
  const marked = table(estimate(plan(resources), prices));
  assert.match(marked, /^\| CloudFront HTTPS requests \(510,000\) \* \|/m);
  assert.match(marked, /^\| CloudFront data transfer out \(28\.6 GB\) \|/m);
  assert.match(marked, /^\| Lambda duration \(12\.5 GB-s: 10 ms at 128 MB, arm64\) \|/m);
  assert.match(marked, /^\\\* A price not read on AWS's own page/m);
  // Every price confirmed: no mark, no footnote.
  const allConfirmed = structuredClone(prices);
  for (const price of Object.values(allConfirmed.prices)) price.confirmed = true;
  const clean = table(estimate(plan(resources), allConfirmed));
  assert.doesNotMatch(clean, / \* \||A price not read/);
});

test('every unconfirmed price says what was searched; the README states the additional metrics at the file\'s price', () => {
  for (const [name, price] of Object.entries(prices.prices)) {
    if (!price.confirmed) assert.match(price.searched ?? '', /^\d{4}-\d{2}-\d{2}: /, `${name}: unconfirmed, but no "searched"`);
  }
  const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
  const usd = prices.prices.cloudfront_additional_metrics_per_distribution_month.usd.toFixed(2);
  assert.match(readme, new RegExp(`\\(\`cloudfront_additional_metrics\`, about \\$${usd.replace('.', '\\.')} a month`));
});
