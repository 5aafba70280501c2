// CreateInvalidation through the official AWS SDK for JavaScript (@aws-sdk/client-cloudfront), for the C# publish
// tool: NuGet here serves AWSSDK.S3 but not AWSSDK.CloudFront, and requests are never signed by hand.
// Reads {"distributionId": "...", "callerReference": "...", "paths": ["/a", ...]} on standard input; prints
// {"id": "...", "status": "..."} on standard output. Credentials, region and endpoint come from the SDK's standard
// chain, so AWS_PROFILE, AWS_ACCESS_KEY_ID…, AWS_ENDPOINT_URL_CLOUDFRONT and AWS_ENDPOINT_URL all apply.
// Exit 1 with one line on standard error when the call fails (the SDK's error name and message).

// The SDK warns on every run that its releases after January 2027 need Node 22 (the README says so once); that
// warning is not part of any publish's outcome, so it is dropped here, before the SDK loads.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  if (String(warning?.message ?? warning).startsWith('NodeVersionSupportWarning')) return;
  emitWarning(warning, ...rest);
};
const { CloudFrontClient, CreateInvalidationCommand } = await import('@aws-sdk/client-cloudfront');

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
if (typeof input.distributionId !== 'string' || !Array.isArray(input.paths) || input.paths.length === 0) {
  console.error('invalidate: expected {"distributionId", "callerReference", "paths": [...]} on standard input');
  process.exit(2);
}

// CloudFront is a global service; its API lives in us-east-1 whatever the caller's region.
const client = new CloudFrontClient({ region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1', maxAttempts: 5 });
try {
  const out = await client.send(new CreateInvalidationCommand({
    DistributionId: input.distributionId,
    InvalidationBatch: {
      CallerReference: input.callerReference,
      Paths: { Quantity: input.paths.length, Items: input.paths },
    },
  }));
  console.log(JSON.stringify({ id: out.Invalidation?.Id, status: out.Invalidation?.Status }));
} catch (error) {
  console.error(`${error.name ?? 'Error'}: ${error.message}${error.$metadata?.httpStatusCode ? ` (HTTP ${error.$metadata.httpStatusCode})` : ''}`);
  process.exit(1);
}
