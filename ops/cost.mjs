#!/usr/bin/env node
// What the planned stack costs a month: reads a plan (`terraform show -json`) for which resources exist (and the
// router's memory and architecture), ops/prices.json for the prices and the small-site scenario, and prints a
// Markdown table: one row per priced item, the month's total at list price and after the account's always-free
// allowances, and the cost of one million uncached lookups. The README's "What it costs" is this output
// (ops/tests/cost.test.mjs checks it).
//
//   node ops/cost.mjs PLAN.json ops/prices.json
import { readFileSync } from 'node:fs';

/** Every planned resource instance: { type, address, values } (created or kept; never the deleted). */
export function plannedResources(plan) {
  return (plan.resource_changes ?? [])
    .filter((c) => c.mode === 'managed' && !(c.change?.actions ?? []).includes('delete'))
    .map((c) => ({ type: c.type, address: c.address, values: c.change?.after ?? {} }));
}

const usd = (n) => (n === 0 ? '$0.00' : n < 0.01 ? '< $0.01' : `$${n.toFixed(2)}`);

/** The rows and totals for `plan` with `prices` (the parsed prices.json). */
export function estimate(plan, prices) {
  const p = Object.fromEntries(Object.entries(prices.prices).map(([k, v]) => [k, v.usd]));
  const free = Object.fromEntries(Object.entries(prices.free).filter(([k]) => k !== 'about').map(([k, v]) => [k, v.amount]));
  const s = prices.scenario;
  const resources = plannedResources(plan);
  const count = (type) => resources.filter((r) => r.type === type).length;
  const one = (type) => resources.find((r) => r.type === type);
  const rows = [];
  // A row: what, how much of it, the month at list price, and after the free allowance (same unit as the quantity);
  // priced by the prices.json key, whose `confirmed` the row carries (the table marks a price AWS's page did not show).
  const row = (item, quantity, priceKey, freeAmount = 0, unitsPerPrice = 1) => {
    const unitPrice = p[priceKey];
    if (typeof unitPrice !== 'number') throw new Error(`ops/prices.json has no price ${priceKey}`);
    const list = (quantity / unitsPerPrice) * unitPrice;
    const billed = (Math.max(0, quantity - freeAmount) / unitsPerPrice) * unitPrice;
    rows.push({ item, quantity, list, billed, confirmed: prices.prices[priceKey].confirmed === true });
  };

  const function_ = one('aws_lambda_function');
  const api = count('aws_apigatewayv2_api') > 0;
  const routerRequests = function_ ? s.lookups : 0;
  if (count('aws_cloudfront_distribution') > 0) {
    const requests = s.page_views * s.requests_per_page_view + s.lookups;
    const gb = (s.page_views * s.kb_per_page_view + s.lookups * s.kb_per_lookup) / (1024 * 1024);
    row(`CloudFront HTTPS requests (${fmt(requests)})`, requests, 'cloudfront_https_requests_per_10k', free.cloudfront_requests, 10000);
    row(`CloudFront data transfer out (${gb.toFixed(1)} GB)`, gb, 'cloudfront_data_transfer_out_per_gb', free.cloudfront_data_transfer_gb);
  }
  if (count('aws_s3_bucket') > 0) {
    row(`S3 storage (${s.site_storage_gb} GB, Standard)`, s.site_storage_gb, 's3_standard_storage_per_gb_month');
    const gets = s.page_views * s.requests_per_page_view * s.site_cache_miss_ratio;
    row(`S3 GET requests (${fmt(gets)} cache misses)`, gets, 's3_get_requests_per_1000', 0, 1000);
    row(`S3 PUT requests (${fmt(s.site_uploads)} uploads)`, s.site_uploads, 's3_put_requests_per_1000', 0, 1000);
  }
  if (api) row(`API Gateway HTTP API requests (${fmt(routerRequests)})`, routerRequests, 'api_gateway_http_api_per_million', 0, 1e6);
  if (function_) {
    const memoryGb = (function_.values.memory_size ?? 128) / 1024;
    const arch = (function_.values.architectures ?? ['x86_64'])[0];
    const gbSeconds = routerRequests * (s.router_billed_ms / 1000) * memoryGb;
    row(`Lambda requests (${fmt(routerRequests)})`, routerRequests, 'lambda_requests_per_million', free.lambda_requests, 1e6);
    row(`Lambda duration (${gbSeconds.toFixed(1)} GB-s: ${s.router_billed_ms} ms at ${memoryGb * 1024} MB, ${arch})`, gbSeconds,
      arch === 'arm64' ? 'lambda_gb_second_arm64' : 'lambda_gb_second_x86_64', free.lambda_gb_seconds);
  }
  const logsGb = count('aws_cloudwatch_log_group') > 0 ? (routerRequests * s.log_bytes_per_invocation) / 1024 ** 3 : 0;
  if (logsGb > 0) row(`CloudWatch Logs ingestion (${(logsGb * 1024).toFixed(1)} MB)`, logsGb, 'cloudwatch_logs_ingestion_per_gb', free.cloudwatch_logs_gb);
  const alarms = count('aws_cloudwatch_metric_alarm');
  if (alarms > 0) row(`CloudWatch alarms (${alarms})`, alarms, 'cloudwatch_alarm_metric_month', free.cloudwatch_alarm_metrics);
  const dashboards = count('aws_cloudwatch_dashboard');
  if (dashboards > 0) row(`CloudWatch dashboard (${dashboards})`, dashboards, 'cloudwatch_dashboard_month', free.cloudwatch_dashboards);
  const filters = resources.filter((r) => r.type === 'aws_cloudwatch_log_metric_filter');
  const metrics = filters.reduce((n, f) => {
    const transformation = [f.values.metric_transformation ?? []].flat()[0] ?? {};
    return n + (Object.keys(transformation.dimensions ?? {}).length > 0 ? s.routes_in_use : 1);
  }, 0);
  if (metrics > 0) row(`Custom metrics from the router's log lines (${metrics})`, metrics, 'cloudwatch_custom_metric_month', free.cloudwatch_custom_metrics);
  const subscriptions = count('aws_cloudfront_monitoring_subscription');
  if (subscriptions > 0) row('CloudFront additional metrics', subscriptions, 'cloudfront_additional_metrics_per_distribution_month');

  // One million lookups that reach the router (no edge cache): every per-lookup price above.
  const perMillion = 1e6 * (
    p.cloudfront_https_requests_per_10k / 10000 +
    (s.kb_per_lookup / (1024 * 1024)) * p.cloudfront_data_transfer_out_per_gb +
    (api ? p.api_gateway_http_api_per_million / 1e6 : 0) +
    (function_ ? p.lambda_requests_per_million / 1e6 +
      (s.router_billed_ms / 1000) * ((function_.values.memory_size ?? 128) / 1024) *
        (((function_.values.architectures ?? ['x86_64'])[0] === 'arm64') ? p.lambda_gb_second_arm64 : p.lambda_gb_second_x86_64) : 0) +
    (logsGb > 0 || function_ ? (s.log_bytes_per_invocation / 1024 ** 3) * p.cloudwatch_logs_ingestion_per_gb : 0));
  // What a cached answer saves: everything behind CloudFront (the API, the function, its log lines).
  const behindCloudFront = perMillion - 1e6 * (p.cloudfront_https_requests_per_10k / 10000 +
    (s.kb_per_lookup / (1024 * 1024)) * p.cloudfront_data_transfer_out_per_gb);
  return {
    rows,
    list: rows.reduce((t, r) => t + r.list, 0),
    billed: rows.reduce((t, r) => t + r.billed, 0),
    perMillion,
    cacheSavesPerMillion: behindCloudFront * s.webfinger_cache_hit_ratio,
    scenario: s,
    retrieved: prices.retrieved,
  };
}

