import cf from 'cloudfront';

// cellplane edge router: a CloudFront Function (runtime cloudfront-js-2.0, viewer request) that sends each
// request to the cell hosting its tenant. The tenant comes from the x-tenant-id header or from a host name
// <tenant>.tenants.<domain>. The routing map lives in the CloudFront KeyValueStore associated with the function,
// written by the global stack:
//   tenant:<tenant-id> -> <cell-id>, or <cell-id>;frozen while the tenant's move is in its final sync (503)
//   cell:<cell-id>     -> {"host":"<cell-id>.cells.<domain>","state":"active"|"draining","region":"<region>"}
// A request that names no tenant (sign-up, status, anything tenant-agnostic) goes on to the distribution's default
// origin, origin.<domain>: Route 53 answers it with the nearest region that has a healthy cell. Every outcome is
// defined; the handler never throws. Self-contained on purpose: CloudFront runs this file as is (no imports
// besides 'cloudfront'), and components/routing/edge-router.ts runs the same file in tests.

const kvs = cf.kvs();

const TENANT_HEADER = 'x-tenant-id';
const TENANT_HOST_LABEL = 'tenants';
const TENANT_ID = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const CELL_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const HOST_NAME = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const SERVING_STATES = { active: true, draining: true };
// Headers only the edge may set: a viewer's own values never reach a cell.
const EDGE_HEADERS = ['x-cellplane-cell', 'x-cellplane-cell-state'];
const RETRY_AFTER_SECONDS = '30';
const FROZEN_MARK = ';frozen';

function reject(status, code, message) {
  return { action: 'respond', status: status, code: code, message: message };
}

function headerValue(headers, name) {
  const header = headers ? headers[name] : undefined;
  return header && typeof header.value === 'string' ? header.value.trim().toLowerCase() : '';
}

// The tenant a request is for: { tenant } or { decision } when the request names none, or names it badly.
function tenantFromRequest(request) {
  const headers = request ? request.headers : undefined;
  const fromHeader = headerValue(headers, TENANT_HEADER);
  const labels = headerValue(headers, 'host').split(':')[0].replace(/\.$/, '').split('.');
  const fromHost = labels.length >= 3 && labels[1] === TENANT_HOST_LABEL ? labels[0] : '';
  if (fromHeader === '' && fromHost === '') {
    return { decision: { action: 'default-origin', code: 'tenant-agnostic' } };
  }
  if (fromHeader !== '' && fromHost !== '' && fromHeader !== fromHost) {
    return { decision: reject(400, 'conflicting-tenant', 'the ' + TENANT_HEADER + ' header and the host name name different tenants') };
  }
  const tenant = fromHeader !== '' ? fromHeader : fromHost;
  if (!TENANT_ID.test(tenant)) {
    return { decision: reject(400, 'invalid-tenant', 'a tenant id is lower-case letters, digits and dashes') };
  }
  return { tenant: tenant };
}

// The cell entry of the map, or null when it is not a valid entry.
function parseCellEntry(text) {
  if (typeof text !== 'string') {
    return null;
  }
  let entry;
  try {
    entry = JSON.parse(text);
  } catch (e) {
    return null;
  }
  if (!entry || typeof entry !== 'object' || typeof entry.host !== 'string' || !HOST_NAME.test(entry.host) || typeof entry.state !== 'string') {
    return null;
  }
  return { host: entry.host, state: entry.state, region: typeof entry.region === 'string' ? entry.region : '' };
}

// The routing decision for a tenant, from its two map entries (null when absent). Pure: no lookups, no throws.
function routeForTenant(tenant, tenantEntry, cellEntryText) {
  if (tenantEntry === null || tenantEntry === undefined) {
    return reject(404, 'unknown-tenant', 'no cell hosts tenant ' + tenant);
  }
  if (typeof tenantEntry === 'string' && tenantEntry.slice(-FROZEN_MARK.length) === FROZEN_MARK &&
    CELL_ID.test(tenantEntry.slice(0, -FROZEN_MARK.length))) {
    return reject(503, 'tenant-moving', 'tenant ' + tenant + ' is moving to another cell; writes are frozen, retry later');
  }
  if (typeof tenantEntry !== 'string' || !CELL_ID.test(tenantEntry)) {
    return reject(503, 'routing-map-invalid', 'the routing map entry of tenant ' + tenant + ' is not a cell id');
  }
  const cell = parseCellEntry(cellEntryText);
  if (cell === null) {
    return reject(503, 'routing-map-invalid', 'the routing map has no valid entry for cell ' + tenantEntry);
  }
  if (cell.state === 'evacuated') {
    return reject(503, 'cell-evacuated', 'cell ' + tenantEntry + ' is evacuated; the tenant is being moved');
  }
  if (SERVING_STATES[cell.state] !== true) {
    return reject(503, 'routing-map-invalid', 'cell ' + tenantEntry + ' has an unknown state');
  }
  return { action: 'forward', tenant: tenant, cell: tenantEntry, host: cell.host, state: cell.state, region: cell.region };
}

function toResponse(decision) {
  const headers = {
    'content-type': { value: 'application/json' },
    'cache-control': { value: 'no-store' },
    'x-cellplane-route': { value: decision.code }
  };
  if (decision.status === 503) {
    headers['retry-after'] = { value: RETRY_AFTER_SECONDS };
  }
  return {
    statusCode: decision.status,
    statusDescription: decision.status === 400 ? 'Bad Request' : decision.status === 404 ? 'Not Found' : decision.status === 503 ? 'Service Unavailable' : 'Internal Server Error',
    headers: headers,
    body: { encoding: 'text', data: JSON.stringify({ error: decision.code, message: decision.message }) }
  };
}

// Drops the headers only the edge may set, whatever the viewer sent.
function withoutEdgeHeaders(request) {
  if (!request.headers) {
    request.headers = {};
  }
  for (let i = 0; i < EDGE_HEADERS.length; i++) {
    delete request.headers[EDGE_HEADERS[i]];
  }
  delete request.headers[TENANT_HEADER];
  return request;
}

// Sends the request to the tenant's cell and tells the cell which tenant and cell the edge routed it for.
function forward(request, decision) {
  cf.updateRequestOrigin({ domainName: decision.host });
  withoutEdgeHeaders(request);
  request.headers[TENANT_HEADER] = { value: decision.tenant };
  request.headers['x-cellplane-cell'] = { value: decision.cell };
  request.headers['x-cellplane-cell-state'] = { value: decision.state };
  return request;
}

async function lookup(key) {
  try {
    return await kvs.get(key);
  } catch (e) {
    return null;
  }
}

async function handler(event) {
  try {
    const request = event.request;
    const found = tenantFromRequest(request);
    if (found.decision && found.decision.action === 'default-origin') {
      return withoutEdgeHeaders(request);
    }
    if (found.decision) {
      return toResponse(found.decision);
    }
    const cellId = await lookup('tenant:' + found.tenant);
    const cellEntry = typeof cellId === 'string' && CELL_ID.test(cellId) ? await lookup('cell:' + cellId) : null;
    const decision = routeForTenant(found.tenant, cellId, cellEntry);
    return decision.action === 'forward' ? forward(request, decision) : toResponse(decision);
  } catch (e) {
    return toResponse(reject(500, 'router-error', 'the edge router failed'));
  }
}
