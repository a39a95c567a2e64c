// Evaluates Slipway flags through OFREP with the OpenFeature server SDK and its OFREP provider, and prints JSON.
//
//   node evaluate.mjs <server-url> <service> [environment]
//
// It evaluates a fixed list of flags (the server test creates them) for two users, then does one bulk evaluation
// and repeats it with If-None-Match, to show the ETag answer. Output: {"evaluations":[...],"bulk":{...}}.
import { OpenFeature } from '@openfeature/server-sdk';
import { OFREPProvider } from '@openfeature/ofrep-provider';
import { OFREPApi } from '@openfeature/ofrep-core';

const [serverUrl, service, environment = 'production'] = process.argv.slice(2);
if (!serverUrl || !service) {
  console.error('usage: node evaluate.mjs <server-url> <service> [environment]');
  process.exit(2);
}

const baseUrl = serverUrl.replace(/\/+$/, '');
const headers = [['X-Slipway-Service', service], ['X-Slipway-Environment', environment]];
// The service's flag SDK key: Slipway answers OFREP only with a token.
if (process.env.SLIPWAY_SDK_KEY) headers.push(['Authorization', `Bearer ${process.env.SLIPWAY_SDK_KEY}`]);

await OpenFeature.setProviderAndWait(new OFREPProvider({ baseUrl, headers }));
const client = OpenFeature.getClient('ofrep-node');

const asks = [
  { flag: 'greeting', type: 'boolean', fallback: false, context: { targetingKey: 'user-1' } },
  { flag: 'color', type: 'string', fallback: 'none', context: { targetingKey: 'user-1', plan: 'pro' } },
  { flag: 'color', type: 'string', fallback: 'none', context: { targetingKey: 'user-2', plan: 'free' } },
  { flag: 'limit', type: 'number', fallback: -1, context: { targetingKey: 'user-1' } },
  { flag: 'half', type: 'boolean', fallback: false, context: { targetingKey: 'user-1' } },
  { flag: 'killed', type: 'boolean', fallback: false, context: { targetingKey: 'user-1' } },
  { flag: 'missing', type: 'boolean', fallback: true, context: { targetingKey: 'user-1' } },
];

const evaluations = [];
for (const ask of asks) {
  let details;
  switch (ask.type) {
    case 'boolean': details = await client.getBooleanDetails(ask.flag, ask.fallback, ask.context); break;
    case 'string': details = await client.getStringDetails(ask.flag, ask.fallback, ask.context); break;
    default: details = await client.getNumberDetails(ask.flag, ask.fallback, ask.context); break;
  }
  evaluations.push({
    flag: ask.flag,
    targetingKey: ask.context.targetingKey,
    value: details.value,
    variant: details.variant ?? null,
    reason: details.reason ?? null,
    errorCode: details.errorCode ?? null,
    errorMessage: details.errorMessage ?? null,
    flagMetadata: details.flagMetadata ?? {},
  });
}

// Bulk evaluation, then the same request with the ETag it got: the server answers 304 Not Modified.
const api = new OFREPApi(baseUrl);
const options = { headers: Object.fromEntries(headers) };
const first = await api.postBulkEvaluateFlags({ context: { targetingKey: 'user-1', plan: 'pro' } }, options);
const etag = first.httpResponse.headers.get('ETag');
const second = await api.postBulkEvaluateFlags(
  { context: { targetingKey: 'user-1', plan: 'pro' } },
  { headers: { ...options.headers, 'If-None-Match': etag } });

await OpenFeature.close();
console.log(JSON.stringify({
  evaluations,
  bulk: {
    status: first.httpStatus,
    etag,
    flags: (first.value?.flags ?? []).map((f) => ({ key: f.key, value: f.value ?? null, reason: f.reason ?? null, errorCode: f.errorCode ?? null })),
    revalidatedStatus: second.httpStatus,
  },
}));