function fmt(n) {
  return Math.round(n).toLocaleString('en-US');
}

/** The Markdown the README shows. */
export function table(result) {
  const s = result.scenario;
  const lines = [
    `A month of ${fmt(s.page_views)} page views (${s.requests_per_page_view} requests and ${s.kb_per_page_view} KB each) and ` +
      `${fmt(s.lookups)} lookups, prices of ${result.retrieved} (ops/prices.json):`,
    '',
    '| Item | List price | After always-free allowances |',
    '| --- | ---: | ---: |',
    ...result.rows.map((r) => `| ${r.item}${r.confirmed ? '' : ' *'} | ${usd(r.list)} | ${usd(r.billed)} |`),
    `| **Total a month** | **${usd(result.list)}** | **${usd(result.billed)}** |`,
    '',
    ...(result.rows.some((r) => !r.confirmed)
      ? ['\\* A price not read on AWS\'s own page (ops/prices.json says where it comes from and what was searched): check it there.', '']
      : []),
    `One million lookups that reach the router (no edge cache): ${usd(result.perMillion)}. ` +
      `With webfinger_cache_seconds > 0 and ${Math.round(s.webfinger_cache_hit_ratio * 100)}% of lookups answered from the edge, ` +
      `the edge cache saves ${usd(result.cacheSavesPerMillion)} of that per million lookups.`,
  ];
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [planFile, pricesFile] = process.argv.slice(2);
  if (!planFile || !pricesFile) {
    console.error('usage: node ops/cost.mjs PLAN.json PRICES.json');
    process.exit(64);
  }
  const plan = JSON.parse(readFileSync(planFile, 'utf8'));
  const prices = JSON.parse(readFileSync(pricesFile, 'utf8'));
  console.log(table(estimate(plan, prices)));
}
